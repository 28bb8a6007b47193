/**
 * Profile a staged table in SQL: per column its NULLs, approximate distinct
 * values, min and max (scalar columns, as text: a DECIMAL keeps its digits),
 * and for low-cardinality text and boolean columns their most frequent values
 * with counts. One aggregate query reads every column together; a second one,
 * only when some text column is of low cardinality, groups those few columns
 * to count their top values (exact counts; `approx_top_k` on every text column
 * cost more than both queries together). A boolean's two values are counted
 * in the first. Nested columns (lists,
 * structs, maps) get NULLs and distinct values only.
 *
 * @example
 * const profile = yield* profileTable(`"staged_silver_orders"`) // needs Duck
 * profile.columns.find((c) => c.column === "status")?.top // [{ value: "paid", count: 812 }, ...]
 */
import { Effect } from "effect"
import type { Json } from "@duckdb/node-api"
import { Duck, sqlIdent, type DuckError } from "../engine/Duck.ts"
import type { ColumnProfile, TableProfile } from "../report/Profile.ts"

/** Most top values kept per column. */
export const TOP_VALUES = 5

/** A column with at most this many distinct values (approximately) is of low cardinality: its top values are counted. */
export const LOW_CARDINALITY = 20

/** Longest value kept (min, max, top values); longer ones are cut and end in `...`. */
export const MAX_PROFILE_VALUE = 200

const isNested = (type: string): boolean => /\[\d*\]$/.test(type) || /^(STRUCT|MAP|UNION|LIST)\b/i.test(type)
const isBoolean = (type: string): boolean => /^BOOLEAN$/i.test(type)
const hasTopValues = (type: string): boolean => /^(VARCHAR|ENUM)\b/i.test(type)

const cut = (text: string): string => (text.length <= MAX_PROFILE_VALUE ? text : `${text.slice(0, MAX_PROFILE_VALUE - 3)}...`)
const textOf = (value: Json | undefined): string | null => (value === null || value === undefined ? null : cut(typeof value === "string" ? value : JSON.stringify(value)))
const numberOf = (value: Json | undefined): number => (typeof value === "number" ? value : typeof value === "string" ? Number(value) : 0)

/** Profile the relation (a view over staged Parquet) column by column. */
export const profileTable = (relation: string): Effect.Effect<TableProfile, DuckError, Duck> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const described = yield* duck.all(`describe select * from ${relation}`)
    const columns = described.map((row) => ({ name: String(row["column_name"]), type: String(row["column_type"]) }))
    const aggregates = [
      "count(*) as n",
      ...columns.flatMap((c, i) => {
        const q = sqlIdent(c.name)
        return [
          `count(*) - count(${q}) as nulls_${i}`,
          // HyperLogLog overshoots on small tables: never more distinct values than non-NULL ones.
          `least(approx_count_distinct(${q}), count(${q})) as distinct_${i}`,
          ...(isNested(c.type) ? [] : [`min(${q})::varchar as min_${i}`, `max(${q})::varchar as max_${i}`]),
          // A boolean's two values are counted here, with no second scan.
          ...(isBoolean(c.type) ? [`count(*) filter (where ${q}) as true_${i}`, `count(*) filter (where not ${q}) as false_${i}`] : [])
        ]
      })
    ]
    const row = (yield* duck.all(`select ${aggregates.join(", ")} from ${relation}`))[0] ?? {}
    const rows = numberOf(row["n"])
    const lowCardinality = columns.flatMap((c, i) => {
      const distinct = numberOf(row[`distinct_${i}`])
      return hasTopValues(c.type) && distinct > 0 && distinct <= LOW_CARDINALITY ? [{ i, q: sqlIdent(c.name) }] : []
    })
    const counted =
      lowCardinality.length === 0
        ? []
        : yield* duck.all(
            lowCardinality
              .map(({ i, q }) => `(select ${i} as i, ${q}::varchar as value, count(*) as n from ${relation} where ${q} is not null group by all order by n desc, value limit ${TOP_VALUES})`)
              .join(" union all ")
          )
    const topOf = (i: number, type: string) =>
      isBoolean(type)
        ? [{ value: "true", count: numberOf(row[`true_${i}`]) }, { value: "false", count: numberOf(row[`false_${i}`]) }].filter((v) => v.count > 0)
        : counted.filter((r) => numberOf(r["i"]) === i).map((r) => ({ value: cut(String(r["value"])), count: numberOf(r["n"]) }))
    return {
      rows,
      columns: columns.map((c, i): ColumnProfile => {
        const top = topOf(i, c.type)
        return {
          column: c.name,
          type: c.type,
          nulls: numberOf(row[`nulls_${i}`]),
          distinct: numberOf(row[`distinct_${i}`]),
          min: textOf(row[`min_${i}`]),
          max: textOf(row[`max_${i}`]),
          // Values that each occur once say nothing a distinct count does not.
          top: top.some((v) => v.count > 1) ? [...top].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)) : []
        }
      })
    }
  })
