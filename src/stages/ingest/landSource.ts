/**
 * Land the source: stream the file once, split it into records, and stage
 * every record for bronze (verbatim) and, judged by the source contract, for
 * refinement (decoded candidate rows and row-level violations). One pass.
 * The staging CSV files come in segments: each complete segment is handed to
 * a listener, so DuckDB can load it while the next one lands (see
 * `segmentLoader.ts`).
 *
 * The landing thread reads the file in chunks of {@link CHUNK_BYTES}, hashes
 * them, and finds the records' boundaries (cheap: a byte scan). Decoding,
 * judging and writing staging rows (the expensive part) is done per chunk,
 * on the landing thread (the default on one or two cores, and with
 * `LAKEGATE_WORKERS=0`) or by worker threads: each receives the chunk as a
 * transferred buffer and transfers its staging rows back. Until the first
 * worker has started (about a second: it loads Effect and the contract) the
 * landing thread stages the chunks itself, so a small file never waits for
 * them; after that it only splits, hashes and writes, and its own heap stays
 * small. Either way the rows are written in record order, with at most a few
 * chunks in flight, so memory stays flat whatever the file size, and the
 * staging files are byte for byte the same.
 *
 * The input is a file, standard input (`-`) or a gzip file (`.gz`), opened by
 * `openInput.ts`; the last two are read as streams, into the same chunks, so
 * memory stays as flat as for a file. The worker threads work on chunks, not
 * on the file, so they serve streams too; only the defaults differ, as a
 * stream's size is unknown until its end: the number of workers is planned on
 * the compressed size of a gzip file (a lower bound) and on none for standard
 * input (no workers unless `LAKEGATE_WORKERS` asks), and a stream is cut in
 * segments of the largest size. `bytes` and `sha256` are of the records'
 * bytes, after decompression.
 */
import { Config, Effect, Either, Option, Scope } from "effect"
import { createHash } from "node:crypto"
import { availableParallelism } from "node:os"
import { join } from "node:path"
import type { RowContext } from "../../contract/RowCheck.ts"
import { openStagingFile, type StagingFile, type StagingWriteError } from "../../engine/StagingFile.ts"
import { settingOf, type Setting } from "../../engine/machineSettings.ts"
import type { Source } from "../../pipeline/Source.ts"
import { Stager, type InvalidRecord, type RecordSpans, type StagedBatch } from "../refine/stageBatch.ts"
import { InputError } from "./InputError.ts"
import { describeOpenError, displayName, openInput } from "./openInput.ts"
import { StagingPool } from "./parallel/pool.ts"
import { unpackBatch, type BatchReply, type SourceModule } from "./parallel/protocol.ts"
import { ArraySplitter, type SplitBounds, type SplitError } from "./splitArray.ts"
import { LineSplitter } from "./splitLines.ts"

/** The staged CSV files of one segment of a landed source. */
export interface LandedFiles {
  readonly bronze: string
  readonly violations: string
  /** One file per staging table of the source, by table name. */
  readonly tables: Readonly<Record<string, string>>
  /**
   * A bound on the longest line of any of these files: the largest batch
   * written to one of them (a line never spans batches). Read them with
   * `withLineLimit` so a record of any size loads.
   */
  readonly maxLineBytes: number
}

/** What landing needs of a splitter: bounds per chunk, then the end of the document (and, for NDJSON, a last line without a newline). */
interface RecordSplitter {
  readonly records: number
  pushBounds(chunk: Buffer): Either.Either<SplitBounds, SplitError>
  finish?(): SplitBounds | null
  end(): Either.Either<number, SplitError>
}

/** JSON arrays are split by structure; NDJSON, and CSV and Parquet (landed as NDJSON, see `tabularSource.ts`), by line. */
const splitterFor = (source: Source): RecordSplitter => (source.format._tag === "JsonArray" ? new ArraySplitter(source.format.key) : new LineSplitter())

/** What landing found. */
export interface LandedSource {
  readonly records: number
  readonly decoded: number
  readonly bytes: number
  readonly sha256: string
  /**
   * The staging files, in segments of about {@link LandOptions.segmentBytes}
   * of input each, in record order (at least one, possibly empty). A segment
   * is complete when it is handed to {@link LandOptions.onSegment}.
   */
  readonly segments: ReadonlyArray<LandedFiles>
}

/** Progress after each chunk: bytes read so far and records split. */
export type ProgressListener = (bytes: number, records: number) => void

