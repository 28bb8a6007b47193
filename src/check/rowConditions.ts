/**
 * The row-level rules of the check vocabulary as SQL conditions on one row:
 * true when the row fails. They are the `where` clauses of
 * `failingRowsSql` (src/checks/evaluate.ts), written once more so that many
 * checks can be counted in one aggregate scan (`count(*) filter (where ...)`)
 * instead of one query each; `test/check/singleScan.test.ts` holds the two
 * to the same counts.
 *
 * @example
 * rowFailure(check.range("amount", { min: "0.01" }).rule, "t")
 * // t."amount" is not null and (t."amount" < 0.01)
 */
import { sqlIdent, sqlString } from "../engine/Duck.ts"
import { sqlLiteral } from "../checks/evaluate.ts"
import { Rule } from "../checks/Check.ts"

/** What a failing row's sample says, as SQL over `alias`: the column(s) at fault, why, and the value (as in `failingRowsSql`). */
export interface SampleFields {
  readonly path: string
  readonly message: string
  readonly value: string
}

/** The sample fields of a row-level rule's failing row, or null for rules that judge more than one row. */
export const rowSampleFields = (rule: Rule, alias: string): SampleFields | null => {
  const col = (name: string) => `${alias}.${sqlIdent(name)}`
  const about = (column: string, message: string): SampleFields => ({ path: sqlString(column), message: sqlString(message), value: `${col(column)}::varchar` })
  return Rule.$match(rule, {
    NotNull: ({ columns }) => ({
      path: `concat_ws(',', ${columns.map((c) => `case when ${col(c)} is null then ${sqlString(c)} end`).join(", ")})`,
      message: sqlString("NULL in a required column"),
      value: "NULL::varchar"
    }),
    AcceptedValues: ({ column }) => about(column, "not an accepted value"),
    Range: ({ column }) => about(column, "out of range"),
    Pattern: ({ column, pattern }) => about(column, `does not match /${pattern}/`),
    Length: ({ column }) => about(column, "length out of bounds"),
    Unique: () => null,
    RowCount: () => null,
    Freshness: () => null,
    References: () => null,
    SumReconciles: () => null,
    Sql: () => null,
    RowPredicate: () => null
  })
}

/** The condition under which a row of `alias` fails a row-level rule, or null for rules that judge more than one row. */
export const rowFailure = (rule: Rule, alias: string): string | null => {
  const col = (name: string) => `${alias}.${sqlIdent(name)}`
  return Rule.$match(rule, {
    NotNull: ({ columns }) => columns.map((c) => `${col(c)} is null`).join(" or "),
    AcceptedValues: ({ column, values }) => `${col(column)} is not null and ${col(column)}::varchar not in (${values.map((v) => sqlString(String(v))).join(", ")})`,
    Range: ({ column, min, max, exclusiveMin, exclusiveMax }) => {
      const below = min === undefined ? null : `${col(column)} ${exclusiveMin === true ? "<=" : "<"} ${sqlLiteral(min)}`
      const above = max === undefined ? null : `${col(column)} ${exclusiveMax === true ? ">=" : ">"} ${sqlLiteral(max)}`
      return `${col(column)} is not null and (${[below, above].filter((s) => s !== null).join(" or ") || "false"})`
    },
    Pattern: ({ column, pattern }) => `${col(column)} is not null and not regexp_full_match(${col(column)}::varchar, ${sqlString(pattern)})`,
    Length: ({ column, min, max }) =>
      `${col(column)} is not null and (${[min === undefined ? null : `length(${col(column)}::varchar) < ${min}`, max === undefined ? null : `length(${col(column)}::varchar) > ${max}`]
        .filter((s) => s !== null)
        .join(" or ") || "false"})`,
    Unique: () => null,
    RowCount: () => null,
    Freshness: () => null,
    References: () => null,
    SumReconciles: () => null,
    Sql: () => null,
    RowPredicate: () => null
  })
}
