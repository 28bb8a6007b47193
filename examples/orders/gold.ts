/**
 * Gold: revenue per order date and per customer, rebuilt each run from every
 * published silver partition, and every delivery as it came (appended day by
 * day) (an order delivered on several dates counts
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

export const orderDeliveries = table({
  name: "order_deliveries",
  layer: "gold",
  version: "1.0.0",
  description: "Every delivery of an order, as delivered: one row per order and ingestion date. Append-only: a date adds its deliveries and later dates never change them, so a daily run writes only its own.",
  columns: { order_id: column.id(), ingestion_date: column.date(), customer_id: column.id(), order_date: column.date(), total: column.money({ min: "0.01" }) },
  key: ["order_id", "ingestion_date"],
  checks: [check.sumReconciles("total", "delivered_lines", "amount")],
  build: (r) => `select order_id, ingestion_date, customer_id, order_date, total from ${r("deliveries")}`
})

/**
 * Gold reads every published silver date: an order delivered on several dates
 * counts once, as last delivered, with the lines of that delivery. Every
 * delivery is also kept as it came (`order_deliveries`), append-only: a
 * next-day run builds it from the day's partitions alone.
 */
export const gold = versionedLayer({
  tables: [dailyRevenue, customerTotals, orderDeliveries],
  appendOnly: ["order_deliveries"],
  inputs: (published, input) => ({
    orders: `select * from ${published("orders")} qualify row_number() over (partition by order_id order by ingestion_date desc) = 1`,
    order_lines: `select * from ${published("order_lines")} semi join ${input("orders")} using (order_id, ingestion_date)`,
    deliveries: `select * from ${published("orders")}`,
    delivered_lines: `select * from ${published("order_lines")}`
  })
})
