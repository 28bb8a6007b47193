/**
 * Landing gives the same staging bytes however it runs: on the landing thread
 * alone (`LAKEGATE_WORKERS=0`) or with worker threads (from source, through
 * the pool's tsx bootstrap; and the bundled worker the CLI bundle starts), and
 * the judge's fast guard gives the same verdicts as Effect Schema's decoder.
 */
import { Effect, Either, Exit, Schema } from "effect"
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { Worker } from "node:worker_threads"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { sourceCustomers } from "../../contracts/source/customers.ts"
import { customersSource } from "../../contracts/source/staging.ts"
import { writeSnapshotFile } from "../../contracts/generate/files.ts"
import { autoWorkers, landSource, type LandedFiles, type LandedSource } from "../../src/stages/ingest/landSource.ts"
import { bundledWorker } from "../../src/stages/ingest/parallel/pool.ts"
import { READY, toRequest, unpackBatch, type BatchReply, type SourceModule, type WorkerSetup } from "../../src/stages/ingest/parallel/protocol.ts"
import { ArraySplitter } from "../../src/stages/ingest/splitArray.ts"
import { compileGuard, makeJudge } from "../../src/stages/refine/judgeRecord.ts"
import { stageBatch, stageSpans, Stager, type StagedBatch } from "../../src/stages/refine/stageBatch.ts"
import { compileModule } from "../../src/load/loadModule.ts"
import { repoRoot } from "../support/cli.ts"

