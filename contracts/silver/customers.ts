/** Silver contract: accepted customers, one row per customer id. */
import { col, defaultQuarantineThreshold, type TableContract, defineTable, type SilverTable, workingTable, REJECTED, BRONZE_TABLE } from "lakegate"
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

/** Built from the candidate customers of every record that was not rejected. */
export const silverCustomersBuild: SilverTable = {
  contract: silverCustomers,
  build: `select customer_id, name, email, signup_date, last_purchase, total_spent, transaction_count, record_index as _record_index
    from ${workingTable("customers")} anti join ${REJECTED} using (record_index)`,
  rowsIn: `select count(*) from ${BRONZE_TABLE}`,
  quarantined: `select count(*) from ${REJECTED}`
}
