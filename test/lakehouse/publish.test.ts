import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Duck } from "../../src/engine/Duck.ts"
import { Lakehouse, lakehouseLayer } from "../../src/lakehouse/Lakehouse.ts"
import { holdLakehouse } from "../../src/lakehouse/RunLock.ts"
import { tempDir } from "../support/cli.ts"
import { TestDuck } from "../support/duck.ts"

const setup = () => {
  const root = tempDir("lakegate-lh-")
  return { root, layer: Layer.mergeAll(lakehouseLayer(root).pipe(Layer.provide(NodeContext.layer)), TestDuck) }
}

/** Stage one Parquet partition with `rows` rows and seal it. */
const stageTable = (runId: string, table: string, rows: number) =>
  Effect.gen(function* () {
    const lakehouse = yield* Lakehouse
    const duck = yield* Duck
    const staged = yield* lakehouse.stage(runId, "silver", table, "2026-01-01")
    yield* duck.run(`copy (select range as id from range(${rows})) to '${staged.dir}/part-0.parquet' (format parquet)`)
    yield* lakehouse.seal(staged, {
      runId,
      contract: { id: `silver.${table}`, version: "1.0.0" },
      columns: [["id", "BIGINT"]],
      checks: { pass: 1, warn: 0, fail: 0, error: 0 },
      publishedAt: "2026-01-01T00:00:00.000Z"
    })
    return staged
  })

/** What a publish killed after its journal and its first rename leaves: `a` swapped in (the old one in the trash), `b` still staged. */
const crashAfterFirstMove = (root: string, runId: string, a: { dir: string; target: string }, b: { dir: string; target: string }) => {
  mkdirSync(join(root, "_journal"), { recursive: true })
  writeFileSync(join(root, "_journal", `${runId}.json`), JSON.stringify({ runId, moves: [a, b].map((s) => ({ staged: s.dir, target: s.target })) }))
  mkdirSync(join(root, ".trash", runId, "silver", "a"), { recursive: true })
  renameSync(a.target, join(root, ".trash", runId, "silver", "a", "ingestion_date=2026-01-01"))
  renameSync(a.dir, a.target)
}

/** Tables a and b published by run1 (1 row each), then staged again by run2 (2 and 3 rows). */
const publishedThenStaged = Effect.gen(function* () {
  const lakehouse = yield* Lakehouse
  yield* lakehouse.publish("run1", [yield* stageTable("run1", "a", 1), yield* stageTable("run1", "b", 1)])
  return { a: yield* stageTable("run2", "a", 2), b: yield* stageTable("run2", "b", 3) }
})

