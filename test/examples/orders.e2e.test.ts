/**
 * The orders example end to end: the real CLI runs `examples/orders/pipeline.ts`
 * on generated NDJSON deliveries, and the published Parquet is read back with DuckDB.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { generateOrders, truthPathFor, writeDelivery, type Options, type Truth } from "../../examples/orders/generate.ts"
import { repoRoot, runCli, tempDir } from "../support/cli.ts"
import { manifestOf, parquetOf, query } from "../support/lakehouseReader.ts"

const PIPELINE = "examples/orders/pipeline.ts"
const BUNDLED = join(repoRoot, "examples", "orders", "data", "orders.ndjson")
const SILVER = ["orders", "order_lines", "order_quarantine"]
const GOLD = ["daily_revenue", "customer_totals", "order_deliveries"]

const readJson = <A>(path: string): A => JSON.parse(readFileSync(path, "utf8")) as A

interface Current {
  readonly current: { readonly version: string; readonly basedOn: string | null; readonly ingestedDates: ReadonlyArray<string>; readonly tables: Record<string, { readonly path: string }> }
  readonly versions: ReadonlyArray<{ readonly version: string }>
}
const currentOf = (lakehouse: string): Current => readJson(join(lakehouse, "gold", "_current.json"))
const goldOf = (lakehouse: string, table: string) => `read_parquet('${join(lakehouse, "gold", currentOf(lakehouse).current.tables[table]!.path)}/*.parquet')`
/** Every published partition of a silver table. */
const silverOf = (lakehouse: string, table: string) => `read_parquet('${join(lakehouse, "silver", table)}/*/*.parquet', hive_partitioning = false)`

/** Run the orders pipeline; without `input`, on its bundled delivery. */
const run = (lakehouse: string, date: string, input?: string) =>
  runCli(["run", "--pipeline", PIPELINE, ...(input === undefined ? [] : ["--input", input]), "--date", date, "--lakehouse", lakehouse, "--reports", join(lakehouse, "..", "reports"), "--quiet"])

/** Write a generated delivery into `dir`; its path. */
const deliver = async (dir: string, name: string, options: Options): Promise<string> => {
  const out = join(dir, `${name}.ndjson`)
  await Effect.runPromise(writeDelivery(out, options))
  return out
}

/** What the gates must agree with: the silver totals, and gold's, to the cent (as DECIMAL text). */
const sums = async (lakehouse: string) =>
  (await query(`select
    (select sum(total)::varchar from ${silverOf(lakehouse, "orders")}) as silver_totals,
    (select sum(amount)::varchar from ${silverOf(lakehouse, "order_lines")}) as silver_lines,
    (select sum(revenue)::varchar from ${goldOf(lakehouse, "daily_revenue")}) as daily_revenue,
    (select sum(revenue)::varchar from ${goldOf(lakehouse, "customer_totals")}) as customer_totals,
    (select count(*) from ${silverOf(lakehouse, "orders")}) as silver_orders,
    (select sum(orders) from ${goldOf(lakehouse, "daily_revenue")}) as gold_orders`))[0]!

