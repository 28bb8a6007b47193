/**
 * The RunReport: everything a run found, built only from check results and
 * publish outcomes. `quality.json`, the HTML page, the JUnit file, the CI
 * summary and the exit code are renderings of it. This schema is the source of
 * truth of the report format (exported as JSON Schema in `docs/`).
 */
import { Schema } from "effect"
import { CheckResult } from "../contract/CheckResult.ts"
import { TableProfile } from "./Profile.ts"

/** Why a layer was blocked. */
export const BlockReason = Schema.Struct({ checkId: Schema.String, table: Schema.String, message: Schema.String })

/** What happened to one table in this run. */
export const TableOutcome = Schema.Struct({
  layer: Schema.String,
  table: Schema.String,
  contract: Schema.Struct({ id: Schema.String, version: Schema.String }),
  /** Records or rows that came in for this table (bronze: source records; the silver table of the records: bronze records; ...). */
  rowsIn: Schema.Number,
  /** Rows written to the table. */
  accepted: Schema.Number,
  /** Rows (or records) sent to quarantine instead. */
  quarantined: Schema.Number,
  status: Schema.Literal("published", "blocked", "not_run"),
  /** The published `_manifest.json`, when published. */
  manifestPath: Schema.NullOr(Schema.String),
  /** The staged table's column profile, computed beside its checks (absent in reports written before profiles, and for bronze). */
  profile: Schema.optional(TableProfile)
})
export type TableOutcome = typeof TableOutcome.Type

/** The gate's verdict for one layer; `failed`: the run failed while this layer was written (the run's `error` says why). */
export const LayerOutcome = Schema.Struct({
  layer: Schema.String,
  status: Schema.Literal("published", "blocked", "failed", "not_run"),
  reasons: Schema.Array(BlockReason),
  tables: Schema.Array(TableOutcome)
})
export type LayerOutcome = typeof LayerOutcome.Type

/** How much wall time a stage took. */
export const StageTiming = Schema.Struct({ stage: Schema.String, ms: Schema.Number })

/** One run's report. */
export const RunReport = Schema.Struct({
  reportVersion: Schema.Literal(1),
  tool: Schema.Struct({ name: Schema.Literal("lakegate"), version: Schema.String }),
  runId: Schema.String,
  ingestionDate: Schema.String,
  startedAt: Schema.String,
  finishedAt: Schema.String,
  input: Schema.Struct({
    path: Schema.String,
    bytes: Schema.Number,
    sha256: Schema.String,
    records: Schema.Number
  }),
  contracts: Schema.Array(Schema.Struct({ id: Schema.String, version: Schema.String })),
  failOn: Schema.Literal("error", "warn"),
  /** published: every gate passed; blocked: a gate blocked a layer; failed: the run could not complete (bad input, I/O). */
  verdict: Schema.Literal("published", "blocked", "failed"),
  exitCode: Schema.Number,
  layers: Schema.Array(LayerOutcome),
  checks: Schema.Array(CheckResult),
  /** Quarantined records per check id (a record failing two checks counts for both). */
  quarantineByCheck: Schema.Array(Schema.Struct({ checkId: Schema.String, records: Schema.Number })),
  timings: Schema.Array(StageTiming),
  /** Extra figures a stage wants to show (e.g. a top-N ranking), keyed by name. */
  highlights: Schema.Array(Schema.Struct({ title: Schema.String, columns: Schema.Array(Schema.String), rows: Schema.Array(Schema.Array(Schema.String)) })),
  /** Set when the run failed before its gates could decide. */
  error: Schema.NullOr(
    Schema.Struct({
      tag: Schema.String,
      /** The cause in one short line (the first line of the error, no raw data), as the report pages show it. */
      message: Schema.String,
      /** The full error text, when it is more than `message`: an engine error can run to kilobytes and quote input records, staging paths and reader options. */
      detail: Schema.optional(Schema.String)
    })
  )
})
export type RunReport = typeof RunReport.Type

/** `reports/<date>/quality.json`: every run of one ingestion date, newest last. */
export const DateReport = Schema.Struct({
  reportVersion: Schema.Literal(1),
  ingestionDate: Schema.String,
  /** The runId of the newest run. */
  latest: Schema.String,
  runs: Schema.Array(RunReport)
})
export type DateReport = typeof DateReport.Type
