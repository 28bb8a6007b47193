/**
 * How `check` evaluates the standard checks a contract's declaration implies
 * (`key.unique`, `not_null`, `fk.reference`), with the results `tableChecks`
 * gives: the key and the required columns inside the single scan, references
 * within the table with their own query, references to other tables not at all.
 *
 * @example
 * const units = standardUnits(inputs, available) // [key.unique, not_null, fk.reference...]
 */
import { Effect } from "effect"
import { MAX_SAMPLES, type FailureSample } from "../contract/CheckResult.ts"
import { datasetResult, sampleOf, type DatasetCheckSpec } from "../contract/DatasetCheck.ts"
import { tableChecks } from "../contract/standardChecks.ts"
import { sqlIdent } from "../engine/Duck.ts"
import { duplicates } from "./keyGroups.ts"
import { CHECK_LAYER } from "./schemaCheck.ts"
import { num, otherTable, unavailableResult, type CheckInputs, type Unit } from "./units.ts"

/** The standard checks' units, in `tableChecks` order. */
export const standardUnits = (inputs: CheckInputs, available: ReadonlySet<string>): ReadonlyArray<Unit> => {
  const { contract, plan } = inputs
  const table = contract.table
  // The standard checks as the pipeline builds them: their descriptions, and the reference checks themselves.
  const standard = tableChecks({ ...contract, layer: CHECK_LAYER, datasetChecks: [] })
  const spec = (id: string, description = standard.find((c) => c.id === id)?.description ?? id): DatasetCheckSpec => ({ id, layer: CHECK_LAYER, table, severity: "error", description })
  const units: Array<Unit> = []

  const key = contract.primaryKey
  if (key.length > 0) {
    const s = spec("key.unique")
    const missing = key.filter((c) => !available.has(c))
    units.push(
      missing.length > 0
        ? { _tag: "Done", result: unavailableResult(s, missing, plan) }
        : {
            _tag: "Scan",
            spec: s,
            items: () => [],
            condition: null,
            rowsAlias: null,
            finish: ({ total, surplus, group }) =>
              Effect.gen(function* () {
                if ((yield* surplus(key)) === 0) return datasetResult(s, { failed: 0, total, samples: [] })
                const found = yield* group(key)
                const failed = num(found["groups"])
                const samples = duplicates(found, "plain").map((d) => sampleOf({ value: d.v, path: key.join(","), message: `duplicate key, ${d.n} rows` }))
                return datasetResult(s, { failed, total, samples, ...(failed > 0 ? { message: `${failed} duplicated key value(s) in (${key.join(", ")})` } : {}) })
              })
          }
    )
  }

  const required = contract.required
  if (required.length > 0) {
    const s = spec("not_null")
    const missing = required.filter((c) => !available.has(c))
    const nulls = required.map((c, i) => [`nn${i}`, `count(*) filter (where t.${sqlIdent(c)} is null)`] as const)
    const condition = required.map((c) => `t.${sqlIdent(c)} is null`).join(" or ")
    units.push(
      missing.length > 0
        ? { _tag: "Done", result: unavailableResult(s, missing, plan) }
        : {
            _tag: "Scan",
            spec: s,
            items: (failing) => [...nulls, ["nn_rows", `count(*) filter (where ${failing})`]],
            condition,
            rowsAlias: "nn_rows",
            finish: ({ scan, total }) => {
              const counts = nulls.map(([alias]) => num(scan[alias]))
              const failed = counts.reduce((sum, n) => sum + n, 0)
              // One sample per NULL value, column by column (each says only which column it is in).
              const samples: Array<FailureSample> = []
              required.forEach((c, i) => {
                for (let k = 0; k < (counts[i] ?? 0) && samples.length < MAX_SAMPLES; k++) samples.push(sampleOf({ path: c, message: "NULL in required column", value: null }))
              })
              return Effect.succeed(datasetResult(s, { failed, total, samples, ...(failed > 0 ? { message: `${failed} NULL value(s) in required columns` } : {}) }))
            }
          }
    )
  }

  const references = standard.filter((c) => c.id === "fk.reference")
  contract.references.forEach((ref, i) => {
    const check = references[i]
    const missing = ref.columns.filter((c) => !available.has(c))
    if (ref.table !== table || check === undefined) units.push({ _tag: "NotEvaluated", checkId: "fk.reference", reason: `${ref.columns.join(", ")} → ${ref.table}: ${otherTable(ref.table)}` })
    else if (missing.length > 0) units.push({ _tag: "Done", result: unavailableResult(spec("fk.reference", check.description), missing, plan) })
    else units.push({ _tag: "Dataset", check })
  })
  return units
}
