/**
 * Silver: accepted orders, their lines, and the quarantine of rejected
 * orders, each declared with column kinds and vocabulary checks, its build
 * beside its contract.
 */
import { BRONZE_TABLE, REJECTED, VIOLATIONS, acceptedTable, check, column, silverTable, table, workingTable, type SilverTable } from "lakegate"
import { ORDER_STATUSES } from "./source.ts"

/** Accepted orders, one row per order id; the table whose quarantine rate gates the delivery. */
export const orders = table({
  name: "orders",
  version: "1.0.0",
  description: "Accepted orders: every row check and batch check passed.",
  columns: {
    order_id: column.id(), customer_id: column.id(), order_date: column.date(), status: column.enum(ORDER_STATUSES),
    total: column.money({ min: "0.01", description: "sum of the order's line amounts" }),
    line_count: column.integer({ min: 1 }),
    _record_index: column.integer({ min: 0, description: "position of the NDJSON line (lineage to bronze)" })
  },
  key: ["order_id"],
  quarantine: { warn: 0.05, fail: 0.1 },
  checks: [
    check.acceptedValues("status", ORDER_STATUSES),
    check.range("total", { min: "0.01" }),
    check.sumReconciles("total", "order_lines", "amount"),
    check.freshness("order_date", 3, { severity: "warn" }), // a stale feed is news, not a reason to block
    check.rowCount({ min: 1 })
  ],
  build: `select order_id, customer_id, order_date, status, total, line_count, record_index as _record_index from ${acceptedTable("orders")}`
})

/** The lines of accepted orders. */
export const orderLines = table({
  name: "order_lines",
  version: "1.0.0",
  description: "Lines of accepted orders, one row per (order_id, line_no).",
  columns: {
    order_id: column.id(), line_no: column.integer({ min: 1 }), sku: column.text({ pattern: /SKU-\d{4}/ }), quantity: column.integer({ min: 1 }),
    unit_price: column.money({ min: "0.01" }),
    amount: column.money({ min: "0.01", description: "quantity × unit_price" })
  },
  key: ["order_id", "line_no"],
  references: [{ columns: ["order_id"], table: "orders" }],
  checks: [
    // A bulk order now and then is news (warn); more than 1% of lines is a broken feed (block).
    check.range("quantity", { min: 1, max: 100 }, { warn: { rows: 0 }, fail: { percent: 1 } }),
    check.pattern("sku", /SKU-\d{4}/, { warn: { rows: 0 }, fail: { percent: 5 } }),
    check.range("amount", { min: "0.01" })
  ],
  build: `select order_id, line_no, sku, quantity, unit_price, amount from ${acceptedTable("order_lines")}`
})

/** Rejected orders: one row per violation of every rejected record, with the raw NDJSON line. */
export const orderQuarantine = table({
  name: "order_quarantine",
  version: "2.0.0",
  description: "Rejected orders with machine-readable reasons; a record appears once per violation.",
  columns: {
    _record_index: column.integer({ min: 0 }),
    source_id: column.text({ nullable: true, description: "the order id as delivered" }),
    check_id: column.text({ description: "the id of the failed check" }),
    path: column.text({ description: "where in the record, e.g. lines[2].amount" }),
    message: column.text(), value: column.text({ nullable: true }),
    raw: column.text({ description: "the NDJSON line exactly as delivered" })
  },
  build: `select v.record_index as _record_index, v.source_id, v.check_id, v.path, v.message, v.value, b.raw
    from ${VIOLATIONS} v join ${BRONZE_TABLE} b on b._record_index = v.record_index
    where v.record_index in (select record_index from ${REJECTED})`
})

/** The silver tables, with the rows that came in for each and the rows quarantined instead. */
export const silverTables: ReadonlyArray<SilverTable> = [
  silverTable(orders, { rowsIn: BRONZE_TABLE, quarantined: REJECTED }),
  silverTable(orderLines, { rowsIn: workingTable("order_lines"), quarantined: `select * from ${workingTable("order_lines")} semi join ${REJECTED} using (record_index)` }),
  silverTable(orderQuarantine, { rowsIn: `select * from ${VIOLATIONS} where record_index in (select record_index from ${REJECTED})` })
]
