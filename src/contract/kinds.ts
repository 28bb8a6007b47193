/**
 * Column kinds: what a contract column holds, as one serialisable value. A
 * kind gives both the Effect Schema of the value (for decoding, arbitraries
 * and mutations) and the SQL type of its Parquet column, so a table declared
 * with kinds has a row schema and a physical schema that cannot disagree.
 *
 * @example
 * import { column } from "lakegate"
 * const columns = {
 *   order_id: column.id(),
 *   amount: column.money({ min: 0 }),
 *   status: column.enum(["new", "paid", "shipped"]),
 *   note: column.text({ nullable: true, maxLength: 200 }),
 *   lines: column.list(column.struct({ sku: column.text(), qty: column.integer({ min: 1 }) }))
 * }
 */
import { Schema } from "effect"
import { epochDay, fromEpochDay, IsoDate } from "../checks/dates.ts"
import { formatCents } from "../checks/money.ts"

/** What a column holds, without its nullability. */
export type KindSpec =
  | { readonly kind: "id" }
  | { readonly kind: "integer"; readonly min?: number; readonly max?: number }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number; readonly min?: string; readonly max?: string }
  | { readonly kind: "text"; readonly minLength?: number; readonly maxLength?: number; readonly pattern?: string; readonly format?: TextFormat }
  | { readonly kind: "boolean" }
  | { readonly kind: "date" }
  | { readonly kind: "timestamp" }
  | { readonly kind: "enum"; readonly values: ReadonlyArray<string> }
  | { readonly kind: "list"; readonly of: ColumnKind }
  | { readonly kind: "struct"; readonly fields: Readonly<Record<string, ColumnKind>> }

/** Well-known text formats a kind can name (each is also a pattern). */
export type TextFormat = "email" | "uuid" | "uri"

/** A column's kind and whether it may be NULL, with an optional description. */
export type ColumnKind = KindSpec & { readonly nullable: boolean; readonly description?: string }

/** The regular expression of a named text format. */
export const formatPattern: Readonly<Record<TextFormat, string>> = {
  email: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
  uuid: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
  uri: "^[a-zA-Z][a-zA-Z0-9+.-]*:[^\\s]*$"
}

/** Options every kind takes. */
export interface KindOptions {
  readonly nullable?: boolean
  readonly description?: string
}

/** A kind from its fields; options left undefined are dropped, so kinds compare and serialise cleanly. */
const make = (spec: { readonly kind: KindSpec["kind"] } & Record<string, unknown>, options: KindOptions): ColumnKind =>
  ({ ...defined(spec), nullable: options.nullable ?? false, ...(options.description === undefined ? {} : { description: options.description }) }) as ColumnKind

const defined = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

/** Column kind constructors. Every column is required (NOT NULL) unless `nullable: true`. */
export const column = {
  /** A positive whole-number identifier (BIGINT). */
  id: (options: KindOptions = {}) => make({ kind: "id" }, options),
  /** A whole number (BIGINT), optionally bounded. */
  integer: (options: KindOptions & { readonly min?: number; readonly max?: number } = {}) =>
    make(({ kind: "integer" as const, min: options.min, max: options.max }), options),
  /** A fixed-point decimal, DECIMAL(precision, scale); bounds as decimal strings. */
  decimal: (precision: number, scale: number, options: KindOptions & { readonly min?: string; readonly max?: string } = {}) =>
    make(({ kind: "decimal" as const, precision, scale, min: options.min, max: options.max }), options),
  /** Money: DECIMAL(18,2), never a binary float. */
  money: (options: KindOptions & { readonly min?: string | number; readonly max?: string | number } = {}) =>
    make(
      ({
        kind: "decimal" as const,
        precision: 18,
        scale: 2,
        min: options.min === undefined ? undefined : String(options.min),
        max: options.max === undefined ? undefined : String(options.max)
      }),
      options
    ),
  /** Text (VARCHAR), optionally with lengths, a regular expression or a named format. */
  text: (options: KindOptions & { readonly minLength?: number; readonly maxLength?: number; readonly pattern?: string | RegExp; readonly format?: TextFormat } = {}) =>
    make(
      ({
        kind: "text" as const,
        minLength: options.minLength,
        maxLength: options.maxLength,
        pattern: options.pattern instanceof RegExp ? options.pattern.source : options.pattern,
        format: options.format
      }),
      options
    ),
  /** True or false (BOOLEAN). */
  boolean: (options: KindOptions = {}) => make({ kind: "boolean" }, options),
  /** A calendar date `YYYY-MM-DD` (DATE). */
  date: (options: KindOptions = {}) => make({ kind: "date" }, options),
  /** A timestamp without time zone (TIMESTAMP), written `YYYY-MM-DD HH:MM:SS`. */
  timestamp: (options: KindOptions = {}) => make({ kind: "timestamp" }, options),
  /** One of a fixed set of strings (VARCHAR). */
  enum: (values: ReadonlyArray<string>, options: KindOptions = {}) => make({ kind: "enum", values }, options),
  /** A list of values of one kind (`T[]`). */
  list: (of: ColumnKind, options: KindOptions = {}) => make({ kind: "list", of }, options),
  /** A nested record (STRUCT). */
  struct: (fields: Readonly<Record<string, ColumnKind>>, options: KindOptions = {}) => make({ kind: "struct", fields }, options)
}

