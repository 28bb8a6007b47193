/**
 * Row checks judge one decoded record at a time, in the ingest stream.
 * Batch checks judge records against the rest of the batch (duplicates, majority
 * names) and run as SQL once the batch is staged; both quarantine records.
 */
import type { Severity } from "./CheckResult.ts"
import type { Violation } from "./Violation.ts"

/** What a row check may know beyond the record: the run's fixed ingestion date. */
export interface RowContext {
  /** `YYYY-MM-DD`, fixed once per run. */
  readonly ingestionDate: string
}

/** A check over one decoded record of type `A`. */
export interface RowCheck<A> {
  readonly id: string
  readonly severity: Severity
  readonly description: string
  /** Every violation the record has for this check; empty when it passes. */
  readonly validate: (record: A, context: RowContext) => ReadonlyArray<Violation>
}

/**
 * The SQL relation of a source's working table by its staging table's name
 * (each has `record_index` first; see the source's staging declaration).
 */
export type BatchTables = (stagingTable: string) => string

/**
 * A check that needs the whole batch to judge one record. Its SQL returns the
 * violating records with columns `record_index, source_id, path, message, value`.
 */
export interface BatchCheck {
  readonly id: string
  readonly severity: Severity
  readonly description: string
  readonly violationsSql: (tables: BatchTables) => string
}
