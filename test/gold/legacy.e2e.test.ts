/**
 * A lakehouse written by a release without customer_presence: its current
 * gold version has no such table. The next run derives the runs from that
 * version's dim_customer and merged dates, and publishes a version with the
 * table, equal to the gold of a lakehouse that always had it (daily full
 * snapshots deliver every customer every day, the earlier release's
 * assumption, so nothing is lost in the derivation).
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { writeDailySnapshots } from "../../contracts/generate/files.ts"
import { currentOf, goldSnapshot, lakegate, tempDir } from "./support.ts"

const DAYS = ["2026-11-01", "2026-11-02", "2026-11-03"] as const

describe("gold over a version of an earlier release (no customer_presence)", () => {
  const dir = tempDir()
  const data = join(dir, "data")
  const run = (lakehouse: string, date: string) =>
    lakegate(["run", "--input", join(data, `customers-${date}.json`), "--date", date, "--lakehouse", join(dir, lakehouse), "--reports", join(dir, "reports"), "--quiet"])

  /** Make the lakehouse look written by the earlier release: no customer_presence in any version. */
  const forgetPresence = (lakehouse: string) => {
    const file = join(dir, lakehouse, "gold", "_current.json")
    const state = JSON.parse(readFileSync(file, "utf8")) as { current: { tables: Record<string, unknown> }; versions: Array<{ tables: Record<string, unknown> }> }
    for (const version of [state.current, ...state.versions]) delete version.tables["customer_presence"]
    writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`)
    rmSync(join(dir, lakehouse, "gold", "_files", "customer_presence"), { recursive: true, force: true })
  }

  beforeAll(async () => {
    await Effect.runPromise(writeDailySnapshots({ seed: 11, customers: 120, defectRate: 0, days: 3, start: DAYS[0], outDir: data }))
  })

  it("merges the next date, a backfill and a re-run into the gold of a lakehouse that always had the table", async () => {
    for (const date of [DAYS[0], DAYS[2], DAYS[1]]) expect(run("always", date).status).toBe(0)
    const always = await goldSnapshot(join(dir, "always"))

    for (const date of [DAYS[0], DAYS[2]]) expect(run("legacy", date).status).toBe(0)
    forgetPresence("legacy")
    expect(Object.keys(currentOf(join(dir, "legacy"))!.current.tables)).not.toContain("customer_presence")
    const backfill = run("legacy", DAYS[1])
    expect(backfill.status, backfill.stdout + backfill.stderr).toBe(0)
    expect(Object.keys(currentOf(join(dir, "legacy"))!.current.tables)).toContain("customer_presence")
    expect(await goldSnapshot(join(dir, "legacy"))).toEqual(always)

    // Once more from a version without the table: a re-run of the latest date.
    forgetPresence("legacy")
    expect(run("legacy", DAYS[2]).status).toBe(0)
    expect(await goldSnapshot(join(dir, "legacy"))).toEqual(always)
  })
})