/** How to land; by default from the environment (`LAKEGATE_WORKERS`) and the file's size. */
export interface LandOptions {
  /** Staging worker threads; 0 stages on the landing thread. */
  readonly workers?: number
  /** Wait for the workers to start instead of staging on the landing thread meanwhile (tests use it to exercise the workers on small files). */
  readonly awaitWorkers?: boolean
  /** Bytes of input per staging segment (default: see {@link segmentBytesFor}). */
  readonly segmentBytes?: number
  /** Where worker threads find the source (a module exporting it); without it, landing stages on its own thread. */
  readonly sourceModule?: SourceModule
}

/**
 * Called with each staging segment once its files are complete, while landing
 * goes on, so a consumer (the DuckDB loader) can work on it in parallel;
 * `last` is true for the segment that ends the file. Landing stops with the
 * consumer's error if it fails.
 */
export type SegmentListener<E> = (segment: LandedFiles, last: boolean) => Effect.Effect<void, E>

/** Files up to this size land as one segment (see {@link segmentBytesFor}). */
export const SEGMENTED_FROM_BYTES = 256 * 1024 * 1024

/**
 * The segment size for a file of `bytes`. Up to {@link SEGMENTED_FROM_BYTES},
 * the whole file: loading segments while landing goes on was measured to
 * lose there (100 MB: 7.7 -> 8.5 s; the loader and the landing thread slow
 * each other more than the overlap saves, and each segment costs fixed work).
 * Above, about an eighth of the file, so the last segment (loaded after
 * landing ends) is a small part of the work, and at least 64 and at most 128
 * MiB (1 GB: 65 -> 48 s).
 */
export const segmentBytesFor = (bytes: number): number =>
  bytes <= SEGMENTED_FROM_BYTES ? Number.MAX_SAFE_INTEGER : Math.min(128 << 20, Math.max(64 << 20, Math.ceil(bytes / 8)))

/** Bytes read at a time: one chunk is one batch of records (about 1,000 records of 1 KB). */
export const CHUNK_BYTES = 1 << 20

/** Below this size landing is over before a worker has started (each loads Effect and the contract, about a second). */
export const AUTO_WORKERS_MIN_BYTES = 16 * 1024 * 1024

/** Batches in flight per worker: one being staged, one waiting, so no worker idles while the landing thread writes. */
const IN_FLIGHT_PER_WORKER = 2

/**
 * `LAKEGATE_WORKERS`: how many staging worker threads help the landing thread
 * (0 = it stages everything itself). Unset: see {@link autoWorkers}.
 */
export const WorkersConfig: Config.Config<Option.Option<number>> = Config.option(
  Config.integer("LAKEGATE_WORKERS").pipe(Config.validate({ message: "LAKEGATE_WORKERS must be a whole number from 0 to 64", validation: (n) => n >= 0 && n <= 64 }))
)

/** The most workers started when none is configured. */
export const MAX_AUTO_WORKERS = 3

/**
 * The number of workers to use for a file of `bytes` when none is configured:
 * one per core besides the landing thread's, up to {@link MAX_AUTO_WORKERS};
 * none on one or two cores, where they were measured to lose (each worker's
 * start-up, about 1.5 CPU-seconds, and the third thread's contention cost more
 * than the second core gives: see docs/performance.md), and none for small files.
 */
export const autoWorkers = (bytes: number, cores: number = availableParallelism()): number =>
  bytes < AUTO_WORKERS_MIN_BYTES || cores <= 2 ? 0 : Math.min(MAX_AUTO_WORKERS, cores - 1)

/**
 * The workers a run lands a file of `plannedBytes` with (its size on disk; 0
 * for standard input) and where the number came from: `LAKEGATE_WORKERS`,
 * else {@link autoWorkers}; none for a pipeline whose source is not in a
 * module the workers can load.
 *
 * @example
 * Effect.runSync(workersSetting(100e6, true, 8)) // { value: 3, from: "machine" } when LAKEGATE_WORKERS is unset
 */
export const workersSetting = (plannedBytes: number, hasSourceModule: boolean, cores: number = availableParallelism()): Config.Config<Setting<number>> =>
  WorkersConfig.pipe(
    Config.map((configured) => (hasSourceModule ? settingOf(Option.getOrUndefined(configured), () => autoWorkers(plannedBytes, cores)) : { value: 0, from: "machine" as const }))
  )

/** A staged batch, or the record of it that is not JSON. */
type Staged = { readonly batch: StagedBatch } | { readonly invalid: InvalidRecord; readonly reason: string }

