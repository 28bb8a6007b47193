/**
 * The checks a column's declaration implies: its bounds, lengths, pattern and
 * format as vocabulary checks, and everything inside an object or array
 * (required nested fields, their bounds, array sizes) as one SQL check per
 * column, so constraints are evaluated on the data, not only declared.
 *
 * @example
 * import { constraintChecks } from "./fieldChecks.ts"
 * // amount with logicalTypeOptions { minimum: 0 } → check.range("amount", { min: "0" }) with id range.amount
 */
import { check, type Check, type CheckOptions, type Literal } from "../checks/Check.ts"
import { fullMatchPattern } from "../contract/kindChecks.ts"
import { formatPattern } from "../contract/kinds.ts"
import { sqlIdent, sqlString } from "../engine/Duck.ts"
import type { Field } from "./fields.ts"
import type { Constraints } from "./typeOptions.ts"

/** A bound as a check literal: a whole number on an integer column reads as a number, anything else as the exact text. */
const literalOf = (text: string, f: Field): Literal => (f.kind.kind === "integer" && /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text)

/** The vocabulary checks of a table column's constraints (bounds, lengths, pattern, format). */
export const constraintChecks = (f: Field): ReadonlyArray<Check> => {
  const { range, length, pattern, format } = f.constraints
  const c = f.column
  const bounds =
    range === undefined
      ? undefined
      : {
          ...(range.min === undefined ? {} : { min: literalOf(range.min, f) }),
          ...(range.max === undefined ? {} : { max: literalOf(range.max, f) }),
          ...(range.exclusiveMin === true ? { exclusiveMin: true } : {}),
          ...(range.exclusiveMax === true ? { exclusiveMax: true } : {})
        }
  return [
    ...(bounds === undefined ? [] : [check.range(c, bounds)]),
    ...(length === undefined || (length.min === undefined && length.max === undefined) ? [] : [check.length(c, length)]),
    ...(pattern === undefined ? [] : [check.pattern(c, fullMatchPattern(pattern), { description: `${c} matches /${pattern}/` })]),
    ...(format === undefined ? [] : [check.pattern(c, formatPattern[format], { id: `format.${c}`, description: `${c} is a valid ${format}` })])
  ]
}

const q = sqlIdent

/** SQL literal of a bound: decimals as exact numerics, dates and timestamps as text DuckDB casts. */
const boundLiteral = (text: string): string => (/^-?\d+(\.\d+)?$/.test(text) ? text : sqlString(text))

/** Conditions on a value itself (true when it violates one). */
const ownViolations = (constraints: Constraints, expr: string, nullable: boolean, nested: boolean): ReadonlyArray<string> => {
  const { range, length, pattern, format, items } = constraints
  const own: Array<string> = []
  if (nested) {
    if (!nullable) own.push(`${expr} is null`)
    if (range?.min !== undefined) own.push(`${expr} ${range.exclusiveMin === true ? "<=" : "<"} ${boundLiteral(range.min)}`)
    if (range?.max !== undefined) own.push(`${expr} ${range.exclusiveMax === true ? ">=" : ">"} ${boundLiteral(range.max)}`)
    if (length?.min !== undefined) own.push(`length(${expr}) < ${length.min}`)
    if (length?.max !== undefined) own.push(`length(${expr}) > ${length.max}`)
    if (pattern !== undefined) own.push(`not regexp_full_match(${expr}, ${sqlString(fullMatchPattern(pattern))})`)
    if (format !== undefined) own.push(`not regexp_full_match(${expr}, ${sqlString(formatPattern[format])})`)
  }
  if (items?.min !== undefined) own.push(`len(${expr}) < ${items.min}`)
  if (items?.max !== undefined) own.push(`len(${expr}) > ${items.max}`)
  return own
}

/**
 * A SQL condition, true when the value at `expr` violates something inside
 * it (or, when `nested`, itself); null when nothing is to be checked.
 */
const violation = (f: Field, expr: string, nested: boolean, depth: number): string | null => {
  const own = ownViolations(f.constraints, expr, f.kind.nullable, nested)
  const inner: Array<string> = []
  for (const sub of f.fields) {
    const v = violation(sub, `(${expr}).${q(sub.column)}`, true, depth)
    // A NULL object has NULL fields: only judge the fields of an object that is there.
    if (v !== null) inner.push(`(${expr} is not null and (${v}))`)
  }
  if (f.items !== null) {
    const x = `x${depth}`
    const v = violation(f.items, x, true, depth + 1)
    if (v !== null) inner.push(`len(list_filter(${expr}, lambda ${x}: ${v})) > 0`)
  }
  const all = [...own, ...inner]
  return all.length === 0 ? null : all.map((c) => `(${c})`).join(" or ")
}

/** The SQL check of what lies inside an object or array column (or an array's size), when anything does. */
export const nestedCheck = (f: Field, table: string): Check | null => {
  const condition = violation(f, `t.${q(f.column)}`, false, 1)
  return condition === null
    ? null
    : check.sql(`nested.${f.column}`, `select t.* from ${q(table)} t where ${condition}`, {
        description: `the values inside ${f.column} respect their declaration (required fields, bounds, lengths, sizes)`
      })
}

/**
 * Duplicates among rows whose key is not NULL (NULL is no value, as in SQL's
 * UNIQUE): every row after the first of a key fails. Required columns use the
 * vocabulary's `unique`; a nullable one needs its NULLs left out, in SQL.
 */
export const duplicatesCheck = (
  columns: ReadonlyArray<string>,
  nullable: boolean,
  table: string,
  options: CheckOptions & { readonly id: string; readonly description: string }
): Check => {
  if (!nullable) return check.unique(columns, options)
  const { id, ...rest } = options
  const key = columns.map((c) => `t.${q(c)}`)
  return check.sql(
    id,
    `select * exclude (_odcs_n) from (select t.*, row_number() over (partition by ${key.join(", ")}) as _odcs_n from ${q(table)} t where ${key
      .map((k) => `${k} is not null`)
      .join(" and ")}) where _odcs_n > 1`,
    rest
  )
}
