/**
 * Evaluate every check of a contract on the typed view of the data, at the
 * cost of the scans they need:
 *
 * 1. one aggregate scan counts the rows, the values that do not type, and
 *    the failing rows of every row-level check (`count(*) filter (where ...)`:
 *    not null, accepted values, range, pattern, length, the required
 *    columns), with the latest value of every freshness column;
 * 2. one `group by` per distinct key (`key.unique` and `check.unique` on the
 *    same columns share it), which also yields their samples;
 * 3. samples only for the checks that failed (`limit 20`, so a query stops
 *    at its twentieth failing row);
 * 4. the checks that need their own query (custom SQL, row predicates,
 *    references within the table, dataset checks written as Effects) as the
 *    pipeline runs them.
 *
 * Results are the same values the per-check evaluation of the pipeline
 * gives (`tableChecks`, `toDatasetCheck`), in the same order, after
 * `schema.columns`. A check needing a column the data lacks (or has of
 * another type) is an `error` result; checks against other tables
 * (references, reconciliations) are listed as not evaluated.
 *
 * @example
 * const evaluated = yield* evaluateChecks({ contract, plan, views, ingestionDate: "2024-05-01" })
 * evaluated.results // CheckResult[], schema.columns first
 */
import { Effect } from "effect"
import { ruleColumns, type Check } from "../checks/Check.ts"
import { failingRowsSql, thresholdedResult, toDatasetCheck, type CheckTarget } from "../checks/evaluate.ts"
import { MAX_SAMPLES, type CheckResult, type FailureSample } from "../contract/CheckResult.ts"
import type { TableSpec } from "../contract/Contract.ts"
import { datasetResult, erroredResult, sampleOf, type DatasetCheck, type DatasetCheckSpec } from "../contract/DatasetCheck.ts"
import { tableChecks } from "../contract/standardChecks.ts"
import { Duck, DuckError, sqlIdent, sqlString, type Row } from "../engine/Duck.ts"
import { availableColumns, type ColumnPlan } from "./columnPlan.ts"
import { customChecksOf, vocabularyOf } from "./contractTable.ts"
import { rowFailure } from "./rowConditions.ts"
import { allTypeFailureSamples, CHECK_LAYER, schemaResult, typeFailures } from "./schemaCheck.ts"
import type { Views } from "./views.ts"

/** What the checks run on. */
export interface CheckInputs {
  readonly contract: TableSpec
  readonly plan: ColumnPlan
  readonly views: Views
  /** The date freshness is judged against, `YYYY-MM-DD`. */
  readonly ingestionDate: string
}

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

/** What the single scan and the key queries computed, by alias. */
interface Computed {
  readonly scan: Row
  readonly total: number
  readonly groups: ReadonlyMap<string, Row | DuckError>
}

/** How one check is evaluated. */
type Unit =
  | {
      readonly _tag: "Scan"
      readonly spec: DatasetCheckSpec
      /** Aggregates it adds to the scan, as `[alias, sql]`. */
      readonly items: ReadonlyArray<readonly [string, string]>
      /** Its row-level failure condition, when it has one (it counts towards `flagged`). */
      readonly condition: string | null
      /** The alias of its count of failing rows, when it has a row-level condition. */
      readonly rowsAlias: string | null
      readonly finish: (computed: Computed) => Effect.Effect<CheckResult, DuckError, Duck>
    }
  | { readonly _tag: "Group"; readonly columns: ReadonlyArray<string>; readonly spec: DatasetCheckSpec; readonly finish: (group: Row, computed: Computed) => Effect.Effect<CheckResult, DuckError, Duck> }
  | { readonly _tag: "Dataset"; readonly check: DatasetCheck }
  | { readonly _tag: "Done"; readonly result: CheckResult }
  | { readonly _tag: "NotEvaluated"; readonly checkId: string; readonly reason: string }

const num = (value: Row[string] | undefined): number => (value === null || value === undefined ? 0 : Number(value))

const relation = (table: string): string => sqlIdent(table)

const sampleFromFailing = (row: Row): FailureSample =>
  sampleOf({ path: row["_path"] ?? null, message: row["_message"] ?? null, value: row["_value"] ?? null, source_id: row["_source_id"] ?? null })

/** The first failing rows of a failing-rows query, as samples. */
const failingSamples = (failing: string): Effect.Effect<ReadonlyArray<FailureSample>, DuckError, Duck> =>
  Effect.flatMap(Duck, (duck) => duck.all(`select _path, _message, _value, _source_id from (${failing}) limit ${MAX_SAMPLES}`)).pipe(Effect.map((rows) => rows.map(sampleFromFailing)))