/** The same kind, nullable. */
export const nullable = (kind: ColumnKind): ColumnKind => ({ ...kind, nullable: true })

/** The DuckDB / Parquet type of a kind. */
export const sqlTypeOf = (kind: ColumnKind): string => {
  switch (kind.kind) {
    case "id":
    case "integer":
      return "BIGINT"
    case "decimal":
      return `DECIMAL(${kind.precision},${kind.scale})`
    case "text":
    case "enum":
      return "VARCHAR"
    case "boolean":
      return "BOOLEAN"
    case "date":
      return "DATE"
    case "timestamp":
      return "TIMESTAMP"
    case "list":
      return `${sqlTypeOf(kind.of)}[]`
    case "struct":
      return `STRUCT(${Object.entries(kind.fields)
        // Quoted only when it must be, as DuckDB itself writes a STRUCT type (so `describe` matches the contract).
        .map(([name, field]) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`} ${sqlTypeOf(field)}`)
        .join(", ")})`
  }
}

const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/

/** A decimal's digits as a pattern: `-?d{1,p-s}.d{s}`. */
const decimalPattern = (precision: number, scale: number): RegExp =>
  scale === 0 ? new RegExp(`^-?\\d{1,${precision}}$`) : new RegExp(`^-?\\d{1,${Math.max(1, precision - scale)}}\\.\\d{${scale}}$`)

