/**
 * Run a pipeline: source → bronze → silver (→ gold), every write gated.
 * Returns what happened whatever happens; the CLI turns it into a RunReport
 * with an exit code (`--fail-on` is the CLI's) and renders it.
 *
 * @example
 * import { runPipeline, makeRun } from "lakegate"
 * const outcome = yield* runPipeline(myPipeline, makeRun("data/orders.ndjson", "2026-12-01", new Date(), "a1b2c3"))
 */
import { Cause, Clock, Effect } from "effect"
import { join } from "node:path"
import type { CheckResult } from "../contract/CheckResult.ts"
import { withLineLimit } from "../engine/csv.ts"
import { Duck, scalar } from "../engine/Duck.ts"
import { Lakehouse, makeDirectories } from "../lakehouse/Lakehouse.ts"
import { holdLakehouse } from "../lakehouse/RunLock.ts"
import { formatInt } from "../report/format.ts"
import type { LayerOutcome, RunReport } from "../report/RunReport.ts"
import { bronzeSegment, stageBronze, writeBronze } from "../stages/ingest/bronze.ts"
import { startSegmentLoader } from "../stages/ingest/segmentLoader.ts"
import { landSource, type LandedSource, type ProgressListener } from "../stages/ingest/landSource.ts"
import type { SourceModule } from "../stages/ingest/parallel/protocol.ts"
import { landingInput } from "../stages/ingest/tabularSource.ts"
import { refine } from "../stages/refine/refine.ts"
import { createWorkingTables, loadWorkingSegment } from "../stages/refine/working.ts"
import type { Run } from "../run/Run.ts"
import { TOOL_VERSION } from "../run/version.ts"
import type { Pipeline } from "./Pipeline.ts"

/**
 * A stage of a run (`land`, `bronze`, `silver`, then each downstream layer)
 * starting, or finished: its verdict (a layer's status, the records landed,
 * `failed`) and its wall time. An interrupted stage does not finish.
 */
export type StageEvent =
  | { readonly _tag: "Started"; readonly stage: string }
  | { readonly _tag: "Finished"; readonly stage: string; readonly verdict: string; readonly ms: number }

/** Options of one pipeline run. */
export interface PipelineOptions {
  readonly onProgress?: ProgressListener
  /** Told when each stage starts and finishes (the CLI's progress lines). */
  readonly onStage?: (event: StageEvent) => void
  /** Bytes of input per staging segment (default: by the file's size, see `segmentBytesFor`). */
  readonly segmentBytes?: number
  /** Where staging worker threads find the pipeline (a module exporting it); without it, landing stages on its own thread. */
  readonly sourceModule?: SourceModule
}

/** A run's report before the CLI decides its exit code: everything but `failOn` and `exitCode`. */
export type RunOutcome = Omit<RunReport, "failOn" | "exitCode">

const notRun = (layer: string): LayerOutcome => ({ layer, status: "not_run", reasons: [], tables: [] })
/** The layer that was running when the run failed (an I/O error while it was written, say); the run's `error` says why. */
const failedLayer = (layer: string): LayerOutcome => ({ layer, status: "failed", reasons: [], tables: [] })

/** A layer stage's verdict: its gate's outcome. */
const layerVerdict = (result: { readonly outcome: LayerOutcome }): string => result.outcome.status

/** How much of a failed SQL statement the report keeps (the CLI prints only the message's first line). */
const SQL_EXCERPT = 400

const errorTag = (error: unknown): { tag: string; message: string } => {
  if (error !== null && typeof error === "object" && "_tag" in error) {
    const tagged = error as { _tag: string; message?: string; sql?: unknown }
    const message = tagged.message ?? String(error)
    // A failed statement (DuckError) names itself, so an engine error (e.g. out of memory) can be traced to its step.
    const statement = typeof tagged.sql === "string" ? tagged.sql.replace(/\s+/g, " ").trim().slice(0, SQL_EXCERPT) : ""
    return { tag: tagged._tag, message: statement === "" ? message : `${message}\n\nwhile running: ${statement}` }
  }
  return { tag: "Unknown", message: String(error) }
}

/** DuckDB's threads while the source lands (see {@link landAndLoad}). */
const LOADING_THREADS = 1

/**
 * Land the source and load it into DuckDB: each segment's bronze Parquet file
 * into the staged bronze partition, its candidate rows into refine's working
 * tables. Segments that complete while landing goes on are loaded meanwhile,
 * on one DuckDB thread (the landing thread takes the other core); the rest
 * after landing, on all of them. Done when both are.
 */
const landAndLoad = (pipeline: Pipeline, run: Run, workDir: string, options: PipelineOptions) =>
  Effect.scoped(
    Effect.gen(function* () {
      const duck = yield* Duck
      const threads = Number(yield* scalar("select current_setting('threads') as n"))
      const restoreThreads = `set threads = ${threads}`
      yield* Effect.acquireRelease(duck.run(`set threads = ${LOADING_THREADS}`), () => Effect.orDie(duck.run(restoreThreads)))
      const bronzeStaged = yield* stageBronze(run, pipeline.bronze)
      for (const sql of createWorkingTables(pipeline.source)) yield* duck.run(sql)
      const loader = yield* startSegmentLoader(
        (segment, k) => [bronzeSegment(run, bronzeStaged, segment, k), ...loadWorkingSegment(pipeline.source, segment)].map((sql) => withLineLimit(sql, segment.maxLineBytes)),
        [restoreThreads]
      )
      const landOptions = {
        ...(options.segmentBytes === undefined ? {} : { segmentBytes: options.segmentBytes }),
        ...(options.sourceModule === undefined ? {} : { sourceModule: options.sourceModule })
      }
      const input = yield* landingInput(pipeline.source.format, run.input, workDir)
      const landed = yield* landSource(pipeline.source, input, workDir, { ingestionDate: run.ingestionDate }, options.onProgress, landOptions, loader.load)
      yield* loader.finish
      return { ...landed, bronzeStaged }
    })
  )

