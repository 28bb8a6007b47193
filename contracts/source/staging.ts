/**
 * How a judged customer record becomes staging rows: one row per customer and
 * one per transaction, hand-written CSV (the hot path of landing: every
 * record of every run goes through `write`). Silver is built from the working
 * tables these rows are loaded into (see `../silver/`).
 */
import { csvText, formatCents, readCsvOptions, source, sqlIdent, sqlString, workingTable, type StagingColumns } from "lakegate"
import { sourceCustomers } from "./customers.ts"

/** Staging columns, in CSV order. */
const customerColumns: StagingColumns = [
  ["record_index", "BIGINT"], ["source_id", "VARCHAR"], ["customer_id", "BIGINT"], ["name", "VARCHAR"], ["email", "VARCHAR"],
  ["signup_date", "DATE"], ["last_purchase", "DATE"], ["total_spent", "DECIMAL(18,2)"], ["transaction_count", "INTEGER"]
]

/**
 * Only the transaction's own fields: the customer's columns are joined in from
 * the record's customer row when the segment is loaded (see `load`), so they
 * are written and parsed once per customer, not once per transaction (they
 * were half of every transaction row).
 */
const transactionColumns: StagingColumns = [
  ["record_index", "BIGINT"], ["position", "INTEGER"], ["transaction_id", "BIGINT"], ["transaction_date", "DATE"],
  ["amount", "DECIMAL(18,2)"], ["product_id", "BIGINT"], ["product_name", "VARCHAR"]
]

/** The staging tables' columns, by table. */
export const stagingColumns = { customers: customerColumns, transactions: transactionColumns } as const

/** Money for staging: cents rounded (a non-cent amount is rejected anyway, and rounds the same on both sides of the reconciliation). */
const stagedMoney = (value: number): string => {
  const cents = Math.round(value * 100)
  return Number.isSafeInteger(cents) && Math.abs(cents) < 1e17 ? formatCents(cents) : ""
}

/**
 * The candidate transactions' columns, each with the expression that fills it:
 * the staged transaction's (`t`), then its record's source id and customer
 * (`c`). The customer's columns ride along on every candidate transaction, so
 * silver's transactions and denormalized tables need no join of customers.
 */
const candidateTransactionColumns: ReadonlyArray<readonly [name: string, type: string, from: string]> = [
  ["record_index", "BIGINT", "t.record_index"], ["source_id", "VARCHAR", "c.source_id"], ["position", "INTEGER", "t.position"],
  ["transaction_id", "BIGINT", "t.transaction_id"], ["transaction_date", "DATE", "t.transaction_date"], ["amount", "DECIMAL(18,2)", "t.amount"],
  ["product_id", "BIGINT", "t.product_id"], ["product_name", "VARCHAR", "t.product_name"],
  ["customer_id", "BIGINT", "c.customer_id"], ["customer_name", "VARCHAR", "c.name"], ["email", "VARCHAR", "c.email"], ["signup_date", "DATE", "c.signup_date"]
]

const columnList = (columns: ReadonlyArray<readonly [string, string, ...Array<string>]>) => columns.map(([name, type]) => `${sqlIdent(name)} ${type}`).join(", ")

/**
 * The candidate transaction rows of staged transactions (`transactions`, as
 * staged) and their records' customer rows (`customers`, as staged): every
 * staged transaction has its record's customer row, so the join drops none.
 */
export const candidateTransactionsSql = (transactions: string, customers: string): string =>
  `select ${candidateTransactionColumns.map(([name, , from]) => `${from} as ${sqlIdent(name)}`).join(", ")}
  from ${transactions} t join ${customers} c using (record_index)`

/** The working table of one segment's customer rows, for the join that completes its transactions. */
const SEGMENT_CUSTOMERS = "segment_customers"

const staged = (file: string, columns: StagingColumns) => `read_csv(${sqlString(file)}, ${readCsvOptions(columns)})`

/** The customers source: `{"customers": [...]}`, judged by the source contract, staged as customers and transactions. */
export const customersSource = source({
  name: "customers",
  format: { _tag: "JsonArray", key: "customers" },
  contract: sourceCustomers,
  staging: {
    tables: { customers: customerColumns, transactions: transactionColumns },
    write: (out, index, sourceId, c) => {
      out.customers.add(
        `${index},${sourceId},${c.id},${csvText(c.name)},${csvText(c.email)},${c.signup_date},${c.last_purchase ?? ""},${stagedMoney(c.total_spent)},${c.transactions.length}\n`
      )
      const ts = c.transactions
      for (let position = 0; position < ts.length; position++) {
        const t = ts[position]!
        out.transactions.add(`${index},${position},${t.transaction_id},${t.date},${stagedMoney(t.amount)},${t.product_id},${csvText(t.product_name)}\n`)
      }
    },
    create: [
      `create or replace table ${workingTable("customers")} (${columnList(customerColumns)})`,
      `create or replace table ${workingTable("transactions")} (${columnList(candidateTransactionColumns)})`
    ],
    /**
     * A segment's customer rows are read once, into a small table (a segment
     * is at most ~256 MiB of input), and its transactions are joined with
     * them: records never span segments, so the join needs nothing of earlier segments.
     */
    load: (files) => [
      `create or replace temp table ${SEGMENT_CUSTOMERS} as select * from ${staged(files.customers, customerColumns)}`,
      `insert into ${workingTable("customers")} select * from ${SEGMENT_CUSTOMERS}`,
      `insert into ${workingTable("transactions")} ${candidateTransactionsSql(staged(files.transactions, transactionColumns), SEGMENT_CUSTOMERS)}`,
      `drop table ${SEGMENT_CUSTOMERS}`
    ]
  }
})
