/**
 * The customers pipeline run in-process on raw input bytes, as `lakegate run`
 * runs it (same `runPipeline`, same exit code from `toRunReport`), with one
 * DuckDB for many runs: the hostile corpus and the byte-mutation property run
 * hundreds of inputs in seconds this way. What each run left is read back from
 * the lakehouse's files: manifests, Parquet row counts, the gold pointer.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Layer, ManagedRuntime } from "effect"
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Duck, duckLayer, lakehouseLayer, makeRun, runPipeline, toRunReport, type RunReport } from "lakegate"
import { customersPipeline } from "../../contracts/pipeline.ts"
import { silverTables } from "../../contracts/testing/pipelineRun.ts"
import { manifestOf, partitionDir } from "./lakehouseReader.ts"

/** What one run did, as its exit code and its files tell it. */
export interface InProcessOutcome {
  readonly report: RunReport
  readonly exit: number
  /** The bronze partition of the date is published. */
  readonly bronzePublished: boolean
  /** How many of the date's silver tables have a manifest (all or none is the only right answer). */
  readonly silverManifests: number
  /** The run's id. */
  readonly runId: string
  /** The run ids the date's bronze and silver manifests name (distinct, sorted). */
  readonly manifestRunIds: ReadonlyArray<string>
  /** The run ids the date's silver manifests name (distinct, sorted): one, or none. */
  readonly silverRunIds: ReadonlyArray<string>
  /** Text of gold's `_current.json` (null when there is none). */
  readonly goldCurrent: string | null
  /** Rows: bronze, silver customers (accepted), distinct quarantined records; null when not published. */
  readonly rows: { readonly bronze: number; readonly accepted: number; readonly quarantined: number } | null
  /** Quarantined check ids, distinct, sorted. */
  readonly quarantinedChecks: ReadonlyArray<string>
  /** Each quarantined record's index with its check ids, sorted. */
  readonly quarantinedByRecord: ReadonlyMap<number, ReadonlyArray<string>>
  /** What the CLI would print as the error line (the report error's message), or "". */
  readonly errorText: string
}

/** One DuckDB for many runs (every working table is `create or replace`d by a run). */
export const makeInProcessRunner = (options: { readonly withGold?: boolean } = {}) => {
  const runtime = ManagedRuntime.make(duckLayer({ threads: 1, memoryLimit: "256MB" }))
  const pipeline = options.withGold === true ? customersPipeline : { ...customersPipeline, downstream: [] }
  let n = 0

  const counted = (sql: string) => Effect.map(Effect.flatMap(Duck, (duck) => duck.all(sql)), (rows) => Number(rows[0]?.["n"] ?? 0))

  const parquet = (lakehouse: string, layer: string, table: string, date: string) =>
    `read_parquet('${partitionDir(lakehouse, layer, table, date)}/*.parquet', hive_partitioning = false)`

  /** Run the pipeline on `bytes` (written to a file beside `lakehouse`) for `date`, and read back what it left. */
  const run = async (lakehouse: string, bytes: Uint8Array, date: string): Promise<InProcessOutcome> => {
    n += 1
    const input = join(lakehouse, "..", `input-${n}.json`)
    writeFileSync(input, bytes)
    const program = Effect.gen(function* () {
      const { runId, ...rest } = makeRun(input, date, new Date(`${date}T06:00:00.000Z`), `r${n.toString(16).padStart(5, "0")}`)
      const outcome = yield* runPipeline(pipeline, { runId, ...rest })
      const report = toRunReport(outcome, "error")
      const bronzePublished = manifestOf(lakehouse, "bronze", "customers_raw", date) !== undefined
      const silverManifests = silverTables.filter((t) => manifestOf(lakehouse, "silver", t, date) !== undefined).length
      const rows =
        bronzePublished && silverManifests === silverTables.length
          ? {
              bronze: yield* counted(`select count(*) as n from ${parquet(lakehouse, "bronze", "customers_raw", date)}`),
              accepted: yield* counted(`select count(*) as n from ${parquet(lakehouse, "silver", "customers", date)}`),
              quarantined: yield* counted(`select count(distinct _record_index) as n from ${parquet(lakehouse, "silver", "quarantine", date)}`)
            }
          : null
      const byRecord =
        rows === null
          ? []
          : yield* Effect.flatMap(Duck, (duck) =>
              duck.all(`select _record_index as i, string_agg(distinct check_id, ',' order by check_id) as c from ${parquet(lakehouse, "silver", "quarantine", date)} group by 1`)
            )
      const quarantinedByRecord = new Map(byRecord.map((r) => [Number(r["i"]), String(r["c"]).split(",")] as const))
      const checks = [...new Set([...quarantinedByRecord.values()].flat())].sort()
      const silver = silverTables.map((t) => manifestOf(lakehouse, "silver", t, date))
      const manifests = [manifestOf(lakehouse, "bronze", "customers_raw", date), ...silver]
      const runIds = (ms: ReadonlyArray<{ readonly runId: string } | undefined>) => [...new Set(ms.flatMap((m) => (m === undefined ? [] : [m.runId])))].sort()
      return {
        report,
        runId,
        manifestRunIds: runIds(manifests),
        silverRunIds: runIds(silver),
        exit: report.exitCode,
        bronzePublished,
        silverManifests,
        goldCurrent: goldCurrentOf(lakehouse),
        rows,
        quarantinedChecks: checks,
        quarantinedByRecord,
        errorText: report.error === null ? "" : `${report.error.message}\n${report.error.detail ?? ""}`
      } satisfies InProcessOutcome
    })
    return runtime.runPromise(program.pipe(Effect.provide(lakehouseLayer(lakehouse).pipe(Layer.provide(NodeContext.layer)))) as Effect.Effect<InProcessOutcome, unknown, Duck>)
  }

  return { run, dispose: () => runtime.dispose() }
}

/** Text of a lakehouse's gold `_current.json`, or null when there is none. */
export const goldCurrentOf = (lakehouse: string): string | null => {
  const file = join(lakehouse, "gold", "_current.json")
  return existsSync(file) ? readFileSync(file, "utf8") : null
}

/** Internal failure text that must never reach a user: stack frames, JS error classes. */
export const STACK_TRACE = /\n\s+at |\bat .+\.(?:m?js|ts):\d+|RangeError|TypeError|ReferenceError|Maximum call stack/

/** Names of what a lakehouse holds at its top (for "nothing left behind" assertions). */
export const topLevel = (lakehouse: string): ReadonlyArray<string> => (existsSync(lakehouse) ? readdirSync(lakehouse).sort() : [])
