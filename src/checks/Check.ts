/**
 * The check vocabulary: every check is a value (a rule, its thresholds, a
 * stable id and a description), so the same check drives the gate, the
 * report, exports and the mutations that prove it works.
 *
 * @example
 * import { check } from "lakegate"
 * const checks = [
 *   check.unique(["order_id"]),
 *   check.range("amount", { min: "0.01" }),
 *   check.acceptedValues("status", ["new", "paid"], { warn: { percent: 1 }, fail: { percent: 5 } }),
 *   check.rowCount({ min: 1 }),
 *   check.sql("refund_after_order", "select * from orders where refunded_at < ordered_at")
 * ]
 */
import { Data } from "effect"
import type { Row } from "../engine/Duck.ts"
import type { Severity } from "../contract/CheckResult.ts"
import { describeThresholds, thresholdsOf, type Limit, type Thresholds } from "../contract/Threshold.ts"

/** A literal a rule compares with: numbers, decimal strings (`"0.01"`), dates (`"2024-01-01"`), text, booleans. */
export type Literal = string | number | boolean

/** What a check tests. Row rules judge each row alone; the others judge the table. */
export type Rule = Data.TaggedEnum<{
  NotNull: { readonly columns: ReadonlyArray<string> }
  Unique: { readonly columns: ReadonlyArray<string> }
  AcceptedValues: { readonly column: string; readonly values: ReadonlyArray<Literal> }
  Range: {
    readonly column: string
    readonly min?: Literal
    readonly max?: Literal
    readonly exclusiveMin?: boolean
    readonly exclusiveMax?: boolean
  }
  Pattern: { readonly column: string; readonly pattern: string }
  Length: { readonly column: string; readonly min?: number; readonly max?: number }
  RowCount: { readonly min?: number; readonly max?: number }
  Freshness: { readonly column: string; readonly maxAgeDays: number }
  References: { readonly columns: ReadonlyArray<string>; readonly table: string; readonly referencedColumns: ReadonlyArray<string> }
  SumReconciles: { readonly column: string; readonly table: string; readonly referencedColumn: string }
  Sql: { readonly query: string }
  RowPredicate: { readonly predicate: (row: Row) => boolean | string }
}>
export const Rule = Data.taggedEnum<Rule>()

/** A check: a rule with its id, description and thresholds. */
export interface Check {
  readonly id: string
  readonly description: string
  readonly rule: Rule
  readonly thresholds: Thresholds
}

/** Options every check constructor takes. */
export interface CheckOptions {
  /** Stable id for reports and CI history (default: derived from the rule and column). */
  readonly id?: string
  readonly description?: string
  /** `error` blocks on the first failing row (default), `warn` only warns; overridden by `warn`/`fail`. */
  readonly severity?: Severity
  /** Warn above this many failing rows or percent. */
  readonly warn?: Limit
  /** Block above this many failing rows or percent. */
  readonly fail?: Limit
}

const thresholdsFrom = (options: CheckOptions): Thresholds => {
  if (options.warn === undefined && options.fail === undefined) return thresholdsOf(options.severity ?? "error")
  return { ...(options.warn === undefined ? {} : { warn: options.warn }), ...(options.fail === undefined ? {} : { fail: options.fail }) }
}

const make = (rule: Rule, id: string, description: string, options: CheckOptions): Check => ({
  id: options.id ?? id,
  description: options.description ?? description,
  rule,
  thresholds: thresholdsFrom(options)
})

const literal = (v: Literal): string => (typeof v === "string" ? JSON.stringify(v) : String(v))

