/**
 * One comparable shape for every table contract: a `table()` contract (column
 * kinds, vocabulary checks) and any other {@link TableSpec} (SQL column
 * types, required columns, custom dataset checks) become the same fields,
 * so a contract can be compared with a rewrite of it in the other style or
 * in ODCS.
 *
 * @example
 * const shape = tableShape(orders)
 * shape.columns.map((c) => c.name) // ["order_id", "amount", "status"]
 */
import type { Check } from "../checks/Check.ts"
import { customChecksOf, declaredChecksOf } from "../check/contractTable.ts"
import type { QuarantineThreshold, Reference, TableSpec } from "../contract/Contract.ts"
import type { Severity } from "../contract/CheckResult.ts"
import { formatPattern, sqlTypeOf, type ColumnKind } from "../contract/kinds.ts"
import type { Bounds } from "./bounds.ts"
import { parseSqlType, type SqlType } from "./sqlType.ts"

/** A column, or a field nested in one, with what constrains its values. */
export interface FieldShape {
  readonly name: string
  readonly sqlType: SqlType
  readonly nullable: boolean
  readonly description: string
  /** The value bounds of the column's kind (`id` is `>= 1`). */
  readonly bounds: Bounds
  readonly minLength?: number | undefined
  readonly maxLength?: number | undefined
  /** A pattern or format name (`format:email`). */
  readonly pattern?: string | undefined
  /** An enum's values. */
  readonly values?: ReadonlyArray<string> | undefined
  /** A list's element. */
  readonly element?: FieldShape | undefined
  /** A struct's fields. */
  readonly fields?: ReadonlyArray<FieldShape> | undefined
}

/** A check: a vocabulary check with its rule, or a custom one known only by id, severity and description. */
export type CheckShape =
  | { readonly tag: "vocabulary"; readonly id: string; readonly check: Check }
  | { readonly tag: "custom"; readonly id: string; readonly severity: Severity; readonly description: string }

/** A table contract, as `contracts diff` compares it. */
export interface TableShape {
  readonly table: string
  readonly version: string
  readonly description: string
  readonly columns: ReadonlyArray<FieldShape>
  readonly key: ReadonlyArray<string>
  readonly references: ReadonlyArray<Reference>
  readonly quarantine: QuarantineThreshold | null
  readonly checks: ReadonlyArray<CheckShape>
}

/** The shape of a column kind. */
export const kindShape = (name: string, kind: ColumnKind): FieldShape => {
  const base = { name, sqlType: parseSqlType(sqlTypeOf(kind)), nullable: kind.nullable, description: kind.description ?? "", bounds: {} }
  switch (kind.kind) {
    case "id":
      return { ...base, bounds: { min: 1 } }
    case "integer":
    case "decimal":
      return { ...base, bounds: { min: kind.min, max: kind.max } }
    case "text":
      return {
        ...base,
        minLength: kind.minLength,
        maxLength: kind.maxLength,
        pattern: kind.pattern ?? (kind.format === undefined ? undefined : `format:${kind.format}`)
      }
    case "enum":
      return { ...base, values: kind.values }
    case "list":
      return { ...base, element: kindShape("[]", kind.of) }
    case "struct":
      return { ...base, fields: Object.entries(kind.fields).map(([n, f]) => kindShape(n, f)) }
    default:
      return base
  }
}

/** The shape of a column known only by its SQL type (nested fields may be NULL: SQL says no more). */
export const sqlShape = (name: string, sql: SqlType, nullable: boolean, description: string): FieldShape => ({
  name,
  sqlType: sql,
  nullable,
  description,
  bounds: {},
  ...(sql.tag === "text" && sql.maxLength !== undefined ? { maxLength: sql.maxLength } : {}),
  ...(sql.tag === "list" ? { element: sqlShape("[]", sql.of, true, "") } : {}),
  ...(sql.tag === "struct" ? { fields: sql.fields.map(([n, t]) => sqlShape(n, t, true, "")) } : {})
})

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null

/** A column's description from a `defineTable` column (`{ schema, sqlType, description }`). */
const definedDescription = (spec: TableSpec, name: string): string => {
  const definition: unknown = spec.definition
  const columns: unknown = isRecord(definition) ? definition["columns"] : undefined
  const column: unknown = isRecord(columns) ? columns[name] : undefined
  return isRecord(column) && typeof column["description"] === "string" ? column["description"] : ""
}

const kindsOf = (spec: TableSpec): Readonly<Record<string, ColumnKind>> | null => {
  const columns: unknown = "columns" in spec ? spec.columns : undefined
  return isRecord(columns) ? (columns as Readonly<Record<string, ColumnKind>>) : null
}

/** The shape of any table contract. */
export const tableShape = (spec: TableSpec): TableShape => {
  const kinds = kindsOf(spec)
  const columns = spec.definition.sqlColumns.map(([name, sql]) => {
    const kind = kinds?.[name]
    return kind !== undefined && typeof kind.kind === "string"
      ? kindShape(name, kind)
      : sqlShape(name, parseSqlType(sql), !spec.required.includes(name), definedDescription(spec, name))
  })
  const checks: ReadonlyArray<CheckShape> = [
    ...declaredChecksOf(spec).map((check): CheckShape => ({ tag: "vocabulary", id: check.id, check })),
    ...customChecksOf(spec).map((c): CheckShape => ({ tag: "custom", id: c.id, severity: c.severity, description: c.description }))
  ]
  return {
    table: spec.table,
    version: spec.version,
    description: spec.description,
    columns,
    key: spec.primaryKey,
    references: spec.references,
    quarantine: spec.quarantine,
    checks
  }
}

/** A pattern or format for display: formats by name, patterns between slashes. */
export const showPattern = (pattern: string | undefined): string =>
  pattern === undefined ? "(none)" : pattern.startsWith("format:") ? pattern.slice("format:".length) : `/${pattern}/`

/** The regular expression a pattern or format stands for. */
export const patternSource = (pattern: string): string =>
  pattern.startsWith("format:") ? (formatPattern[pattern.slice("format:".length) as keyof typeof formatPattern] ?? pattern) : pattern
