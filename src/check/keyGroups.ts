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
import { sqlIdent, sqlString, type Row } from "../engine/Duck.ts"
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

/** `coalesce(t.a::varchar, 'NULL') || '/' || ...`: the key text of failing-row samples (as `failingRowsSql` writes it), over the given column references. */
const keyedText = (refs: ReadonlyArray<string>): string => refs.map((r) => `coalesce(${r}::varchar, 'NULL')`).join(" || '/' || ")

/** The key text of failing-row samples over `t`. */
export const keyText = (columns: ReadonlyArray<string>): string => keyedText(columns.map((c) => `t.${sqlIdent(c)}`))

/** `a || '/' || b::varchar`: the key text of `key.unique` samples (as `tableChecks` writes it). */
const plainText = (refs: ReadonlyArray<string>): string => `${refs.join(" || '/' || ")}::varchar`

/**
 * The `group by` of a key over `relation`: duplicated keys, surplus rows,
 * and the first duplicated keys in both renderings. The keys are kept as
 * values (`min(key, 20)`) and rendered as text only for those twenty.
 */
export const groupSql = (relation: string, columns: ReadonlyArray<string>): string => {
  const fields = columns.map((_, i) => sqlIdent(`k${i}`))
  const inKey = fields.map((f) => `x.k.${f}`)
  return `select groups, surplus,
     list_transform(keys, x -> {'v': ${plainText(inKey)}, 'n': x.n}) as plain_keys,
     list_transform(keys, x -> {'v': ${keyedText(inKey)}, 'n': x.n}) as keyed_keys
   from (
     select count(*) as groups, coalesce(sum(n - 1), 0) as surplus,
       min({'k': {${fields.map((f) => `${sqlString(f.slice(1, -1))}: ${f}`).join(", ")}}, 'n': n}, ${MAX_SAMPLES}) as keys
     from (select count(*) as n, ${columns.map((c, i) => `t.${sqlIdent(c)} as ${fields[i]}`).join(", ")} from ${relation} t group by ${columns.map((c) => `t.${sqlIdent(c)}`).join(", ")} having count(*) > 1))`
}

/** The duplicated keys of a group query in one rendering: `[{ v, n }]`, smallest first. */
export const duplicates = (group: Row, rendering: "plain" | "keyed"): ReadonlyArray<{ readonly v: string | null; readonly n: number }> =>
  structs(group[`${rendering}_keys`]).map((item) => ({ v: item["v"] === null || item["v"] === undefined ? null : String(item["v"]), n: num(item["n"]) }))
