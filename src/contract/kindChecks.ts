/**
 * The checks a column's kind implies. A kind's options (an integer's or a
 * decimal's bounds, a text's lengths, pattern and format, an enum's values,
 * an id being positive) shape the row's Effect Schema and its arbitraries;
 * here they also become vocabulary checks, so `lakegate check`, the pipeline's
 * gates and `contracts test` judge the data by them, not only the decoder.
 * Nested lists and structs are left to their own checks.
 *
 * @example
 * import { column } from "lakegate"
 * impliedChecks({ amount: column.money({ min: "0.01" }), status: column.enum(["new", "paid"]) }).map((c) => c.id)
 * // ["range.amount", "accepted_values.status"]
 */
import { check, type Check } from "../checks/Check.ts"
import { formatPattern, type ColumnKind } from "./kinds.ts"

/**
 * An ECMA/JSON Schema pattern (which matches anywhere in the value unless
 * anchored) as a pattern for a full match (`regexp_full_match`).
 *
 * @example
 * fullMatchPattern("^A") // "[\\s\\S]*(?:^A)[\\s\\S]*"
 */
export const fullMatchPattern = (pattern: string): string => `[\\s\\S]*(?:${pattern})[\\s\\S]*`

/** The checks one column's kind implies, in a stable order. */
const columnChecks = (column: string, kind: ColumnKind): ReadonlyArray<Check> => {
  switch (kind.kind) {
    case "id":
      return [check.range(column, { min: 1 })]
    case "integer":
    case "decimal":
      return kind.min === undefined && kind.max === undefined
        ? []
        : [check.range(column, { ...(kind.min === undefined ? {} : { min: kind.min }), ...(kind.max === undefined ? {} : { max: kind.max }) })]
    case "text":
      return [
        ...(kind.minLength === undefined && kind.maxLength === undefined
          ? []
          : [check.length(column, { ...(kind.minLength === undefined ? {} : { min: kind.minLength }), ...(kind.maxLength === undefined ? {} : { max: kind.maxLength }) })]),
        ...(kind.pattern === undefined ? [] : [check.pattern(column, fullMatchPattern(kind.pattern), { description: `${column} matches /${kind.pattern}/` })]),
        ...(kind.format === undefined
          ? []
          : [check.pattern(column, formatPattern[kind.format], { id: `format.${column}`, description: `${column} is a valid ${kind.format}` })])
      ]
    case "enum":
      return [check.acceptedValues(column, kind.values)]
    default:
      return []
  }
}

/**
 * The checks the kinds of a table's columns imply, leaving out any whose id
 * the table declares itself (a declared check with the same id replaces the
 * implied one, e.g. to give it thresholds or an exclusive bound).
 */
export const impliedChecks = (columns: Readonly<Record<string, ColumnKind>>, declared: ReadonlyArray<Check> = []): ReadonlyArray<Check> => {
  const ids = new Set(declared.map((c) => c.id))
  return Object.entries(columns)
    .flatMap(([name, kind]) => columnChecks(name, kind))
    .filter((c) => !ids.has(c.id))
}
