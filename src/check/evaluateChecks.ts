/**
 * Evaluate every check of a contract on the typed view of the data, at the
 * cost of the scans they need:
 *
 * 1. one aggregate scan counts the rows, the values that do not type, the
 *    failing rows of every row-level check (`count(*) filter (where ...)`:
 *    required columns, accepted values, ranges, patterns, lengths) with
 *    their first failing rows as samples (`min(sample, 20) filter (where ...)`),
 *    and the latest value of every freshness column;
 * 2. per key (`key.unique`, `check.unique`; checks on the same columns share
 *    it), a distinct count of its columns, and a `group by` only when it has
 *    duplicates, for the duplicated keys (see `keyGroups.ts`);
 * 3. the checks that need their own query (custom SQL, row predicates,
 *    references within the table, dataset checks written as Effects) as the
 *    pipeline runs them.
 *
 * Clean data costs one scan, and one read of each key's columns. Results are the values the per-check
 * evaluation of the pipeline gives (`tableChecks`, `toDatasetCheck`), in the
 * same order, after `schema.columns`; samples are the first failing rows in
 * the order DuckDB keeps them, so when more rows fail than samples are kept,
 * they may be other rows than a per-check query's `limit 20` returns. A
 * check needing a column the data lacks (or has of another type) is an
 * `error` result; checks against other tables are listed as not evaluated.
 *
 * @example
 * const evaluated = yield* evaluateChecks({ contract, plan, views, ingestionDate: "2024-05-01" })
 * evaluated.results // CheckResult[], schema.columns first
 */
import { Effect } from "effect"
import type { CheckTarget } from "../checks/evaluate.ts"
import type { CheckResult } from "../contract/CheckResult.ts"
import { erroredResult, type DatasetCheck } from "../contract/DatasetCheck.ts"
import { Duck, sqlIdent, type DuckError, type Row } from "../engine/Duck.ts"
import { availableColumns } from "./columnPlan.ts"
import { customChecksOf, vocabularyOf } from "./contractTable.ts"
import { groupSql, surplusSql } from "./keyGroups.ts"
import { CHECK_LAYER, schemaResult, typeFailureItems, typeFailureSamples } from "./schemaCheck.ts"
import { standardUnits } from "./standardUnits.ts"
import { num, type CheckInputs, type Computed, type Unit } from "./units.ts"
import { vocabularyUnit } from "./vocabularyUnits.ts"

export type { CheckInputs } from "./units.ts"

/** A check `check` cannot evaluate on one dataset, and why. */
export interface NotEvaluated {
  readonly checkId: string
  readonly reason: string
}

/** Everything the checks found. */
export interface Evaluated {
  readonly results: ReadonlyArray<CheckResult>
  readonly rows: number
  /** Rows failing at least one row-level check (a value that does not type included). */
  readonly flagged: number
  /** Failing rows per row-level check, by id. */
  readonly failingRows: ReadonlyArray<{ readonly checkId: string; readonly rows: number }>
  readonly notEvaluated: ReadonlyArray<NotEvaluated>
}

/** Every unit, in the order the pipeline evaluates the checks (after schema.columns). */
export const unitsOf = (inputs: CheckInputs): ReadonlyArray<Unit> => {
  const available = availableColumns(inputs.plan)
  const key = inputs.contract.primaryKey
  // Failing-row samples name rows by their key, when the data has all of it.
  const target: CheckTarget = { layer: CHECK_LAYER, table: inputs.contract.table, key: key.every((c) => available.has(c)) ? key : [] }
  return [
    ...standardUnits(inputs, available),
    ...vocabularyOf(inputs.contract).map((c, i) => vocabularyUnit(c, i, inputs, target, available)),
    ...customChecksOf(inputs.contract).map((check): Unit => ({ _tag: "Dataset", check }))
  ]
}

/**
 * The single aggregate scan of the units and the type failures, as one
 * `select` over the scan view. Each failure condition is computed once per
 * row, as a column of an inner `select`, and every aggregate reads it.
 */
