/**
 * Physical (DuckDB / Parquet) types, parsed from their SQL names so two can
 * be compared: does the new type hold every value of the old one (widened),
 * does the old hold every value of the new (narrowed), or neither (changed)?
 *
 * @example
 * compareSqlTypes(parseSqlType("INTEGER"), parseSqlType("BIGINT")) // "widened"
 * compareSqlTypes(parseSqlType("DECIMAL(18,2)"), parseSqlType("DECIMAL(10,2)")) // "narrowed"
 */

/** A parsed physical type. Lists and structs are compared field by field by the caller. */
export type SqlType =
  | { readonly tag: "int"; readonly bits: number; readonly unsigned: boolean }
  | { readonly tag: "decimal"; readonly precision: number; readonly scale: number }
  | { readonly tag: "float"; readonly bits: number }
  | { readonly tag: "text"; readonly maxLength?: number }
  | { readonly tag: "boolean" }
  | { readonly tag: "date" }
  | { readonly tag: "timestamp" }
  | { readonly tag: "list"; readonly of: SqlType }
  | { readonly tag: "struct"; readonly fields: ReadonlyArray<readonly [string, SqlType]> }
  | { readonly tag: "other"; readonly name: string }

/** How a new type relates to the old one. */
export type TypeVerdict = "same" | "widened" | "narrowed" | "changed"

const INTS: Readonly<Record<string, readonly [number, boolean]>> = {
  TINYINT: [8, false], INT1: [8, false], SMALLINT: [16, false], INT2: [16, false], SHORT: [16, false],
  INTEGER: [32, false], INT: [32, false], INT4: [32, false], SIGNED: [32, false],
  BIGINT: [64, false], INT8: [64, false], LONG: [64, false], HUGEINT: [128, false],
  UTINYINT: [8, true], USMALLINT: [16, true], UINTEGER: [32, true], UBIGINT: [64, true], UHUGEINT: [128, true]
}

const NAMED: Readonly<Record<string, SqlType>> = {
  FLOAT: { tag: "float", bits: 32 }, FLOAT4: { tag: "float", bits: 32 }, REAL: { tag: "float", bits: 32 },
  DOUBLE: { tag: "float", bits: 64 }, FLOAT8: { tag: "float", bits: 64 },
  BOOLEAN: { tag: "boolean" }, BOOL: { tag: "boolean" }, LOGICAL: { tag: "boolean" },
  DATE: { tag: "date" }, TIMESTAMP: { tag: "timestamp" }, DATETIME: { tag: "timestamp" }
}

const TEXT = new Set(["VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR", "NVARCHAR", "CHARACTER VARYING", "CHARACTER"])

/** Split `a, b(1,2), c` at top-level commas. */
const splitTop = (text: string): ReadonlyArray<string> => {
  const parts: Array<string> = []
  let depth = 0
  let quoted = false
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') quoted = !quoted
    else if (!quoted && c === "(") depth++
    else if (!quoted && c === ")") depth--
    else if (!quoted && depth === 0 && c === ",") {
      parts.push(text.slice(start, i).trim())
      start = i + 1
    }
  }
  parts.push(text.slice(start).trim())
  return parts.filter((p) => p !== "")
}

/** A struct field `name TYPE` or `"a name" TYPE`. */
const fieldOf = (text: string): readonly [string, SqlType] => {
  const quoted = /^"((?:[^"]|"")*)"\s+(.+)$/s.exec(text)
  if (quoted !== null) return [quoted[1]!.replaceAll('""', '"'), parseSqlType(quoted[2]!)]
  const plain = /^(\S+)\s+(.+)$/s.exec(text)
  return plain === null ? [text, { tag: "other", name: "" }] : [plain[1]!, parseSqlType(plain[2]!)]
}

