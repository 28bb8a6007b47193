/**
 * Compare two versions of a table's columns, nested fields included: removed,
 * renamed and added columns, types narrowed or widened, nullability, bounds,
 * lengths, patterns, enum values and descriptions.
 *
 * @example
 * diffColumns("orders", before.columns, after.columns) // [change("column-removed", "orders", "email", "VARCHAR", "(none)"), ...]
 */
import { compareBounds, showBounds } from "./bounds.ts"
import { change, NONE, type Change, type DiffRule } from "./rules.ts"
import type { FieldShape } from "./shape.ts"
import { patternSource, showPattern } from "./shape.ts"
import { compareSqlTypes, showSqlType, type SqlType } from "./sqlType.ts"

const join = (parent: string, name: string): string => (parent === "" ? name : name === "[]" ? `${parent}[]` : `${parent}.${name}`)

const showField = (f: FieldShape): string => `${showSqlType(f.sqlType)}${f.nullable ? "" : " NOT NULL"}`

/** Types compared on their own level: a list's element and a struct's fields are compared as fields. */
const ownLevel = (t: SqlType): SqlType =>
  t.tag === "list" ? { tag: "list", of: { tag: "other", name: "*" } } : t.tag === "struct" ? { tag: "struct", fields: [] } : t

/** Length bounds: tighter, looser, both. */
const lengthChange = (table: string, path: string, before: FieldShape, after: FieldShape): ReadonlyArray<Change> => {
  const lengths = compareBounds({ min: before.minLength, max: before.maxLength }, { min: after.minLength, max: after.maxLength })
  if (lengths === "same") return []
  const show = (f: FieldShape) => `length ${showBounds({ min: f.minLength, max: f.maxLength })}`
  return [change(lengths === "loosened" ? "type-widened" : "type-narrowed", table, path, show(before), show(after))]
}

/** Enum values: removed (breaking) or added; a switch between enum and free text. */
const valuesChange = (table: string, path: string, before: FieldShape, after: FieldShape): ReadonlyArray<Change> => {
  const b = before.values
  const a = after.values
  if (b === undefined && a === undefined) return []
  if (b !== undefined && a !== undefined) {
    const removed = b.filter((v) => !a.includes(v))
    const added = a.filter((v) => !b.includes(v))
    return [
      ...(removed.length > 0 ? [change("accepted-value-removed", table, path, b.join("|"), a.join("|"))] : []),
      ...(added.length > 0 && removed.length === 0 ? [change("accepted-value-added", table, path, b.join("|"), a.join("|"))] : [])
    ]
  }
  // Enum to free text holds every old value; free text to enum does not.
  return b === undefined ? [change("type-narrowed", table, path, "text", `enum(${a!.join("|")})`)] : [change("type-widened", table, path, `enum(${b.join("|")})`, "text")]
}

const patternChange = (table: string, path: string, before: FieldShape, after: FieldShape): ReadonlyArray<Change> => {
  if (before.pattern === undefined && after.pattern === undefined) return []
  if (after.pattern === undefined) return [change("pattern-removed", table, path, showPattern(before.pattern), NONE)]
  if (before.pattern !== undefined && patternSource(before.pattern) === patternSource(after.pattern)) return []
  return [change("pattern-changed", table, path, showPattern(before.pattern), showPattern(after.pattern))]
}

const boundsChange = (table: string, path: string, before: FieldShape, after: FieldShape): ReadonlyArray<Change> => {
  const verdict = compareBounds(before.bounds, after.bounds)
  if (verdict === "same") return []
  return [change(verdict === "loosened" ? "range-loosened" : "range-tightened", table, path, showBounds(before.bounds), showBounds(after.bounds))]
}

/** Every change between two versions of one field. */
export const diffField = (table: string, path: string, before: FieldShape, after: FieldShape): ReadonlyArray<Change> => {
  const out: Array<Change> = []
  const verdict = compareSqlTypes(ownLevel(before.sqlType), ownLevel(after.sqlType))
  const rule: DiffRule | null = verdict === "same" ? null : verdict === "widened" ? "type-widened" : verdict === "narrowed" ? "type-narrowed" : "type-changed"
  if (rule !== null) out.push(change(rule, table, path, showSqlType(before.sqlType), showSqlType(after.sqlType)))
  if (before.nullable && !after.nullable) out.push(change("made-required", table, path, "nullable", "required"))
  if (!before.nullable && after.nullable) out.push(change("made-nullable", table, path, "required", "nullable"))
  // A VARCHAR(n) length shows in the SQL type already; compare the kinds' lengths only when the SQL types agree on them.
  const sqlLengths = before.sqlType.tag === "text" && after.sqlType.tag === "text" && before.sqlType.maxLength !== after.sqlType.maxLength
  if (verdict !== "changed") {
    if (!sqlLengths) out.push(...lengthChange(table, path, before, after))
    out.push(...valuesChange(table, path, before, after), ...patternChange(table, path, before, after), ...boundsChange(table, path, before, after))
  }
  if (before.element !== undefined && after.element !== undefined) out.push(...diffField(table, join(path, "[]"), before.element, after.element))
  if (before.fields !== undefined && after.fields !== undefined) out.push(...diffFields(table, path, before.fields, after.fields))
  if (before.description !== after.description) {
    out.push(change("description-changed", table, path, before.description, after.description))
  }
  return out
}

const sameType = (a: FieldShape, b: FieldShape): boolean => showSqlType(a.sqlType) === showSqlType(b.sqlType)

/**
 * Every change between two versions of a list of fields (a table's columns or
 * a struct's fields). A removed field and an added field of the same type at
 * the same position are a rename.
 */
export const diffFields = (table: string, parent: string, before: ReadonlyArray<FieldShape>, after: ReadonlyArray<FieldShape>): ReadonlyArray<Change> => {
  const out: Array<Change> = []
  const afterNames = new Set(after.map((f) => f.name))
  const beforeNames = new Set(before.map((f) => f.name))
  const removed = before.filter((f) => !afterNames.has(f.name))
  const added = after.filter((f) => !beforeNames.has(f.name))
  const renamedTo = new Map<FieldShape, FieldShape>()
  for (const old of removed) {
    const at = before.indexOf(old)
    const candidate = added.find((f) => after.indexOf(f) === at && sameType(old, f) && ![...renamedTo.values()].includes(f))
    if (candidate !== undefined) renamedTo.set(old, candidate)
  }
  for (const field of before) {
    const path = join(parent, field.name)
    const renamed = renamedTo.get(field)
    if (renamed !== undefined) {
      out.push(change("column-renamed", table, path, field.name, renamed.name), ...diffField(table, join(parent, renamed.name), field, renamed))
      continue
    }
    const next = after.find((f) => f.name === field.name)
    out.push(...(next === undefined ? [change("column-removed", table, path, showField(field), NONE)] : diffField(table, path, field, next)))
  }
  for (const field of added) {
    if ([...renamedTo.values()].includes(field)) continue
    out.push(change(field.nullable ? "column-added-nullable" : "column-added-required", table, join(parent, field.name), NONE, showField(field)))
  }
  return out
}