/** A result saying the check needs columns the data does not provide. */
const unavailable = (spec: DatasetCheckSpec, columns: ReadonlyArray<string>, plan: ColumnPlan): CheckResult => {
  const why = columns.map((name) => {
    const c = plan.columns.find((p) => p.name === name)
    return c?.status === "wrong-type" ? `${name} (${c.dataType} in the data, ${c.sqlType} in the contract)` : `${name} (missing from the data)`
  })
  return { ...datasetResult(spec, { failed: 0, total: 0 }), status: "error", message: `could not evaluate: needs ${why.join(", ")}` }
}

const vocabularySpec = (c: Check, table: string): DatasetCheckSpec => ({
  id: c.id,
  layer: CHECK_LAYER,
  table,
  severity: c.thresholds.fail === undefined ? "warn" : "error",
  description: c.description
})

/** The id of a set of key columns, for sharing one `group by`. */
const keyOf = (columns: ReadonlyArray<string>): string => JSON.stringify(columns)

const sameColumns = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) => a.length === b.length && a.every((c, i) => c === b[i])

/** `coalesce(t.a::varchar, 'NULL') || '/' || ...`: the key text of failing-row samples (as in evaluate.ts). */
const keyText = (columns: ReadonlyArray<string>): string => columns.map((c) => `coalesce(t.${sqlIdent(c)}::varchar, 'NULL')`).join(" || '/' || ")

/** `t.a || '/' || t.b::varchar`: the key text of `key.unique` samples (as in standardChecks.ts). */
const plainKeyText = (columns: ReadonlyArray<string>): string => `${columns.map((c) => `t.${sqlIdent(c)}`).join(" || '/' || ")}::varchar`

/** The duplicated keys of a group query: `[{ v, n }]`, smallest first. */
const duplicates = (value: Row[string] | undefined): ReadonlyArray<{ readonly v: string | null; readonly n: number }> =>
  Array.isArray(value)
    ? value.flatMap((item) =>
        item !== null && typeof item === "object" && !Array.isArray(item) ? [{ v: item["v"] === null || item["v"] === undefined ? null : String(item["v"]), n: num(item["n"]) }] : []
      )
    : []

/** The `group by` of one key: duplicated keys, surplus rows, and sample keys in both renderings. */
const groupSql = (views: Views, columns: ReadonlyArray<string>): string =>
  `select count(*) filter (where n > 1) as groups, coalesce(sum(n - 1) filter (where n > 1), 0) as surplus,
     min({'v': plain, 'n': n}, ${MAX_SAMPLES}) filter (where n > 1) as plain_keys,
     min({'v': keyed, 'n': n}, ${MAX_SAMPLES}) filter (where n > 1) as keyed_keys
   from (select count(*) as n, ${plainKeyText(columns)} as plain, ${keyText(columns)} as keyed from ${views.typed} t group by ${columns.map((c) => `t.${sqlIdent(c)}`).join(", ")})`