const context = { ingestionDate: "2026-11-20" }
/** Where worker threads find the customers source (from source, through tsx). */
const sourceModule: SourceModule = { url: pathToFileURL(join(repoRoot, "contracts", "source", "staging.ts")).href, exportName: "customersSource" }
let dir: string
let source: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lakegate-landing-"))
  source = join(dir, "customers.json")
  // Over two read chunks, with a defect in one record of ten.
  await Effect.runPromise(writeSnapshotFile({ seed: 11, customers: 2500, defectRate: 0.1, out: source }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const land = async (input: string, workers: number, progress?: Array<[number, number]>, segmentBytes?: number) => {
  const out = mkdtempSync(join(dir, `w${workers}-`))
  const options = { workers, awaitWorkers: true, sourceModule, ...(segmentBytes === undefined ? {} : { segmentBytes }) }
  const exit = await Effect.runPromiseExit(landSource(customersSource, input, out, context, (b, r) => progress?.push([b, r]), options))
  return { out, exit }
}

const kinds = ["bronze", "customers", "transactions", "violations"] as const
type Kind = (typeof kinds)[number]

/** A segment's staging file of a kind (the source's staging tables are `customers` and `transactions`). */
const fileOf = (segment: LandedFiles, kind: Kind): string =>
  kind === "bronze" ? segment.bronze : kind === "violations" ? segment.violations : segment.tables[kind]!

/** A staged batch's buffer of a kind (the source's staging tables, in order: customers, transactions). */
const partOf = (batch: StagedBatch, kind: Kind): Buffer =>
  kind === "bronze" ? batch.bronze : kind === "violations" ? batch.violations : batch.tables[kind === "customers" ? 0 : 1]!

/** Which parts of a staged batch equal another's, byte for byte (the counts as the first batch has them). */
const sameBatch = (a: StagedBatch, b: StagedBatch) => ({
  bronze: a.bronze.equals(b.bronze),
  tables: b.tables.length === a.tables.length ? a.tables.map((t, k) => t.equals(b.tables[k]!)) : a.tables.map(() => false),
  violations: a.violations.equals(b.violations),
  records: a.records,
  decoded: a.decoded
})

/** Each staging file's bytes, the segments' in order. */
const files = (landed: LandedSource) => Object.fromEntries(kinds.map((k) => [k, Buffer.concat(landed.segments.map((s) => readFileSync(fileOf(s, k))))]))

describe("landSource", () => {
  it("stages the same bytes with 0, 1 and 2 workers, in record order", async () => {
    const results = await Promise.all([0, 1, 2].map((w) => land(source, w)))
    const landed = results.map((r) => (Exit.isSuccess(r.exit) ? r.exit.value : expect.fail(String(r.exit))))
    const [single, ...parallel] = landed.map(files)
    expect(single!["bronze"]!.length).toBeGreaterThan(2_000_000)
    for (const p of parallel) for (const name of Object.keys(single!)) expect(p[name]!.equals(single![name]!), name).toBe(true)
    for (const l of landed.slice(1)) expect({ ...l, segments: null }).toEqual({ ...landed[0]!, segments: null })
    // Record indexes in bronze run 0..n-1 in order.
    const indexes = single!["bronze"]!.toString("latin1").split("\n").filter((line) => line.length > 0).map((line) => Number(line.slice(0, line.indexOf(","))))
    expect(indexes).toEqual(indexes.map((_, i) => i))
    expect(landed[0]!.records).toBe(2500)
  })

  it("stages the same bytes as the batch API over RawRecords", async () => {
    const { exit } = await land(source, 0)
    if (!Exit.isSuccess(exit)) return expect.fail(String(exit))
    const splitter = new ArraySplitter("customers")
    const records = splitter.push(readFileSync(source))
    if (Either.isLeft(records)) return expect.fail(records.left.reason)
    const staged = stageBatch(records.right, customersSource, context)
    if ("invalid" in staged) return expect.fail(staged.reason)
    const landed = files(exit.value)
    for (const name of kinds) expect(partOf(staged.batch, name).equals(landed[name]!), name).toBe(true)
  })

  it("stages in segments, each handed over complete and in order, with the same bytes as one segment", async () => {
    const out = mkdtempSync(join(dir, "segments-"))
    const handed: Array<{ files: LandedFiles; sizes: Array<number>; last: boolean }> = []
    const exit = await Effect.runPromiseExit(
      landSource(customersSource, source, out, context, undefined, { workers: 0, segmentBytes: 1 << 20 }, (segment, last) =>
        Effect.sync(() => handed.push({ files: segment, sizes: kinds.map((k) => statSync(fileOf(segment, k)).size), last }))
      )
    )
    if (!Exit.isSuccess(exit)) return expect.fail(String(exit))
    const whole = await land(source, 0, undefined, 1 << 30)
    if (!Exit.isSuccess(whole.exit)) return expect.fail(String(whole.exit))
    expect(whole.exit.value.segments).toHaveLength(1)
    // About 2.5 MB of records in segments of at least 1 MiB: three, the last one smaller.
    expect(exit.value.segments).toHaveLength(3)
    expect(handed.map((h) => h.files)).toEqual(exit.value.segments)
    expect(handed.map((h) => h.last)).toEqual([false, false, true])
    // Complete when handed over: nothing is appended afterwards.
    for (const h of handed) expect(kinds.map((k) => statSync(fileOf(h.files, k)).size)).toEqual(h.sizes)
    expect(handed[0]!.sizes[0]).toBeGreaterThanOrEqual(1 << 20)
    const [segmented, single] = [files(exit.value), files(whole.exit.value)]
    for (const name of kinds) expect(segmented[name]!.equals(single[name]!), name).toBe(true)
  })

  it("stops with the segment consumer's error", async () => {
    const out = mkdtempSync(join(dir, "consumer-"))
    const exit = await Effect.runPromiseExit(
      landSource(customersSource, source, out, context, undefined, { workers: 0, segmentBytes: 1 << 20 }, () => Effect.fail("loader broke" as const))
    )
    expect(Exit.isFailure(exit) && JSON.stringify(exit.cause)).toContain("loader broke")
  })

  it("reports progress after every chunk, ending at the file's size and record count", async () => {
    const progress: Array<[number, number]> = []
    const { exit } = await land(source, 0, progress)
    expect(Exit.isSuccess(exit)).toBe(true)
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toEqual([readFileSync(source).length, 2500])
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0])
  })

  it("names the same first invalid record with or without workers", async () => {
    const text = readFileSync(source, "utf8")
    // Break record 1200 (in the second 1 MiB chunk) and, in the last chunk, the structure: the record comes first.
    let at = 0
    for (let k = 0; k <= 1200; k++) at = text.indexOf('{"id"', at + 1)
    const broken = `${text.slice(0, at)}{"id":tru ${text.slice(at + 5, text.length - 4)}]] }`
    const file = join(dir, "broken.json")
    writeFileSync(file, broken)
    const messages = await Promise.all(
      [0, 2].map(async (w) => {
        const { exit } = await land(file, w)
        return Exit.isFailure(exit) ? JSON.stringify(exit.cause) : "succeeded"
      })
    )
    expect(messages[0]).toContain("invalid JSON in record 1200")
    expect(messages[1]).toBe(messages[0])
  })

  it("starts workers only for large files on more than two cores", () => {
    expect(autoWorkers(1e6, 8)).toBe(0)
    expect(autoWorkers(1e9, 2)).toBe(0)
    expect(autoWorkers(1e9, 4)).toBe(3)
    expect(autoWorkers(1e9, 16)).toBe(3)
  })
})

