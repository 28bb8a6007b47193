/**
 * Versions that share files: a version lists files an earlier version added;
 * a shared file outlives the version that added it as long as a retained
 * version lists it, and goes (with its folder) once none does; a file its own
 * version no longer lists goes at once; format-1 folders are pruned the same way.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { currentTableFiles, KEEP_VERSIONS, readCurrent, rollbackTo, switchToNewVersion, versionTablePath, type GoldFile, type GoldVersion } from "../../src/lakehouse/goldVersions.ts"
import { tempDir } from "../gold/support.ts"

const TABLE = "fact_orders"

/** Write version n's new files and describe it: the files of `keep` (earlier paths) plus its own. */
const version = (root: string, n: number, basedOn: string | null, keep: ReadonlyArray<GoldFile>, added: number): GoldVersion => {
  const id = `v${String(n).padStart(2, "0")}`
  const dir = versionTablePath(TABLE, id)
  mkdirSync(join(root, "gold", dir), { recursive: true })
  const own = Array.from({ length: added }, (_, i) => {
    writeFileSync(join(root, "gold", dir, `part-${i}.parquet`), `rows of ${id} ${i}`)
    return { path: `${dir}/part-${i}.parquet`, rows: 10, bytes: 12, sha256: `${id}-${i}` }
  })
  const files = [...keep, ...own]
  return {
    version: id,
    runId: id,
    ingestionDate: "2026-11-01",
    createdAt: `2026-11-23T10:00:${String(n).padStart(2, "0")}.000Z`,
    basedOn,
    ingestedDates: ["2026-11-01"],
    tables: { [TABLE]: { path: dir, rows: files.reduce((s, f) => s + f.rows, 0), contract: { id: "gold.fact_orders", version: "1.0.0" }, files } }
  }
}

const filesOf = (v: GoldVersion) => v.tables[TABLE]!.files!

describe("versions sharing files", () => {
  it.effect("appended versions share their predecessors' files; a shared file stays while a retained version lists it", () =>
    Effect.gen(function* () {
      const root = tempDir("lakegate-shared-")
      let previous: GoldVersion | null = null
      const made: Array<GoldVersion> = []
      for (let n = 1; n <= KEEP_VERSIONS + 3; n++) {
        const v = version(root, n, previous?.version ?? null, previous === null ? [] : filesOf(previous), 1)
        yield* switchToNewVersion(root, v, v.createdAt)
        made.push(v)
        previous = v
      }
      // Every version appended one file: the current one lists all ten, and every one of them is still on disk.
      const current = made.at(-1)!
      expect(filesOf(current)).toHaveLength(KEEP_VERSIONS + 3)
      const onDisk = yield* currentTableFiles(root, TABLE)
      expect(onDisk.every((f) => existsSync(f))).toBe(true)
      expect(readdirSync(join(root, "gold", "_files", TABLE))).toHaveLength(KEEP_VERSIONS + 3)
      // Rolling back is a pointer switch: the rolled-back version's files are all there.
      const back = yield* rollbackTo(root, made[3]!.version, "2026-11-24T00:00:00Z")
      expect(back.current.version).toBe(made[3]!.version)
      expect(Option.getOrThrow(yield* readCurrent(root)).current.tables[TABLE]!.files).toHaveLength(4)
    }))

  it.effect("a rewrite drops the replaced files once no retained version lists them, never before", () =>
    Effect.gen(function* () {
      const root = tempDir("lakegate-shared-")
      const v1 = version(root, 1, null, [], 2)
      yield* switchToNewVersion(root, v1, v1.createdAt)
      // v2 keeps v1's part-0, replaces its part-1 (say, the rows a day changed) with a file of its own.
      const v2 = version(root, 2, v1.version, [filesOf(v1)[0]!], 1)
      yield* switchToNewVersion(root, v2, v2.createdAt)
      const replaced = join(root, "gold", filesOf(v1)[1]!.path)
      expect(existsSync(replaced)).toBe(true) // v1 is retained: rollback needs it
      // A crashed run's folder (published, never switched) goes at the next switch.
      const crashedDir = join(root, "gold", versionTablePath(TABLE, "crashed"))
      mkdirSync(crashedDir, { recursive: true })
      writeFileSync(join(crashedDir, "part-0.parquet"), "garbage")
      let previous = v2
      for (let n = 3; n <= KEEP_VERSIONS + 1; n++) {
        const v = version(root, n, previous.version, filesOf(previous), 0)
        yield* switchToNewVersion(root, v, v.createdAt)
        previous = v
      }
      expect(existsSync(crashedDir)).toBe(false)
      // v1 has left retention: its replaced file is gone, the file later versions still share is not.
      expect(Option.getOrThrow(yield* readCurrent(root)).versions.map((v) => v.version)).not.toContain(v1.version)
      expect(existsSync(replaced)).toBe(false)
      expect(existsSync(join(root, "gold", filesOf(v1)[0]!.path))).toBe(true)
      expect((yield* currentTableFiles(root, TABLE)).every((f) => existsSync(f))).toBe(true)
    }))

  it.effect("format-1 version folders in the table's own folder are pruned once unreferenced, and the emptied folder with them", () =>
    Effect.gen(function* () {
      const root = tempDir("lakegate-shared-")
      const legacy = join(root, "gold", TABLE, "version=old")
      mkdirSync(legacy, { recursive: true })
      writeFileSync(join(legacy, "part-0.parquet"), "an earlier release's version")
      const v1 = version(root, 1, null, [], 1)
      yield* switchToNewVersion(root, v1, v1.createdAt)
      expect(existsSync(join(root, "gold", TABLE))).toBe(false)
      expect(existsSync(join(root, "gold", filesOf(v1)[0]!.path))).toBe(true)
    }))
})
