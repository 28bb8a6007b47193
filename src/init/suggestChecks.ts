/**
 * The checks `lakegate init` suggests from a profile, each one true of the
 * data it came from: a key (a column whose values are distinct and never
 * NULL, preferring a single `*_id` column), observed ranges of numbers,
 * dates and timestamps, observed text lengths, recognised formats and
 * patterns, accepted values of categorical text, and row-count bounds
 * around today's count (half to double). Suggestions are plain values, so
 * each renderer writes them in its own language and {@link toCheck} makes
 * the lakegate check.
 *
 * @example
 * const key = chooseKey(profile.columns)          // ["order_id"]
 * suggestChecks(profile, kinds, key)
 * // [Range amount 0.50..250.00, Format email, AcceptedValues status [new, paid], RowCount 5..20]
 */
import { Data } from "effect"
import { check, type Check, type Literal } from "../checks/Check.ts"
import { formatPattern, type ColumnKind, type TextFormat } from "../contract/kinds.ts"
import { safeInteger } from "./inferKind.ts"
import type { ColumnProfile, DataProfile } from "./profile.ts"

/** A suggested check. */
export type Suggestion = Data.TaggedEnum<{
  Range: { readonly column: string; readonly min?: Literal; readonly max?: Literal }
  Length: { readonly column: string; readonly min?: number; readonly max?: number }
  Format: { readonly column: string; readonly format: TextFormat }
  Pattern: { readonly column: string; readonly pattern: string; readonly name: string }
  AcceptedValues: { readonly column: string; readonly values: ReadonlyArray<string> }
  RowCount: { readonly min: number; readonly max: number }
}>
export const Suggestion = Data.taggedEnum<Suggestion>()

/** How `*_id` columns are preferred as keys: `id`, `<anything>_id`, `<anything>Id`. */
const ID_NAME = /(^|_)id$|[a-z]Id$/i

/**
 * The key: the first column (in the data's order) whose values are distinct
 * and never NULL, preferring one named like `order_id`; none when no
 * identifier-like column is unique. A single column only.
 */
export const chooseKey = (columns: ReadonlyArray<ColumnProfile>): ReadonlyArray<string> => {
  const unique = columns.filter((c) => c.unique === true)
  const best = unique.find((c) => ID_NAME.test(c.name)) ?? unique[0]
  return best === undefined ? [] : [best.name]
}

/** A bound of an integer column as a check literal: a number when exact, else its decimal text. */
const integerLiteral = (text: string): Literal => safeInteger(text) ?? text

const rangeOf = (column: string, min: Literal | null, max: Literal | null): ReadonlyArray<Suggestion> =>
  min === null && max === null ? [] : [Suggestion.Range({ column, ...(min === null ? {} : { min }), ...(max === null ? {} : { max }) })]

/** The suggestions about one column, from its kind and profile. */
const columnSuggestions = (p: ColumnProfile, kind: ColumnKind, isKey: boolean): ReadonlyArray<Suggestion> => {
  const column = p.name
  switch (kind.kind) {
    case "id":
      return []
    case "integer":
      return isKey ? [] : rangeOf(column, p.min === null ? null : integerLiteral(p.min), p.max === null ? null : integerLiteral(p.max))
    case "decimal":
    case "date":
    case "timestamp":
      return rangeOf(column, p.min, p.max)
    case "enum":
      return [Suggestion.AcceptedValues({ column, values: kind.values })]
    case "text": {
      if (kind.format !== undefined) return [Suggestion.Format({ column, format: kind.format })]
      if (kind.pattern !== undefined) return [Suggestion.Pattern({ column, pattern: kind.pattern, name: /T|:/.test(kind.pattern) ? "ISO timestamp" : "ISO date" })]
      return kind.minLength === undefined && kind.maxLength === undefined
        ? []
        : [Suggestion.Length({ column, ...(kind.minLength === undefined ? {} : { min: kind.minLength }), ...(kind.maxLength === undefined ? {} : { max: kind.maxLength }) })]
    }
    default:
      return []
  }
}

/** Row-count bounds around today's count: half of it (at least 1) to double. */
export const rowCountBounds = (rows: number): { readonly min: number; readonly max: number } => ({ min: Math.max(1, Math.floor(rows / 2)), max: rows * 2 })

/** Every suggestion for a profiled dataset, column by column, then the row count. */
export const suggestChecks = (profile: DataProfile, kinds: ReadonlyMap<string, ColumnKind>, key: ReadonlyArray<string>): ReadonlyArray<Suggestion> => [
  ...profile.columns.flatMap((p) => {
    const kind = kinds.get(p.name)
    return kind === undefined ? [] : columnSuggestions(p, kind, key.includes(p.name))
  }),
  ...(profile.rows > 0 ? [Suggestion.RowCount(rowCountBounds(profile.rows))] : [])
]

/** The lakegate check of a suggestion (formats with the id `format.<column>`, as ODCS contracts have them). */
export const toCheck = (s: Suggestion): Check =>
  Suggestion.$match(s, {
    Range: ({ column, min, max }) => check.range(column, { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) }),
    Length: ({ column, min, max }) => check.length(column, { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) }),
    Format: ({ column, format }) => check.pattern(column, formatPattern[format], { id: `format.${column}`, description: `${column} is a valid ${format}` }),
    Pattern: ({ column, pattern, name }) => check.pattern(column, pattern, { description: `${column} is an ${name}` }),
    AcceptedValues: ({ column, values }) => check.acceptedValues(column, values),
    RowCount: ({ min, max }) => check.rowCount({ min, max })
  })
