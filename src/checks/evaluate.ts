/**
 * Evaluate vocabulary checks in SQL: a check on a table becomes a
 * {@link DatasetCheck} the gate runs like any other, and, for the rules that
 * judge rows, a query of the failing rows (for samples and quarantine).
 */
import { Effect } from "effect"
import { Duck, sqlIdent, sqlString, type Row } from "../engine/Duck.ts"
import { MAX_SAMPLES, rateOf, type CheckResult, type FailureSample } from "../contract/CheckResult.ts"
import { customDatasetCheck, sampleOf, type DatasetCheck, type DatasetContext } from "../contract/DatasetCheck.ts"
import { describeLimit, severityOf, statusOf, type Thresholds } from "../contract/Threshold.ts"
import { Rule, type Check, type Literal } from "./Check.ts"

/** The table a check is declared on: its name and key (the key identifies failing rows in samples). */
export interface CheckTarget {
  readonly layer: string
  readonly table: string
  readonly key: ReadonlyArray<string>
}

const q = sqlIdent

/** A literal in SQL: numbers and decimal strings as exact numerics, anything else as a string (DuckDB casts it to the column's type). */
export const sqlLiteral = (v: Literal): string =>
  typeof v === "number" ? (Number.isFinite(v) ? String(v) : "NULL") : typeof v === "boolean" ? String(v) : /^-?\d+(\.\d+)?$/.test(v) ? v : sqlString(v)

const keyExpr = (alias: string, key: ReadonlyArray<string>): string =>
  key.length === 0 ? "NULL::varchar" : key.map((c) => `coalesce(${alias}.${q(c)}::varchar, 'NULL')`).join(" || '/' || ")

/**
 * The failing rows of a check as `select t.*, _path, _message, _value, _source_id`,
 * or null for checks that judge the whole table (row count, freshness, sums) or
 * run in TypeScript (row predicates).
 */
export const failingRowsSql = (c: Check, target: CheckTarget, relation: (table: string) => string): string | null => {
  const from = `${relation(target.table)} t`
  const key = keyExpr("t", target.key)
  const select = (path: string, message: string, value: string) =>
    `select t.*, ${path}::varchar as _path, ${message}::varchar as _message, ${value}::varchar as _value, ${key} as _source_id from ${from}`
  return Rule.$match(c.rule, {
    NotNull: ({ columns }) =>
      `${select(
        `concat_ws(',', ${columns.map((col) => `case when t.${q(col)} is null then ${sqlString(col)} end`).join(", ")})`,
        "'NULL in a required column'",
        "NULL"
      )} where ${columns.map((col) => `t.${q(col)} is null`).join(" or ")}`,
    Unique: ({ columns }) =>
      `select * exclude (_n) from (${select(sqlString(columns.join(",")), "'duplicate key'", keyExpr("t", columns)).replace(
        " from ",
        `, row_number() over (partition by ${columns.map((col) => `t.${q(col)}`).join(", ")}) as _n from `
      )}) where _n > 1`,
    AcceptedValues: ({ column, values }) =>
      `${select(sqlString(column), "'not an accepted value'", `t.${q(column)}`)} where t.${q(column)} is not null and t.${q(column)}::varchar not in (${values
        .map((v) => sqlString(String(v)))
        .join(", ")})`,
    Range: ({ column, min, max, exclusiveMin, exclusiveMax }) => {
      const below = min === undefined ? null : `t.${q(column)} ${exclusiveMin === true ? "<=" : "<"} ${sqlLiteral(min)}`
      const above = max === undefined ? null : `t.${q(column)} ${exclusiveMax === true ? ">=" : ">"} ${sqlLiteral(max)}`
      const outside = [below, above].filter((s) => s !== null).join(" or ") || "false"
      return `${select(sqlString(column), "'out of range'", `t.${q(column)}`)} where t.${q(column)} is not null and (${outside})`
    },
    Pattern: ({ column, pattern }) =>
      `${select(sqlString(column), sqlString(`does not match /${pattern}/`), `t.${q(column)}`)} where t.${q(column)} is not null and not regexp_full_match(t.${q(column)}::varchar, ${sqlString(pattern)})`,
    Length: ({ column, min, max }) =>
      `${select(sqlString(column), "'length out of bounds'", `t.${q(column)}`)} where t.${q(column)} is not null and (${[
        min === undefined ? null : `length(t.${q(column)}::varchar) < ${min}`,
        max === undefined ? null : `length(t.${q(column)}::varchar) > ${max}`
      ]
        .filter((s) => s !== null)
        .join(" or ") || "false"})`,
    References: ({ columns, table, referencedColumns }) =>
      `${select(sqlString(columns.join(",")), sqlString(`no row in ${table}`), keyExpr("t", columns))} where ${columns
        .map((col) => `t.${q(col)} is not null`)
        .join(" and ")} and not exists (select 1 from ${relation(table)} r where ${columns
        .map((col, i) => `r.${q(referencedColumns[i] ?? col)} = t.${q(col)}`)
        .join(" and ")})`,
    Sql: ({ query }) =>
      `select s.*, ${sqlString(c.id)}::varchar as _path, ${sqlString("returned by the check's query")}::varchar as _message, NULL::varchar as _value, NULL::varchar as _source_id from (${query}) s`,
    RowCount: () => null,
    Freshness: () => null,
    SumReconciles: () => null,
    RowPredicate: () => null
  })
}