/** Run the whole pipeline for one run. Never fails: failures become a `failed` outcome whose `error` says what went wrong. */
export const runPipeline = (pipeline: Pipeline, run: Run, options: PipelineOptions = {}): Effect.Effect<RunOutcome, never, Duck | Lakehouse> =>
  Effect.gen(function* () {
    const lakehouse = yield* Lakehouse
    const timings: Array<{ stage: string; ms: number }> = []
    const tell = (event: StageEvent) => Effect.sync(() => options.onStage?.(event))
    const timed = <A, E, R>(stage: string, effect: Effect.Effect<A, E, R>, verdict: (result: A) => string) =>
      Effect.gen(function* () {
        const start = yield* Clock.currentTimeMillis
        yield* tell({ _tag: "Started", stage })
        const result = yield* Effect.onError(effect, (cause) =>
          Cause.isInterruptedOnly(cause) ? Effect.void : Effect.flatMap(Clock.currentTimeMillis, (now) => tell({ _tag: "Finished", stage, verdict: "failed", ms: now - start }))
        )
        const ms = (yield* Clock.currentTimeMillis) - start
        timings.push({ stage, ms })
        yield* tell({ _tag: "Finished", stage, verdict: verdict(result), ms })
        return result
      })

    let landed: LandedSource | undefined
    // The layer being run, until its outcome is in `layers`: the one a failure interrupts.
    let running: string | null = null
    const layers: Array<LayerOutcome> = []
    const checks: Array<CheckResult> = []
    let quarantineByCheck: RunReport["quarantineByCheck"] = []
    const highlights: Array<RunReport["highlights"][number]> = []
    const contracts = [pipeline.source.contract, pipeline.bronze, ...pipeline.silver.map((t) => t.contract)].map((c) => ({ id: c.id, version: c.version }))

    const body = Effect.gen(function* () {
      // One run at a time per lakehouse (held until the run ends), then finish any publish a crash interrupted.
      yield* holdLakehouse(lakehouse.root, run.runId)
      yield* lakehouse.recover
      const workDir = join(lakehouse.root, ".staging", run.runId, "landing")
      yield* makeDirectories("stage", workDir)
      running = "bronze"
      const land = timed("land", landAndLoad(pipeline, run, workDir, options), (l) => `${formatInt(l.records)} record${l.records === 1 ? "" : "s"}`)
      const { bronzeStaged, ...source } = yield* land
      landed = source
      const bronze = yield* timed("bronze", writeBronze(run, pipeline.bronze, landed, bronzeStaged), layerVerdict)
      layers.push(bronze.outcome)
      checks.push(...bronze.checks)
      if (bronze.outcome.status !== "published") return
      running = "silver"
      const silver = yield* timed("silver", refine(run, pipeline.source, pipeline.silver, landed), layerVerdict)
      layers.push(silver.outcome)
      checks.push(...silver.checks)
      quarantineByCheck = silver.quarantineByCheck
      if (silver.outcome.status !== "published") return
      for (const next of pipeline.downstream) {
        running = next.layer
        const result = yield* timed(next.layer, next.run(run), layerVerdict)
        layers.push(result.outcome)
        checks.push(...result.checks)
        highlights.push(...(result.highlights ?? []))
        contracts.push(...(result.contracts ?? []).map((c) => ({ id: c.id, version: c.version })))
        if (result.outcome.status !== "published") return
      }
    })

    // The staging area goes before the lock is released. An interruption (SIGINT, SIGTERM) never cuts a publish or a
    // recovery in the middle: the renames a journal covers all happen before the run stops.
    const whole = {
      ...lakehouse,
      publish: (runId: string, staged: Parameters<typeof lakehouse.publish>[1]) => Effect.uninterruptible(lakehouse.publish(runId, staged)),
      recover: Effect.uninterruptible(lakehouse.recover)
    }
    const failure = yield* Effect.scoped(Effect.ensuring(Effect.provideService(body, Lakehouse, whole), lakehouse.discard(run.runId))).pipe(
      Effect.as(null),
      Effect.catchAll((error) => Effect.succeed(errorTag(error))),
      Effect.catchAllDefect((defect) => Effect.succeed({ tag: "Defect", message: String(defect) }))
    )
    for (const layer of ["bronze", "silver", ...pipeline.downstream.map((d) => d.layer)]) {
      if (!layers.some((l) => l.layer === layer)) layers.push(failure !== null && layer === running ? failedLayer(layer) : notRun(layer))
    }
    const blocked = layers.some((l) => l.status === "blocked")
    const finishedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
    return {
      reportVersion: 1,
      tool: { name: "lakegate", version: TOOL_VERSION },
      runId: run.runId,
      ingestionDate: run.ingestionDate,
      startedAt: run.startedAt,
      finishedAt,
      input: { path: run.input, bytes: landed?.bytes ?? 0, sha256: landed?.sha256 ?? "", records: landed?.records ?? 0 },
      contracts,
      verdict: failure !== null ? "failed" : blocked ? "blocked" : "published",
      layers,
      checks,
      quarantineByCheck,
      timings,
      highlights,
      error: failure
    } satisfies RunOutcome
  })
