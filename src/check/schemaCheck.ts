/**
 * `schema.columns` for data checked in place: every contract column is in
 * the data (by name, case-insensitively), of a type that reads as the
 * contract's without loss, and every present value is of that type. It
 * counts columns (failed = contract columns with a problem, total = contract
 * columns); how many values of each column do not type is in `observed`,
 * and samples show them. Columns the contract does not name are allowed.
 *
 * @example
 * schemaResult("orders", plan, { amount: 3 }, 1000, samples)
 * // status fail, message "amount: 3 of 1000 values are not DECIMAL(18,2)"
 */
import { MAX_SAMPLES, type CheckResult, type FailureSample } from "../contract/CheckResult.ts"
import { datasetResult, type DatasetCheckSpec } from "../contract/DatasetCheck.ts"
import { typeFailure, type ColumnPlan } from "./columnPlan.ts"
import { rawColumn } from "./views.ts"
import { sqlIdent } from "../engine/Duck.ts"

/** The check's id: the same as the pipeline's check of staged columns. */
export const SCHEMA_CHECK_ID = "schema.columns"

/** The layer every result of `check` is reported under. */
export const CHECK_LAYER = "check"

const spec = (table: string): DatasetCheckSpec => ({
  id: SCHEMA_CHECK_ID,
  layer: CHECK_LAYER,
  table,
  severity: "error",
  description: "The data has every column of the contract, each of a type that reads as the contract's without loss, and every value of it is of that type."
})

/** The condition of a type failure of each contract column, by column index, over the scan view aliased `t`. */
export const typeFailures = (plan: ColumnPlan): ReadonlyArray<{ readonly index: number; readonly name: string; readonly condition: string }> =>
  plan.columns.flatMap((c, index) => {
    const condition = typeFailure(c, `t.${rawColumn(index)}`, `t.${sqlIdent(c.name)}`)
    return condition === null ? [] : [{ index, name: c.name, condition }]
  })

/**
 * The scan's aggregates of each judged column, given the SQL of its failure
 * condition's value: its values that do not type, and the first of them (as read).
 */
export const typeFailureItems = (
  plan: ColumnPlan
): ReadonlyArray<{ readonly name: string; readonly condition: string; readonly count: string; readonly samples: string; readonly items: (failing: string) => ReadonlyArray<readonly [string, string]> }> =>
  typeFailures(plan).map((f) => ({
    name: f.name,
    condition: f.condition,
    count: `tf${f.index}`,
    samples: `tf${f.index}_samples`,
    items: (failing) => [
      [`tf${f.index}`, `count(*) filter (where ${failing})`],
      [`tf${f.index}_samples`, `min(case when ${failing} then t.${rawColumn(f.index)}::varchar end, ${MAX_SAMPLES}) filter (where ${failing})`]
    ]
  }))

/** Samples of the values that do not type, shared fairly within {@link MAX_SAMPLES} by the columns that have some. */
export const typeFailureSamples = (plan: ColumnPlan, values: Readonly<Record<string, ReadonlyArray<string>>>): ReadonlyArray<FailureSample> => {
  const failing = plan.columns.filter((c) => (values[c.name] ?? []).length > 0)
  const room = MAX_SAMPLES - plan.columns.filter((c) => c.status !== "ok").length
  const each = failing.length === 0 ? 0 : Math.max(1, Math.floor(room / failing.length))
  return failing.flatMap((c) => (values[c.name] ?? []).slice(0, each).map((value) => ({ recordIndex: null, sourceId: null, path: c.name, message: `not a ${c.sqlType}`, value })))
}

/**
 * The result of `schema.columns`, from the plan, the count of values that
 * do not type per column, the rows, and the samples of those values.
 */
export const schemaResult = (
  table: string,
  plan: ColumnPlan,
  failures: Readonly<Record<string, number>>,
  rows: number,
  valueSamples: ReadonlyArray<FailureSample>
): CheckResult => {
  const missing = plan.columns.filter((c) => c.status === "missing")
  const wrong = plan.columns.flatMap((c) => (c.status === "wrong-type" ? [c] : []))
  const untyped = plan.columns.flatMap((c) => ((failures[c.name] ?? 0) > 0 ? [{ name: c.name, sqlType: c.sqlType, n: failures[c.name] ?? 0 }] : []))
  const failed = missing.length + wrong.length + untyped.length
  const parts = [
    missing.length === 0 ? null : `missing column${missing.length === 1 ? "" : "s"} ${missing.map((c) => c.name).join(", ")}`,
    ...wrong.map((c) => `${c.name} is ${c.dataType}, the contract says ${c.sqlType}`),
    ...untyped.map((c) => `${c.name}: ${c.n} of ${rows} values are not ${c.sqlType}`)
  ].filter((p) => p !== null)
  const samples: Array<FailureSample> = [
    ...missing.map((c) => ({ recordIndex: null, sourceId: null, path: c.name, message: "missing column", value: null })),
    ...wrong.map((c) => ({ recordIndex: null, sourceId: null, path: c.name, message: `is ${c.dataType}, the contract says ${c.sqlType}`, value: null })),
    ...valueSamples
  ]
  return datasetResult(spec(table), {
    failed,
    total: plan.columns.length,
    observed: {
      expected: plan.columns.map((c) => `${c.name} ${c.sqlType}`).join(", "),
      actual: [...plan.columns.flatMap((c) => (c.status === "missing" ? [] : [`${c.source} ${c.dataType}`])), ...plan.extra.map((c) => `${c.name} ${c.type}`)].join(", "),
      ...(missing.length === 0 ? {} : { missing: missing.map((c) => c.name).join(", ") }),
      ...(wrong.length === 0 ? {} : { wrong_type: wrong.map((c) => `${c.name} (${c.dataType})`).join(", ") }),
      ...(plan.extra.length === 0 ? {} : { extra: plan.extra.map((c) => c.name).join(", ") }),
      ...Object.fromEntries(untyped.map((c) => [`untyped.${c.name}`, `${c.n} of ${rows} rows`]))
    },
    samples: samples.slice(0, MAX_SAMPLES),
    message: failed === 0 ? "every contract column is present and typed" : parts.join("; ")
  })
}