describe("the bundled delivery, then a second day", () => {
  const dir = tempDir()
  const lakehouse = join(dir, "lakehouse")
  const truth = readJson<Truth>(truthPathFor(BUNDLED))
  const day1 = truth.date
  const day2 = "2026-11-21"
  let first: Awaited<ReturnType<typeof runCli>>

  beforeAll(async () => {
    first = await run(lakehouse, day1)
  })

  it("runs on the pipeline's default input, exits 0 and publishes every layer", () => {
    expect(first.status, first.stderr + first.stdout).toBe(0)
    expect(first.stdout).toContain("verdict: PUBLISHED")
    expect(first.stdout).toContain(`records in: ${truth.orders} · accepted: ${truth.orders - truth.defects.length} · quarantined: ${truth.defects.length}`)
    expect(manifestOf(lakehouse, "bronze", "orders_raw", day1)?.rows).toBe(truth.orders)
    for (const table of SILVER) expect(manifestOf(lakehouse, "silver", table, day1), table).toBeDefined()
  })

  it("quarantines exactly the truth file's defective orders, each by its expected checks", async () => {
    const rows = await query(`select _record_index as i, any_value(source_id) as id, list(distinct check_id order by check_id) as checks
      from ${parquetOf(lakehouse, "silver", "order_quarantine", day1)} group by 1 order by 1`)
    expect(rows.map((r) => ({ record_index: Number(r["i"]), order_id: Number(r["id"]), checks: r["checks"] }))).toEqual(
      truth.defects.map((d) => ({ record_index: d.record_index, order_id: d.order_id, checks: [...d.expected_checks].sort() }))
    )
  })

  it("accounts for every record: accepted or quarantined, never both, with its raw line", async () => {
    const [r] = await query(`with accepted as (select _record_index from ${parquetOf(lakehouse, "silver", "orders", day1)}),
      rejected as (select distinct _record_index from ${parquetOf(lakehouse, "silver", "order_quarantine", day1)})
      select (select count(*) from ${parquetOf(lakehouse, "bronze", "orders_raw", day1)}) as bronze,
        (select count(*) from accepted) as accepted, (select count(*) from rejected) as rejected,
        (select count(*) from accepted join rejected using (_record_index)) as both,
        (select count(*) from ${parquetOf(lakehouse, "silver", "order_quarantine", day1)} q join ${parquetOf(lakehouse, "bronze", "orders_raw", day1)} b
           on b._record_index = q._record_index where b.raw <> q.raw) as raw_differs`)
    expect(Number(r!["accepted"]) + Number(r!["rejected"])).toBe(Number(r!["bronze"]))
    expect(Number(r!["rejected"])).toBe(truth.defects.length)
    expect(Number(r!["both"])).toBe(0)
    expect(Number(r!["raw_differs"])).toBe(0)
  })

  it("publishes a gold version whose revenue reconciles with silver to the cent", async () => {
    const state = currentOf(lakehouse)
    expect(state.current.ingestedDates).toEqual([day1])
    expect(state.current.basedOn).toBeNull()
    expect(Object.keys(state.current.tables).sort()).toEqual([...GOLD].sort())
    const s = await sums(lakehouse)
    expect(s["silver_totals"]).toBe(s["silver_lines"])
    expect(s["daily_revenue"]).toBe(s["silver_lines"])
    expect(s["customer_totals"]).toBe(s["silver_lines"])
    expect(Number(s["gold_orders"])).toBe(Number(s["silver_orders"]))
  })

  it("a second day publishes its own silver partitions and a new gold version over both days", async () => {
    const input = await deliver(dir, "day2", { orders: 150, seed: 8, date: day2, defectRate: 0.02, firstId: 200_001 })
    const second = await run(lakehouse, day2, input)
    expect(second.status, second.stderr + second.stdout).toBe(0)
    for (const table of SILVER) expect(manifestOf(lakehouse, "silver", table, day2), table).toBeDefined()
    const before = first.stdout.match(/run (\S+)/)?.[1]
    const state = currentOf(lakehouse)
    expect(state.current.ingestedDates).toEqual([day1, day2])
    expect(state.current.basedOn).toBe(before)
    expect(state.versions).toHaveLength(2)
    const s = await sums(lakehouse)
    expect(s["daily_revenue"]).toBe(s["silver_lines"])
    expect(s["customer_totals"]).toBe(s["silver_lines"])
    expect(Number(s["gold_orders"])).toBe(truth.orders - truth.defects.length + 150 - readJson<Truth>(truthPathFor(input)).defects.length)
  })
})

