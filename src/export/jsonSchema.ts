/**
 * A table contract as the JSON Schema (draft 2020-12) of one row, for any JSON
 * validator to check a record before it is sent: each column's type from its
 * kind (with the kind's bounds, lengths, pattern, format and values, as the
 * row schema has them), required columns, no other columns, and the checks a
 * single row can break when they block on it (NOT NULL, accepted values,
 * numeric ranges, patterns, lengths). Table-level checks (keys, uniqueness,
 * row counts, references, freshness, sums, SQL) and checks that tolerate
 * failing rows are listed in `omitted`.
 *
 * DECIMAL values are accepted as JSON numbers (bounds apply) or as decimal
 * text (the digits are checked by a pattern; JSON Schema cannot compare text
 * as numbers).
 *
 * @example
 * import { exportModel, toJsonSchema } from "lakegate"
 * const { text } = toJsonSchema(exportModel(orders))
 * JSON.parse(text).properties.amount // { type: ["number", "string"], pattern: "^-?\\d{1,16}(\\.\\d{1,2})?$", minimum: 0.01 }
 */
import type { Check, Literal } from "../checks/Check.ts"
import { formatPattern, type ColumnKind } from "../contract/kinds.ts"
import { blocksOnFirstRow, pipelineOmissions, type ExportModel, type Exported, type Omission } from "./model.ts"

type JsonSchema = { [key: string]: unknown }

/** The draft the schemas declare. */
export const JSON_SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"

const TIMESTAMP = "^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z?$"
const DATE = "^\\d{4}-\\d{2}-\\d{2}$"

const decimalPattern = (precision: number, scale: number): string =>
  scale === 0 ? `^-?\\d{1,${precision}}$` : `^-?\\d{1,${Math.max(1, precision - scale)}}(\\.\\d{1,${scale}})?$`

const anchored = (pattern: string): string => `^(?:${pattern})$`

/** Add a pattern, as `allOf` when the schema has one already. */
const withPattern = (schema: JsonSchema, pattern: string): JsonSchema =>
  schema["pattern"] === undefined ? { ...schema, pattern } : { ...schema, allOf: [...((schema["allOf"] as ReadonlyArray<unknown> | undefined) ?? []), { pattern }] }

/** A value of the kind, NULL aside. */
const baseSchema = (kind: ColumnKind): JsonSchema => {
  const described = kind.description === undefined ? {} : { description: kind.description }
  switch (kind.kind) {
    case "id":
      return { type: "integer", minimum: 1, ...described }
    case "integer":
      return { type: "integer", ...(kind.min === undefined ? {} : { minimum: kind.min }), ...(kind.max === undefined ? {} : { maximum: kind.max }), ...described }
    case "decimal":
      return {
        type: ["number", "string"],
        pattern: decimalPattern(kind.precision, kind.scale),
        ...(kind.min === undefined ? {} : { minimum: Number(kind.min) }),
        ...(kind.max === undefined ? {} : { maximum: Number(kind.max) }),
        ...described
      }
    case "text": {
      let schema: JsonSchema = {
        type: "string",
        ...(kind.minLength === undefined ? {} : { minLength: kind.minLength }),
        ...(kind.maxLength === undefined ? {} : { maxLength: kind.maxLength }),
        ...(kind.format === undefined ? {} : { format: kind.format }),
        ...described
      }
      if (kind.pattern !== undefined) schema = withPattern(schema, kind.pattern)
      if (kind.format !== undefined) schema = withPattern(schema, formatPattern[kind.format])
      return schema
    }
    case "boolean":
      return { type: "boolean", ...described }
    case "date":
      return { type: "string", format: "date", pattern: DATE, ...described }
    case "timestamp":
      return { type: "string", pattern: TIMESTAMP, ...described }
    case "enum":
      return { enum: [...kind.values], ...described }
    case "list":
      return { type: "array", items: kindSchema(kind.of), ...described }
    case "struct":
      return {
        type: "object",
        properties: Object.fromEntries(Object.entries(kind.fields).map(([n, f]) => [n, kindSchema(f)])),
        required: Object.entries(kind.fields).filter(([, f]) => !f.nullable).map(([n]) => n),
        additionalProperties: false,
        ...described
      }
  }
}

/** The same schema, accepting `null` too. */
const orNull = (schema: JsonSchema): JsonSchema => {
  if (Array.isArray(schema["enum"])) return { ...schema, enum: [...schema["enum"], null] }
  const type = schema["type"]
  if (typeof type === "string") return { ...schema, type: [type, "null"] }
  if (Array.isArray(type)) return { ...schema, type: [...type, "null"] }
  return { anyOf: [schema, { type: "null" }] }
}

/**
 * The schema of a value of the kind, NULL included when it is nullable.
 *
 * @example
 * kindSchema(column.text({ nullable: true, maxLength: 3 })) // { type: ["string", "null"], maxLength: 3 }
 */
export const kindSchema = (kind: ColumnKind): JsonSchema => (kind.nullable ? orNull(baseSchema(kind)) : baseSchema(kind))

