/**
 * Table contracts as SQL `CREATE TABLE` statements, for DuckDB or PostgreSQL:
 * column types, NOT NULL, PRIMARY KEY and FOREIGN KEY (the table's
 * references and `check.references` checks that block). Tables are ordered so
 * that a referenced table is created first. The other checks are not
 * constraints of the DDL and are listed in `omitted`.
 *
 * @example
 * import { exportModel, toDdl } from "lakegate"
 * toDdl([exportModel(orders)], "duckdb").text
 * // CREATE TABLE orders (\n  order_id BIGINT NOT NULL,\n  ...,\n  PRIMARY KEY (order_id)\n);
 */
import type { ColumnKind } from "../contract/kinds.ts"
import { physicalTypeOf } from "../odcs/physicalType.ts"
import { pipelineOmissions, severityOnly, type ExportColumn, type ExportModel, type Exported, type Omission } from "./model.ts"

/** The SQL dialects DDL is written in. */
export const DIALECTS = ["duckdb", "postgres"] as const
export type Dialect = (typeof DIALECTS)[number]

/**
 * A name as SQL: bare when it is a plain lower-case identifier, else quoted.
 *
 * @example
 * sqlName("order_id") // order_id
 * sqlName("order")    // "order"
 */
export const sqlName = (name: string): string => (/^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replaceAll('"', '""')}"`)

const RESERVED = new Set(["all", "and", "any", "as", "asc", "between", "by", "case", "check", "column", "constraint", "create", "default", "desc", "distinct", "else", "end", "false", "for", "foreign", "from", "group", "having", "in", "is", "join", "key", "limit", "not", "null", "on", "or", "order", "primary", "references", "select", "table", "then", "to", "true", "union", "unique", "user", "when", "where", "with"])

/** The PostgreSQL type of a kind, or null when it has none (a STRUCT). */
const postgresKindType = (kind: ColumnKind): string | null => {
  switch (kind.kind) {
    case "id":
    case "integer":
      return "BIGINT"
    case "decimal":
      return `NUMERIC(${kind.precision},${kind.scale})`
    case "text":
      return kind.maxLength === undefined ? "TEXT" : `VARCHAR(${kind.maxLength})`
    case "enum":
      return "TEXT"
    case "boolean":
      return "BOOLEAN"
    case "date":
      return "DATE"
    case "timestamp":
      return "TIMESTAMP"
    case "list": {
      const inner = postgresKindType(kind.of)
      return inner === null || kind.of.kind === "list" ? null : `${inner}[]`
    }
    case "struct":
      return null
  }
}

/** A column's type in the dialect, or the fallback and why. */
const columnType = (col: ExportColumn, dialect: Dialect): { readonly type: string; readonly note?: string } => {
  if (dialect === "duckdb") return { type: col.sqlType }
  const family = physicalTypeOf(col.sqlType)
  if (col.kind !== null && family.family !== "integer") {
    const type = postgresKindType(col.kind)
    return type === null ? { type: "JSONB", note: `${col.sqlType} has no PostgreSQL type: written as JSONB (its structure is not enforced)` } : { type }
  }
  switch (family.family) {
    case "integer":
      return { type: /^(TINYINT|SMALLINT|INT2|UTINYINT)$/i.test(col.sqlType.trim()) ? "SMALLINT" : /^(INTEGER|INT|INT4|USMALLINT)$/i.test(col.sqlType.trim()) ? "INTEGER" : "BIGINT" }
    case "decimal":
      return { type: `NUMERIC(${family.precision},${family.scale})` }
    case "string":
      return { type: family.maxLength === undefined ? "TEXT" : `VARCHAR(${family.maxLength})` }
    case "boolean":
    case "date":
    case "timestamp":
      return { type: family.family.toUpperCase() }
    default:
      return { type: col.sqlType, note: `${col.sqlType} is written as declared (DuckDB's name)` }
  }
}

const list = (names: ReadonlyArray<string>): string => names.map(sqlName).join(", ")

/** The foreign keys of a table: its references, and reference checks that block on the first row. */
const foreignKeys = (model: ExportModel): ReadonlyArray<{ readonly columns: ReadonlyArray<string>; readonly table: string; readonly referencedColumns: ReadonlyArray<string> }> => [
  ...model.references,
  ...model.checks.flatMap((c) => (c.rule._tag === "References" && severityOnly(c.thresholds) === "error" ? [c.rule] : []))
]

/** One `CREATE TABLE`, and what it could not carry. */
const createTable = (model: ExportModel, dialect: Dialect): { readonly text: string; readonly omitted: ReadonlyArray<Omission> } => {
  const omitted: Array<Omission> = []
  const omit = (subject: string, reason: string) => omitted.push({ table: model.table, subject, reason })
  const lines = model.columns.map((col) => {
    const { type, note } = columnType(col, dialect)
    if (note !== undefined) omit(col.name, note)
    return `  ${sqlName(col.name)} ${type}${col.nullable && !model.key.includes(col.name) ? "" : " NOT NULL"}`
  })
  if (model.key.length > 0) lines.push(`  PRIMARY KEY (${list(model.key)})`)
  for (const fk of foreignKeys(model)) lines.push(`  FOREIGN KEY (${list(fk.columns)}) REFERENCES ${sqlName(fk.table)} (${list(fk.referencedColumns)})`)
  for (const c of model.checks) {
    const r = c.rule
    if (r._tag === "References" && severityOnly(c.thresholds) === "error") continue
    omit(c.id, r._tag === "References" ? "a reference with thresholds is not a FOREIGN KEY" : `${r._tag} is a data check, not a constraint of the DDL`)
  }
  for (const c of model.custom) omit(c.id, "a check written as code is not a constraint of the DDL")
  omitted.push(...pipelineOmissions(model))
  const nullableKey = model.key.filter((k) => model.columns.find((c) => c.name === k)?.nullable === true)
  if (nullableKey.length > 0) omit("key", `${nullableKey.join(", ")} may be NULL in the contract; a PRIMARY KEY column is NOT NULL`)
  const comment = model.description === "" ? "" : `-- ${model.description.replace(/\s+/g, " ")}\n`
  return { text: `${comment}CREATE TABLE ${sqlName(model.table)} (\n${lines.join(",\n")}\n);\n`, omitted }
}

/** Tables in an order where each comes after the tables of the list it references. */
const referencedFirst = (models: ReadonlyArray<ExportModel>): ReadonlyArray<ExportModel> => {
  const ordered: Array<ExportModel> = []
  const visiting = new Set<string>()
  const visit = (m: ExportModel) => {
    if (ordered.includes(m) || visiting.has(m.table)) return
    visiting.add(m.table)
    for (const fk of foreignKeys(m)) {
      const target = models.find((o) => o.table === fk.table && o !== m)
      if (target !== undefined) visit(target)
    }
    ordered.push(m)
  }
  models.forEach(visit)
  return ordered
}

/**
 * `CREATE TABLE` statements for the tables, in the dialect, and what they could not carry.
 *
 * @example
 * toDdl([exportModel(orders), exportModel(accounts)], "postgres").text // CREATE TABLE accounts (...); CREATE TABLE orders (..., FOREIGN KEY ...)
 */
export const toDdl = (models: ReadonlyArray<ExportModel>, dialect: Dialect): Exported => {
  const tables = referencedFirst(models).map((m) => createTable(m, dialect))
  return { text: tables.map((t) => t.text).join("\n"), omitted: tables.flatMap((t) => t.omitted) }
}
