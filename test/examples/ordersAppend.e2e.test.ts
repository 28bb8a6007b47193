/**
 * A versioned layer's append-only table (the orders example's
 * `order_deliveries`): each next-day run builds it from the day's partitions
 * alone and lists the previous version's files again, unread, so the table
 * gains one file a day and holds exactly every delivery of every date; its
 * gate judges the day's rows against the day's lines. A re-run of an earlier
 * date rebuilds it whole with the same rows. `gold verify` audits it whole.
 */
import { join } from "node:path"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { beforeAll, describe, expect, it } from "vitest"
import { writeDelivery } from "../../examples/orders/generate.ts"
import { runCli, tempDir } from "../support/cli.ts"
import { query } from "../support/lakehouseReader.ts"

const PIPELINE = "examples/orders/pipeline.ts"
const DATES = ["2026-11-20", "2026-11-21", "2026-11-22"] as const

interface Ref {
  readonly rows: number
  readonly files: ReadonlyArray<{ readonly path: string; readonly sha256: string }>
}
const deliveriesRef = (lakehouse: string): Ref => (JSON.parse(readFileSync(join(lakehouse, "gold", "_current.json"), "utf8")) as { current: { tables: Record<string, Ref> } }).current.tables["order_deliveries"]!

describe("an append-only gold table", () => {
  const dir = tempDir("lakegate-append-")
  const lakehouse = join(dir, "lakehouse")
  const run = (date: string) =>
    runCli(["run", "--pipeline", PIPELINE, "--input", join(dir, `orders-${date}.ndjson`), "--date", date, "--lakehouse", lakehouse, "--reports", join(dir, "reports"), "--quiet"])
  const refs: Array<Ref> = []
  /** Every delivery of every published date, from silver, against the table's current files. */
  const compare = async () => {
    const files = deliveriesRef(lakehouse).files.map((f) => `'${join(lakehouse, "gold", f.path)}'`).join(", ")
    return (await query(`select
      (select count(*) from read_parquet('${join(lakehouse, "silver", "orders")}/*/*.parquet')) as silver_rows,
      (select count(*) from read_parquet([${files}])) as gold_rows,
      (select count(*) from (select order_id, ingestion_date, total from read_parquet('${join(lakehouse, "silver", "orders")}/*/*.parquet', hive_partitioning = true)
         except select order_id, ingestion_date, total from read_parquet([${files}]))) as missing`))[0]!
  }

  beforeAll(async () => {
    // Each date delivers new orders and re-delivers some of the day before's (ids overlap).
    for (const [i, date] of DATES.entries()) await Effect.runPromise(writeDelivery(join(dir, `orders-${date}.ndjson`), { orders: 40, seed: 20 + i, date, defectRate: 0, firstId: 1 + 30 * i }))
    for (const date of DATES) {
      const result = await run(date)
      expect(result.status, result.stderr).toBe(0)
      refs.push(deliveriesRef(lakehouse))
    }
  })

  it("gains one file a day, keeps the previous files as they were, and holds every delivery of every date", async () => {
    expect(refs.map((r) => r.files.length)).toEqual([1, 2, 3])
    expect(refs[1]!.files[0]).toEqual(refs[0]!.files[0])
    expect(refs[2]!.files.slice(0, 2)).toEqual(refs[1]!.files)
    const counts = await compare()
    expect(Number(counts["gold_rows"])).toBe(Number(counts["silver_rows"]))
    expect(Number(counts["missing"])).toBe(0)
    expect(refs[2]!.rows).toBe(Number(counts["silver_rows"]))
    const verified = await runCli(["gold", "verify", "--pipeline", PIPELINE, "--lakehouse", lakehouse])
    expect(verified.status, verified.stdout + verified.stderr).toBe(0)
  })

  it("a re-run of an earlier date rebuilds it whole, with the same rows", async () => {
    const result = await run(DATES[1])
    expect(result.status, result.stderr).toBe(0)
    const ref = deliveriesRef(lakehouse)
    expect(ref.files.length).toBe(1)
    expect(ref.rows).toBe(refs[2]!.rows)
    expect(Number((await compare())["missing"])).toBe(0)
  })
})