/** What a blocking row check adds to its column's schema; null when JSON Schema cannot say it. */
const rowCheckSchema = (c: Check, kind: ColumnKind | null): JsonSchema | null => {
  const r = c.rule
  const numeric = kind !== null && (kind.kind === "id" || kind.kind === "integer" || kind.kind === "decimal")
  const asNumber = (v: Literal): number | null => (typeof v === "number" ? v : typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null)
  switch (r._tag) {
    case "AcceptedValues":
      return { enum: [...r.values] }
    case "Pattern":
      return { pattern: anchored(r.pattern) }
    case "Length":
      return { ...(r.min === undefined ? {} : { minLength: r.min }), ...(r.max === undefined ? {} : { maxLength: r.max }) }
    case "Range": {
      if (!numeric) return null
      const min = r.min === undefined ? undefined : asNumber(r.min)
      const max = r.max === undefined ? undefined : asNumber(r.max)
      if (min === null || max === null) return null
      return {
        ...(min === undefined ? {} : { [r.exclusiveMin === true ? "exclusiveMinimum" : "minimum"]: min }),
        ...(max === undefined ? {} : { [r.exclusiveMax === true ? "exclusiveMaximum" : "maximum"]: max })
      }
    }
    default:
      return null
  }
}

const WHY: Readonly<Record<string, string>> = {
  Unique: "uniqueness is a property of the table, not of a row",
  RowCount: "a row count is a property of the table",
  Freshness: "freshness is judged on the whole table",
  References: "a reference needs the other table",
  SumReconciles: "a sum is judged on the whole table",
  Sql: "a SQL query is judged on the whole table",
  RowPredicate: "a TypeScript predicate has no JSON Schema form"
}

/**
 * The JSON Schema (draft 2020-12) of a row of the table, and what it could not express.
 *
 * @example
 * const { text, omitted } = toJsonSchema(exportModel(orders))
 * new Ajv2020().compile(JSON.parse(text))({ order_id: 1, amount: "12.50" }) // true when those are its only required columns
 */
export const toJsonSchema = (model: ExportModel): Exported => {
  const omitted: Array<Omission> = []
  const omit = (subject: string, reason: string) => omitted.push({ table: model.table, subject, reason })
  const required = new Set(model.columns.filter((c) => !c.nullable).map((c) => c.name))
  const extra = new Map<string, Array<JsonSchema>>()
  for (const c of model.checks) {
    const r = c.rule
    const row = r._tag === "NotNull" || r._tag === "AcceptedValues" || r._tag === "Pattern" || r._tag === "Length" || r._tag === "Range"
    if (!row) {
      omit(c.id, WHY[r._tag] ?? "not a row check")
      continue
    }
    if (!blocksOnFirstRow(c.thresholds)) {
      omit(c.id, "it tolerates failing rows (or only warns): one record cannot break it")
      continue
    }
    if (r._tag === "NotNull") {
      const missing = r.columns.filter((name) => !model.columns.some((col) => col.name === name))
      if (missing.length > 0) omit(c.id, `names no column of the table: ${missing.join(", ")}`)
      else r.columns.forEach((name) => required.add(name))
      continue
    }
    const column = model.columns.find((col) => col.name === r.column)
    const schema = rowCheckSchema(c, column?.kind ?? null)
    if (column === undefined || schema === null) {
      omit(c.id, `JSON Schema bounds numbers only (${column?.kind?.kind ?? column?.sqlType ?? "no such column"})`)
      continue
    }
    extra.set(r.column, [...(extra.get(r.column) ?? []), schema])
  }
  for (const c of model.custom) omit(c.id, "a check written as code has no JSON Schema form")
  omitted.push(...pipelineOmissions(model))
  if (model.key.length > 0) omit("key", "uniqueness is a property of the table, not of a row")
  for (const ref of model.references) omit(`references ${ref.columns.join(", ")}`, "a reference needs the other table")
  const properties = Object.fromEntries(
    model.columns.map((col) => {
      const kind = col.kind === null ? null : { ...col.kind, nullable: !required.has(col.name) }
      if (kind === null) omit(col.name, `the type ${col.sqlType} has no JSON Schema form: any value is accepted`)
      const base: JsonSchema = kind === null ? {} : kindSchema(kind)
      const checks = extra.get(col.name) ?? []
      // A check passes NULL: its schema applies to non-NULL values only.
      const guarded = checks.map((s) => (required.has(col.name) ? s : { anyOf: [{ type: "null" }, s] }))
      return [col.name, guarded.length === 0 ? base : { ...base, allOf: [...((base["allOf"] as ReadonlyArray<unknown> | undefined) ?? []), ...guarded] }]
    })
  )
  const schema = {
    $schema: JSON_SCHEMA_DRAFT,
    $id: `urn:lakegate:${model.id}:${model.version}`,
    title: model.table,
    ...(model.description === "" ? {} : { description: model.description }),
    type: "object",
    properties,
    required: model.columns.filter((c) => required.has(c.name)).map((c) => c.name),
    additionalProperties: false
  }
  return { text: `${JSON.stringify(schema, null, 2)}\n`, omitted }
}
