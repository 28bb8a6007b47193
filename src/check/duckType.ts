/**
 * DuckDB type names as values: parse what `describe` prints (`DECIMAL(18,2)`,
 * `STRUCT(sku VARCHAR, qty BIGINT)[]`), and tell whether a column of one type
 * can be read as another without losing anything (a safe widening: INTEGER
 * to BIGINT, DECIMAL(10,2) to DECIMAL(18,2), DATE to TIMESTAMP).
 *
 * @example
 * import { parseDuckType, widens } from "./duckType.ts"
 * const data = parseDuckType("INTEGER")      // Some(scalar INTEGER)
 * const contract = parseDuckType("BIGINT")
 * widens(data.value, contract.value)         // true
 */
import { Option } from "effect"

/** A DuckDB type. Scalars keep their parameters as text (`DECIMAL` → ["18", "2"], `ENUM` → its values). */
export type DuckType =
  | { readonly tag: "scalar"; readonly name: string; readonly params: ReadonlyArray<string> }
  | { readonly tag: "list"; readonly of: DuckType; readonly size: number | null }
  | { readonly tag: "struct"; readonly fields: ReadonlyArray<readonly [string, DuckType]> }
  | { readonly tag: "map"; readonly key: DuckType; readonly value: DuckType }
  | { readonly tag: "union"; readonly members: ReadonlyArray<readonly [string, DuckType]> }

/** A small cursor over a type's text; every parse step returns None on text it does not understand. */
class Cursor {
  constructor(
    readonly text: string,
    public at = 0
  ) {}
  skipSpaces(): void {
    while (this.text[this.at] === " ") this.at++
  }
  peek(): string | undefined {
    return this.text[this.at]
  }
  eat(char: string): boolean {
    this.skipSpaces()
    if (this.text[this.at] !== char) return false
    this.at++
    return true
  }
}

/** A name: words of letters, digits and `_`, joined by single spaces (`TIMESTAMP WITH TIME ZONE`). */
const parseName = (c: Cursor): string | null => {
  c.skipSpaces()
  const match = /^[A-Za-z_][A-Za-z0-9_]*(?: [A-Za-z_][A-Za-z0-9_]*)*/.exec(c.text.slice(c.at))
  if (match === null) return null
  // A field's type follows its name after a space: `qty BIGINT` is read by the caller, not here.
  c.at += match[0].length
  return match[0]
}

/** A quoted text at the cursor, the quote doubled inside it (`"a ""b"""`, `'it''s'`); null when it is not closed. */
const parseQuoted = (c: Cursor, quote: string): string | null => {
  let out = ""
  c.at++
  while (c.at < c.text.length) {
    const ch = c.text[c.at]!
    if (ch === quote) {
      if (c.text[c.at + 1] === quote) {
        out += quote
        c.at += 2
        continue
      }
      c.at++
      return out
    }
    out += ch
    c.at++
  }
  return null
}

/** An identifier: `name` or `"quoted ""name"""`. */
const parseIdentifier = (c: Cursor): string | null => {
  c.skipSpaces()
  if (c.peek() === '"') return parseQuoted(c, '"')
  const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(c.text.slice(c.at))
  if (match === null) return null
  c.at += match[0].length
  return match[0]
}

/** A parameter of a scalar: a number or a quoted string (ENUM values). */
const parseParam = (c: Cursor): string | null => {
  c.skipSpaces()
  if (c.peek() === "'") return parseQuoted(c, "'")
  const match = /^-?\d+/.exec(c.text.slice(c.at))
  if (match === null) return null
  c.at += match[0].length
  return match[0]
}

/** `(a, b, c)` with each item read by `item`; the opening parenthesis is already eaten. */
const parseList = <A>(c: Cursor, item: (c: Cursor) => A | null): Array<A> | null => {
  const items: Array<A> = []
  if (c.eat(")")) return items
  for (;;) {
    const value = item(c)
    if (value === null) return null
    items.push(value)
    if (c.eat(")")) return items
    if (!c.eat(",")) return null
  }
}

const parseField = (c: Cursor): readonly [string, DuckType] | null => {
  const name = parseIdentifier(c)
  if (name === null) return null
  const type = parseTypeAt(c)
  return type === null ? null : [name, type]
}

const parseTypeAt = (c: Cursor): DuckType | null => {
  const name = parseName(c)
  if (name === null) return null
  const upper = name.toUpperCase()
  let type: DuckType | null
  if (c.eat("(")) {
    if (upper === "STRUCT" || upper === "UNION") {
      const fields = parseList(c, parseField)
      type = fields === null ? null : upper === "STRUCT" ? { tag: "struct", fields } : { tag: "union", members: fields }
    } else if (upper === "MAP") {
      const parts = parseList(c, parseTypeAt)
      type = parts === null || parts.length !== 2 ? null : { tag: "map", key: parts[0]!, value: parts[1]! }
    } else {
      const params = parseList(c, parseParam)
      type = params === null ? null : { tag: "scalar", name: upper, params }
    }
  } else type = { tag: "scalar", name: upper, params: [] }
  while (type !== null && c.eat("[")) {
    c.skipSpaces()
    const size = /^\d+/.exec(c.text.slice(c.at))
    if (size !== null) c.at += size[0].length
    type = c.eat("]") ? { tag: "list", of: type, size: size === null ? null : Number(size[0]) } : null
  }
  return type
}

