/**
 * ODCS `physicalType`: the column's SQL type in the source, read into the
 * family lakegate needs (a DECIMAL's precision and scale, a VARCHAR's length).
 * Anything unrecognised is `other`: it matters only when there is no
 * `logicalType` to go by.
 *
 * @example
 * import { physicalTypeOf } from "./physicalType.ts"
 * physicalTypeOf("NUMERIC(12, 2)") // { family: "decimal", precision: 12, scale: 2 }
 * physicalTypeOf("varchar(18)")    // { family: "string", maxLength: 18 }
 */

/** What a physical type says about a column. */
export type PhysicalType =
  | { readonly family: "integer" }
  /** Integers wider than BIGINT (HUGEINT, UBIGINT): lakegate's integers are BIGINT. */
  | { readonly family: "wideInteger"; readonly name: string }
  | { readonly family: "decimal"; readonly precision: number; readonly scale: number }
  | { readonly family: "float"; readonly name: string }
  | { readonly family: "string"; readonly maxLength?: number }
  | { readonly family: "boolean" }
  | { readonly family: "date" }
  | { readonly family: "timestamp" }
  | { readonly family: "timestamptz"; readonly name: string }
  | { readonly family: "time"; readonly name: string }
  | { readonly family: "array" }
  | { readonly family: "object" }
  | { readonly family: "other"; readonly name: string }
  /** A DECIMAL whose precision or scale DuckDB cannot hold. */
  | { readonly family: "invalid"; readonly name: string; readonly reason: string }

const INTEGER = /^(TINYINT|SMALLINT|INT|INTEGER|BIGINT|INT1|INT2|INT4|INT8|INT16|INT32|INT64|SHORT|LONG|BYTE|SERIAL|BIGSERIAL|SMALLSERIAL|UTINYINT|USMALLINT|UINTEGER)$/
const WIDE_INTEGER = /^(HUGEINT|UHUGEINT|UBIGINT|INT128)$/
const DECIMAL = /^(DECIMAL|NUMERIC|DEC|NUMBER)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/
const FLOAT = /^(DOUBLE|DOUBLE PRECISION|FLOAT|FLOAT4|FLOAT8|FLOAT32|FLOAT64|REAL)(\s*\(\s*\d+\s*\))?$/
const STRING = /^(VARCHAR|CHAR|CHARACTER|CHARACTER VARYING|NVARCHAR|NCHAR|VARCHAR2|NVARCHAR2|BPCHAR|TEXT|STRING|CLOB|UUID)\s*(?:\(\s*(\d+)\s*\))?$/
const TIMESTAMP = /^(TIMESTAMP|DATETIME|DATETIME2|TIMESTAMP WITHOUT TIME ZONE|TIMESTAMP_NTZ|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS)(\s*\(\s*\d+\s*\))?( WITHOUT TIME ZONE)?$/
const TIMESTAMPTZ = /^(TIMESTAMPTZ|TIMESTAMP WITH TIME ZONE|TIMESTAMP_TZ|TIMESTAMP_LTZ|DATETIMEOFFSET)(\s*\(\s*\d+\s*\))?$|^TIMESTAMP\s*\(\s*\d+\s*\) WITH TIME ZONE$/
const TIME = /^(TIME|TIMETZ|TIME WITH TIME ZONE|TIME WITHOUT TIME ZONE)(\s*\(\s*\d+\s*\))?$/
const ARRAY = /^(ARRAY|LIST)(\s*<.*>)?$|\[\]$/
const OBJECT = /^(OBJECT|STRUCT|RECORD|ROW)(\s*[<(].*[>)])?$/

/** The family of a physical type (case and spacing do not matter). */
export const physicalTypeOf = (text: string): PhysicalType => {
  const name = text.trim().replace(/\s+/g, " ").toUpperCase()
  if (INTEGER.test(name)) return { family: "integer" }
  if (WIDE_INTEGER.test(name)) return { family: "wideInteger", name: text }
  const decimal = DECIMAL.exec(name)
  if (decimal !== null) {
    const [, keyword = "", p, s] = decimal
    // Oracle's bare NUMBER is a floating decimal of any precision: no fixed type to check against.
    if (keyword === "NUMBER" && p === undefined) return { family: "other", name: text }
    // DuckDB's DECIMAL without arguments is DECIMAL(18,3); with one argument the scale is 0.
    const precision = p === undefined ? 18 : Number(p)
    const scale = s === undefined ? (p === undefined ? 3 : 0) : Number(s)
    if (precision < 1 || precision > 38) return { family: "invalid", name: text, reason: `precision ${precision} is outside 1..38` }
    if (scale > precision) return { family: "invalid", name: text, reason: `scale ${scale} exceeds precision ${precision}` }
    return { family: "decimal", precision, scale }
  }
  if (FLOAT.test(name)) return { family: "float", name: text }
  const string = STRING.exec(name)
  if (string !== null) return string[2] === undefined ? { family: "string" } : { family: "string", maxLength: Number(string[2]) }
  if (name === "BOOLEAN" || name === "BOOL") return { family: "boolean" }
  if (name === "DATE") return { family: "date" }
  if (TIMESTAMPTZ.test(name)) return { family: "timestamptz", name: text }
  if (TIMESTAMP.test(name)) return { family: "timestamp" }
  if (TIME.test(name)) return { family: "time", name: text }
  if (ARRAY.test(name)) return { family: "array" }
  if (OBJECT.test(name)) return { family: "object" }
  return { family: "other", name: text }
}
