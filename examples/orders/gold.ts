/**
 * Gold: revenue per order date and per customer, rebuilt each run from every
 * published silver partition (an order delivered on several dates counts
 * once, as last delivered), audited, and published as a new gold version
 * that `gold/_current.json` switches to; if a gate fails, gold is untouched.
 */
import { check, column, table, versionedLayer } from "lakegate"

const sales = (r: (table: string) => string) => `${r("orders")} join ${r("order_lines")} using (order_id)`

export const dailyRevenue = table({
  name: "daily_revenue",
  layer: "gold",
  version: "1.0.0",
  description: "Orders and revenue per order date.",
  columns: { order_date: column.date(), orders: column.integer({ min: 1 }), revenue: column.money({ min: "0.01" }) },
  key: ["order_date"],
  checks: [check.sumReconciles("revenue", "order_lines", "amount"), check.range("revenue", { min: "0.01" }), check.rowCount({ min: 1 })],
  build: (r) => `select order_date, count(distinct order_id) as orders, sum(amount)::decimal(18,2) as revenue from ${sales(r)} group by order_date`
})

export const customerTotals = table({
  name: "customer_totals",
  layer: "gold",
  version: "1.0.0",
  description: "Orders, revenue and first and last order date per customer.",
  columns: { customer_id: column.id(), orders: column.integer({ min: 1 }), revenue: column.money({ min: "0.01" }), first_order: column.date(), last_order: column.date() },
  key: ["customer_id"],
  checks: [check.sumReconciles("revenue", "order_lines", "amount"), check.sumReconciles("orders", "daily_revenue", "orders")],
  build: (r) => `select customer_id, count(distinct order_id) as orders, sum(amount)::decimal(18,2) as revenue, min(order_date) as first_order, max(order_date) as last_order
    from ${sales(r)} group by customer_id`
})

/**
 * Gold reads every published silver date: an order delivered on several dates
 * counts once, as last delivered, with the lines of that delivery.
 */
export const gold = versionedLayer({
  tables: [dailyRevenue, customerTotals],
  inputs: (published, input) => ({
    orders: `select * from ${published("orders")} qualify row_number() over (partition by order_id order by ingestion_date desc) = 1`,
    order_lines: `select * from ${published("order_lines")} semi join ${input("orders")} using (order_id, ingestion_date)`
  })
})