/** Compare two decimal strings of the same scale exactly (as scaled BigInts). */
export const compareDecimal = (a: string, b: string, scale: number): number => {
  const scaled = (text: string): bigint => {
    const negative = text.startsWith("-")
    const [whole = "0", frac = ""] = (negative ? text.slice(1) : text).split(".")
    const digits = BigInt(whole + frac.padEnd(scale, "0").slice(0, scale))
    return negative ? -digits : digits
  }
  const x = scaled(a)
  const y = scaled(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Render a scaled integer as a decimal string with `scale` decimals. */
const renderScaled = (value: bigint, scale: number): string => {
  if (scale === 2) return formatCents(Number(value))
  const negative = value < 0n
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0")
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  return negative ? `-${text}` : text
}

const toScaled = (text: string, scale: number): bigint => {
  const negative = text.startsWith("-")
  const [whole = "0", frac = ""] = (negative ? text.slice(1) : text).split(".")
  const v = BigInt(whole + frac.padEnd(scale, "0").slice(0, scale))
  return negative ? -v : v
}

/**
 * The Effect Schema of a value of this kind, as DuckDB reads it back as JSON
 * (BIGINT as a number when safe, DECIMAL as a string with its scale, DATE as
 * `YYYY-MM-DD`). Its arbitrary honours the kind's bounds, lengths and values.
 */
export const schemaOf = (kind: ColumnKind): Schema.Schema.AnyNoContext => {
  const base = baseSchema(kind)
  return kind.nullable ? Schema.NullOr(base) : base
}

const baseSchema = (kind: ColumnKind): Schema.Schema.AnyNoContext => {
  switch (kind.kind) {
    case "id":
      return Schema.Int.pipe(Schema.positive(), Schema.annotations({ arbitrary: () => (fc) => fc.integer({ min: 1, max: 2_000_000_000 }) }))
    case "integer": {
      const min = kind.min ?? -1_000_000_000
      const max = kind.max ?? 1_000_000_000
      return Schema.Int.pipe(
        Schema.filter((n) => (kind.min === undefined || n >= kind.min) && (kind.max === undefined || n <= kind.max) || `expected an integer in [${kind.min ?? "-∞"}, ${kind.max ?? "∞"}]`),
        Schema.annotations({ arbitrary: () => (fc) => fc.integer({ min, max }) })
      )
    }
    case "decimal": {
      const scale = kind.scale
      const pattern = decimalPattern(kind.precision, scale)
      const unit = 10n ** BigInt(scale)
      const span = 10n ** BigInt(Math.min(kind.precision - scale, 7)) * unit - 1n
      const lo = kind.min === undefined ? -span : toScaled(kind.min, scale)
      const hi = kind.max === undefined ? span : toScaled(kind.max, scale)
      const clamp = (v: bigint) => Number(v < -2_000_000_000n ? -2_000_000_000n : v > 2_000_000_000n ? 2_000_000_000n : v)
      return Schema.String.pipe(
        Schema.filter(
          (text) =>
            (pattern.test(text) &&
              (kind.min === undefined || compareDecimal(text, kind.min, scale) >= 0) &&
              (kind.max === undefined || compareDecimal(text, kind.max, scale) <= 0)) ||
            `expected a DECIMAL(${kind.precision},${scale})${kind.min === undefined ? "" : ` >= ${kind.min}`}${kind.max === undefined ? "" : ` <= ${kind.max}`}`
        ),
        Schema.annotations({
          arbitrary: () => (fc) => fc.integer({ min: clamp(lo), max: clamp(hi) }).map((n) => renderScaled(BigInt(n), scale))
        })
      )
    }
    case "text": {
      const pattern = kind.pattern ?? (kind.format === undefined ? undefined : formatPattern[kind.format])
      let schema: Schema.Schema<string> = Schema.String
      if (kind.minLength !== undefined) schema = schema.pipe(Schema.minLength(kind.minLength))
      if (kind.maxLength !== undefined) schema = schema.pipe(Schema.maxLength(kind.maxLength))
      if (pattern !== undefined) {
        const regex = new RegExp(pattern)
        schema = schema.pipe(
          Schema.filter((text) => regex.test(text) || `expected text matching ${pattern}`),
          Schema.annotations({
            arbitrary: () => (fc) =>
              (kind.format === "email"
                ? fc.emailAddress()
                : kind.format === "uuid"
                  ? fc.uuid()
                  : fc.stringMatching(regex)
              ).filter((s) => (kind.minLength === undefined || s.length >= kind.minLength) && (kind.maxLength === undefined || s.length <= kind.maxLength))
          })
        )
      }
      return schema
    }
    case "boolean":
      return Schema.Boolean
    case "date":
      return IsoDate.pipe(
        Schema.annotations({ arbitrary: () => (fc) => fc.integer({ min: epochDay("2015-01-01"), max: epochDay("2026-10-31") }).map(fromEpochDay) })
      )
    case "timestamp":
      return Schema.String.pipe(
        Schema.pattern(TIMESTAMP_PATTERN),
        Schema.annotations({
          arbitrary: () => (fc) => fc.integer({ min: 1_500_000_000, max: 1_780_000_000 }).map((s) => new Date(s * 1000).toISOString().replace("T", " ").slice(0, 19))
        })
      )
    case "enum":
      return Schema.Literal(...(kind.values as [string, ...Array<string>]))
    case "list":
      return Schema.Array(schemaOf(kind.of))
    case "struct":
      return Schema.Struct(Object.fromEntries(Object.entries(kind.fields).map(([name, field]) => [name, schemaOf(field)])))
  }
}

/** A short human name of a kind, for docs and reports: `decimal(18,2)`, `list<text>`. */
export const describeKind = (kind: ColumnKind): string => {
  const name =
    kind.kind === "decimal"
      ? `decimal(${kind.precision},${kind.scale})`
      : kind.kind === "list"
        ? `list<${describeKind(kind.of)}>`
        : kind.kind === "struct"
          ? `struct<${Object.entries(kind.fields).map(([n, f]) => `${n}: ${describeKind(f)}`).join(", ")}>`
          : kind.kind === "enum"
            ? `enum(${kind.values.join("|")})`
            : kind.kind
  return kind.nullable ? `${name}?` : name
}
