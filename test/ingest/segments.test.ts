/**
 * Landing in segments, with DuckDB loading each one while the next lands:
 * the published lakehouse is the same however the source is cut, and a
 * failed load stops the run.
 */
import { it as effectIt } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { goldDownstream } from "../../contracts/pipeline.ts"
import { Duck } from "../../src/engine/Duck.ts"
import { writeSnapshotFile } from "../../contracts/generate/files.ts"
import { runBatchIn } from "../../contracts/testing/pipelineRun.ts"
import { tempDirectory } from "../../src/testing/tempDirectory.ts"
import { startSegmentLoader } from "../../src/stages/ingest/segmentLoader.ts"
import type { LandedFiles } from "../../src/stages/ingest/landSource.ts"
import { TestDuck } from "../support/duck.ts"

describe("a source landed in segments", () => {
  it("publishes the same bronze, silver and gold as in one segment, bronze as one file per segment", async () => {
    const dir = tempDirectory("lakegate-segments-")
    try {
      const source = join(dir.path, "customers.json")
      await Effect.runPromise(writeSnapshotFile({ seed: 5, customers: 3000, defectRate: 0.05, out: source }))
      const document = readFileSync(source, "utf8")
      const batch = { ingestionDate: "2026-11-20", document, records: [] }
      const lakehouses = { many: join(dir.path, "many"), one: join(dir.path, "one") }
      const many = await runBatchIn(lakehouses.many, batch, { downstream: goldDownstream, segmentBytes: 1 })
      const one = await runBatchIn(lakehouses.one, batch, { downstream: goldDownstream })

      expect(many.report.verdict).toBe(one.report.verdict)
      expect(many.report.layers.map((l) => l.tables.map((t) => [t.table, t.rowsIn, t.accepted, t.quarantined]))).toEqual(
        one.report.layers.map((l) => l.tables.map((t) => [t.table, t.rowsIn, t.accepted, t.quarantined]))
      )
      expect(many.silver).toEqual(one.silver)
      expect(many.bronze).toEqual(one.bronze)
      expect(many.bronze["customers_raw"]).toHaveLength(3000)
      // Gold's surrogate keys and versions do not depend on the run; its content must not either.
      expect(many.gold).toEqual(one.gold)

      const bronzeFiles = (root: string) => readdirSync(join(root, "bronze", "customers_raw", "ingestion_date=2026-11-20")).filter((f) => f.endsWith(".parquet"))
      // A segment ends after the batch (one 1 MiB read) that fills it: here every batch is a segment.
      expect(Buffer.byteLength(document)).toBeGreaterThan(3 << 20)
      expect(bronzeFiles(lakehouses.many).length).toBeGreaterThanOrEqual(4)
      expect(bronzeFiles(lakehouses.one)).toHaveLength(1)
      // Staging is gone once the run ends.
      expect(existsSync(join(lakehouses.many, ".staging")) ? readdirSync(join(lakehouses.many, ".staging")) : []).toEqual([])
    } finally {
      dir.remove()
    }
  }, 120_000)
})

describe("startSegmentLoader", () => {
  const segment = (dir: string, k: number): LandedFiles => {
    const file = (kind: string) => {
      const path = join(dir, `${kind}-${k}.csv`)
      writeFileSync(path, `${k}\n`)
      return path
    }
    return { bronze: file("bronze"), violations: file("violations"), tables: { customers: file("customers"), transactions: file("transactions") }, maxLineBytes: 0 }
  }
  const allFiles = (s: LandedFiles) => [s.bronze, s.violations, ...Object.values(s.tables)]

  effectIt.scoped("runs each segment's statements in order, then deletes its files", () =>
    Effect.gen(function* () {
      const dir = tempDirectory("lakegate-loader-")
      const duck = yield* Duck
      yield* duck.run("create table loaded (k INTEGER, file VARCHAR)")
      const loader = yield* startSegmentLoader((s, k) => [
        `insert into loaded select ${k}, 'bronze' from read_csv('${s.bronze}', header = false)`,
        `insert into loaded select ${k}, 'customers' from read_csv('${s.tables["customers"]}', header = false)`
      ])
      const segments = [0, 1, 2].map((k) => segment(dir.path, k))
      for (const [k, s] of segments.entries()) yield* loader.load(s, k === 2)
      yield* loader.finish
      const rows = yield* duck.all("select k, file from loaded order by k, file")
      expect(rows).toEqual([0, 1, 2].flatMap((k) => [{ k, file: "bronze" }, { k, file: "customers" }]))
      for (const s of segments) for (const file of allFiles(s)) expect(existsSync(file), file).toBe(false)
      dir.remove()
    }).pipe(Effect.provide(TestDuck))
  )

  effectIt.scopedLive("fails with the first failed statement and loads nothing after it", () =>
    Effect.gen(function* () {
      const dir = tempDirectory("lakegate-loader-")
      const duck = yield* Duck
      yield* duck.run("create table loaded (k INTEGER)")
      const loader = yield* startSegmentLoader((_, k) => [k === 1 ? "insert into no_such_table values (1)" : `insert into loaded values (${k})`])
      for (const k of [0, 1]) yield* loader.load(segment(dir.path, k), false)
      // Once the failure is known, queuing another segment fails at once with it.
      let late = yield* Effect.exit(loader.load(segment(dir.path, 2), false))
      for (let k = 3; Exit.isSuccess(late) && k < 200; k++) late = yield* Effect.exit(Effect.zipRight(Effect.sleep("20 millis"), loader.load(segment(dir.path, k), false)))
      const finished = yield* Effect.exit(loader.finish)
      expect(Exit.isFailure(late) && JSON.stringify(late.cause)).toContain("no_such_table")
      expect(Exit.isFailure(finished) && JSON.stringify(finished.cause)).toContain("no_such_table")
      expect(yield* duck.all("select k from loaded")).toEqual([{ k: 0 }])
      dir.remove()
    }).pipe(Effect.provide(TestDuck))
  )

  effectIt.scoped("runs the after-landing statements once, before the segments loaded after the last one was queued", () =>
    Effect.gen(function* () {
      const dir = tempDirectory("lakegate-loader-")
      const duck = yield* Duck
      yield* duck.run("create sequence step; create table loaded (step INTEGER, what VARCHAR)")
      const loader = yield* startSegmentLoader((_, k) => [`insert into loaded values (nextval('step'), 'segment ${k}')`], ["insert into loaded values (nextval('step'), 'after landing')"])
      for (const k of [0, 1, 2]) yield* loader.load(segment(dir.path, k), k === 2)
      yield* loader.finish
      const steps = (yield* duck.all("select what from loaded order by step")).map((r) => r["what"])
      expect(steps.filter((w) => w === "after landing")).toHaveLength(1)
      expect(steps.indexOf("after landing")).toBeLessThan(steps.indexOf("segment 2"))
      expect(steps.filter((w) => w !== "after landing")).toEqual(["segment 0", "segment 1", "segment 2"])
      dir.remove()
    }).pipe(Effect.provide(TestDuck))
  )
})
