/**
 * Dataset checks judge a whole staged table with SQL. The standard ones (keys,
 * required columns, references, Parquet columns) are derived from a table
 * contract; contracts may add their own.
 */
import { Effect } from "effect"
import { Duck, type DuckError, type Row } from "../engine/Duck.ts"
import { redactData } from "../report/cause.ts"
import { MAX_SAMPLES, rateOf, type CheckResult, type FailureSample, type Severity } from "./CheckResult.ts"

/** Where a dataset check finds its staged tables: SQL relation names by table name. */
export interface DatasetContext {
  readonly layer: string
  /** The SQL relation (view over staged Parquet) of a table of this run, by table name. */
  readonly relation: (table: string) => string
  /**
   * The rows the run staged for a table of its layer alone, without the kept
   * rows that `relation` adds to them (see `TableWrite.kept`); absent where
   * nothing is kept, and then the same as `relation`.
   *
   * @example
   * const written = (context.staged ?? context.relation)("order_lines")
   */
  readonly staged?: (table: string) => string
  /**
   * The kept rows the checks see of a table of its layer (the rows `relation`
   * adds to the staged ones), or undefined where the table keeps none.
   *
   * @example
   * const kept = context.kept?.("order_lines") // undefined: relation("order_lines") is the staged rows alone
   */
  readonly kept?: (table: string) => string | undefined
  /** The run's ingestion date `YYYY-MM-DD` (freshness checks compare with it; default: today). */
  readonly ingestionDate?: string
  /**
   * The row counts of a table's last `dates` published partitions before the
   * ingestion date, oldest first (from their manifests, no data scan); absent
   * where there is no lakehouse history (`lakegate check`, contract tests).
   */
  readonly publishedRows?: (table: string, dates: number) => Effect.Effect<ReadonlyArray<PublishedRows>, { readonly message: string }>
}

/** How many rows a published partition of a table held. */
export interface PublishedRows {
  readonly date: string
  readonly rows: number
}

/** A check over one or more staged tables. */
export interface DatasetCheck {
  readonly id: string
  readonly table: string
  readonly severity: Severity
  readonly description: string
  readonly evaluate: (context: DatasetContext) => Effect.Effect<CheckResult, DuckError, Duck>
}

/** Fields shared by every dataset check's result. */
export interface DatasetCheckSpec {
  readonly id: string
  readonly layer: string
  readonly table: string
  readonly severity: Severity
  readonly description: string
}

const str = (row: Row, key: string): string | null => {
  const value = row[key]
  return value === null || value === undefined ? null : typeof value === "string" ? value : JSON.stringify(value)
}

/** A sample failing row from a query with optional `record_index, source_id, path, message, value` columns. */
export const sampleOf = (row: Row): FailureSample => {
  const index = row["record_index"]
  return {
    recordIndex: typeof index === "number" ? index : typeof index === "string" ? Number(index) : null,
    sourceId: str(row, "source_id"),
    path: str(row, "path") ?? "$",
    message: str(row, "message") ?? "",
    value: str(row, "value")
  }
}

/** Build a dataset check result from counts; `fail` when anything failed, `warn` for warn severity. */
export const datasetResult = (
  spec: DatasetCheckSpec,
  outcome: {
    readonly failed: number
    readonly total: number
    readonly observed?: Record<string, string>
    readonly samples?: ReadonlyArray<FailureSample>
    readonly message?: string
  }
): CheckResult => ({
  checkId: spec.id,
  layer: spec.layer,
  table: spec.table,
  kind: "dataset",
  severity: spec.severity,
  action: spec.severity === "error" ? "block" : "flag",
  status: outcome.failed === 0 ? "pass" : spec.severity === "error" ? "fail" : "warn",
  description: spec.description,
  failed: outcome.failed,
  total: outcome.total,
  rate: rateOf(outcome.failed, outcome.total),
  threshold: 0,
  observed: outcome.observed ?? {},
  message: outcome.message ?? (outcome.failed === 0 ? "ok" : `${outcome.failed} of ${outcome.total} rows failed`),
  samples: (outcome.samples ?? []).slice(0, MAX_SAMPLES)
})

/** The result of a check that could not be evaluated; it blocks like a failure. */
export const erroredResult = (spec: DatasetCheckSpec, error: DuckError): CheckResult => ({
  ...datasetResult(spec, { failed: 0, total: 0 }),
  status: "error",
  // The engine's text may quote a value of the data (a date it could not convert): its values are left out.
  message: `could not evaluate: ${redactData(error.message.split("\n")[0] ?? error.message)}`
})

/** Whether the engine stopped a statement for its memory pool (as opposed to an error in the check's SQL or its data). */
const isOutOfMemory = (error: DuckError): boolean => /Out of Memory Error/i.test(error.message)

/**
 * Run `effect` with the engine on one thread, then give it back its threads.
 * Each thread holds its own share of a query's hash tables and buffers, so a
 * statement that ran out of the pool on several threads often fits on one.
 */
const onOneThread = <A>(effect: Effect.Effect<A, DuckError, Duck>): Effect.Effect<A, DuckError, Duck> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const rows = yield* duck.all("select current_setting('threads')::BIGINT as threads")
    const threads = Number(rows[0]?.["threads"] ?? 1)
    yield* duck.run("set threads = 1")
    return yield* effect.pipe(Effect.ensuring(duck.run(`set threads = ${threads}`).pipe(Effect.ignore)))
  })

/**
 * A check with its own evaluation; a SQL error becomes an `error` result
 * (it blocks, and the report says why) instead of failing the run. A check
 * that ran out of the engine's memory pool is evaluated once more on one
 * thread before it counts as not evaluated; its result then says so in
 * `observed.evaluated_on`.
 */
export const customDatasetCheck = (
  spec: DatasetCheckSpec,
  evaluate: (context: DatasetContext) => Effect.Effect<CheckResult, DuckError, Duck>
): DatasetCheck => ({
  id: spec.id,
  table: spec.table,
  severity: spec.severity,
  description: spec.description,
  evaluate: (context) =>
    evaluate(context).pipe(
      Effect.catchTag("DuckError", (error) =>
        isOutOfMemory(error)
          ? onOneThread(evaluate(context)).pipe(Effect.map((result): CheckResult => ({ ...result, observed: { ...result.observed, evaluated_on: "one thread, after running out of memory on more" } })))
          : Effect.fail(error)
      ),
      Effect.catchTag("DuckError", (error) => Effect.succeed(erroredResult(spec, error)))
    )
})

/**
 * A check defined by two SQL queries: the failing rows (with optional sample
 * columns) and the total row count (`select count(*) as n ...`).
 */
export const sqlDatasetCheck = (
  spec: DatasetCheckSpec,
  queries: (context: DatasetContext) => { readonly failing: string; readonly total: string; readonly message?: (failed: number) => string }
): DatasetCheck =>
  customDatasetCheck(spec, (context) =>
    Effect.gen(function* () {
      const duck = yield* Duck
      const q = queries(context)
      const counted = yield* duck.all(`select count(*) as n from (${q.failing})`)
      const failed = Number(counted[0]?.["n"] ?? 0)
      const totalRows = yield* duck.all(q.total)
      const total = Number(totalRows[0]?.["n"] ?? 0)
      const samples = failed === 0 ? [] : yield* duck.all(`${q.failing} limit ${MAX_SAMPLES}`)
      return datasetResult(spec, {
        failed,
        total,
        samples: samples.map(sampleOf),
        ...(q.message && failed > 0 ? { message: q.message(failed) } : {})
      })
    })
  )
