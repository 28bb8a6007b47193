/** Silver contract: accepted transactions, one row per transaction id. */
import { col, defaultQuarantineThreshold, type TableContract, defineTable, type SilverTable, acceptedTable, workingTable, BRONZE_TABLE, REJECTED } from "lakegate"

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

/**
 * The transactions of rejected records that did not decode (so staged none):
 * the length of the `transactions` array of each one's raw JSON in bronze, as
 * DuckDB reads it (the first of repeated keys); 0 when `transactions` is
 * missing or not an array, or the raw text is not JSON (a record over the size
 * limit is never parsed by the judge, so it may not be).
 *
 * Written as IN / NOT IN filters on the bronze scan on purpose: a join of the
 * few undecoded indexes to bronze (faster at 100 MB) builds its hash table on
 * bronze's raw text at 1 GB and runs out of DuckDB's memory limit.
 */
export const undecodedTransactionsSql = `select coalesce(sum(case when json_valid(b.raw)
      then case when json_type(b.raw, '$.transactions') = 'ARRAY' then json_array_length(b.raw, '$.transactions') else 0 end
      else 0 end), 0)
    from ${BRONZE_TABLE} b
    where b._record_index in (select record_index from ${REJECTED})
      and b._record_index not in (select record_index from ${workingTable("customers")})`

/**
 * The accepted transactions.
 *
 * The `quarantine.rate` of transactions has one definition: a rejected
 * record's transactions count, in rows in and in rows quarantined, whatever
 * check rejected it. A record that decoded staged its transactions (counted
 * from the working table); one that did not (`schema`: wrong type, repeated
 * key, over the size limit) is counted from its raw JSON in bronze, see
 * {@link undecodedTransactionsSql}. So the same bad record weighs the same
 * whether it fails `schema` or, say, `amount.positive`.
 *
 * @example
 * ```ts
 * // 20 valid customers with 4 transactions each, and one with 6 whose id is text (schema):
 * // quarantine.rate of transactions observes 6 of 86, as it would if it had failed amount.positive.
 * ```
 */
export const silverTransactionsBuild: SilverTable = {
  contract: silverTransactions,
  build: `select transaction_id, customer_id, transaction_date, amount, product_id, record_index as _record_index from ${acceptedTable("transactions")}`,
  rowsIn: `select (select count(*) from ${workingTable("transactions")}) + (${undecodedTransactionsSql})`,
  quarantined: `select (select count(*) from ${workingTable("transactions")}) - (select count(*) from ${acceptedTable("transactions")}) + (${undecodedTransactionsSql})`
}
