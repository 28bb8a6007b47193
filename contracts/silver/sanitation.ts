/** Silver contract: one row per source record with the outcome of every record-level check. */
import { col, type TableContract, columnOf, defineTable, type SilverTable, workingTable, VIOLATIONS, BRONZE_TABLE, sqlIdent, sqlString } from "lakegate"
import { Schema } from "effect"

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
  sanitationChecks.map((id) => [sanitationColumn(id), columnOf(Schema.NullOr(Schema.Boolean), "BOOLEAN", `whether ${id} passed (NULL: not evaluated, the record did not decode)`)])
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

/**
 * One row for every record that was decoded or has a violation, which is
 * every bronze record: a record that does not decode has a schema violation
 * (and `reconcile.bronze_silver` blocks the publish if a bronze record is
 * neither accepted nor quarantined). Joining the few records with violations
 * to the candidates, rather than all of bronze to all candidates, keeps the
 * join's hash table small: at 5 GB the old join ran out of a 128MB pool.
 * Rows are written in the order the engine produces them (readers sort).
 */
export const silverSanitationBuild: SilverTable = {
  contract: silverSanitation,
  build: `with v as (
      select record_index, any_value(source_id) as source_id, list(distinct check_id order by check_id) as checks, bool_or(severity = 'error') as rejected
      from ${VIOLATIONS} group by record_index)
    select coalesce(c.record_index, v.record_index) as _record_index, coalesce(c.source_id, v.source_id) as source_id,
      case when coalesce(v.rejected, false) then 'quarantined' else 'accepted' end as outcome,
      coalesce(array_to_string(v.checks, ','), '') as failed_checks,
      ${sanitationChecks
        .map((id) =>
          id === "schema"
            ? `not list_contains(coalesce(v.checks, []), 'schema') as ${sqlIdent(sanitationColumn(id))}`
            : `case when c.record_index is null then null else not list_contains(coalesce(v.checks, []), ${sqlString(id)}) end as ${sqlIdent(sanitationColumn(id))}`
        )
        .join(",\n      ")}
    from ${workingTable("customers")} c full join v on v.record_index = c.record_index`,
  rowsIn: `select count(*) from ${BRONZE_TABLE}`
}
