/**
 * What every export reads from a table contract: its columns (kind, SQL type,
 * nullability, description), key, table references, vocabulary checks and the
 * checks written as code, whatever way the contract was declared. A `table()`
 * contract gives its kinds; a contract declared with SQL types only
 * (`defineTable`) gets the kind its SQL type implies.
 *
 * @example
 * import { exportModel } from "lakegate"
 * const model = exportModel(orders)
 * model.columns[0] // { name: "order_id", kind: { kind: "id", nullable: false }, sqlType: "BIGINT", nullable: false }
 */
import type { Check } from "../checks/Check.ts"
import { customChecksOf, vocabularyOf } from "../check/contractTable.ts"
import type { QuarantineThreshold, Reference, TableSpec } from "../contract/Contract.ts"
import { column, type ColumnKind } from "../contract/kinds.ts"
import { physicalTypeOf } from "../odcs/physicalType.ts"
import type { Thresholds } from "../contract/Threshold.ts"

/** A column as the exports see it. */
export interface ExportColumn {
  readonly name: string
  /** The column's kind; for a contract declared with SQL types, the kind its type implies (null when none does). */
  readonly kind: ColumnKind | null
  /** The SQL (DuckDB) type the contract declares. */
  readonly sqlType: string
  readonly nullable: boolean
  readonly description?: string
}

/** A table contract as the exports see it. */
export interface ExportModel {
  readonly id: string
  readonly table: string
  readonly version: string
  readonly layer: string
  readonly description: string
  readonly columns: ReadonlyArray<ExportColumn>
  readonly key: ReadonlyArray<string>
  /** The table's own references (`fk.reference`: a key with a NULL passes). */
  readonly references: ReadonlyArray<Reference>
  /** The vocabulary checks (`check.*`). */
  readonly checks: ReadonlyArray<Check>
  /** Checks written as code (Effects over DuckDB), which no other format can carry: id and description. */
  readonly custom: ReadonlyArray<{ readonly id: string; readonly description: string }>
  /** The tolerated quarantine share of a pipeline's table (its `quarantine.rate` gate), or null. */
  readonly quarantine: QuarantineThreshold | null
}

/** Something a format cannot say about a contract, reported instead of dropped: `orders: freshness.ordered_on: no ODCS rule for freshness`. */
export interface Omission {
  readonly table: string
  /** A check id, a column, or `key`. */
  readonly subject: string
  readonly reason: string
}

/** An export: the text of the file, and what it could not express. */
export interface Exported {
  readonly text: string
  readonly omitted: ReadonlyArray<Omission>
}

/**
 * An omission as one line.
 *
 * @example
 * describeOmission({ table: "orders", subject: "freshness.placed_on", reason: "ODCS has no freshness rule" }) // "orders: freshness.placed_on: ODCS has no freshness rule"
 */
export const describeOmission = (o: Omission): string => `${o.table}: ${o.subject}: ${o.reason}`

/**
 * The kind a DuckDB type implies, or null (nested and unknown types).
 *
 * @example
 * kindOfSqlType("DECIMAL(18,2)", false) // column.decimal(18, 2)
 * kindOfSqlType("STRUCT(a INT)", true)  // null
 */
export const kindOfSqlType = (sqlType: string, nullable: boolean): ColumnKind | null => {
  const physical = physicalTypeOf(sqlType)
  const options = { nullable }
  switch (physical.family) {
    case "integer":
      return column.integer(options)
    case "decimal":
      return column.decimal(physical.precision, physical.scale, options)
    case "string":
      return column.text(physical.maxLength === undefined ? options : { ...options, maxLength: physical.maxLength })
    case "boolean":
      return column.boolean(options)
    case "date":
      return column.date(options)
    case "timestamp":
      return column.timestamp(options)
    default:
      return null
  }
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null

/** The `columns` of a `table()` contract, when it has kinds. */
const kindsOf = (spec: TableSpec): Readonly<Record<string, ColumnKind>> | null => {
  const columns: unknown = "columns" in spec ? spec.columns : undefined
  return isRecord(columns) && Object.values(columns).every((k) => isRecord(k) && typeof k["kind"] === "string") ? (columns as Readonly<Record<string, ColumnKind>>) : null
}

/** A column's description from a `defineTable` definition, when it has one. */
const definedDescription = (spec: TableSpec, name: string): string | undefined => {
  const columns: unknown = "columns" in spec.definition ? spec.definition.columns : undefined
  const c = isRecord(columns) ? columns[name] : undefined
  return isRecord(c) && typeof c["description"] === "string" && c["description"] !== "" ? c["description"] : undefined
}

/**
 * The contract as the exports see it.
 *
 * @example
 * exportModel(orders).key // ["order_id"]
 */
export const exportModel = (spec: TableSpec): ExportModel => {
  const kinds = kindsOf(spec)
  const columns = spec.definition.sqlColumns.map(([name, sqlType]): ExportColumn => {
    const declared = kinds?.[name]
    const nullable = declared !== undefined ? declared.nullable && !spec.required.includes(name) : !spec.required.includes(name)
    const kind = declared !== undefined ? { ...declared, nullable } : kindOfSqlType(sqlType, nullable)
    const description = declared?.description ?? definedDescription(spec, name)
    return { name, kind, sqlType, nullable, ...(description === undefined ? {} : { description }) }
  })
  return {
    id: spec.id,
    table: spec.table,
    version: spec.version,
    layer: spec.layer,
    description: spec.description,
    columns,
    key: spec.primaryKey,
    references: spec.references,
    checks: vocabularyOf(spec),
    custom: customChecksOf(spec).map((c) => ({ id: c.id, description: c.description })),
    quarantine: spec.quarantine
  }
}

/** True for the thresholds of a check that blocks on its first failing row (`error` severity, the default). */
export const blocksOnFirstRow = (t: Thresholds): boolean => t.fail !== undefined && "rows" in t.fail && t.fail.rows === 0

/** True for thresholds a severity alone says: block on the first failing row, or only warn on it. */
export const severityOnly = (t: Thresholds): "error" | "warn" | null =>
  t.fail !== undefined && "rows" in t.fail && t.fail.rows === 0 && (t.warn === undefined || ("rows" in t.warn && t.warn.rows === 0))
    ? "error"
    : t.fail === undefined && t.warn !== undefined && "rows" in t.warn && t.warn.rows === 0
      ? "warn"
      : null

/**
 * What no format carries for any table: its pipeline's quarantine gate.
 *
 * @example
 * pipelineOmissions(exportModel(silverOrders)) // [{ table: "orders", subject: "quarantine", reason: "..." }]
 */
export const pipelineOmissions = (model: ExportModel): ReadonlyArray<Omission> =>
  model.quarantine === null
    ? []
    : [
        {
          table: model.table,
          subject: "quarantine",
          reason: `the pipeline's tolerated quarantine share (warn above ${model.quarantine.warn * 100}%, fail above ${model.quarantine.fail * 100}%) is a gate of the pipeline run, not of the data`
        }
      ]
