/** Silver contract: one row per source record with the outcome of every record-level check. */
import { Schema } from "effect"
import { col } from "../../src/contract/columns.ts"
import type { TableContract } from "../../src/contract/Contract.ts"
import { column, defineTable } from "../../src/contract/Table.ts"

/** The record-level checks reported in the sanitation table, each as a BOOLEAN column (NULL: not evaluated). */
export const sanitationChecks = [
  "schema",
  "email.format",
  "amount.positive",
  "amount.total_spent_matches",
  "date.not_in_future",
  "date.transaction_after_signup",
  "date.last_purchase_matches",
  "key.customer_id_unique",
  "key.transaction_id_unique",
  "product.name_consistent"
] as const

/** The column name of a check in the sanitation table: `email.format` → `email_format_passed`. */
export const sanitationColumn = (checkId: string): string => `${checkId.replaceAll(".", "_")}_passed`

const checkColumns = Object.fromEntries(
  sanitationChecks.map((id) => [sanitationColumn(id), column(Schema.NullOr(Schema.Boolean), "BOOLEAN", `whether ${id} passed (NULL: not evaluated, the record did not decode)`)])
)

export const silverSanitationTable = defineTable({
  _record_index: col.index("position of the source record"),
  source_id: col.optionalText("the record's id as delivered, when it has one"),
  outcome: col.text("accepted or quarantined"),
  failed_checks: col.text("comma-separated ids of the failed checks; empty when accepted"),
  ...checkColumns
})

export const silverSanitation: TableContract<typeof silverSanitationTable.columns> = {
  id: "silver.sanitation",
  version: "1.0.0",
  layer: "silver",
  table: "sanitation",
  description: "The outcome of every record-level check for every source record, accepted or not.",
  definition: silverSanitationTable,
  primaryKey: ["_record_index"],
  required: ["_record_index", "outcome", "failed_checks"],
  references: [],
  quarantine: null,
  datasetChecks: []
}