describe("the bundled staging worker (dist/, built by the test set-up)", () => {
  it("is the one the bundled CLI's pool starts, and not the one from source", () => {
    expect(bundledWorker(pathToFileURL(join(repoRoot, "dist", "lakegate.mjs")).href)?.href).toBe(pathToFileURL(join(repoRoot, "dist", "lakegate-worker.mjs")).href)
    expect(bundledWorker(pathToFileURL(join(repoRoot, "src", "stages", "ingest", "parallel", "pool.ts")).href)).toBeNull()
    expect(bundledWorker()).toBeNull()
  })

  it("stages a batch to the same bytes as the landing thread", async () => {
    const bytes = readFileSync(source)
    const bounds = new ArraySplitter("customers").pushBounds(bytes)
    if (Either.isLeft(bounds)) return expect.fail(bounds.left.reason)
    const spans = { buffer: bytes, starts: bounds.right.starts, ends: bounds.right.ends, firstIndex: 0, baseOffset: 0 }
    const expected = stageSpans(spans, customersSource, context)
    if ("invalid" in expected) return expect.fail(expected.reason)
    const entry = bundledWorker(pathToFileURL(join(repoRoot, "dist", "lakegate.mjs")).href)
    if (entry === null) return expect.fail("no bundled worker in dist/")
    // The bundled worker imports compiled JavaScript, as the CLI hands it the pipeline it compiled.
    const compiled = await Effect.runPromise(compileModule(join(repoRoot, "contracts", "source", "staging.ts")))
    const setup: WorkerSetup = { context, source: { url: pathToFileURL(compiled).href, exportName: "customersSource" } }
    const worker = new Worker(entry, { workerData: setup })
    try {
      const reply = await new Promise<BatchReply>((resolve, reject) => {
        worker.on("error", reject)
        worker.on("message", (message: BatchReply | typeof READY) => (message === READY ? worker.postMessage(toRequest(0, spans)) : resolve(message)))
      })
      if ("invalid" in reply) return expect.fail(reply.reason)
      const staged = unpackBatch(reply)
      for (const name of kinds) expect(partOf(staged, name).equals(partOf(expected.batch, name)), name).toBe(true)
      expect([staged.records, staged.decoded]).toEqual([expected.batch.records, expected.batch.decoded])
    } finally {
      await worker.terminate()
    }
  })
})

