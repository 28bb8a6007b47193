/**
 * Gold: revenue per order date and per customer, rebuilt each run from every
 * published silver partition (an order delivered on several dates counts
 * once, as last delivered), audited, and published as a new gold version
 * that `gold/_current.json` switches to; if a gate fails, gold is untouched.
 */
import { Clock, Data, Effect, Option } from "effect"
import { join } from "node:path"
import {
  Duck, Lakehouse, MANIFEST_FILE, buildSql, check, column, layerOutcome, readCurrent, sealAudited, sqlString, stageAndAudit, switchToNewVersion, table,
  versionDir, versionTablePath, type DeclaredTable, type Downstream, type DownstreamResult, type Run
} from "lakegate"
import { orderLines, orders } from "./silver.ts"

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

const goldTables: ReadonlyArray<DeclaredTable> = [dailyRevenue, customerTotals]

/** The current gold version holds tables of another pipeline: publishing would drop them from `_current.json`. */
export class ForeignGold extends Data.TaggedError("ForeignGold")<{ readonly tables: ReadonlyArray<string> }> {
  override get message() {
    return `the lakehouse's gold belongs to another pipeline (${this.tables.join(", ")}): run the orders pipeline with its own --lakehouse`
  }
}

/** Views `gold_in_<table>` of every published partition of the silver inputs; the dates they cover. */
const readSilver = Effect.gen(function* () {
  const duck = yield* Duck
  const lakehouse = yield* Lakehouse
  const dates = yield* lakehouse.dates("silver", orders.table)
  const all = (t: DeclaredTable) =>
    Effect.forEach(dates, (d) =>
      Effect.map(lakehouse.files("silver", t.table, d), (files) => `select *, DATE ${sqlString(d)} as ingestion_date from read_parquet([${files.map(sqlString).join(", ")}], hive_partitioning = false)`)
    ).pipe(Effect.map((parts) => parts.join(" union all ")))
  yield* duck.run(`create or replace view gold_in_orders as select * from (${yield* all(orders)}) qualify row_number() over (partition by order_id order by ingestion_date desc) = 1`)
  yield* duck.run(`create or replace view gold_in_order_lines as select * from (${yield* all(orderLines)}) semi join gold_in_orders using (order_id, ingestion_date)`)
  return dates
})

const relations: Readonly<Record<string, string>> = { orders: "gold_in_orders", order_lines: "gold_in_order_lines" }

const runGold = (run: Run) =>
  Effect.gen(function* () {
    const lakehouse = yield* Lakehouse
    const current = Option.map(yield* readCurrent(lakehouse.root), (s) => s.current)
    const foreign = Option.match(current, { onNone: () => [], onSome: (v) => Object.keys(v.tables).filter((t) => !goldTables.some((g) => g.table === t)) })
    if (foreign.length > 0) return yield* new ForeignGold({ tables: foreign })
    const dates = yield* readSilver
    const rowsIn = Number((yield* (yield* Duck).all("select count(*) as n from gold_in_orders"))[0]?.["n"] ?? 0)
    const audited = yield* stageAndAudit(run, {
      layer: "gold",
      ingestionDate: null,
      tables: goldTables.map((t) => ({ contract: t, sql: buildSql(t, (name) => relations[name] ?? name) ?? "", rowsIn, quarantined: 0 })),
      relations
    })
    const publish = audited.decision._tag === "Publish"
    if (publish) {
      const now = new Date(yield* Clock.currentTimeMillis).toISOString()
      yield* sealAudited(run, audited)
      yield* lakehouse.publish(run.runId, audited.staged.map((s) => ({ ...s, target: versionDir(lakehouse.root, s.table, run.runId) })))
      const tables = goldTables.map((t, i) => [t.table, { path: versionTablePath(t.table, run.runId), rows: audited.rows[i] ?? 0, contract: { id: t.id, version: t.version } }] as const)
      const basedOn = Option.getOrNull(Option.map(current, (v) => v.version))
      yield* switchToNewVersion(lakehouse.root, { version: run.runId, runId: run.runId, ingestionDate: run.ingestionDate, createdAt: now, basedOn, ingestedDates: dates, tables: Object.fromEntries(tables) }, now)
    }
    const manifest = (s: { readonly table: string }) => join(versionDir(lakehouse.root, s.table, run.runId), MANIFEST_FILE)
    return { outcome: layerOutcome(audited, publish ? "published" : "blocked", manifest), checks: audited.checks, contracts: goldTables } satisfies DownstreamResult
  })

/** The gold layer of the orders pipeline. */
export const gold: Downstream = { layer: "gold", run: runGold }
