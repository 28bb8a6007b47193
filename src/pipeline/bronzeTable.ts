/**
 * The bronze table of a pipeline: every source record verbatim, one row per
 * record, with lineage columns. Its columns are the framework's, the same for
 * every source; only lineage is judged (nothing lost).
 *
 * @example
 * import { bronzeTable } from "lakegate"
 * export const ordersRaw = bronzeTable({ name: "orders_raw", version: "1.0.0", description: "Every order as delivered." })
 */
import { col } from "../contract/columns.ts"
import type { TableContract } from "../contract/Contract.ts"
import { sqlDatasetCheck } from "../contract/DatasetCheck.ts"
import { defineTable } from "../contract/Table.ts"

/** The bronze columns. */
export const bronzeColumns = defineTable({
  _record_index: col.index("0-based position of the record in the source"),
  raw: col.text("the record's JSON text exactly as delivered"),
  _ingestion_date: col.date("the run's ingestion date"),
  _source_file: col.text("the source file's name"),
  _ingested_at: col.timestamp("when the run started (UTC)")
})

/** Declare a pipeline's bronze table (`bronze.<name>` unless `id` is given). */
export const bronzeTable = (declaration: {
  readonly name: string
  readonly version: string
  readonly description: string
  readonly id?: string
}): TableContract<typeof bronzeColumns.columns> => ({
  id: declaration.id ?? `bronze.${declaration.name}`,
  version: declaration.version,
  layer: "bronze",
  table: declaration.name,
  description: declaration.description,
  definition: bronzeColumns,
  primaryKey: ["_record_index"],
  required: ["_record_index", "raw", "_ingestion_date", "_source_file", "_ingested_at"],
  references: [],
  quarantine: null,
  datasetChecks: [
    sqlDatasetCheck(
      {
        id: "bronze.lineage",
        layer: "bronze",
        table: declaration.name,
        severity: "error",
        description: "Bronze holds every record with its lineage: record indexes contiguous from 0, each with its raw text."
      },
      ({ relation }) => ({
        failing: `select 'record_index' as path, 'record indexes are not contiguous from 0' as message, 'max ' || max(_record_index) || ', count ' || count(*) as value
          from ${relation(declaration.name)} having count(*) > 0 and (min(_record_index) <> 0 or max(_record_index) <> count(*) - 1)`,
        total: `select count(*) as n from ${relation(declaration.name)}`
      })
    )
  ]
})
