/**
 * Both feeds of the generator give the same gold: daily full snapshots and
 * increments (day 1 a full load, then only what each day adds or changes)
 * of one population, run day by day through the CLI, end with the same facts,
 * customer versions, totals and top customers; and `gold verify` passes on both.
 */
import { Effect } from "effect"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { writeDailySnapshots } from "../../contracts/generate/files.ts"
import { currentOf, goldTable, lakegate, lakegateGold, query, tempDir } from "./support.ts"

const DAYS = ["2026-11-01", "2026-11-02", "2026-11-03"] as const

describe("gold from daily snapshots and from increments", () => {
  const dir = tempDir("lakegate-feeds-")
  const lakehouse = (feed: string) => join(dir, feed, "lakehouse")

  beforeAll(async () => {
    for (const feed of ["snapshot", "increment"] as const) {
      const data = join(dir, feed, "data")
      await Effect.runPromise(writeDailySnapshots({ seed: 11, customers: 300, defectRate: 0, days: DAYS.length, start: DAYS[0], outDir: data, feed }))
      for (const date of DAYS) {
        const result = lakegate(["run", "--input", join(data, `customers-${date}.json`), "--date", date, "--lakehouse", lakehouse(feed), "--reports", join(dir, feed, "reports"), "--quiet"])
        expect(result.status, `${feed} ${date}: ${result.stdout}${result.stderr}`).toBe(0)
      }
    }
  })

  it("each day writes the same new facts from either feed", async () => {
    const rows = async (feed: string, table: string) => (await query(`select count(*)::INTEGER as n from ${goldTable(lakehouse(feed), table)}`))[0]!["n"]
    expect(await rows("increment", "fact_transactions")).toBe(await rows("snapshot", "fact_transactions"))
    const [snapshot, increment] = [currentOf(lakehouse("snapshot"))!, currentOf(lakehouse("increment"))!]
    // The day's own fact files: only the transactions the day added, whichever the feed.
    const added = (state: typeof snapshot) => state.current.tables["fact_transactions"]!.files!.filter((f) => f.path.includes(state.current.version)).reduce((n, f) => n + f.rows, 0)
    expect(added(increment)).toBe(added(snapshot))
  })

  it("the same facts, customer versions, totals and top customers", async () => {
    for (const [table, columns] of [
      ["fact_transactions", "*"],
      ["dim_customer", "*"],
      ["customer_totals", "*"],
      ["top_customers", "*"]
    ] as const) {
      const of = (feed: string) => query(`select ${columns} from ${goldTable(lakehouse(feed), table)} order by all`)
      expect(await of("increment"), table).toEqual(await of("snapshot"))
    }
  })

  it("gold verify passes on both", () => {
    for (const feed of ["snapshot", "increment"]) {
      const verified = lakegateGold(["verify", "--lakehouse", lakehouse(feed)])
      expect(verified.status, verified.stdout + verified.stderr).toBe(0)
    }
  })
})