/** Build a check's result from what it found, applying its thresholds. */
export const thresholdedResult = (
  c: Check,
  target: CheckTarget,
  outcome: {
    readonly failed: number
    readonly total: number
    readonly observed?: Record<string, string>
    readonly samples?: ReadonlyArray<FailureSample>
    readonly message?: string
  }
): CheckResult => {
  const status = statusOf(c.thresholds, outcome.failed, outcome.total)
  const rate = rateOf(outcome.failed, outcome.total)
  return {
    checkId: c.id,
    layer: target.layer,
    table: target.table,
    kind: "dataset",
    severity: severityOf(c.thresholds),
    action: c.thresholds.fail === undefined ? "flag" : "block",
    status,
    description: c.description,
    failed: outcome.failed,
    total: outcome.total,
    rate,
    threshold: thresholdRate(c.thresholds),
    observed: { ...limitsObserved(c.thresholds), ...(outcome.observed ?? {}) },
    message:
      outcome.message ??
      (outcome.failed === 0 ? "ok" : `${outcome.failed} of ${outcome.total} rows failed (${(rate * 100).toFixed(2)}%)`),
    samples: (outcome.samples ?? []).slice(0, MAX_SAMPLES)
  }
}

/** The fail level as a rate, when it is a percentage. */
const thresholdRate = (t: Thresholds): number | null => (t.fail !== undefined && "percent" in t.fail ? t.fail.percent / 100 : null)

const limitsObserved = (t: Thresholds): Record<string, string> => ({
  ...(t.warn === undefined ? {} : { warn_above: describeLimit(t.warn) }),
  ...(t.fail === undefined ? {} : { fail_above: describeLimit(t.fail) })
})

const sampleFromFailing = (row: Row): FailureSample =>
  sampleOf({ path: row["_path"] ?? null, message: row["_message"] ?? null, value: row["_value"] ?? null, source_id: row["_source_id"] ?? null })

const one = (rows: ReadonlyArray<Row>, key: string): Row[string] | undefined => rows[0]?.[key]

