/**
 * Run a pipeline on a lakehouse in an object store. DuckDB works on local
 * files, so the run works on a local cache lakehouse wrapped in the remote
 * protocol: take the lease on `_lock` (exit 5 while another run holds it),
 * roll forward a commit a crash interrupted, delete garbage past its
 * retention, pull what the run reads into the cache, run the pipeline there
 * as on any local lakehouse, then push and commit what it published. The
 * pipeline code knows nothing of the store.
 *
 * Outcomes: the store unreachable or failing is a failed run (`StorageError`,
 * exit 4) with nothing of it visible; a lease held by another run, or a
 * pointer another writer moved during the run, is a busy lakehouse (exit 5).
 *
 * @example
 * ```ts
 * const outcome = yield* runOnObjectStore(pipeline, run, { cache: "/var/cache/lakegate/lake" }).pipe(
 *   Effect.provide(Layer.mergeAll(azureBlobStoreLayer({ container: "lake", prefix: "prod", connectionString }), DuckLive, NodeContext.layer))
 * )
 * ```
 */
import type { FileSystem, Path } from "@effect/platform"
import { Clock, Effect } from "effect"
import type { Duck } from "../engine/Duck.ts"
import { lakehouseLayer } from "../lakehouse/Lakehouse.ts"
import type { LayerOutcome } from "../report/RunReport.ts"
import type { Pipeline } from "../pipeline/Pipeline.ts"
import { runPipeline, type PipelineOptions, type RunOutcome } from "../pipeline/runPipeline.ts"
import type { Run } from "../run/Run.ts"
import { TOOL_VERSION } from "../run/version.ts"
import { ObjectStore, StorageError } from "./ObjectStore.ts"
import { collectGarbage, rollForward, type CommitStep } from "./remoteCommit.ts"
import { holdRemoteLock, LEASE_SECONDS } from "./remoteLock.ts"
import { pullCache } from "./pullCache.ts"
import { pushRun } from "./pushRun.ts"

/** Garbage (replaced or orphaned data files) is deleted this long after it was recorded: a reader that resolved a pointer before has this long to read. */
export const GARBAGE_RETENTION_MS = 60 * 60 * 1000

/** Options of a run on an object store. */
export interface ObjectStoreRunOptions {
  /** The local cache lakehouse (a folder, kept between runs: files already there are not downloaded again). */
  readonly cache: string
  readonly pipeline?: PipelineOptions
  /** The lease's duration in seconds (15 to 60; default: the store's own `leaseSeconds`, else 60). */
  readonly leaseSeconds?: number
  readonly garbageRetentionMs?: number
  /** Called at each step of the push (for fault injection in tests). */
  readonly onStep?: (step: CommitStep | "uploaded-one" | "pulled") => Effect.Effect<void>
}

const tagOf = (error: { readonly _tag: string }): string =>
  // A lease held by another run and a pointer moved by another writer are both a lakehouse in use (exit 5).
  error._tag === "LeaseHeld" || error._tag === "RemoteConflict" ? "LakehouseBusy" : error._tag

/** The outcome of a run the store stopped before it ran. */
const stoppedOutcome = (pipeline: Pipeline, run: Run, error: { readonly _tag: string; readonly message: string }, finishedAt: string): RunOutcome => ({
  reportVersion: 1,
  tool: { name: "lakegate", version: TOOL_VERSION },
  runId: run.runId,
  ingestionDate: run.ingestionDate,
  startedAt: run.startedAt,
  finishedAt,
  input: { path: run.input, bytes: 0, sha256: "", records: 0 },
  contracts: [pipeline.source.contract, pipeline.bronze, ...pipeline.silver.map((t) => t.contract)].map((c) => ({ id: c.id, version: c.version })),
  verdict: "failed",
  layers: ["bronze", "silver", ...pipeline.downstream.map((d) => d.layer)].map((layer): LayerOutcome => ({ layer, status: "not_run", reasons: [], tables: [] })),
  checks: [],
  quarantineByCheck: [],
  timings: [],
  highlights: [],
  error: { tag: tagOf(error), message: error.message }
})

/** Run `pipeline` on the lakehouse in the {@link ObjectStore}, through a local cache. Never fails: failures are in the outcome. */
export const runOnObjectStore = (
  pipeline: Pipeline,
  run: Run,
  options: ObjectStoreRunOptions
): Effect.Effect<RunOutcome, never, ObjectStore | Duck | FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const store = yield* ObjectStore
    const onStep = options.onStep ?? (() => Effect.void)
    const finishedAt = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())
    const describe = (e: { readonly _tag: string; readonly message: string }) => ({
      _tag: e._tag,
      message: e instanceof StorageError ? `${e.key}: ${e.operation}: ${e.message}` : e._tag === "LakehouseError" ? `the cache of ${store.location}: ${e.message}` : e.message
    })
    const body = Effect.gen(function* () {
      yield* holdRemoteLock(options.leaseSeconds ?? store.leaseSeconds ?? LEASE_SECONDS)
      yield* rollForward
      yield* collectGarbage(options.garbageRetentionMs ?? GARBAGE_RETENTION_MS)
      const snapshot = yield* pullCache(options.cache)
      yield* onStep("pulled")
      const outcome = yield* runPipeline(pipeline, run, options.pipeline).pipe(Effect.provide(lakehouseLayer(options.cache)))
      if (!outcome.layers.some((l) => l.status === "published")) return outcome
      const pushed = yield* Effect.either(pushRun(options.cache, run.runId, snapshot, onStep))
      if (pushed._tag === "Right") return outcome
      // Nothing of the run is visible in the store (or, for a conflict, only what the journal switched before the other writer's): it failed.
      const error = describe(pushed.left)
      return {
        ...outcome,
        verdict: "failed",
        layers: outcome.layers.map((l) => (l.status === "published" ? { ...l, status: "failed" as const } : l)),
        error: { tag: tagOf(pushed.left), message: `the run's publish could not be committed to the store: ${error.message}` },
        finishedAt: yield* finishedAt
      } satisfies RunOutcome
    })
    return yield* Effect.scoped(body).pipe(Effect.catchAll((e) => Effect.map(finishedAt, (at) => stoppedOutcome(pipeline, run, describe(e), at))))
  })
