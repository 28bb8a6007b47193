/**
 * What a column kind's values look like to the contract tester: in
 * JavaScript (as `schemaOf(kind)` decodes them: BIGINT as a number, DECIMAL as
 * a string with its scale, DATE `YYYY-MM-DD`, TIMESTAMP `YYYY-MM-DD HH:MM:SS`),
 * as a SQL literal that loads them into a column of the kind's type, and as
 * DuckDB's `::varchar` of them, which is what the vocabulary's text rules
 * (accepted values, patterns, lengths) compare.
 *
 * @example
 * import { column } from "lakegate"
 * valueSql(column.money(), "12.50")      // CAST('12.50' AS DECIMAL(18,2))
 * varcharOf(column.integer(), 42)        // "42"
 * loadable(column.date(), "2024-02-30")  // false
 */
import { sqlString } from "../engine/Duck.ts"
import { epochDay, fromEpochDay, isIsoDate } from "../checks/dates.ts"
import { sqlTypeOf, type ColumnKind } from "../contract/kinds.ts"

/** A row as the tester builds it: column name to JavaScript value (`null` for NULL). */
export type TestRow = Readonly<Record<string, unknown>>

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})$/

/** True for a timestamp written `YYYY-MM-DD HH:MM:SS` with a real date and time of day. */
export const isTimestamp = (text: string): boolean => {
  const m = TIMESTAMP.exec(text)
  return m !== null && isIsoDate(m[1] ?? "") && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60
}

/** Seconds since 1970-01-01 00:00:00 of a timestamp `YYYY-MM-DD HH:MM:SS`. */
export const epochSecond = (text: string): number => Math.round(Date.parse(`${text.replace(" ", "T")}Z`) / 1000)

/** The timestamp `YYYY-MM-DD HH:MM:SS` of seconds since 1970-01-01. */
export const fromEpochSecond = (seconds: number): string => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 19)

/** First and last day DuckDB and JavaScript both write as `YYYY-MM-DD`. */
export const FIRST_DAY = epochDay("0001-01-01")
export const LAST_DAY = epochDay("9999-12-31")

/** The date part of a date or timestamp value. */
export const datePart = (value: string): string => value.slice(0, 10)

/** Day number of a date or timestamp value. */
export const dayOf = (value: string): number => epochDay(datePart(value))

/** The same date or timestamp value moved to another day, keeping its time of day. */
export const withDay = (value: string, day: number): string => `${fromEpochDay(day)}${value.slice(10)}`

/** Half of a UTF-16 surrogate pair without its other half: not text DuckDB can store. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Any half of a surrogate pair: text outside the Basic Multilingual Plane (rare; the slow paths below handle it). */
const SURROGATE = /[\uD800-\uDFFF]/

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => v !== null && typeof v === "object" && !Array.isArray(v)

/**
 * True when the value can be loaded into a column of the kind's SQL type as
 * the same value (not necessarily one the kind accepts: `-0.01` loads into a
 * `money({ min: 0 })` column). NULL always loads.
 */
export const loadable = (kind: ColumnKind, value: unknown): boolean => {
  if (value === null) return true
  switch (kind.kind) {
    case "id":
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value)
    case "decimal": {
      if (typeof value !== "string") return false
      const m = /^-?(\d+)(?:\.(\d+))?$/.exec(value)
      return m !== null && (m[2] ?? "").length === kind.scale && (m[1] ?? "").replace(/^0+(?=\d)/, "").length <= Math.max(1, kind.precision - kind.scale)
    }
    case "text":
    case "enum":
      return typeof value === "string" && !value.includes("\u0000") && !(SURROGATE.test(value) && LONE_SURROGATE.test(value))
    case "boolean":
      return typeof value === "boolean"
    case "date":
      return typeof value === "string" && isIsoDate(value) && epochDay(value) >= FIRST_DAY && epochDay(value) <= LAST_DAY
    case "timestamp":
      return typeof value === "string" && isTimestamp(value) && dayOf(value) >= FIRST_DAY && dayOf(value) <= LAST_DAY
    case "list":
      return Array.isArray(value) && value.every((item) => loadable(kind.of, item))
    case "struct":
      return isRecord(value) && Object.entries(kind.fields).every(([name, field]) => loadable(field, value[name] ?? null))
  }
}

/** The value as a SQL expression (untyped inside lists and structs; see {@link valueSql}). */
const literal = (kind: ColumnKind, value: unknown): string => {
  if (value === null || value === undefined) return "NULL"
  switch (kind.kind) {
    case "id":
    case "integer":
      return typeof value === "number" ? String(value) : sqlString(String(value))
    case "boolean":
      return value === true ? "true" : "false"
    case "decimal":
    case "text":
    case "enum":
    case "date":
    case "timestamp":
      return sqlString(String(value))
    case "list":
      return `[${(Array.isArray(value) ? value : []).map((item) => literal(kind.of, item)).join(", ")}]`
    case "struct":
      return `{${Object.entries(kind.fields)
        .map(([name, field]) => `${sqlString(name)}: ${literal(field, isRecord(value) ? (value[name] ?? null) : null)}`)
        .join(", ")}}`
  }
}

/** The value as a SQL expression of the kind's type: `CAST(<literal> AS <type>)`. */
export const valueSql = (kind: ColumnKind, value: unknown): string => `CAST(${literal(kind, value)} AS ${sqlTypeOf(kind)})`

/**
 * DuckDB's `value::varchar` of a scalar value, or null for NULL and for lists
 * and structs (whose text form the tester does not imitate).
 */
export const varcharOf = (kind: ColumnKind, value: unknown): string | null => {
  if (value === null || value === undefined) return null
  switch (kind.kind) {
    case "id":
    case "integer":
    case "decimal":
    case "text":
    case "enum":
    case "date":
    case "timestamp":
      return String(value)
    case "boolean":
      return value === true ? "true" : "false"
    case "list":
    case "struct":
      return null
  }
}

/** Length as DuckDB's `length()` counts it: Unicode code points. */
export const codePoints = (text: string): number => (SURROGATE.test(text) ? [...text].length : text.length)

/** Compare two strings as DuckDB compares VARCHARs: by code point (byte order of UTF-8). */
export const compareText = (a: string, b: string): number => {
  // Without surrogates, UTF-16 code units sort as code points do.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0
  const x = [...a]
  const y = [...b]
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1
}

/** A stable text key of a tuple of values (NULLs equal each other, as in GROUP BY and PARTITION BY). */
export const tupleKey = (row: TestRow, columns: ReadonlyArray<string>): string => JSON.stringify(columns.map((c) => row[c] ?? null))
