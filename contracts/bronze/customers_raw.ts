/**
 * Bronze contract: every source record, verbatim, with its lineage. Nothing is
 * judged here except that nothing was lost.
 */
import { describeCheck } from "../../src/checks/catalogue.ts"
import { col } from "../../src/contract/columns.ts"
import type { TableContract } from "../../src/contract/Contract.ts"
import { sqlDatasetCheck } from "../../src/contract/DatasetCheck.ts"
import { defineTable } from "../../src/contract/Table.ts"

export const bronzeCustomersRawTable = defineTable({
  _record_index: col.index("0-based position of the record in the source array"),
  raw: col.text("the record's JSON text exactly as delivered"),
  _ingestion_date: col.date("the run's ingestion date"),
  _source_file: col.text("the source file's name"),
  _ingested_at: col.timestamp("when the run started (UTC)")
})

/** The bronze table of raw customer records. */
export const bronzeCustomersRaw: TableContract<typeof bronzeCustomersRawTable.columns> = {
  id: "bronze.customers_raw",
  version: "1.0.0",
  layer: "bronze",
  table: "customers_raw",
  description: "Every source record verbatim, one row per element of the customers array, with lineage columns.",
  definition: bronzeCustomersRawTable,
  primaryKey: ["_record_index"],
  required: ["_record_index", "raw", "_ingestion_date", "_source_file", "_ingested_at"],
  references: [],
  quarantine: null,
  datasetChecks: [
    sqlDatasetCheck(
      { id: "bronze.lineage", layer: "bronze", table: "customers_raw", severity: "error", description: describeCheck("bronze.lineage") },
      ({ relation }) => ({
        failing: `select 'record_index' as path, 'record indexes are not contiguous from 0' as message, 'max ' || max(_record_index) || ', count ' || count(*) as value
          from ${relation("customers_raw")} having count(*) > 0 and (min(_record_index) <> 0 or max(_record_index) <> count(*) - 1)`,
        total: `select count(*) as n from ${relation("customers_raw")}`
      })
    )
  ]
}
