/**
 * The pipeline: source → bronze → silver (→ gold), every write gated. Returns
 * the RunReport whatever happens; the CLI renders it and exits with its code.
 */
import { Clock, Effect } from "effect"
import { mkdir } from "node:fs/promises"
import { join } from "node:path"
import { bronzeCustomersRaw, silverContracts, sourceCustomers } from "../../contracts/index.ts"
import type { CheckResult } from "../contract/CheckResult.ts"
import { Duck, scalar } from "../engine/Duck.ts"
import { Lakehouse } from "../lakehouse/Lakehouse.ts"
import { holdLakehouse } from "../lakehouse/RunLock.ts"
import type { LayerOutcome, RunReport } from "../report/RunReport.ts"
import { bronzeSegment, stageBronze, writeBronze } from "../stages/ingest/bronze.ts"
import { startSegmentLoader } from "../stages/ingest/segmentLoader.ts"
import { createCandidateTables, loadCandidateSegment } from "../stages/refine/candidates.ts"
import { landSource, type LandedSource, type ProgressListener } from "../stages/ingest/landSource.ts"
import { refine } from "../stages/refine/refine.ts"
import { ExitCode, exitCodeOf, type FailOn } from "./exitCode.ts"
import type { Run } from "./Run.ts"
import { TOOL_VERSION } from "./version.ts"

/** Options of one pipeline run. */
export interface PipelineOptions {
  readonly failOn: FailOn
  readonly onProgress?: ProgressListener
  /** Bytes of input per staging segment (default: by the file's size, see `segmentBytesFor`). */
  readonly segmentBytes?: number
  /** Extra layers after silver (gold), given the silver result; kept pluggable so tests can run silver alone. */
  readonly downstream?: ReadonlyArray<Downstream>
}

/** A layer that runs after silver was published. */
export interface Downstream {
  readonly layer: string
  readonly run: (run: Run) => Effect.Effect<DownstreamResult, unknown, Duck | Lakehouse>
}

/** What a downstream layer reports. */
export interface DownstreamResult {
  readonly outcome: LayerOutcome
  readonly checks: ReadonlyArray<CheckResult>
  readonly highlights?: RunReport["highlights"]
  readonly contracts?: ReadonlyArray<{ readonly id: string; readonly version: string }>
}

const notRun = (layer: string): LayerOutcome => ({ layer, status: "not_run", reasons: [], tables: [] })

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
const landAndLoad = (run: Run, workDir: string, options: PipelineOptions) =>
  Effect.scoped(
    Effect.gen(function* () {
      const duck = yield* Duck
      const threads = Number(yield* scalar("select current_setting('threads') as n"))
      const restoreThreads = `set threads = ${threads}`
      yield* Effect.acquireRelease(duck.run(`set threads = ${LOADING_THREADS}`), () => Effect.orDie(duck.run(restoreThreads)))
      const bronzeStaged = yield* stageBronze(run)
      for (const sql of createCandidateTables()) yield* duck.run(sql)
      const loader = yield* startSegmentLoader((segment, k) => [bronzeSegment(run, bronzeStaged, segment, k), ...loadCandidateSegment(segment)], [restoreThreads])
      const segmentBytes = options.segmentBytes === undefined ? {} : { segmentBytes: options.segmentBytes }
      const landed = yield* landSource(run.input, workDir, { ingestionDate: run.ingestionDate }, options.onProgress, segmentBytes, loader.load)
      yield* loader.finish
      return { ...landed, bronzeStaged }
    })
  )

/** Run the whole pipeline for one run. Never fails: failures become a `failed` report with exit code 3 or 4. */
export const runPipeline = (run: Run, options: PipelineOptions): Effect.Effect<RunReport, never, Duck | Lakehouse> =>
  Effect.gen(function* () {
    const lakehouse = yield* Lakehouse
    const timings: Array<{ stage: string; ms: number }> = []
    const timed = <A, E, R>(stage: string, effect: Effect.Effect<A, E, R>) =>
      Effect.gen(function* () {
        const start = yield* Clock.currentTimeMillis
        const result = yield* effect
        timings.push({ stage, ms: (yield* Clock.currentTimeMillis) - start })
        return result
      })

    let landed: LandedSource | undefined
    const layers: Array<LayerOutcome> = []
    const checks: Array<CheckResult> = []
    let quarantineByCheck: RunReport["quarantineByCheck"] = []
    const highlights: Array<RunReport["highlights"][number]> = []
    const contracts = [sourceCustomers, bronzeCustomersRaw, ...silverContracts].map((c) => ({ id: c.id, version: c.version }))

    const body = Effect.gen(function* () {
      // One run at a time per lakehouse (held until the run ends), then finish any publish a crash interrupted.
      yield* holdLakehouse(lakehouse.root, run.runId)
      yield* lakehouse.recover
      const workDir = join(lakehouse.root, ".staging", run.runId, "landing")
      yield* Effect.promise(() => mkdir(workDir, { recursive: true }))
      const land = timed("land", landAndLoad(run, workDir, options))
      const { bronzeStaged, ...source } = yield* land
      landed = source
      const bronze = yield* timed("bronze", writeBronze(run, landed, bronzeStaged))
      layers.push(bronze.outcome)
      checks.push(...bronze.checks)
      if (bronze.outcome.status !== "published") return
      const silver = yield* timed("silver", refine(run, landed))
      layers.push(silver.outcome)
      checks.push(...silver.checks)
      quarantineByCheck = silver.quarantineByCheck
      if (silver.outcome.status !== "published") return
      for (const next of options.downstream ?? []) {
        const result = yield* timed(next.layer, next.run(run))
        layers.push(result.outcome)
        checks.push(...result.checks)
        highlights.push(...(result.highlights ?? []))
        contracts.push(...(result.contracts ?? []).map((c) => ({ id: c.id, version: c.version })))
        if (result.outcome.status !== "published") return
      }
    })

    // The staging area goes before the lock is released.
    const failure = yield* Effect.scoped(Effect.ensuring(body, lakehouse.discard(run.runId))).pipe(
      Effect.as(null),
      Effect.catchAll((error) => Effect.succeed(errorTag(error))),
      Effect.catchAllDefect((defect) => Effect.succeed({ tag: "Defect", message: String(defect) }))
    )
    for (const layer of ["bronze", "silver", ...(options.downstream ?? []).map((d) => d.layer)]) {
      if (!layers.some((l) => l.layer === layer)) layers.push(notRun(layer))
    }
    const blocked = layers.some((l) => l.status === "blocked")
    const warnings = checks.filter((c) => c.status === "warn").length
    const exitCode = failure === null ? exitCodeOf({ blocked, warnings, failOn: options.failOn }) : failure.tag === "InputError" ? ExitCode.input : failure.tag === "LakehouseBusy" ? ExitCode.busy : ExitCode.internal
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
      failOn: options.failOn,
      verdict: failure !== null ? "failed" : blocked ? "blocked" : "published",
      exitCode,
      layers,
      checks,
      quarantineByCheck,
      timings,
      highlights,
      error: failure
    } satisfies RunReport
  })