/** Mark a promise as handled: it is awaited later, or abandoned when landing stops early (then its failure does not matter). */
const handled = <A>(promise: Promise<A>): Promise<A> => {
  promise.catch(() => {})
  return promise
}

/**
 * The staging files, written one segment at a time: a segment's four files
 * are opened on its first batch, and `roll` completes them.
 */
const segmentWriter = (workDir: string, tableNames: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const scope = yield* Effect.scope
    const closed: Array<LandedFiles> = []
    let current: { readonly files: Omit<LandedFiles, "maxLineBytes">; readonly staging: ReadonlyArray<StagingFile> } | null = null
    let bytes = 0
    let maxLineBytes = 0

    const open = Effect.gen(function* () {
      const name = (kind: string) => join(workDir, `${kind}-${String(closed.length).padStart(5, "0")}.csv`)
      const tables = tableNames.map((t, i) => name(`table${i}-${t.replace(/[^A-Za-z0-9_-]/g, "_")}`))
      const files: Omit<LandedFiles, "maxLineBytes"> = { bronze: name("bronze"), violations: name("violations"), tables: Object.fromEntries(tableNames.map((t, i) => [t, tables[i]!])) }
      const staging = yield* Effect.all([files.bronze, files.violations, ...tables].map(openStagingFile)).pipe(Scope.extend(scope))
      return { files, staging }
    })
    return {
      /** Every complete segment, in order. */
      closed,
      /** Bronze bytes written to the current segment (about as many as the input's). */
      bytes: () => bytes,
      write: (batch: StagedBatch) =>
        Effect.gen(function* () {
          current ??= yield* open
          bytes += batch.bronze.length
          maxLineBytes = Math.max(maxLineBytes, batch.bronze.length, batch.violations.length, ...batch.tables.map((t) => t.length))
          const [bronze, violations, ...tables] = current.staging
          yield* bronze!.write(batch.bronze)
          yield* violations!.write(batch.violations)
          for (let i = 0; i < tables.length; i++) yield* tables[i]!.write(batch.tables[i]!)
        }),
      /** Complete the current segment (an empty one if nothing was written) and return its files. */
      roll: Effect.gen(function* () {
        const done = current ?? (yield* open)
        yield* Effect.all(done.staging.map((file) => file.close), { discard: true })
        const files: LandedFiles = { ...done.files, maxLineBytes }
        closed.push(files)
        current = null
        bytes = 0
        maxLineBytes = 0
        return files
      })
    }
  })

/**
 * Stream the source file into staging files under `workDir`, in segments;
 * each complete segment is handed to `onSegment` while landing goes on.
 */
