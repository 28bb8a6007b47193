/**
 * A column's kind from its profile: the type every value read as, nullable
 * only when a NULL was seen (at any depth: a struct field, a list's items),
 * and for text what it looks like: a named format (email, uuid, web
 * address), an ISO date or timestamp written as text, a small categorical
 * set (an enum), or plain text with its observed lengths. Bounds observed on
 * numbers are put on the kind too, so `lakegate contracts test` generates
 * data within them.
 *
 * @example
 * inferKind(profile, { key: false })
 * // { kind: "text", format: "email", nullable: false }
 * // { kind: "decimal", precision: 18, scale: 2, min: "0.50", max: "250.00", nullable: true }
 */
import { column, type ColumnKind, type TextFormat } from "../contract/kinds.ts"
import { TEXT_PATTERNS, type ColumnProfile, type TextPattern } from "./profile.ts"
import type { Shape } from "./shape.ts"

/** An enum has at most this many values, each at most {@link ENUM_MAX_LENGTH} characters. */
export const ENUM_MAX_VALUES = 10
export const ENUM_MAX_LENGTH = 40

/** What a text column looks like. */
export type TextLook =
  | { readonly _tag: "Format"; readonly format: TextFormat }
  | { readonly _tag: "Pattern"; readonly name: "ISO date" | "ISO timestamp"; readonly pattern: string }
  | { readonly _tag: "Enum"; readonly values: ReadonlyArray<string> }
  | { readonly _tag: "Plain" }

const all = (p: ColumnProfile, pattern: TextPattern) => p.nonNull > 0 && p.matches[pattern] === p.nonNull

/**
 * What a text column's values look like, recognised only when every value
 * does: a format first, then an ISO date or timestamp, then a categorical
 * set (few values, each repeated on average, short).
 */
export const textLook = (p: ColumnProfile): TextLook => {
  if (all(p, "email")) return { _tag: "Format", format: "email" }
  if (all(p, "uuid")) return { _tag: "Format", format: "uuid" }
  if (all(p, "url")) return { _tag: "Format", format: "uri" }
  if (all(p, "isoDate")) return { _tag: "Pattern", name: "ISO date", pattern: TEXT_PATTERNS.isoDate }
  if (all(p, "isoTimestamp")) return { _tag: "Pattern", name: "ISO timestamp", pattern: TEXT_PATTERNS.isoTimestamp }
  const values = p.values
  if (values !== null && values.length > 0 && values.length <= ENUM_MAX_VALUES && p.nonNull >= 2 * values.length && (p.maxLength ?? 0) <= ENUM_MAX_LENGTH && (p.minLength ?? 0) > 0) {
    return { _tag: "Enum", values }
  }
  return { _tag: "Plain" }
}

/** A bound of an integer column as a number, when it is one exactly. */
export const safeInteger = (text: string | null): number | undefined => (text !== null && Number.isSafeInteger(Number(text)) && /^-?\d+$/.test(text) ? Number(text) : undefined)

const scalarKind = (name: "BIGINT" | "VARCHAR" | "BOOLEAN" | "DATE" | "TIMESTAMP", nullable: boolean): ColumnKind => {
  switch (name) {
    case "BIGINT":
      return column.integer({ nullable })
    case "VARCHAR":
      return column.text({ nullable })
    case "BOOLEAN":
      return column.boolean({ nullable })
    case "DATE":
      return column.date({ nullable })
    case "TIMESTAMP":
      return column.timestamp({ nullable })
  }
}

const decimalKind = (precision: number, scale: number, options: { readonly nullable: boolean; readonly min?: string; readonly max?: string }): ColumnKind =>
  precision === 18 && scale === 2 ? column.money(options) : column.decimal(precision, scale, options)

/** The kind of a value inside a nested column: its type and nullability, without bounds. */
const nestedKind = (shape: Shape, nulls: ReadonlyArray<number>, at: { index: number }): ColumnKind => {
  const nullable = (nulls[at.index] ?? 0) > 0
  at.index++
  switch (shape.tag) {
    case "scalar":
      return scalarKind(shape.name, nullable)
    case "decimal":
      return decimalKind(shape.precision, shape.scale, { nullable })
    case "list":
      return column.list(nestedKind(shape.of, nulls, at), { nullable })
    case "struct": {
      const fields: Record<string, ColumnKind> = {}
      for (const [name, field] of shape.fields) fields[name] = nestedKind(field, nulls, at)
      return column.struct(fields, { nullable })
    }
  }
}

const textKind = (p: ColumnProfile, nullable: boolean): ColumnKind => {
  const look = textLook(p)
  switch (look._tag) {
    case "Format":
      return column.text({ nullable, format: look.format })
    case "Pattern":
      return column.text({ nullable, pattern: look.pattern })
    case "Enum":
      return column.enum(look.values, { nullable })
    case "Plain":
      return column.text({ nullable, ...(p.minLength !== null && p.minLength > 0 ? { minLength: p.minLength } : {}), ...(p.maxLength === null ? {} : { maxLength: p.maxLength }) })
  }
}

const integerKind = (p: ColumnProfile, nullable: boolean, key: boolean): ColumnKind => {
  const min = safeInteger(p.min)
  const max = safeInteger(p.max)
  if (key) return min !== undefined && min >= 1 ? column.id() : column.integer()
  return column.integer({ nullable, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) })
}

/** The kind of a profiled column; `key` when it is the contract's key (an integer key ≥ 1 is an `id`). */
export const inferKind = (p: ColumnProfile, options: { readonly key: boolean }): ColumnKind => {
  const nullable = (p.nulls[0] ?? 0) > 0
  const shape = p.shape
  switch (shape.tag) {
    case "decimal":
      return decimalKind(shape.precision, shape.scale, { nullable, ...(p.min === null ? {} : { min: p.min }), ...(p.max === null ? {} : { max: p.max }) })
    case "list":
    case "struct":
      return nestedKind(shape, p.nulls, { index: 0 })
    case "scalar":
      return shape.name === "BIGINT" ? integerKind(p, nullable, options.key) : shape.name === "VARCHAR" ? textKind(p, nullable) : scalarKind(shape.name, nullable)
  }
}
