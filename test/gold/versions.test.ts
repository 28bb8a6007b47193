/** The gold version store: the `_current.json` switch, retention, garbage, rollback, conflicts. */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Option } from "effect"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import {
  currentTableFiles,
  KEEP_VERSIONS,
  readCurrent,
  retained,
  rollbackTo,
  switchToNewVersion,
  versionDir,
  versionTablePath,
  type GoldVersion
} from "../../src/lakehouse/goldVersions.ts"
import { encodeManifest } from "../../src/lakehouse/Manifest.ts"
import { tempDir } from "./support.ts"

const TABLES = ["dim_customer", "fact_transactions"]

/** Publish the directories of a version (as the gold stage does before the switch) and describe it. */
const publishVersion = (root: string, n: number, basedOn: string | null): GoldVersion => {
  const version = `2026-11-${String(n).padStart(2, "0")}_v${n}`
  for (const table of TABLES) {
    const dir = versionDir(root, table, version)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, "part-0.parquet"), "not really parquet")
    const manifest = {
      formatVersion: 1 as const,
      layer: "gold",
      table,
      ingestionDate: null,
      runId: version,
      publishedAt: "2026-11-01T00:00:00Z",
      contract: { id: `gold.${table}`, version: "1.0.0" },
      rows: n,
      columns: [],
      files: [{ path: "part-0.parquet", rows: n, bytes: 18, sha256: "x" }],
      checks: { pass: 1, warn: 0, fail: 0, error: 0 }
    }
    writeFileSync(join(dir, "_manifest.json"), encodeManifest(manifest))
  }
  return {
    version,
    runId: version,
    ingestionDate: version.slice(0, 10),
    createdAt: `2026-11-23T10:00:${String(n).padStart(2, "0")}.000Z`,
    basedOn,
    ingestedDates: [version.slice(0, 10)],
    tables: Object.fromEntries(TABLES.map((t) => [t, { path: versionTablePath(t, version), rows: n, contract: { id: `gold.${t}`, version: "1.0.0" } }]))
  }
}

const versionDirs = (root: string, table: string) => readdirSync(join(root, "gold", "_files", table)).sort()

/** Publish and switch versions 1..n in order. */
const switchMany = (root: string, n: number) =>
  Effect.gen(function* () {
    let previous: string | null = null
    const made: Array<GoldVersion> = []
    for (let i = 1; i <= n; i++) {
      const v = publishVersion(root, i, previous)
      yield* switchToNewVersion(root, v, v.createdAt)
      made.push(v)
      previous = v.version
    }
    return made
  })

describe("gold versions", () => {
  it.effect("each switch makes the new version current; only the newest 7 are kept, older directories deleted", () =>
    Effect.gen(function* () {
      const root = tempDir()
      const made = yield* switchMany(root, 9)
      const state = Option.getOrThrow(yield* readCurrent(root))
      expect(state.current.version).toBe(made[8]!.version)
      expect(state.versions.map((v) => v.version)).toEqual(made.slice(2).reverse().map((v) => v.version))
      expect(state.versions).toHaveLength(KEEP_VERSIONS)
      for (const t of TABLES) expect(versionDirs(root, t)).toEqual(made.slice(2).map((v) => `version=${v.version}`))
      expect(yield* currentTableFiles(root, "fact_transactions")).toEqual([join(versionDir(root, "fact_transactions", made[8]!.version), "part-0.parquet")])
    }))

  it.effect("a crash between publishing a version and the switch leaves garbage that readers never see and the next switch deletes", () =>
    Effect.gen(function* () {
      const root = tempDir()
      const [v1] = yield* switchMany(root, 1)
      const crashed = publishVersion(root, 2, v1!.version) // published, never switched
      writeFileSync(join(root, "gold", "_current.json.tmp-dead"), "{half")
      expect(Option.getOrThrow(yield* readCurrent(root)).current.version).toBe(v1!.version)
      expect((yield* currentTableFiles(root, "dim_customer"))[0]).toContain(v1!.version)
      const v3 = publishVersion(root, 3, v1!.version)
      yield* switchToNewVersion(root, v3, v3.createdAt)
      expect(versionDirs(root, "dim_customer")).toEqual([`version=${v1!.version}`, `version=${v3.version}`])
      expect(existsSync(versionDir(root, "dim_customer", crashed.version))).toBe(false)
      expect(readdirSync(join(root, "gold")).filter((n) => n.includes(".tmp"))).toEqual([])
    }))

  it.effect("rollback switches the pointer back and forth within the history; unknown or damaged versions are refused", () =>
    Effect.gen(function* () {
      const root = tempDir()
      const made = yield* switchMany(root, 3)
      const pointer = join(root, "gold", "_current.json")
      const rolled = yield* rollbackTo(root, made[0]!.version, "2026-11-24T00:00:00Z")
      expect(rolled.current.version).toBe(made[0]!.version)
      expect(rolled.versions.map((v) => v.version)).toEqual(made.map((v) => v.version).reverse())
      expect((yield* rollbackTo(root, made[2]!.version, "2026-11-24T00:00:01Z")).current.version).toBe(made[2]!.version)

      const before = readFileSync(pointer, "utf8")
      const unknown = yield* Effect.either(rollbackTo(root, "nope", "2026-11-24T00:00:02Z"))
      expect(Either.isLeft(unknown) && unknown.left._tag).toBe("UnknownGoldVersion")
      rmSync(join(versionDir(root, "fact_transactions", made[1]!.version), "part-0.parquet"))
      const damaged = yield* Effect.either(rollbackTo(root, made[1]!.version, "2026-11-24T00:00:03Z"))
      expect(Either.isLeft(damaged) && damaged.left._tag).toBe("LakehouseError")
      expect(readFileSync(pointer, "utf8")).toBe(before)
    }))

  it.effect("a run merged into a version that is no longer current is refused (GoldConflict); the pointer is untouched", () =>
    Effect.gen(function* () {
      const root = tempDir()
      const made = yield* switchMany(root, 2)
      const stale = publishVersion(root, 3, made[0]!.version)
      const result = yield* Effect.either(switchToNewVersion(root, stale, stale.createdAt))
      expect(Either.isLeft(result) && result.left._tag).toBe("GoldConflict")
      expect(Option.getOrThrow(yield* readCurrent(root)).current.version).toBe(made[1]!.version)
    }))

  it("retention always keeps the current version, even when it is older than the newest 7", () => {
    const root = tempDir()
    const all = Array.from({ length: 9 }, (_, i) => publishVersion(root, i + 1, null))
    expect(retained(all[0]!, all).map((v) => v.version)).toEqual([...all.slice(3).reverse(), all[0]!].map((v) => v.version))
  })
})
