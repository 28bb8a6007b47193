/**
 * Data contracts are values. A source contract says what we accept from
 * upstream, record by record; a table contract says what a published lakehouse
 * table guarantees. The same values drive the gate, the reports, the docs and
 * the property tests.
 */
import type { Schema } from "effect"
import type { Severity } from "./CheckResult.ts"
import type { DatasetCheck } from "./DatasetCheck.ts"
import type { BatchCheck, RowCheck } from "./RowCheck.ts"
import type { Column, RowCodec, TableDefinition } from "./Table.ts"

/** Tolerated share of quarantined rows: over `warn` the check warns, over `fail` the layer is blocked. */
export interface QuarantineThreshold {
  readonly warn: number
  readonly fail: number
}

/** The default tolerance: warn over 1%, block over 5%. */
export const defaultQuarantineThreshold: QuarantineThreshold = { warn: 0.01, fail: 0.05 }

/** What we accept from upstream, decoded and judged record by record. */
export interface SourceContract<A, I = unknown> {
  readonly id: string
  readonly version: string
  readonly description: string
  readonly schema: Schema.Schema<A, I>
  /** Severity of a record that does not decode. */
  readonly schemaSeverity: Severity
  readonly rowChecks: ReadonlyArray<RowCheck<A>>
  readonly batchChecks: ReadonlyArray<BatchCheck>
}

/** A foreign key from this table's columns to another table of the same layer. */
export interface Reference {
  readonly columns: ReadonlyArray<string>
  readonly table: string
  readonly referencedColumns: ReadonlyArray<string>
}

/** What a published lakehouse table guarantees, whatever its columns' types. */
export interface TableSpec {
  readonly id: string
  readonly version: string
  /** The layer the table belongs to: `bronze`, `silver`, `gold`, or any name a pipeline gives (`check` for `lakegate check`). */
  readonly layer: string
  readonly table: string
  readonly description: string
  readonly definition: { readonly sqlColumns: ReadonlyArray<readonly [string, string]>; readonly rows: RowCodec }
  /** Columns whose combination is unique; empty for none. */
  readonly primaryKey: ReadonlyArray<string>
  /** Columns that must never be NULL. */
  readonly required: ReadonlyArray<string>
  readonly references: ReadonlyArray<Reference>
  /** Tolerated quarantine share for tables fed by quarantining checks; null when the table quarantines nothing. */
  readonly quarantine: QuarantineThreshold | null
  /** Further checks on the staged table, beyond the standard ones derived from the fields above. */
  readonly datasetChecks: ReadonlyArray<DatasetCheck>
}

/** A table contract with its typed row schema (for decoding, arbitraries and docs). */
export interface TableContract<C extends Record<string, Column<Schema.Schema.AnyNoContext>>> extends TableSpec {
  readonly definition: TableDefinition<C>
}

/** Identify a contract in manifests and reports. */
export const contractRef = (contract: { readonly id: string; readonly version: string }) => ({
  id: contract.id,
  version: contract.version
})