/** Parse a DuckDB type name (`DECIMAL(18,2)`, `VARCHAR(10)`, `BIGINT[]`, `STRUCT(a INTEGER)`); unknown names are `other`. */
export const parseSqlType = (sql: string): SqlType => {
  const text = sql.trim()
  if (text.endsWith("[]")) return { tag: "list", of: parseSqlType(text.slice(0, -2)) }
  const upper = text.toUpperCase().replace(/\s+/g, " ")
  const struct = /^STRUCT\s*\((.*)\)$/is.exec(text)
  if (struct !== null) return { tag: "struct", fields: splitTop(struct[1]!).map(fieldOf) }
  const decimal = /^(?:DECIMAL|NUMERIC)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(upper)
  if (decimal !== null) {
    // DuckDB's DECIMAL without arguments is DECIMAL(18,3).
    return decimal[1] === undefined ? { tag: "decimal", precision: 18, scale: 3 } : { tag: "decimal", precision: Number(decimal[1]), scale: Number(decimal[2] ?? "0") }
  }
  const text_ = /^([A-Z ]+?)\s*(?:\(\s*(\d+)\s*\))?$/.exec(upper)
  if (text_ !== null && TEXT.has(text_[1]!)) return text_[2] === undefined ? { tag: "text" } : { tag: "text", maxLength: Number(text_[2]) }
  const int = INTS[upper]
  if (int !== undefined) return { tag: "int", bits: int[0], unsigned: int[1] }
  return NAMED[upper] ?? { tag: "other", name: upper }
}

/** The decimal digits every value of an integer type may need (127 needs 3). */
const digitsHeld = (bits: number, unsigned: boolean): number => Math.ceil((unsigned ? bits : bits - 1) * Math.log10(2))
/** The decimal digits an integer type holds for every value of that many digits (INTEGER holds every 9-digit number). */
const digitsFit = (bits: number, unsigned: boolean): number => digitsHeld(bits, unsigned) - 1

const verdict = (newHoldsOld: boolean, oldHoldsNew: boolean): TypeVerdict =>
  newHoldsOld && oldHoldsNew ? "same" : newHoldsOld ? "widened" : oldHoldsNew ? "narrowed" : "changed"

/** True when every value of `a` is a value of `b` (lists and structs: see the caller). */
const holds = (b: SqlType, a: SqlType): boolean => {
  switch (a.tag) {
    case "int":
      if (b.tag === "int") return a.unsigned === b.unsigned ? b.bits >= a.bits : a.unsigned && !b.unsigned && b.bits > a.bits
      if (b.tag === "decimal") return b.precision - b.scale >= digitsHeld(a.bits, a.unsigned)
      if (b.tag === "float") return a.bits <= (b.bits === 64 ? 32 : 16)
      return false
    case "decimal":
      if (b.tag === "decimal") return b.scale >= a.scale && b.precision - b.scale >= a.precision - a.scale
      if (b.tag === "int") return a.scale === 0 && !b.unsigned && digitsFit(b.bits, false) >= a.precision
      return false
    case "float":
      return b.tag === "float" && b.bits >= a.bits
    case "text":
      return b.tag === "text" && (b.maxLength === undefined || (a.maxLength !== undefined && b.maxLength >= a.maxLength))
    case "list":
      return b.tag === "list" && holds(b.of, a.of)
    case "struct":
      return b.tag === "struct" && a.fields.length === b.fields.length && a.fields.every(([n, t], i) => b.fields[i]?.[0] === n && holds(b.fields[i]![1], t))
    case "other":
      return b.tag === "other" && b.name === a.name
    default:
      return b.tag === a.tag
  }
}

/**
 * How the new type relates to the old: `same`, `widened`, `narrowed` or
 * `changed`. Within one type (DECIMAL to DECIMAL, VARCHAR to VARCHAR) a new
 * type that does not hold every old value is narrowed, whatever it gained:
 * DECIMAL(18,2) to DECIMAL(18,1) loses the cents.
 */
export const compareSqlTypes = (before: SqlType, after: SqlType): TypeVerdict => {
  const found = verdict(holds(after, before), holds(before, after))
  return found === "changed" && before.tag === after.tag && before.tag !== "other" ? "narrowed" : found
}

/** A type as DuckDB writes it. */
export const showSqlType = (t: SqlType): string => {
  switch (t.tag) {
    case "int":
      return Object.entries(INTS).find(([, [bits, unsigned]]) => bits === t.bits && unsigned === t.unsigned)?.[0] ?? "INTEGER"
    case "decimal":
      return `DECIMAL(${t.precision},${t.scale})`
    case "float":
      return t.bits === 64 ? "DOUBLE" : "FLOAT"
    case "text":
      return t.maxLength === undefined ? "VARCHAR" : `VARCHAR(${t.maxLength})`
    case "list":
      return `${showSqlType(t.of)}[]`
    case "struct":
      return `STRUCT(${t.fields.map(([n, f]) => `${n} ${showSqlType(f)}`).join(", ")})`
    case "other":
      return t.name
    default:
      return t.tag.toUpperCase()
  }
}