describe("Lakehouse publish", () => {
  it.effect("seals a manifest with row counts and sha256, and publishes atomically", () => {
    const { root, layer } = setup()
    return Effect.gen(function* () {
      const lakehouse = yield* Lakehouse
      const a = yield* stageTable("run1", "a", 5)
      const b = yield* stageTable("run1", "b", 7)
      expect(Option.isNone(yield* lakehouse.manifest("silver", "a", "2026-01-01"))).toBe(true)
      yield* lakehouse.publish("run1", [a, b])
      const manifest = Option.getOrThrow(yield* lakehouse.manifest("silver", "a", "2026-01-01"))
      expect(manifest.rows).toBe(5)
      expect(manifest.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/)
      expect(yield* lakehouse.dates("silver", "b")).toEqual(["2026-01-01"])
      expect(existsSync(join(root, "_journal", "run1.json"))).toBe(false)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a re-publish replaces the partition; a discarded run leaves it untouched", () => {
    const { root, layer } = setup()
    return Effect.gen(function* () {
      const lakehouse = yield* Lakehouse
      yield* lakehouse.publish("run1", [yield* stageTable("run1", "a", 5)])
      yield* lakehouse.publish("run2", [yield* stageTable("run2", "a", 9)])
      expect(Option.getOrThrow(yield* lakehouse.manifest("silver", "a", "2026-01-01")).rows).toBe(9)
      // The replaced partition went through the trash, and nothing of it is left (not even an empty folder).
      expect(existsSync(join(root, ".trash"))).toBe(false)
      yield* stageTable("run3", "a", 1)
      yield* lakehouse.discard("run3")
      expect(Option.getOrThrow(yield* lakehouse.manifest("silver", "a", "2026-01-01"))).toMatchObject({ runId: "run2", rows: 9 })
    }).pipe(Effect.provide(layer))
  })

  it.effect("a crash in the middle of a publish is rolled forward by recover", () => {
    const { root, layer } = setup()
    return Effect.gen(function* () {
      const lakehouse = yield* Lakehouse
      const { a, b } = yield* publishedThenStaged
      // Simulate the crash: the journal is written and only the first table was swapped in.
      crashAfterFirstMove(root, "run2", a, b)
      expect(JSON.parse(readFileSync(join(b.target, "_manifest.json"), "utf8")).runId).toBe("run1")
      expect(yield* lakehouse.recover).toEqual(["run2"])
      expect(Option.getOrThrow(yield* lakehouse.manifest("silver", "a", "2026-01-01")).rows).toBe(2)
      expect(Option.getOrThrow(yield* lakehouse.manifest("silver", "b", "2026-01-01")).rows).toBe(3)
      expect(existsSync(join(root, "_journal", "run2.json"))).toBe(false)
      expect(existsSync(join(root, ".trash"))).toBe(false)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a crash in the middle of a publish is rolled forward by the next run's start: the lock keeps the journaled staging, recover finishes it", () => {
    const { root, layer } = setup()
    return Effect.gen(function* () {
      const lakehouse = yield* Lakehouse
      const { a, b } = yield* publishedThenStaged
      // kill -9 after the journal and the first rename.
      crashAfterFirstMove(root, "run2", a, b)
      // An unjournaled leftover of another killed run is still cleaned away.
      yield* stageTable("run0", "c", 1)
      // The next run starts as runPipeline does: take the lock, then recover.
      yield* Effect.scoped(Effect.zipRight(holdLakehouse(root, "run3"), lakehouse.recover))
      expect(Option.getOrThrow(yield* lakehouse.manifest("silver", "a", "2026-01-01")).rows).toBe(2)
      expect(Option.getOrThrow(yield* lakehouse.manifest("silver", "b", "2026-01-01")).rows).toBe(3)
      expect(existsSync(join(root, ".staging", "run0"))).toBe(false)
    }).pipe(Effect.provide(layer))
  })

  it.effect("an I/O error in the middle of a publish leaves it journaled, not half done: discard keeps the staging, the next start finishes it", () => {
    const { root, layer } = setup()
    return Effect.gen(function* () {
      const lakehouse = yield* Lakehouse
      const { a, b } = yield* publishedThenStaged
      // A file where the table b's folder must be: its rename fails after a's succeeded.
      renameSync(join(root, "silver", "b"), join(root, "b.aside"))
      writeFileSync(join(root, "silver", "b"), "in the way")
      const failed = yield* Effect.either(lakehouse.publish("run2", [a, b]))
      expect(failed._tag).toBe("Left")
      yield* lakehouse.discard("run2")
      expect(existsSync(join(root, "_journal", "run2.json"))).toBe(true)
      expect(existsSync(b.dir)).toBe(true)
      // The disk is fixed; the next run's start completes the publish.
      rmSync(join(root, "silver", "b"))
      renameSync(join(root, "b.aside"), join(root, "silver", "b"))
      yield* Effect.scoped(Effect.zipRight(holdLakehouse(root, "run3"), lakehouse.recover))
      expect(Option.getOrThrow(yield* lakehouse.manifest("silver", "a", "2026-01-01")).rows).toBe(2)
      expect(Option.getOrThrow(yield* lakehouse.manifest("silver", "b", "2026-01-01"))).toMatchObject({ runId: "run2", rows: 3 })
      expect(existsSync(join(root, "_journal", "run2.json"))).toBe(false)
    }).pipe(Effect.provide(layer))
  })

  it.effect("recover leaves nothing of the runs it finished: their staging folders and the part-written journals of killed runs go", () => {
    const { root, layer } = setup()
    return Effect.gen(function* () {
      const lakehouse = yield* Lakehouse
      const { a, b } = yield* publishedThenStaged
      crashAfterFirstMove(root, "run2", a, b)
      // What the staging of a landed run still holds after its moves (landing left-overs), and a journal cut off by a full disk.
      mkdirSync(join(root, ".staging", "run2", "landing"), { recursive: true })
      writeFileSync(join(root, ".staging", "run2", "landing", "segment-0.jsonl"), "{}")
      writeFileSync(join(root, "_journal", "run4.json.tmp"), '{"runId":"run4","mo')
      expect(yield* lakehouse.recover).toEqual(["run2"])
      expect(existsSync(join(root, ".staging", "run2"))).toBe(false)
      expect(existsSync(join(root, "_journal", "run4.json.tmp"))).toBe(false)
      expect(Option.getOrThrow(yield* lakehouse.manifest("silver", "b", "2026-01-01")).rows).toBe(3)
    }).pipe(Effect.provide(layer))
  })
})
