/** Silver contract: accepted transactions, one row per transaction id. */
import { col, defaultQuarantineThreshold, type TableContract, defineTable, type SilverTable, acceptedTable, workingTable } from "lakegate"

export const silverTransactionsTable = defineTable({
  transaction_id: col.id("the transaction's id, unique across the batch"),
  customer_id: col.id("the customer who made it"),
  transaction_date: col.date("date of the transaction"),
  amount: col.money("amount, positive, in DECIMAL(18,2)"),
  product_id: col.id("the product bought"),
  _record_index: col.index("position of the source record (lineage to bronze)")
})

export const silverTransactions: TableContract<typeof silverTransactionsTable.columns> = {
  id: "silver.transactions",
  version: "1.0.0",
  layer: "silver",
  table: "transactions",
  description: "Accepted transactions of accepted customers.",
  definition: silverTransactionsTable,
  primaryKey: ["transaction_id"],
  required: ["transaction_id", "customer_id", "transaction_date", "amount", "product_id", "_record_index"],
  references: [
    { columns: ["customer_id"], table: "customers", referencedColumns: ["customer_id"] },
    { columns: ["product_id"], table: "products", referencedColumns: ["product_id"] }
  ],
  quarantine: defaultQuarantineThreshold,
  datasetChecks: []
}

/** The accepted transactions. */
export const silverTransactionsBuild: SilverTable = {
  contract: silverTransactions,
  build: `select transaction_id, customer_id, transaction_date, amount, product_id, record_index as _record_index from ${acceptedTable("transactions")}`,
  rowsIn: `select count(*) from ${workingTable("transactions")}`,
  quarantined: `select (select count(*) from ${workingTable("transactions")}) - (select count(*) from ${acceptedTable("transactions")})`
}
