/**
 * How each contract column is found in the data and read as the contract's
 * type. A column is `ok` (found, and its values can be typed), `missing`, or
 * of the `wrong-type` (Parquet only: its physical type does not widen safely
 * to the contract's). For text formats each value is typed on its own: CSV
 * text with `try_cast`, JSON values by their JSON type; a present value that
 * does not type is a type failure of that row and column.
 *
 * @example
 * const plan = planColumns([["amount", "DECIMAL(18,2)"]], [{ name: "amount", type: "VARCHAR" }], "csv")
 * plan.columns[0].typed   // try_cast(r."amount" as DECIMAL(18,2))
 */
import { Option } from "effect"
import { sqlIdent } from "../engine/Duck.ts"
import { parseDuckType, renderDuckType, widens, type DuckType } from "./duckType.ts"
import type { DataColumn } from "./reader.ts"
import type { DataFormat } from "./source.ts"

/** How a column's values are judged for their type. */
export type TypeJudgement =
  /** Every value has the type already (Parquet, or text read as text). */
  | "none"
  /** A non-null value whose cast is null is a failure (CSV). */
  | "cast"
  /** A non-null JSON value (not JSON `null`) that does not type is a failure. */
  | "json"

/** One contract column and how the data provides it. */
export type PlannedColumn = {
  readonly name: string
  /** The contract's SQL type. */
  readonly sqlType: string
} & (
  | {
      readonly status: "ok"
      /** The data's column name (matched case-insensitively) and type as DuckDB reads it. */
      readonly source: string
      readonly dataType: string
      /** The typed value, as SQL over the raw relation aliased `r`. */
      readonly typed: string
      readonly judgement: TypeJudgement
    }
  | { readonly status: "missing" }
  | { readonly status: "wrong-type"; readonly source: string; readonly dataType: string }
)

/** The plan of every contract column, and the data's other columns. */
export interface ColumnPlan {
  readonly columns: ReadonlyArray<PlannedColumn>
  /** Data columns the contract does not name (kept in the typed view, as read). */
  readonly extra: ReadonlyArray<DataColumn>
}

const INTEGER_JSON = "('BIGINT', 'UBIGINT')"
const NUMBER_JSON = "('BIGINT', 'UBIGINT', 'DOUBLE')"

/** The typed value of a JSON value `j` for a contract type: only JSON values of a fitting kind are typed. */
const jsonTyped = (j: string, type: DuckType, sqlType: string): string => {
  if (type.tag === "list") return `case when json_type(${j}) = 'ARRAY' then try_cast(${j} as ${sqlType}) end`
  if (type.tag === "struct" || type.tag === "map") return `case when json_type(${j}) = 'OBJECT' then try_cast(${j} as ${sqlType}) end`
  if (type.tag !== "scalar") return `try_cast(${j} as ${sqlType})`
  switch (type.name) {
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER":
    case "BIGINT":
    case "HUGEINT":
    case "UTINYINT":
    case "USMALLINT":
    case "UINTEGER":
    case "UBIGINT":
    case "UHUGEINT":
      return `case when json_type(${j}) in ${INTEGER_JSON} then try_cast(${j} as ${sqlType}) end`
    case "DECIMAL":
    case "DOUBLE":
    case "FLOAT":
      // Decimals are often written as strings to keep their digits: both are read.
      return `case when json_type(${j}) in ${NUMBER_JSON} then try_cast(${j} as ${sqlType}) when json_type(${j}) = 'VARCHAR' then try_cast(${j} ->> '$' as ${sqlType}) end`
    case "VARCHAR":
      return `case when json_type(${j}) = 'VARCHAR' then ${j} ->> '$' end`
    case "BOOLEAN":
      return `case when json_type(${j}) = 'BOOLEAN' then try_cast(${j} as BOOLEAN) end`
    default:
      // Dates, times, timestamps, UUIDs, ...: JSON strings cast to the type.
      return `case when json_type(${j}) = 'VARCHAR' then try_cast(${j} ->> '$' as ${sqlType}) end`
  }
}

const planOne = (name: string, sqlType: string, found: DataColumn | undefined, format: DataFormat): PlannedColumn => {
  if (found === undefined) return { name, sqlType, status: "missing" }
  const raw = `r.${sqlIdent(found.name)}`
  const contractType = parseDuckType(sqlType)
  const base = { name, sqlType, status: "ok" as const, source: found.name, dataType: found.type }
  switch (format) {
    case "csv":
    case "tsv":
      return sqlType.toUpperCase() === "VARCHAR" ? { ...base, typed: raw, judgement: "none" } : { ...base, typed: `try_cast(${raw} as ${sqlType})`, judgement: "cast" }
    case "ndjson":
    case "json":
      return Option.isSome(contractType)
        ? { ...base, typed: jsonTyped(raw, contractType.value, sqlType), judgement: "json" }
        : { ...base, typed: `try_cast(${raw} as ${sqlType})`, judgement: "json" }
    case "parquet": {
      const dataType = parseDuckType(found.type)
      if (Option.isNone(dataType) || Option.isNone(contractType) || !widens(dataType.value, contractType.value)) {
        return { name, sqlType, status: "wrong-type", source: found.name, dataType: found.type }
      }
      const same = renderDuckType(dataType.value) === renderDuckType(contractType.value)
      return { ...base, typed: same ? raw : `cast(${raw} as ${sqlType})`, judgement: "none" }
    }
  }
}

/** Match the contract's columns to the data's (names compared case-insensitively, as DuckDB does) and plan how each is typed. */
export const planColumns = (contract: ReadonlyArray<readonly [string, string]>, data: ReadonlyArray<DataColumn>, format: DataFormat): ColumnPlan => {
  const byName = new Map<string, DataColumn>()
  for (const column of data) if (!byName.has(column.name.toLowerCase())) byName.set(column.name.toLowerCase(), column)
  const columns = contract.map(([name, sqlType]) => planOne(name, sqlType, byName.get(name.toLowerCase()), format))
  const claimed = new Set(columns.flatMap((c) => (c.status === "missing" ? [] : [c.source.toLowerCase()])))
  return { columns, extra: data.filter((c) => !claimed.has(c.name.toLowerCase())) }
}

/** The condition under which a column's value is present but does not type, over the raw value and the typed value; null when it cannot happen. */
export const typeFailure = (column: PlannedColumn, raw: string, typed: string): string | null => {
  if (column.status !== "ok") return null
  switch (column.judgement) {
    case "none":
      return null
    case "cast":
      return `(${raw} is not null and ${typed} is null)`
    case "json":
      return `(${raw} is not null and json_type(${raw}) <> 'NULL' and ${typed} is null)`
  }
}

/** The contract columns the data provides, by name. */
export const availableColumns = (plan: ColumnPlan): ReadonlySet<string> => new Set(plan.columns.filter((c) => c.status === "ok").map((c) => c.name))