/** The units of a vocabulary check. */
const vocabularyUnit = (c: Check, i: number, inputs: CheckInputs, target: CheckTarget, available: ReadonlySet<string>): Unit => {
  const spec = vocabularySpec(c, target.table)
  const missing = [...new Set(ruleColumns(c.rule))].filter((col) => !available.has(col))
  if (missing.length > 0) return { _tag: "Done", result: unavailable(spec, missing, inputs.plan) }
  const own = inputs.contract.table
  const alias = `v${i}`
  const rule = c.rule
  const condition = rowFailure(rule, "t")
  if (condition !== null) {
    return {
      _tag: "Scan",
      spec,
      items: [[alias, `count(*) filter (where ${condition})`]],
      condition,
      rowsAlias: alias,
      finish: ({ scan, total }) =>
        Effect.gen(function* () {
          const failed = num(scan[alias])
          const failing = failingRowsSql(c, target, relation)
          const samples = failed === 0 || failing === null ? [] : yield* failingSamples(failing)
          return thresholdedResult(c, target, { failed, total, samples })
        })
    }
  }
  switch (rule._tag) {
    case "RowCount":
      return {
        _tag: "Scan",
        spec,
        items: [],
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
        items: [
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
    case "Unique": {
      const { columns } = rule
      return {
        _tag: "Group",
        columns,
        spec,
        finish: (group) =>
          Effect.gen(function* () {
            const failed = num(group["surplus"])
            const total = num(group["__total"])
            let samples: ReadonlyArray<FailureSample> = []
            if (failed > 0) {
              const keyed = sameColumns(columns, target.key) || target.key.length === 0
              const failing = failingRowsSql(c, target, relation)
              samples = keyed
                ? duplicates(group["keyed_keys"])
                    .flatMap((d) => Array.from({ length: Math.max(0, d.n - 1) }, () => ({ recordIndex: null, sourceId: target.key.length === 0 ? null : d.v, path: columns.join(","), message: "duplicate key", value: d.v })))
                    .slice(0, MAX_SAMPLES)
                : failing === null
                  ? []
                  : yield* failingSamples(failing)
            }
            return thresholdedResult(c, target, { failed, total, samples })
          })
      }
    }
    case "References":
      return rule.table === own ? { _tag: "Dataset", check: toDatasetCheck(c, target) } : { _tag: "NotEvaluated", checkId: c.id, reason: `needs table ${rule.table}, which is not checked here` }
    case "SumReconciles":
      return rule.table === own ? { _tag: "Dataset", check: toDatasetCheck(c, target) } : { _tag: "NotEvaluated", checkId: c.id, reason: `needs table ${rule.table}, which is not checked here` }
    default:
      return { _tag: "Dataset", check: toDatasetCheck(c, target) }
  }
}

/** The units of the standard checks (`key.unique`, `not_null`, `fk.reference`), in `tableChecks` order. */
const standardUnits = (inputs: CheckInputs, available: ReadonlySet<string>): ReadonlyArray<Unit> => {
  const { contract, plan } = inputs
  const table = contract.table
  const units: Array<Unit> = []
  // The standard checks as the pipeline builds them: their descriptions, and the reference checks themselves.
  const standard = tableChecks({ ...contract, layer: CHECK_LAYER, datasetChecks: [] })
  const spec = (id: "key.unique" | "not_null" | "fk.reference", description = standard.find((c) => c.id === id)?.description ?? id): DatasetCheckSpec => ({
    id,
    layer: CHECK_LAYER,
    table,
    severity: "error",
    description
  })
  const key = contract.primaryKey
  if (key.length > 0) {
    const s = spec("key.unique")
    const missing = key.filter((c) => !available.has(c))
    units.push(
      missing.length > 0
        ? { _tag: "Done", result: unavailable(s, missing, plan) }
        : {
            _tag: "Group",
            columns: key,
            spec: s,
            finish: (group) => {
              const failed = num(group["groups"])
              const samples = duplicates(group["plain_keys"]).map((d) => sampleOf({ value: d.v, path: key.join(","), message: `duplicate key, ${d.n} rows` }))
              return Effect.succeed(
                datasetResult(s, {
                  failed,
                  total: num(group["__total"]),
                  samples,
                  ...(failed > 0 ? { message: `${failed} duplicated key value(s) in (${key.join(", ")})` } : {})
                })
              )
            }
          }
    )
  }
  const required = contract.required
  if (required.length > 0) {
    const s = spec("not_null")
    const missing = required.filter((c) => !available.has(c))
    const items = required.map((c, i) => [`nn${i}`, `count(*) filter (where t.${sqlIdent(c)} is null)`] as const)
    const condition = required.map((c) => `t.${sqlIdent(c)} is null`).join(" or ")
    units.push(
      missing.length > 0
        ? { _tag: "Done", result: unavailable(s, missing, plan) }
        : {
            _tag: "Scan",
            spec: s,
            items: [...items, ["nn_rows", `count(*) filter (where ${condition})`]],
            condition,
            rowsAlias: "nn_rows",
            finish: ({ scan, total }) =>
              Effect.gen(function* () {
                const failed = items.reduce((sum, [alias]) => sum + num(scan[alias]), 0)
                const failing = required
                  .map((c) => `select ${sqlString(c)} as path, 'NULL in required column' as message, null as value from ${relation(table)} where ${sqlIdent(c)} is null`)
                  .join(" union all ")
                const samples = failed === 0 ? [] : yield* Effect.flatMap(Duck, (duck) => duck.all(`${failing} limit ${MAX_SAMPLES}`))
                return datasetResult(s, { failed, total, samples: samples.map(sampleOf), ...(failed > 0 ? { message: `${failed} NULL value(s) in required columns` } : {}) })
              })
          }
    )
  }
  const standardReferences = standard.filter((c) => c.id === "fk.reference")
  contract.references.forEach((ref, i) => {
    const check = standardReferences[i]
    const missing = ref.columns.filter((c) => !available.has(c))
    if (ref.table !== table || check === undefined) units.push({ _tag: "NotEvaluated", checkId: "fk.reference", reason: `${ref.columns.join(", ")} → ${ref.table}: needs table ${ref.table}, which is not checked here` })
    else if (missing.length > 0) units.push({ _tag: "Done", result: unavailable(spec("fk.reference", check.description), missing, plan) })
    else units.push({ _tag: "Dataset", check })
  })
  return units
}

/** Every unit, in the order the pipeline evaluates the checks (after schema.columns). */
const unitsOf = (inputs: CheckInputs): ReadonlyArray<Unit> => {
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

/** The single aggregate scan: rows, values that do not type, every row-level check's failing rows. */
const scanSql = (inputs: CheckInputs, units: ReadonlyArray<Unit>): { readonly sql: string; readonly types: ReadonlyArray<{ readonly name: string; readonly alias: string }> } => {
  const types = typeFailures(inputs.plan).map((f, i) => ({ ...f, alias: `tf${i}` }))
  const scans = units.flatMap((u) => (u._tag === "Scan" ? [u] : []))
  const conditions = [...types.map((t) => t.condition), ...scans.flatMap((u) => (u.condition === null ? [] : [`(${u.condition})`]))]
  const items = [
    ["n", "count(*)"],
    ...types.map((t) => [t.alias, `count(*) filter (where ${t.condition})`]),
    ["typed_bad", types.length === 0 ? "0" : `count(*) filter (where ${types.map((t) => t.condition).join(" or ")})`],
    ["flagged", conditions.length === 0 ? "0" : `count(*) filter (where ${conditions.join(" or ")})`],
    ...scans.flatMap((u) => u.items)
  ]
  return { sql: `select ${items.map(([alias, sql]) => `${sql} as ${sqlIdent(alias!)}`).join(", ")} from ${inputs.views.scan} t`, types }
}

/** The context the pipeline's checks get: the data is the contract's table, found by its name. */
const datasetContext = (inputs: CheckInputs) => ({ layer: CHECK_LAYER, relation, ingestionDate: inputs.ingestionDate })

/** A dataset check's result, reported under the `check` layer. */
const runDataset = (check: DatasetCheck, inputs: CheckInputs): Effect.Effect<CheckResult, never, Duck> =>
  check.evaluate(datasetContext(inputs)).pipe(
    Effect.catchTag("DuckError", (error) => Effect.succeed(erroredResult({ id: check.id, layer: CHECK_LAYER, table: check.table, severity: check.severity, description: check.description }, error))),
    Effect.map((result) => ({ ...result, layer: CHECK_LAYER }))
  )

/**
 * Evaluate every check. Fails only when the scan itself fails (the data
 * cannot be read, or the engine fails); a check whose own queries fail is
 * an `error` result.
 */
export const evaluateChecks = (inputs: CheckInputs): Effect.Effect<Evaluated, DuckError, Duck> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const units = unitsOf(inputs)
    const scan = scanSql(inputs, units)
    const scanned = (yield* duck.all(scan.sql))[0] ?? {}
    const total = num(scanned["n"])
    const groupKeys = new Map<string, ReadonlyArray<string>>()
    for (const u of units) if (u._tag === "Group") groupKeys.set(keyOf(u.columns), u.columns)
    const groups = new Map<string, Row | DuckError>()
    for (const [key, columns] of groupKeys) {
      const found = yield* Effect.either(duck.all(groupSql(inputs.views, columns)))
      groups.set(key, found._tag === "Left" ? found.left : { ...(found.right[0] ?? {}), __total: String(total) })
    }
    const computed: Computed = { scan: scanned, total, groups }
    const failures = Object.fromEntries(scan.types.map((t) => [t.name, num(scanned[t.alias])]))
    const schemaSamples = yield* Effect.orElseSucceed(allTypeFailureSamples(inputs.views, inputs.plan, failures), () => [])
    const results: Array<CheckResult> = [schemaResult(inputs.contract.table, inputs.plan, failures, total, schemaSamples)]
    const failingRows: Array<{ checkId: string; rows: number }> = []
    const typedBad = num(scanned["typed_bad"])
    if (typedBad > 0) failingRows.push({ checkId: results[0]!.checkId, rows: typedBad })
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
          const rows = u.rowsAlias === null ? 0 : num(scanned[u.rowsAlias])
          if (rows > 0) failingRows.push({ checkId: result.checkId, rows })
          break
        }
        case "Group": {
          const group = groups.get(keyOf(u.columns))
          const result =
            group === undefined || group instanceof DuckError
              ? erroredResult(u.spec, group ?? new DuckError({ sql: "", message: "not computed" }))
              : yield* u.finish(group, computed).pipe(Effect.catchTag("DuckError", (e) => Effect.succeed(erroredResult(u.spec, e))))
          results.push(result)
          break
        }
      }
    }
    return { results, rows: total, flagged: num(scanned["flagged"]), failingRows, notEvaluated }
  })
