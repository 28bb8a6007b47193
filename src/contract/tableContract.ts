/**
 * Declare a table contract from column kinds and vocabulary checks: columns,
 * key, references, checks with thresholds, a version, and optionally the
 * table's build (SQL over upstream tables), declared beside the contract as a
 * dbt model sits beside its schema.
 *
 * @example
 * import { check, column, table } from "lakegate"
 * export const orders = table({
 *   name: "orders",
 *   version: "1.0.0",
 *   columns: { order_id: column.id(), amount: column.money({ min: "0.01" }), status: column.enum(["new", "paid"]) },
 *   key: ["order_id"],
 *   checks: [check.rowCount({ min: 1 })]
 * })
 */
import { Schema } from "effect"
import type { Check } from "../checks/Check.ts"
import { toDatasetCheck } from "../checks/evaluate.ts"
import type { QuarantineThreshold, Reference, TableSpec } from "./Contract.ts"
import type { DatasetCheck } from "./DatasetCheck.ts"
import { impliedChecks } from "./kindChecks.ts"
import { schemaOf, sqlTypeOf, type ColumnKind } from "./kinds.ts"
import { rowCodec } from "./Table.ts"

/** How a table is built from upstream relations: SQL whose columns are the contract's, in order. */
export type Build = string | ((relation: (table: string) => string) => string)

/** What a user declares. */
export interface TableDeclaration {
  /** The table's name in the lakehouse and in SQL. */
  readonly name: string
  readonly version: string
  /** Default `silver`. */
  readonly layer?: string
  /** Default `<layer>.<name>`. */
  readonly id?: string
  readonly description?: string
  readonly columns: Readonly<Record<string, ColumnKind>>
  /** Columns whose combination is unique (checked as `key.unique`). */
  readonly key?: ReadonlyArray<string>
  readonly references?: ReadonlyArray<{ readonly columns: ReadonlyArray<string>; readonly table: string; readonly referencedColumns?: ReadonlyArray<string> }>
  readonly checks?: ReadonlyArray<Check>
  /** Further checks written as Effects over DuckDB (an escape hatch beyond the vocabulary). */
  readonly datasetChecks?: ReadonlyArray<DatasetCheck>
  /** Tolerated quarantine share when the table's rows can be quarantined. */
  readonly quarantine?: QuarantineThreshold | null
  readonly build?: Build
}

/** A declared table contract: a {@link TableSpec} the gate runs, with its kinds, checks and build. */
export interface DeclaredTable extends TableSpec {
  readonly columns: Readonly<Record<string, ColumnKind>>
  /** The checks the table declares. */
  readonly checks: ReadonlyArray<Check>
  /** The checks its column kinds imply (bounds, lengths, patterns, formats, accepted values), run before the declared ones. */
  readonly impliedChecks: ReadonlyArray<Check>
  readonly build: Build | null
}

/** Declare a table contract. */
export const table = (declaration: TableDeclaration): DeclaredTable => {
  const layer = declaration.layer ?? "silver"
  const columns = declaration.columns
  const schema = Schema.Struct(Object.fromEntries(Object.entries(columns).map(([name, kind]) => [name, schemaOf(kind)])))
  const references: ReadonlyArray<Reference> = (declaration.references ?? []).map((r) => ({
    columns: r.columns,
    table: r.table,
    referencedColumns: r.referencedColumns ?? r.columns
  }))
  const checks = declaration.checks ?? []
  const implied = impliedChecks(columns, checks)
  const key = declaration.key ?? []
  return {
    id: declaration.id ?? `${layer}.${declaration.name}`,
    version: declaration.version,
    layer,
    table: declaration.name,
    description: declaration.description ?? "",
    definition: {
      sqlColumns: Object.entries(columns).map(([name, kind]) => [name, sqlTypeOf(kind)] as const),
      rows: rowCodec(schema)
    },
    primaryKey: key,
    required: Object.entries(columns)
      .filter(([, kind]) => !kind.nullable)
      .map(([name]) => name),
    references,
    quarantine: declaration.quarantine ?? null,
    datasetChecks: [...[...implied, ...checks].map((c) => toDatasetCheck(c, { layer, table: declaration.name, key })), ...(declaration.datasetChecks ?? [])],
    columns,
    checks,
    impliedChecks: implied,
    build: declaration.build ?? null
  }
}

/** The SQL of a table's build over the given relations, or null when it has none. */
export const buildSql = (contract: DeclaredTable, relation: (table: string) => string): string | null =>
  contract.build === null ? null : typeof contract.build === "string" ? contract.build : contract.build(relation)
