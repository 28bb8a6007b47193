/**
 * How each check of a contract is evaluated by `check`, as a value:
 *
 * - `Scan`: it adds aggregates to the single scan (`count(*) filter (where ...)`,
 *   `min(sample, 20) filter (where ...)`, ...) and makes its result from what
 *   the scan computed;
 * - `Dataset`: it runs its own queries, as the pipeline runs it;
 * - `Done`: its result is known without SQL (it needs a column the data lacks);
 * - `NotEvaluated`: it needs another table.
 *
 * @example
 * const unit: Unit = { _tag: "NotEvaluated", checkId: "fk.reference", reason: "needs table owners" }
 */
import { Effect } from "effect"
import { MAX_SAMPLES, type CheckResult, type FailureSample } from "../contract/CheckResult.ts"
import type { TableSpec } from "../contract/Contract.ts"
import { datasetResult, sampleOf, type DatasetCheck, type DatasetCheckSpec } from "../contract/DatasetCheck.ts"
import { Duck, type DuckError, type Row } from "../engine/Duck.ts"
import type { ColumnPlan } from "./columnPlan.ts"
import type { Views } from "./views.ts"

/** What the checks run on. */
export interface CheckInputs {
  readonly contract: TableSpec
  readonly plan: ColumnPlan
  readonly views: Views
  /** The date freshness is judged against, `YYYY-MM-DD`. */
  readonly ingestionDate: string
}

/** What the single scan computed (by alias), and the key queries (each run at most once per key). */
export interface Computed {
  readonly scan: Row
  readonly total: number
  /** The rows after the first of each value of a key (see `keyGroups.ts`). */
  readonly surplus: (columns: ReadonlyArray<string>) => Effect.Effect<number, DuckError, Duck>
  /** The `group by` of a key (run only when the key has duplicates). */
  readonly group: (columns: ReadonlyArray<string>) => Effect.Effect<Row, DuckError, Duck>
}

/** How one check is evaluated. */
export type Unit =
  | {
      readonly _tag: "Scan"
      readonly spec: DatasetCheckSpec
      /**
       * Aggregates it adds to the scan, as `[alias, sql]` (an alias shared by
       * two units is computed once), given the SQL of its failure condition's
       * value (computed once per row, whatever the aggregates using it).
       */
      readonly items: (failing: string) => ReadonlyArray<readonly [string, string]>
      /** Its row-level failure condition, when it has one (it counts towards the rows flagged). */
      readonly condition: string | null
      /** The alias of its count of failing rows, when it has a row-level condition. */
      readonly rowsAlias: string | null
      readonly finish: (computed: Computed) => Effect.Effect<CheckResult, DuckError, Duck>
    }
  | { readonly _tag: "Dataset"; readonly check: DatasetCheck }
  | { readonly _tag: "Done"; readonly result: CheckResult }
  | { readonly _tag: "NotEvaluated"; readonly checkId: string; readonly reason: string }

/** A number from a query's JSON value (BIGINT and HUGEINT come as strings). */
export const num = (value: Row[string] | undefined): number => (value === null || value === undefined ? 0 : Number(value))

/** The objects of a JSON list value (a `min(struct, n)` aggregate), others dropped. */
export const structs = (value: Row[string] | undefined): ReadonlyArray<Row> =>
  Array.isArray(value) ? value.flatMap((item) => (item !== null && typeof item === "object" && !Array.isArray(item) ? [item] : [])) : []

/** The samples of a `min({'v': value, 'p': path, 's': source_id}, 20)` aggregate, with the check's message. */
export const scannedSamples = (value: Row[string] | undefined, message: string): ReadonlyArray<FailureSample> =>
  structs(value)
    .map((s) => sampleOf({ path: s["p"] ?? null, message, value: s["v"] ?? null, source_id: s["s"] ?? null }))
    .slice(0, MAX_SAMPLES)

/** A result saying the check needs columns the data does not provide (blocking, like any check that cannot be evaluated). */
export const unavailableResult = (spec: DatasetCheckSpec, columns: ReadonlyArray<string>, plan: ColumnPlan): CheckResult => {
  const why = columns.map((name) => {
    const c = plan.columns.find((p) => p.name === name)
    return c?.status === "wrong-type" ? `${name} (${c.dataType} in the data, ${c.sqlType} in the contract)` : `${name} (missing from the data)`
  })
  return { ...datasetResult(spec, { failed: 0, total: 0 }), status: "error", message: `could not evaluate: needs ${why.join(", ")}` }
}

/** The reason a check against another table is not evaluated. */
export const otherTable = (table: string): string => `needs table ${table}, which is not checked here`

/** The first failing rows of a failing-rows query (`failingRowsSql`), as samples. */
export const failingSamples = (failing: string): Effect.Effect<ReadonlyArray<FailureSample>, DuckError, Duck> =>
  Effect.flatMap(Duck, (duck) => duck.all(`select _path, _message, _value, _source_id from (${failing}) limit ${MAX_SAMPLES}`)).pipe(
    Effect.map((rows) => rows.map((row) => sampleOf({ path: row["_path"] ?? null, message: row["_message"] ?? null, value: row["_value"] ?? null, source_id: row["_source_id"] ?? null })))
  )