/** Evaluate a check on a table in the context's relations. */
const evaluate = (c: Check, target: CheckTarget, context: DatasetContext): Effect.Effect<CheckResult, import("../engine/Duck.ts").DuckError, Duck> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const rel = context.relation(target.table)
    const total = Number(one(yield* duck.all(`select count(*) as n from ${rel}`), "n") ?? 0)
    const failing = failingRowsSql(c, target, context.relation)
    if (failing !== null) {
      const failed = Number(one(yield* duck.all(`select count(*) as n from (${failing})`), "n") ?? 0)
      const samples = failed === 0 ? [] : (yield* duck.all(`select _path, _message, _value, _source_id from (${failing}) limit ${MAX_SAMPLES}`)).map(sampleFromFailing)
      return thresholdedResult(c, target, { failed, total: c.rule._tag === "Sql" ? Math.max(total, failed) : total, samples })
    }
    const rule = c.rule
    switch (rule._tag) {
      case "RowCount": {
        const { min, max } = rule
        return (
          thresholdedResult(c, target, {
            failed: (min !== undefined && total < min) || (max !== undefined && total > max) ? 1 : 0,
            total: 1,
            observed: { rows: String(total), ...(min === undefined ? {} : { min: String(min) }), ...(max === undefined ? {} : { max: String(max) }) },
            message: `${total} rows (expected ${min ?? 0}${max === undefined ? " or more" : `..${max}`})`
          })
        )
      }
      case "Freshness": {
        const { column, maxAgeDays } = rule
        return yield* Effect.map(
          duck.all(
            `select max(${q(column)})::date::varchar as latest, (${context.ingestionDate === undefined ? "current_date" : `date ${sqlString(context.ingestionDate)}`} - interval ${maxAgeDays} day)::date::varchar as oldest_allowed from ${rel}`
          ),
          (rows) => {
            const latest = one(rows, "latest")
            const oldest = String(one(rows, "oldest_allowed") ?? "")
            const stale = latest === null || latest === undefined || String(latest) < oldest
            return thresholdedResult(c, target, {
              failed: stale ? 1 : 0,
              total: 1,
              observed: { latest: latest === null || latest === undefined ? "none" : String(latest), oldest_allowed: oldest },
              message: stale ? `latest ${column} is ${latest ?? "missing"}, older than ${oldest}` : `latest ${column} is ${String(latest)}`
            })
          }
        )
      }
      case "SumReconciles": {
        const { column, table, referencedColumn } = rule
        return yield* Effect.map(
          duck.all(
            `select (select coalesce(sum(${q(column)}), 0) from ${rel})::varchar as ours, (select coalesce(sum(${q(referencedColumn)}), 0) from ${context.relation(table)})::varchar as theirs,
              (select coalesce(sum(${q(column)}), 0) from ${rel}) = (select coalesce(sum(${q(referencedColumn)}), 0) from ${context.relation(table)}) as equal`
          ),
          (rows) => {
            const equal = one(rows, "equal") === true
            const ours = String(one(rows, "ours") ?? "")
            const theirs = String(one(rows, "theirs") ?? "")
            return thresholdedResult(c, target, {
              failed: equal ? 0 : 1,
              total: 1,
              observed: { [`sum(${column})`]: ours, [`sum(${table}.${referencedColumn})`]: theirs },
              message: equal ? `sums agree: ${ours}` : `sum(${column}) ${ours} ≠ sum(${table}.${referencedColumn}) ${theirs}`
            })
          }
        )
      }
      default: {
        // Row predicates: the only rule left without a failing-rows query.
        const predicate = rule._tag === "RowPredicate" ? rule.predicate : () => true
        let failed = 0
        const samples: Array<FailureSample> = []
        yield* duck.forEachChunk(`select * from ${rel}`, (rows) => {
          for (const row of rows) {
            const verdict = predicate(row)
            if (verdict === true) continue
            failed++
            if (samples.length < MAX_SAMPLES) {
              samples.push({
                recordIndex: null,
                sourceId: target.key.length === 0 ? null : target.key.map((k) => String(row[k] ?? "NULL")).join("/"),
                path: c.id,
                message: typeof verdict === "string" ? verdict : "row predicate failed",
                value: null
              })
            }
          }
        })
        return thresholdedResult(c, target, { failed, total, samples })
      }
    }
  })

/**
 * A vocabulary check as a dataset check of the gate. A SQL error (a missing
 * column, a bad query) becomes an `error` result that blocks, not a crash.
 */
export const toDatasetCheck = (c: Check, target: CheckTarget): DatasetCheck =>
  customDatasetCheck(
    { id: c.id, layer: target.layer, table: target.table, severity: severityOf(c.thresholds), description: c.description },
    (context) => evaluate(c, target, context)
  )
