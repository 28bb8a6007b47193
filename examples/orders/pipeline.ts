/**
 * The orders pipeline: an NDJSON feed of orders with nested lines → bronze →
 * silver (orders, order_lines, order_quarantine) → gold (daily_revenue,
 * customer_totals), every write gated by its contract.
 *
 *   npm run lakegate -- run --pipeline examples/orders/pipeline.ts --date 2026-11-20 --lakehouse lakehouse/orders
 */
import { bronzeTable, pipeline } from "lakegate"
import { gold } from "./gold.ts"
import { silverTables } from "./silver.ts"
import { ordersSource } from "./source.ts"

export default pipeline({
  name: "orders",
  source: ordersSource,
  bronze: bronzeTable({ name: "orders_raw", version: "1.0.0", description: "Every NDJSON line of the orders feed, verbatim, with lineage." }),
  silver: silverTables,
  downstream: [gold],
  defaults: { input: "examples/orders/data/orders.ndjson" }
})