/** Parse a DuckDB type name as `describe` prints it; None when it is not one. */
export const parseDuckType = (text: string): Option.Option<DuckType> => {
  const c = new Cursor(text)
  const type = parseTypeAt(c)
  c.skipSpaces()
  return type !== null && c.at === text.length ? Option.some(type) : Option.none()
}

const quoteIdent = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`)

/** A type as DuckDB writes it. */
export const renderDuckType = (type: DuckType): string => {
  switch (type.tag) {
    case "scalar":
      return type.params.length === 0
        ? type.name
        : `${type.name}(${type.params.map((p) => (/^-?\d+$/.test(p) ? p : `'${p.replaceAll("'", "''")}'`)).join(type.name === "DECIMAL" ? "," : ", ")})`
    case "list":
      return `${renderDuckType(type.of)}[${type.size ?? ""}]`
    case "struct":
      return `STRUCT(${type.fields.map(([n, t]) => `${quoteIdent(n)} ${renderDuckType(t)}`).join(", ")})`
    case "map":
      return `MAP(${renderDuckType(type.key)}, ${renderDuckType(type.value)})`
    case "union":
      return `UNION(${type.members.map(([n, t]) => `${quoteIdent(n)} ${renderDuckType(t)}`).join(", ")})`
  }
}

/** Integer types: signed or not, and their width in bits. */
const INTEGERS: Readonly<Record<string, { readonly signed: boolean; readonly bits: number; readonly digits: number }>> = {
  TINYINT: { signed: true, bits: 8, digits: 3 },
  SMALLINT: { signed: true, bits: 16, digits: 5 },
  INTEGER: { signed: true, bits: 32, digits: 10 },
  BIGINT: { signed: true, bits: 64, digits: 19 },
  HUGEINT: { signed: true, bits: 128, digits: 39 },
  UTINYINT: { signed: false, bits: 8, digits: 3 },
  USMALLINT: { signed: false, bits: 16, digits: 5 },
  UINTEGER: { signed: false, bits: 32, digits: 10 },
  UBIGINT: { signed: false, bits: 64, digits: 20 },
  UHUGEINT: { signed: false, bits: 128, digits: 39 }
}

/** Scalars that widen to a target whatever their parameters: target → sources. */
const WIDER: Readonly<Record<string, ReadonlyArray<string>>> = {
  DOUBLE: ["FLOAT", "TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT", "UINTEGER"],
  FLOAT: ["TINYINT", "SMALLINT", "UTINYINT", "USMALLINT"],
  VARCHAR: ["ENUM"],
  TIMESTAMP: ["DATE", "TIMESTAMP_S", "TIMESTAMP_MS"]
}

/** True when the type is an integer type. */
export const isIntegerType = (type: DuckType): boolean => type.tag === "scalar" && INTEGERS[type.name] !== undefined

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/**
 * True when every value of type `from` reads as a value of type `to` without
 * loss: the same type, a wider integer, a decimal with room for every digit,
 * DATE as TIMESTAMP, ENUM as VARCHAR, and lists, structs (same field names)
 * and maps of such.
 */
export const widens = (from: DuckType, to: DuckType): boolean => {
  if (renderDuckType(from) === renderDuckType(to)) return true
  switch (to.tag) {
    case "scalar": {
      if (from.tag !== "scalar") return false
      const target = INTEGERS[to.name]
      const source = INTEGERS[from.name]
      if (target !== undefined) {
        if (source === undefined) return false
        return target.signed ? (source.signed ? source.bits <= target.bits : source.bits < target.bits) : !source.signed && source.bits <= target.bits
      }
      if (to.name === "DECIMAL") {
        const [p, s] = to.params.map(Number)
        if (p === undefined || s === undefined) return false
        if (source !== undefined) return source.digits <= p - s
        if (from.name !== "DECIMAL") return false
        const [p1, s1] = from.params.map(Number)
        return p1 !== undefined && s1 !== undefined && s1 <= s && p1 - s1 <= p - s
      }
      return (WIDER[to.name] ?? []).includes(from.name)
    }
    case "list":
      return to.size === null && from.tag === "list" && widens(from.of, to.of)
    case "struct":
      return (
        from.tag === "struct" &&
        from.fields.length === to.fields.length &&
        to.fields.every(([name, type]) => {
          const field = from.fields.find(([n]) => sameName(n, name))
          return field !== undefined && widens(field[1], type)
        })
      )
    case "map":
      return from.tag === "map" && widens(from.key, to.key) && widens(from.value, to.value)
    case "union":
      return false
  }
}