describe("a delivery with too many defects", () => {
  const dir = tempDir()
  const lakehouse = join(dir, "lakehouse")
  const good = "2026-11-20"
  const bad = "2026-11-21"

  beforeAll(async () => {
    const clean = await deliver(dir, "clean", { orders: 200, seed: 1, date: good, defectRate: 0.02, firstId: 1 })
    const published = await run(lakehouse, good, clean)
    expect(published.status, published.stdout).toBe(0)
  })

  it("exits 1, publishes neither silver nor gold for its date, and leaves the previous state intact", async () => {
    const silverBefore = SILVER.map((t) => manifestOf(lakehouse, "silver", t, good))
    const goldBefore = readFileSync(join(lakehouse, "gold", "_current.json"), "utf8")
    const dirty = await deliver(dir, "dirty", { orders: 200, seed: 2, date: bad, defectRate: 0.3, firstId: 1_001 })
    const result = await run(lakehouse, bad, dirty)
    expect(result.status, result.stdout + result.stderr).toBe(1)
    expect(result.stdout).toContain("verdict: BLOCKED")
    expect(result.stdout).toMatch(/quarantine\.rate on orders: 30\.00% of orders quarantined .* over the 10\.00% limit/)
    for (const t of SILVER) expect(existsSync(join(lakehouse, "silver", t, `ingestion_date=${bad}`)), t).toBe(false)
    expect(SILVER.map((t) => manifestOf(lakehouse, "silver", t, good))).toEqual(silverBefore)
    expect(readFileSync(join(lakehouse, "gold", "_current.json"), "utf8")).toBe(goldBefore)
    const s = await sums(lakehouse)
    expect(s["daily_revenue"]).toBe(s["silver_lines"])
  })

  it("refuses to publish gold over another pipeline's gold in the same lakehouse", async () => {
    const pointer = join(lakehouse, "gold", "_current.json")
    const state = JSON.parse(readFileSync(pointer, "utf8")) as { current: { tables: Record<string, unknown> } }
    state.current.tables["dim_customer"] = { path: "dim_customer/version=other", rows: 1, contract: { id: "gold.dim_customer", version: "1.0.0" } }
    const foreign = `${JSON.stringify(state, null, 2)}\n`
    writeFileSync(pointer, foreign)
    const input = await deliver(dir, "next", { orders: 50, seed: 4, date: "2026-11-22", defectRate: 0, firstId: 5_001 })
    const result = await run(lakehouse, "2026-11-22", input)
    expect(result.status, result.stdout + result.stderr).toBe(4)
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringContaining("gold holds tables of another pipeline (dim_customer)")])
    expect(readFileSync(pointer, "utf8")).toBe(foreign)
  })
})

describe("a malformed NDJSON line", () => {
  it("exits 3 with one line on stderr naming the record, and publishes nothing", async () => {
    const dir = tempDir()
    const lakehouse = join(dir, "lakehouse")
    const valid = generateOrders({ orders: 3, seed: 3, date: "2026-11-20", defectRate: 0, firstId: 1 }).ndjson.split("\n")
    const input = join(dir, "broken.ndjson")
    writeFileSync(input, [valid[0], '{"order_id": 2, "customer_id": ', valid[2], ""].join("\n"))
    const result = await run(lakehouse, "2026-11-20", input)
    expect(result.status, result.stdout + result.stderr).toBe(3)
    const lines = result.stderr.trim().split("\n")
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain("invalid JSON in record 1")
    expect(existsSync(join(lakehouse, "bronze"))).toBe(false)
    expect(existsSync(join(lakehouse, "silver"))).toBe(false)
  })
})

describe("the bundled delivery", () => {
  it("is exactly what the generator makes from its truth file's options", () => {
    const { defects, ...options } = readJson<Truth>(truthPathFor(BUNDLED))
    const made = generateOrders(options)
    expect(made.truth.defects).toEqual(defects)
    expect(made.ndjson).toBe(readFileSync(BUNDLED, "utf8"))
    expect(new Set(defects.map((d) => d.defect)).size).toBe(8)
    expect(readFileSync(BUNDLED).length).toBeLessThan(200_000)
  })
})