/** Check constructors, one per rule. */
export const check = {
  /** No NULL in any of the columns. */
  notNull: (columns: string | ReadonlyArray<string>, options: CheckOptions = {}): Check => {
    const cols = typeof columns === "string" ? [columns] : columns
    return make(Rule.NotNull({ columns: cols }), `not_null.${cols.join("_")}`, `${cols.join(", ")} is never NULL`, options)
  },
  /** No two rows share the (compound) key; rows after the first of each key fail. */
  unique: (columns: string | ReadonlyArray<string>, options: CheckOptions = {}): Check => {
    const cols = typeof columns === "string" ? [columns] : columns
    return make(Rule.Unique({ columns: cols }), `unique.${cols.join("_")}`, `(${cols.join(", ")}) is unique`, options)
  },
  /** The column holds only these values (NULL passes; use notNull for it). */
  acceptedValues: (column: string, values: ReadonlyArray<Literal>, options: CheckOptions = {}): Check =>
    make(Rule.AcceptedValues({ column, values }), `accepted_values.${column}`, `${column} is one of ${values.map(literal).join(", ")}`, options),
  /** The column is within bounds (inclusive unless `exclusiveMin`/`exclusiveMax`); compared exactly (DECIMAL, DATE). */
  range: (
    column: string,
    bounds: { readonly min?: Literal; readonly max?: Literal; readonly exclusiveMin?: boolean; readonly exclusiveMax?: boolean },
    options: CheckOptions = {}
  ): Check =>
    make(
      Rule.Range({ column, ...bounds }),
      `range.${column}`,
      `${column} is ${[
        bounds.min === undefined ? null : `${bounds.exclusiveMin === true ? ">" : ">="} ${literal(bounds.min)}`,
        bounds.max === undefined ? null : `${bounds.exclusiveMax === true ? "<" : "<="} ${literal(bounds.max)}`
      ]
        .filter((s) => s !== null)
        .join(" and ")}`,
      options
    ),
  /** The column matches a regular expression (full match; NULL passes). */
  pattern: (column: string, pattern: string | RegExp, options: CheckOptions = {}): Check => {
    const source = pattern instanceof RegExp ? pattern.source : pattern
    return make(Rule.Pattern({ column, pattern: source }), `pattern.${column}`, `${column} matches /${source}/`, options)
  },
  /** The column's text length is within bounds (inclusive). */
  length: (column: string, bounds: { readonly min?: number; readonly max?: number }, options: CheckOptions = {}): Check =>
    make(
      Rule.Length({ column, ...bounds }),
      `length.${column}`,
      `${column} has ${bounds.min === undefined ? "" : `at least ${bounds.min}`}${bounds.min !== undefined && bounds.max !== undefined ? " and " : ""}${bounds.max === undefined ? "" : `at most ${bounds.max}`} characters`,
      options
    ),
  /** The table has between `min` and `max` rows (inclusive). */
  rowCount: (bounds: { readonly min?: number; readonly max?: number }, options: CheckOptions = {}): Check =>
    make(
      Rule.RowCount(bounds),
      "row_count",
      `the table has ${bounds.min === undefined ? "" : `at least ${bounds.min}`}${bounds.min !== undefined && bounds.max !== undefined ? " and " : ""}${bounds.max === undefined ? "" : `at most ${bounds.max}`} rows`,
      options
    ),
  /** The latest value of a date or timestamp column is at most `maxAgeDays` days before the ingestion date. */
  freshness: (column: string, maxAgeDays: number, options: CheckOptions = {}): Check =>
    make(Rule.Freshness({ column, maxAgeDays }), `freshness.${column}`, `the latest ${column} is at most ${maxAgeDays} day(s) before the ingestion date`, options),
  /** Every (non-NULL) value of `columns` exists in `table`'s `referencedColumns`. */
  references: (columns: string | ReadonlyArray<string>, table: string, referencedColumns?: string | ReadonlyArray<string>, options: CheckOptions = {}): Check => {
    const cols = typeof columns === "string" ? [columns] : columns
    const refs = referencedColumns === undefined ? cols : typeof referencedColumns === "string" ? [referencedColumns] : referencedColumns
    return make(Rule.References({ columns: cols, table, referencedColumns: refs }), `references.${cols.join("_")}`, `every ${cols.join(", ")} has a row in ${table}`, options)
  },
  /** The sum of `column` equals the sum of `referencedColumn` in `table`, to the cent (compared as DECIMAL). */
  sumReconciles: (column: string, table: string, referencedColumn: string, options: CheckOptions = {}): Check =>
    make(
      Rule.SumReconciles({ column, table, referencedColumn }),
      `reconciles.${column}`,
      `sum(${column}) equals sum(${table}.${referencedColumn}) exactly`,
      options
    ),
  /** Custom SQL: every row the query returns is a failure. Refer to tables by name. */
  sql: (id: string, query: string, options: Omit<CheckOptions, "id"> = {}): Check =>
    make(Rule.Sql({ query }), id, `no row of: ${query.replace(/\s+/g, " ").trim()}`, options),
  /** Custom TypeScript predicate on each row: `true` passes, `false` or a message fails. */
  row: (id: string, predicate: (row: Row) => boolean | string, options: Omit<CheckOptions, "id"> = {}): Check =>
    make(Rule.RowPredicate({ predicate }), id, options.description ?? `rows satisfy ${id}`, options)
}

/** The column a rule is about, when it is about one. */
export const ruleColumns = (rule: Rule): ReadonlyArray<string> =>
  Rule.$match(rule, {
    NotNull: (r) => r.columns,
    Unique: (r) => r.columns,
    AcceptedValues: (r) => [r.column],
    Range: (r) => [r.column],
    Pattern: (r) => [r.column],
    Length: (r) => [r.column],
    RowCount: () => [],
    Freshness: (r) => [r.column],
    References: (r) => r.columns,
    SumReconciles: (r) => [r.column],
    Sql: () => [],
    RowPredicate: () => []
  })

/** A check's description with its thresholds, for docs. */
export const describeCheckValue = (c: Check): string => `${c.description} (${describeThresholds(c.thresholds)})`