export const scanSql = (inputs: CheckInputs, units: ReadonlyArray<Unit>): string => {
  const types = typeFailureItems(inputs.plan)
  const scans = units.flatMap((u) => (u._tag === "Scan" ? [u] : []))
  const flags: Array<{ readonly alias: string; readonly condition: string }> = []
  const flag = (condition: string | null): string => {
    if (condition === null) return "false"
    const alias = `__lakegate_f${flags.length}`
    flags.push({ alias, condition })
    return `t.${sqlIdent(alias)}`
  }
  const typeFlags = types.map((t) => ({ t, ref: flag(t.condition) }))
  const unitFlags = scans.map((u) => ({ u, ref: flag(u.condition) }))
  const any = (refs: ReadonlyArray<string>) => (refs.length === 0 ? "0" : `count(*) filter (where ${refs.join(" or ")})`)
  const items = new Map<string, string>([
    ["n", "count(*)"],
    ["typed_bad", any(typeFlags.map((f) => f.ref))],
    ["flagged", any([...typeFlags, ...unitFlags].map((f) => f.ref).filter((r) => r !== "false"))]
  ])
  for (const [alias, sql] of [...typeFlags.flatMap(({ t, ref }) => t.items(ref)), ...unitFlags.flatMap(({ u, ref }) => u.items(ref))]) items.set(alias, sql)
  const inner = `select t.*${flags.map((f) => `, coalesce(${f.condition}, false) as ${sqlIdent(f.alias)}`).join("")} from ${inputs.views.scan} t`
  return `select ${[...items].map(([alias, sql]) => `${sql} as ${sqlIdent(alias)}`).join(", ")} from (${inner}) t`
}

/** A dataset check's result, reported under the `check` layer; the data is the contract's table, found by its name. */
const runDataset = (check: DatasetCheck, inputs: CheckInputs): Effect.Effect<CheckResult, never, Duck> =>
  check.evaluate({ layer: CHECK_LAYER, relation: sqlIdent, ingestionDate: inputs.ingestionDate }).pipe(
    Effect.catchTag("DuckError", (error) => Effect.succeed(erroredResult({ id: check.id, layer: CHECK_LAYER, table: check.table, severity: check.severity, description: check.description }, error))),
    Effect.map((result) => ({ ...result, layer: CHECK_LAYER }))
  )

/** A query per key, run at most once per key (the units run one after the other). */
const once = <A>(query: (columns: ReadonlyArray<string>) => Effect.Effect<A, DuckError, Duck>) => {
  const known = new Map<string, A>()
  return (columns: ReadonlyArray<string>): Effect.Effect<A, DuckError, Duck> => {
    const key = JSON.stringify(columns)
    const hit = known.get(key)
    return hit !== undefined ? Effect.succeed(hit) : Effect.tap(query(columns), (a) => Effect.sync(() => known.set(key, a)))
  }
}

/** The strings of a JSON list value. */
const strings = (value: Row[string] | undefined): ReadonlyArray<string> => (Array.isArray(value) ? value.flatMap((v) => (typeof v === "string" ? [v] : [])) : [])

/**
 * Evaluate every check. Fails only when the scan itself fails (the data
 * cannot be read, or the engine fails); a check whose own queries fail is
 * an `error` result.
 */
export const evaluateChecks = (inputs: CheckInputs): Effect.Effect<Evaluated, DuckError, Duck> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const units = unitsOf(inputs)
    const scan = (yield* duck.all(scanSql(inputs, units)))[0] ?? {}
    const total = num(scan["n"])
    const computed: Computed = {
      scan,
      total,
      surplus: once((columns) => Effect.map(duck.all(surplusSql(inputs.views.typed, columns)), (rows) => num(rows[0]?.["surplus"]))),
      group: once((columns) => Effect.map(duck.all(groupSql(inputs.views.typed, columns)), (rows) => rows[0] ?? {}))
    }

    const types = typeFailureItems(inputs.plan)
    const failures = Object.fromEntries(types.map((t) => [t.name, num(scan[t.count])]))
    const values = Object.fromEntries(types.map((t) => [t.name, strings(scan[t.samples])]))
    const schema = schemaResult(inputs.contract.table, inputs.plan, failures, total, typeFailureSamples(inputs.plan, values))
    const results: Array<CheckResult> = [schema]
    const failingRows: Array<{ checkId: string; rows: number }> = []
    const typedBad = num(scan["typed_bad"])
    if (typedBad > 0) failingRows.push({ checkId: schema.checkId, rows: typedBad })
    const notEvaluated: Array<NotEvaluated> = []
    for (const u of units) {
      switch (u._tag) {
        case "Done":
          results.push(u.result)
          break
        case "NotEvaluated":
          notEvaluated.push({ checkId: u.checkId, reason: u.reason })
          break
        case "Dataset":
          results.push(yield* runDataset(u.check, inputs))
          break
        case "Scan": {
          const result = yield* u.finish(computed).pipe(Effect.catchTag("DuckError", (e) => Effect.succeed(erroredResult(u.spec, e))))
          results.push(result)
          const rows = u.rowsAlias === null ? 0 : num(scan[u.rowsAlias])
          if (rows > 0) failingRows.push({ checkId: result.checkId, rows })
          break
        }
      }
    }
    return { results, rows: total, flagged: num(scan["flagged"]), failingRows, notEvaluated }
  })
