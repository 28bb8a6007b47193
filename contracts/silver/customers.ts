/** Silver contract: accepted customers, one row per customer id. */
import { col } from "../../src/contract/columns.ts"
import { defaultQuarantineThreshold, type TableContract } from "../../src/contract/Contract.ts"
import { defineTable } from "../../src/contract/Table.ts"
import { reconcileBronzeSilver } from "./reconcile.ts"

export const silverCustomersTable = defineTable({
  customer_id: col.id("the customer's id from the source"),
  name: col.text("full name"),
  email: col.text("email address, syntactically valid"),
  signup_date: col.date("signup date"),
  last_purchase: col.optionalDate("date of the latest transaction; NULL when there is none"),
  total_spent: col.money("sum of the customer's transaction amounts"),
  transaction_count: col.count("number of transactions"),
  _record_index: col.index("position of the source record (lineage to bronze)")
})

export const silverCustomers: TableContract<typeof silverCustomersTable.columns> = {
  id: "silver.customers",
  version: "1.0.0",
  layer: "silver",
  table: "customers",
  description: "Accepted customers: every row-level and batch check passed.",
  definition: silverCustomersTable,
  primaryKey: ["customer_id"],
  required: ["customer_id", "name", "email", "signup_date", "total_spent", "transaction_count", "_record_index"],
  references: [],
  quarantine: defaultQuarantineThreshold,
  datasetChecks: [reconcileBronzeSilver]
}
