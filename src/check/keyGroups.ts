/**
 * Uniqueness of a key in two steps: first the rows the key would drop
 * (`count(*)` minus its distinct values, a NULL key being one value, as
 * `group by` has it), a query of its own, since a distinct count inside the
 * single scan cannot spill and runs out of memory at scale; then, only for
 * a key with duplicates, a `group by` for the duplicated keys and their
 * samples. `key.unique` and `check.unique` on the same columns share both.
 *
 * @example
 * const sql = surplusSql('"orders"', ["order_id"]) // select count(*) - count(distinct t."order_id") - ... as surplus from "orders" t
 * const groups = groupSql('"orders"', ["order_id"])
 */
import { MAX_SAMPLES } from "../contract/CheckResult.ts"
import { sqlIdent, type Row } from "../engine/Duck.ts"
import { num, structs } from "./units.ts"

/** The rows after the first of each key value, over `relation`: rows minus distinct key values (`surplus`). */
export const surplusSql = (relation: string, columns: ReadonlyArray<string>): string => {
  const refs = columns.map((c) => `t.${sqlIdent(c)}`)
  const surplus =
    refs.length === 1
      ? // count(distinct) leaves NULL out, where group by makes it a key of its own.
        `count(*) - count(distinct ${refs[0]}) - (count(*) filter (where ${refs[0]} is null) > 0)::bigint`
      : `count(*) - count(distinct struct_pack(${columns.map((c, i) => `${sqlIdent(`k${i}`)} := ${refs[i]}`).join(", ")}))`
  return `select ${surplus} as surplus from ${relation} t`
}

/** `coalesce(t.a::varchar, 'NULL') || '/' || ...`: the key text of failing-row samples (as `failingRowsSql` writes it). */
export const keyText = (columns: ReadonlyArray<string>): string => columns.map((c) => `coalesce(t.${sqlIdent(c)}::varchar, 'NULL')`).join(" || '/' || ")

/** `t.a || '/' || t.b::varchar`: the key text of `key.unique` samples (as `tableChecks` writes it). */
const plainKeyText = (columns: ReadonlyArray<string>): string => `${columns.map((c) => `t.${sqlIdent(c)}`).join(" || '/' || ")}::varchar`

/** The `group by` of a key over `relation`: duplicated keys, surplus rows, and the first duplicated keys in both renderings. */
export const groupSql = (relation: string, columns: ReadonlyArray<string>): string =>
  `select count(*) filter (where n > 1) as groups, coalesce(sum(n - 1) filter (where n > 1), 0) as surplus,
     min({'v': plain, 'n': n}, ${MAX_SAMPLES}) filter (where n > 1) as plain_keys,
     min({'v': keyed, 'n': n}, ${MAX_SAMPLES}) filter (where n > 1) as keyed_keys
   from (select count(*) as n, ${plainKeyText(columns)} as plain, ${keyText(columns)} as keyed from ${relation} t group by ${columns.map((c) => `t.${sqlIdent(c)}`).join(", ")})`

/** The duplicated keys of a group query in one rendering: `[{ v, n }]`, smallest first. */
export const duplicates = (group: Row, rendering: "plain" | "keyed"): ReadonlyArray<{ readonly v: string | null; readonly n: number }> =>
  structs(group[`${rendering}_keys`]).map((item) => ({ v: item["v"] === null || item["v"] === undefined ? null : String(item["v"]), n: num(item["n"]) }))
