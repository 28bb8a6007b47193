/**
 * Gold contract: one row per transaction, however often it was delivered.
 * A fact keeps the delivery of the earliest ingestion date that delivered it.
 */
import { col, type TableContract, defineTable } from "lakegate"
import { factReference } from "./checks.ts"
import { goldCol } from "./columns.ts"
import { goldReconcilesSilver } from "./reconcile.ts"

export const goldFactTransactionsTable = defineTable({
  transaction_id: col.id("the transaction's id (natural key)"),
  customer_key: col.id("the dim_customer version current at the transaction date (the earliest version for earlier dates)"),
  product_key: col.id("the product bought"),
  date_key: goldCol.dateKey("the transaction date as yyyymmdd"),
  amount: col.money("amount, DECIMAL(18,2)"),
  ingestion_date: col.date("the earliest ingestion date that delivered the transaction")
})

export const goldFactTransactions: TableContract<typeof goldFactTransactionsTable.columns> = {
  id: "gold.fact_transactions",
  version: "1.0.0",
  layer: "gold",
  table: "fact_transactions",
  description: "Transactions, once each, keyed to the customer version, product and date dimensions.",
  definition: goldFactTransactionsTable,
  primaryKey: ["transaction_id"],
  required: ["transaction_id", "customer_key", "product_key", "date_key", "amount", "ingestion_date"],
  references: [],
  quarantine: null,
  // transaction_id is the primary key, which key.unique checks (no key.gold_unique: it would group the facts a second time).
  datasetChecks: [
    factReference("fk.fact_customer", "customer_key", "dim_customer", "customer_key"),
    factReference("fk.fact_product", "product_key", "dim_product", "product_key"),
    factReference("fk.fact_date", "date_key", "dim_date", "date_key"),
    goldReconcilesSilver
  ]
}
