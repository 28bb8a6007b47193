/** Silver contract: one row per accepted transaction with its customer's and product's columns. */
import { col, type TableContract, defineTable, type SilverTable, acceptedTable } from "lakegate"

export const silverDenormalizedTable = defineTable({
  transaction_id: col.id("the transaction's id"),
  transaction_date: col.date("date of the transaction"),
  amount: col.money("amount"),
  product_id: col.id("the product bought"),
  product_name: col.text("the product's name"),
  customer_id: col.id("the customer's id"),
  customer_name: col.text("the customer's name"),
  email: col.text("the customer's email"),
  signup_date: col.date("the customer's signup date")
})

export const silverDenormalized: TableContract<typeof silverDenormalizedTable.columns> = {
  id: "silver.denormalized",
  version: "1.0.0",
  layer: "silver",
  table: "denormalized",
  description: "Accepted transactions joined with their customer and product, for flat analysis.",
  definition: silverDenormalizedTable,
  primaryKey: ["transaction_id"],
  required: ["transaction_id", "transaction_date", "amount", "product_id", "product_name", "customer_id", "customer_name", "email", "signup_date"],
  references: [
    { columns: ["transaction_id"], table: "transactions", referencedColumns: ["transaction_id"] },
    { columns: ["customer_id"], table: "customers", referencedColumns: ["customer_id"] }
  ],
  quarantine: null,
  datasetChecks: []
}

/** The accepted transactions with their customer's columns (they ride along on every candidate transaction). */
export const silverDenormalizedBuild: SilverTable = {
  contract: silverDenormalized,
  build: `select transaction_id, transaction_date, amount, product_id, product_name, customer_id, customer_name, email, signup_date
    from ${acceptedTable("transactions")}`,
  rowsIn: `select count(*) from ${acceptedTable("transactions")}`
}
