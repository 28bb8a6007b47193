/**
 * How `check` evaluates a vocabulary check (`check.range(...)` and the rest):
 * row-level rules and row counts, freshness and uniqueness inside the single
 * scan, with their samples; custom SQL, row predicates and checks within the
 * table with their own queries, as the pipeline runs them; checks against
 * other tables not at all. Each result is the one `toDatasetCheck` gives.
 *
 * @example
 * const unit = vocabularyUnit(check.range("amount", { min: "0.01" }), 0, inputs, target, available)
 * unit._tag // "Scan"
 */
import { Effect } from "effect"
import { ruleColumns, type Check } from "../checks/Check.ts"
import { failingRowsSql, thresholdedResult, toDatasetCheck, type CheckTarget } from "../checks/evaluate.ts"
import { MAX_SAMPLES, type FailureSample } from "../contract/CheckResult.ts"
import type { DatasetCheckSpec } from "../contract/DatasetCheck.ts"
import { severityOf } from "../contract/Threshold.ts"
import { sqlIdent, sqlString } from "../engine/Duck.ts"
import { duplicates, keyText } from "./keyGroups.ts"
import { rowFailure, rowSampleFields } from "./rowConditions.ts"
import { CHECK_LAYER } from "./schemaCheck.ts"
import { failingSamples, num, otherTable, scannedSamples, unavailableResult, type CheckInputs, type Unit } from "./units.ts"

/** The spec a vocabulary check's dataset check has (see `toDatasetCheck`), under the `check` layer. */
export const vocabularySpec = (c: Check, table: string): DatasetCheckSpec => ({
  id: c.id,
  layer: CHECK_LAYER,
  table,
  severity: severityOf(c.thresholds),
  description: c.description
})

/** A row-level rule: its failing rows counted in the scan, its first failing rows kept as samples. */
const rowUnit = (c: Check, alias: string, target: CheckTarget, spec: DatasetCheckSpec): Unit | null => {
  const condition = rowFailure(c.rule, "t")
  const fields = rowSampleFields(c.rule, "t")
  if (condition === null || fields === null) return null
  const source = target.key.length === 0 ? "NULL::varchar" : keyText(target.key)
  return {
    _tag: "Scan",
    spec,
    items: (failing) => [
      [alias, `count(*) filter (where ${failing})`],
      // The sample is built only for failing rows (an aggregate's argument is otherwise computed for every row).
      [`${alias}_samples`, `min(case when ${failing} then {'v': ${fields.value}, 'p': ${fields.path}, 's': ${source}} end, ${MAX_SAMPLES}) filter (where ${failing})`],
      [`${alias}_message`, `${fields.message}::varchar`]
    ],
    condition,
    rowsAlias: alias,
    finish: ({ scan, total }) =>
      Effect.succeed(thresholdedResult(c, target, { failed: num(scan[alias]), total, samples: scannedSamples(scan[`${alias}_samples`], String(scan[`${alias}_message`] ?? "")) }))
  }
}

/** `check.unique`: rows after the first of each key value; a `group by` only when there are some. */
const uniqueUnit = (c: Check, columns: ReadonlyArray<string>, target: CheckTarget, spec: DatasetCheckSpec): Unit => ({
  _tag: "Scan",
  spec,
  items: () => [],
  condition: null,
  rowsAlias: null,
  finish: ({ total, surplus, group }) =>
    Effect.gen(function* () {
      if ((yield* surplus(columns)) === 0) return thresholdedResult(c, target, { failed: 0, total, samples: [] })
      const found = yield* group(columns)
      const failed = num(found["surplus"])
      const onKey = target.key.length === 0 || (columns.length === target.key.length && columns.every((col, i) => col === target.key[i]))
      if (!onKey) {
        // The samples name each row by the table's key, which the group by does not have: the failing rows' query does.
        const failing = failingRowsSql(c, target, sqlIdent)
        return thresholdedResult(c, target, { failed, total, samples: failing === null ? [] : yield* failingSamples(failing) })
      }
      const samples: Array<FailureSample> = []
      for (const d of duplicates(found, "keyed")) {
        for (let k = 1; k < d.n && samples.length < MAX_SAMPLES; k++) {
          samples.push({ recordIndex: null, sourceId: target.key.length === 0 ? null : d.v, path: columns.join(","), message: "duplicate key", value: d.v })
        }
      }
      return thresholdedResult(c, target, { failed, total, samples })
    })
})

/** A unit for each vocabulary check; `i` is the check's position (for aliases). */
export const vocabularyUnit = (c: Check, i: number, inputs: CheckInputs, target: CheckTarget, available: ReadonlySet<string>): Unit => {
  const spec = vocabularySpec(c, target.table)
  const missing = [...new Set(ruleColumns(c.rule))].filter((col) => !available.has(col))
  if (missing.length > 0) return { _tag: "Done", result: unavailableResult(spec, missing, inputs.plan) }
  const own = inputs.contract.table
  const alias = `v${i}`
  const row = rowUnit(c, alias, target, spec)
  if (row !== null) return row
  const rule = c.rule
  switch (rule._tag) {
    case "RowCount":
      return {
        _tag: "Scan",
        spec,
        items: () => [],
        condition: null,
        rowsAlias: null,
        finish: ({ total }) => {
          const { min, max } = rule
          return Effect.succeed(
            thresholdedResult(c, target, {
              failed: (min !== undefined && total < min) || (max !== undefined && total > max) ? 1 : 0,
              total: 1,
              observed: { rows: String(total), ...(min === undefined ? {} : { min: String(min) }), ...(max === undefined ? {} : { max: String(max) }) },
              message: `${total} rows (expected ${min ?? 0}${max === undefined ? " or more" : `..${max}`})`
            })
          )
        }
      }
    case "Freshness": {
      const { column, maxAgeDays } = rule
      return {
        _tag: "Scan",
        spec,
        items: () => [
          [`${alias}_latest`, `max(t.${sqlIdent(column)})::date::varchar`],
          [`${alias}_oldest`, `(date ${sqlString(inputs.ingestionDate)} - interval ${maxAgeDays} day)::date::varchar`]
        ],
        condition: null,
        rowsAlias: null,
        finish: ({ scan }) => {
          const latest = scan[`${alias}_latest`]
          const oldest = String(scan[`${alias}_oldest`] ?? "")
          const stale = latest === null || latest === undefined || String(latest) < oldest
          return Effect.succeed(
            thresholdedResult(c, target, {
              failed: stale ? 1 : 0,
              total: 1,
              observed: { latest: latest === null || latest === undefined ? "none" : String(latest), oldest_allowed: oldest },
              message: stale ? `latest ${column} is ${latest ?? "missing"}, older than ${oldest}` : `latest ${column} is ${String(latest)}`
            })
          )
        }
      }
    }
    case "Unique":
      return uniqueUnit(c, rule.columns, target, spec)
    case "References":
    case "SumReconciles":
      return rule.table === own ? { _tag: "Dataset", check: toDatasetCheck(c, target) } : { _tag: "NotEvaluated", checkId: c.id, reason: otherTable(rule.table) }
    default:
      return { _tag: "Dataset", check: toDatasetCheck(c, target) }
  }
}