export const landSource = <E = never>(
  source: Source,
  input: string,
  workDir: string,
  context: RowContext,
  onProgress: ProgressListener = () => {},
  options: LandOptions = {},
  onSegment: SegmentListener<E> = () => Effect.void
): Effect.Effect<LandedSource, InputError | StagingWriteError | E> =>
  Effect.scoped(
    Effect.gen(function* () {
      const opened = yield* openInput(input)
      const shown = displayName(input)
      const configured = options.workers !== undefined ? Option.some(options.workers) : yield* Effect.orDie(WorkersConfig)
      const sourceModule = options.sourceModule
      const workers = sourceModule === undefined ? 0 : Option.getOrElse(configured, () => autoWorkers(opened.plannedSize))
      // A stream's size is unknown until its end: segments of the largest size (see segmentBytesFor).
      const segmentBytes = options.segmentBytes ?? segmentBytesFor(opened.size ?? Number.POSITIVE_INFINITY)
      const size = opened.size ?? Number.POSITIVE_INFINITY
      const segments = yield* segmentWriter(workDir, source.tables.map(([name]) => name))

      // Where batches are staged: on this thread until a worker has started, then on the workers only
      // (this thread's heap then stays small: it only splits, hashes and writes).
      const stager = new Stager(source, context)
      const pool =
        workers > 0 && sourceModule !== undefined
          ? yield* Effect.acquireRelease(
              Effect.sync(() => new StagingPool(context, sourceModule, { workers })),
              (p) => Effect.promise(() => p.close())
            )
          : null
      if (pool !== null && options.awaitWorkers === true) {
        const started = pool
        yield* Effect.promise(() => started.whenStarted())
      }
      const fromWorker = (reply: BatchReply): Staged => {
        if (reply.chunk !== undefined) recycle(reply.chunk)
        return "invalid" in reply ? { invalid: reply.invalid, reason: reply.reason } : { batch: unpackBatch(reply) }
      }
      // Batches staged and not yet written: the workers' own, or this thread's one at a time.
      const maxInFlight = Math.max(1, workers * IN_FLIGHT_PER_WORKER)

      const splitter = splitterFor(source)
      const hash = createHash("sha256")
      let bytes = 0
      let decoded = 0
      const inFlight: Array<Promise<Staged>> = []
      // Read buffers to reuse: a chunk comes back once staged (from a worker, with its reply), so landing
      // allocates a few buffers in all instead of one per chunk (the system allocator keeps what it is given).
      const spare: Array<Buffer> = []
      const recycle = (buffer: Buffer | ArrayBuffer) => {
        if (buffer.byteLength === CHUNK_BYTES && spare.length < 2 + maxInFlight) spare.push(Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer))
      }

      /** Write the oldest batch in flight (waiting for it if need be), or fail on its invalid record. */
      const writeOldest = Effect.gen(function* () {
        const staged = yield* Effect.promise(() => inFlight.shift()!)
        if ("invalid" in staged) {
          return yield* new InputError({ file: shown, reason: `invalid JSON in record ${staged.invalid.index}: ${staged.reason}`, offset: staged.invalid.offset })
        }
        const batch = staged.batch
        decoded += batch.decoded
        yield* segments.write(batch)
        // Not once the whole file is read: the rest is the last segment, handed over as such at the end.
        if (segments.bytes() >= segmentBytes && bytes < size) yield* onSegment(yield* segments.roll, false)
      })
      const drain = Effect.whileLoop({ while: () => inFlight.length > 0, body: () => writeOldest, step: () => {} })

      /** Stage a batch: hand it to a worker (waiting for room), or stage it here while none has started. */
      const stage = (spans: RecordSpans) =>
        Effect.gen(function* () {
          while (pool !== null && pool.started > 0) {
            const submitted = pool.trySubmit(spans, IN_FLIGHT_PER_WORKER)
            if (submitted !== null) {
              inFlight.push(handled(submitted.then(fromWorker)))
              return
            }
            yield* writeOldest
          }
          // Staged here, into the stager's reused buffers: written at once, after every batch before it.
          yield* drain
          inFlight.push(Promise.resolve<Staged>(stager.spans(spans)))
          yield* writeOldest
          recycle(spans.buffer.buffer as ArrayBuffer)
        })

      const read = (): Promise<Buffer> => {
        const chunk = spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES)
        return handled(opened.read(chunk).then((n) => chunk.subarray(0, n)))
      }
      const readNext = (pending: Promise<Buffer>) => Effect.tryPromise({ try: () => pending, catch: (e) => (e instanceof InputError ? e : describeOpenError(input, e as NodeJS.ErrnoException)) })

      let next = read()
      for (;;) {
        const chunk = yield* readNext(next)
        if (chunk.length === 0) break
        next = read() // the next read runs while this chunk is split and staged
        hash.update(chunk)
        const split = splitter.pushBounds(chunk)
        if (Either.isLeft(split)) {
          // Records before the error come first: one of them may not be JSON.
          yield* drain
          return yield* new InputError({ file: shown, reason: split.left.reason, offset: split.left.offset })
        }
        bytes += chunk.length
        const found = split.right
        if (found.head !== null) {
          const head = found.head
          yield* stage({ buffer: head, starts: [0], ends: [head.length], firstIndex: found.firstIndex, baseOffset: found.headOffset })
        }
        if (found.starts.length > 0) {
          yield* stage({ buffer: chunk, starts: found.starts, ends: found.ends, firstIndex: found.firstIndex + (found.head === null ? 0 : 1), baseOffset: found.chunkOffset })
        }
        onProgress(bytes, splitter.records)
        while (inFlight.length >= maxInFlight) yield* writeOldest
      }
      const last = splitter.finish?.() ?? null
      if (last !== null && last.head !== null) {
        yield* stage({ buffer: last.head, starts: [0], ends: [last.head.length], firstIndex: last.firstIndex, baseOffset: last.headOffset })
      }
      yield* drain
      const ended = splitter.end()
      if (Either.isLeft(ended)) return yield* new InputError({ file: shown, reason: ended.left.reason, offset: ended.left.offset })
      if (segments.bytes() > 0 || segments.closed.length === 0) yield* onSegment(yield* segments.roll, true)
      return { records: ended.right, decoded, bytes, sha256: hash.digest("hex"), segments: segments.closed }
    })
  )