describe("the judge's guard", () => {
  it("agrees with Effect Schema on every generated record, defects included", () => {
    const splitter = new ArraySplitter("customers")
    const records = splitter.push(readFileSync(source))
    if (Either.isLeft(records)) return expect.fail(records.left.reason)
    const guard = compileGuard(sourceCustomers.schema.ast)
    expect(guard).not.toBeNull()
    const is = Schema.is(sourceCustomers.schema)
    const fast = makeJudge(sourceCustomers)
    const slow = makeJudge(sourceCustomers, { guard: false })
    let rejected = 0
    for (const r of records.right) {
      const json: unknown = JSON.parse(r.text)
      expect(guard!(json)).toBe(is(json))
      if (!is(json)) rejected++
      expect(fast(json, context)).toEqual(slow(json, context))
    }
    expect(rejected).toBeGreaterThan(0)
    // Records the decoder accepts but the guard leaves to it: extra keys.
    const extra = { ...(JSON.parse(records.right[0]!.text) as object), extra: 1 }
    expect(guard!(extra)).toBe(false)
    expect(fast(extra, context)).toEqual(slow(extra, context))
  })

  it("declines schemas whose decoding is not the identity", () => {
    expect(compileGuard(Schema.NumberFromString.ast)).toBeNull()
    expect(compileGuard(Schema.Struct({ a: Schema.optional(Schema.String) }).ast)).toBeNull()
    expect(compileGuard(Schema.Record({ key: Schema.String, value: Schema.Number }).ast)).toBeNull()
  })

  it("stages spans exactly like RawRecords", () => {
    const bytes = readFileSync(source)
    const splitter = new ArraySplitter("customers")
    const bounds = splitter.pushBounds(bytes)
    if (Either.isLeft(bounds)) return expect.fail(bounds.left.reason)
    const spans = stageSpans({ buffer: bytes, starts: bounds.right.starts, ends: bounds.right.ends, firstIndex: 0, baseOffset: 0 }, customersSource, context)
    const raw = new ArraySplitter("customers").push(bytes)
    if (Either.isLeft(raw)) return expect.fail(raw.left.reason)
    const records = stageBatch(raw.right, customersSource, context)
    if ("invalid" in spans || "invalid" in records) return expect.fail("invalid")
    for (const name of kinds) expect(partOf(spans.batch, name).equals(partOf(records.batch, name)), name).toBe(true)
    expect([spans.batch.records, spans.batch.decoded]).toEqual([records.batch.records, records.batch.decoded])
  })
})

describe("Stager", () => {
  it("reuses its buffers from batch to batch without carrying rows over, even after an invalid record", () => {
    const bytes = readFileSync(source)
    const bounds = new ArraySplitter("customers").pushBounds(bytes)
    if (Either.isLeft(bounds)) return expect.fail(bounds.left.reason)
    const { starts, ends } = bounds.right
    const spansOf = (from: number, to: number, buffer = bytes) => ({ buffer, starts: starts.slice(from, to), ends: ends.slice(from, to), firstIndex: from, baseOffset: 0 })
    // A copy of the source with record 5 broken.
    const broken = Buffer.from(bytes)
    broken[starts[5]!] = 0x78
    const stager = new Stager(customersSource, context)
    const batches = [spansOf(0, 1000), spansOf(0, 10, broken), spansOf(1000, 1100), spansOf(1100, 2500)]
    const results = batches.map((spans) => {
      const staged = stager.spans(spans)
      // Copied at once: the views are only valid until the next batch.
      return "invalid" in staged ? staged : { ...staged.batch, bronze: Buffer.from(staged.batch.bronze), violations: Buffer.from(staged.batch.violations), tables: staged.batch.tables.map((t) => Buffer.from(t)) }
    })
    expect(results[1]).toMatchObject({ invalid: { index: 5 } })
    for (const i of [0, 2, 3]) {
      const fresh = stageSpans(batches[i]!, customersSource, context)
      if ("invalid" in fresh) return expect.fail(fresh.reason)
      const reused = results[i]!
      if ("invalid" in reused) return expect.fail(`batch ${i}: ${reused.reason}`)
      // Byte for byte with Buffer.equals: a deep toEqual walks megabytes of buffers element by element (seconds per batch).
      expect(sameBatch(reused, fresh.batch), `batch ${i}`).toEqual({ bronze: true, tables: fresh.batch.tables.map(() => true), violations: true, records: fresh.batch.records, decoded: fresh.batch.decoded })
    }
  })
})

