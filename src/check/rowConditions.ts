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
