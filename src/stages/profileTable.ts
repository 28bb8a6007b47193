/**
 * Profile a staged table in SQL: per column its NULLs, approximate distinct
 * values, min and max (scalar columns, as text: a DECIMAL keeps its digits),
 * and for low-cardinality text and boolean columns their most frequent values
 * with counts. One aggregate query reads every column together; a second one,
 * only when some column is of low cardinality, counts that column's top
 * values (a scan of those few columns). Nested columns (lists, structs, maps)
 * get NULLs and distinct values only.
 *
 * @example
 * const profile = yield* profileTable(`"staged_silver_orders"`) // needs Duck
 * profile.columns.find((c) => c.column === "status")?.top // [{ value: "paid", count: 812 }, ...]
 */
import { Effect } from "effect"
import type { Json } from "@duckdb/node-api"
import { Duck, sqlIdent, sqlString, type DuckError } from "../engine/Duck.ts"
import type { ColumnProfile, TableProfile } from "../report/Profile.ts"

/** Most top values kept per column. */
export const TOP_VALUES = 5

/** A column with at most this many distinct values (approximately) is of low cardinality: its top values are counted. */
export const LOW_CARDINALITY = 20

/** Longest value kept (min, max, top values); longer ones are cut and end in `...`. */
export const MAX_PROFILE_VALUE = 200

const isNested = (type: string): boolean => /\[\d*\]$/.test(type) || /^(STRUCT|MAP|UNION|LIST)\b/i.test(type)
const hasTopValues = (type: string): boolean => /^(VARCHAR|BOOLEAN|ENUM)\b/i.test(type)

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
          ...(hasTopValues(c.type) ? [`approx_top_k(${q}::varchar, ${TOP_VALUES}) as top_${i}`] : [])
        ]
      })
    ]
    const row = (yield* duck.all(`select ${aggregates.join(", ")} from ${relation}`))[0] ?? {}
    const rows = numberOf(row["n"])
    const topCandidates = columns.flatMap((c, i) => {
      const values = row[`top_${i}`]
      return hasTopValues(c.type) && numberOf(row[`distinct_${i}`]) <= LOW_CARDINALITY && Array.isArray(values)
        ? [{ i, column: c.name, values: values.flatMap((v) => (v === null ? [] : [typeof v === "string" ? v : JSON.stringify(v)])) }]
        : []
    }).filter((t) => t.values.length > 0)
    const counts = topCandidates.length === 0 || rows === 0
      ? {}
      : ((yield* duck.all(
          `select ${topCandidates
            .flatMap((t) => t.values.map((v, k) => `count(*) filter (where ${sqlIdent(t.column)}::varchar = ${sqlString(v)}) as top_${t.i}_${k}`))
            .join(", ")} from ${relation}`
        ))[0] ?? {})
    return {
      rows,
      columns: columns.map((c, i): ColumnProfile => {
        const top = topCandidates.find((t) => t.i === i)
        const counted = (top?.values ?? []).map((value, k) => ({ value: cut(value), count: numberOf(counts[`top_${i}_${k}`]) }))
        return {
          column: c.name,
          type: c.type,
          nulls: numberOf(row[`nulls_${i}`]),
          distinct: numberOf(row[`distinct_${i}`]),
          min: textOf(row[`min_${i}`]),
          max: textOf(row[`max_${i}`]),
          // Values that each occur once say nothing a distinct count does not.
          top: counted.some((v) => v.count > 1)
            ? counted.filter((v) => v.count > 0).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
            : []
        }
      })
    }
  })
