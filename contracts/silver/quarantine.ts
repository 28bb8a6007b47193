/** Silver contract: one row per (rejected record, failed check), with the raw record. */
import { col, type TableContract, defineTable, type SilverTable, VIOLATIONS, REJECTED, BRONZE_TABLE } from "lakegate"

export const silverQuarantineTable = defineTable({
  source_id: col.optionalText("the record's id as delivered, when it has one"),
  check_id: col.text("the id of the failed check"),
  severity: col.text("error or warn"),
  path: col.text("where in the record, e.g. transactions[2].amount"),
  message: col.text("what is wrong, in words"),
  value: col.optionalText("the offending value as text"),
  _record_index: col.index("position of the source record (lineage to bronze)"),
  raw: col.text("the record's JSON text exactly as delivered")
})

export const silverQuarantine: TableContract<typeof silverQuarantineTable.columns> = {
  id: "silver.quarantine",
  version: "2.0.0",
  layer: "silver",
  table: "quarantine",
  description: "Rejected records with machine-readable reasons; a record appears once per failed check.",
  definition: silverQuarantineTable,
  primaryKey: [],
  required: ["check_id", "severity", "path", "message", "_record_index", "raw"],
  references: [],
  quarantine: null,
  datasetChecks: []
}

/**
 * One row per failed check of every rejected record, with the raw record
 * (sorting it with its raw records ran out of memory at 5 GB: readers sort).
 */
export const silverQuarantineBuild: SilverTable = {
  contract: silverQuarantine,
  build: `select v.source_id, v.check_id, v.severity, v.path, v.message, v.value, v.record_index as _record_index, b.raw
    from ${VIOLATIONS} v join ${REJECTED} r using (record_index) join ${BRONZE_TABLE} b on b._record_index = v.record_index`,
  rowsIn: `select count(*) from ${VIOLATIONS} where record_index in (select record_index from ${REJECTED})`
}
