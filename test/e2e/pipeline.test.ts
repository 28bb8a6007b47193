/**
 * End to end: the real CLI in a child process, real files, real Parquet.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { repoRoot, runCli, runGenerator, tempDir } from "../support/cli.ts"
import { manifestOf, parquetOf, query } from "../support/lakehouseReader.ts"

const DATE = "2026-11-20"
const silverTables = ["customers", "products", "transactions", "denormalized", "sanitation", "quarantine"]

interface Truth {
  readonly customers: number
  readonly defects: ReadonlyArray<{ readonly record_index: number; readonly expected_checks: ReadonlyArray<string> }>
}

describe("a daily run of the bundled data", () => {
  const dir = tempDir()
  const input = join(repoRoot, "data", "customers.json")
  const lakehouse = join(dir, "lakehouse")
  const reports = join(dir, "reports")
  let result: Awaited<ReturnType<typeof runCli>>
  let truth: Truth

  beforeAll(async () => {
    truth = JSON.parse(readFileSync(join(repoRoot, "data", "customers.truth.json"), "utf8"))
    result = await runCli(["run", "--input", input, "--date", DATE, "--lakehouse", lakehouse, "--reports", reports, "--quiet"])
  })

  it("exits 0 and prints a summary", () => {
    expect(result.status, result.stderr + result.stdout).toBe(0)
    expect(result.stdout).toContain("verdict: PUBLISHED")
    expect(result.stdout).toContain(`records in: ${truth.customers}`)
  })

  it("publishes bronze and every silver table with a manifest", () => {
    expect(manifestOf(lakehouse, "bronze", "customers_raw", DATE)?.rows).toBe(truth.customers)
    for (const table of silverTables) expect(manifestOf(lakehouse, "silver", table, DATE), table).toBeDefined()
  })

  it("quarantines exactly the generator's ground-truth defects, with the expected checks", async () => {
    const rows = await query(`select _record_index as i, list(distinct check_id order by check_id) as checks from ${parquetOf(lakehouse, "silver", "quarantine", DATE)} group by 1 order by 1`)
    const actual = rows.map((r) => ({ i: Number(r["i"]), checks: r["checks"] }))
    const expected = [...truth.defects].sort((a, b) => a.record_index - b.record_index).map((d) => ({ i: d.record_index, checks: [...d.expected_checks].sort() }))
    expect(actual).toEqual(expected)
  })

  it("reconciles: bronze records = accepted + quarantined, amounts in DECIMAL", async () => {
    const [counts] = await query(`select
      (select count(*) from ${parquetOf(lakehouse, "bronze", "customers_raw", DATE)}) as bronze,
      (select count(*) from ${parquetOf(lakehouse, "silver", "customers", DATE)}) as accepted,
      (select count(distinct _record_index) from ${parquetOf(lakehouse, "silver", "quarantine", DATE)}) as quarantined,
      (select sum(total_spent) from ${parquetOf(lakehouse, "silver", "customers", DATE)}) = (select sum(amount) from ${parquetOf(lakehouse, "silver", "transactions", DATE)}) as totals_agree,
      (select typeof(amount) from ${parquetOf(lakehouse, "silver", "transactions", DATE)} limit 1) as amount_type`)
    expect(Number(counts!["bronze"])).toBe(Number(counts!["accepted"]) + Number(counts!["quarantined"]))
    expect(counts!["totals_agree"]).toBe(true)
    expect(counts!["amount_type"]).toBe("DECIMAL(18,2)")
  })

  it("keeps bronze verbatim: the raw text of a record equals its bytes in the source", async () => {
    const source = readFileSync(input, "utf8")
    const [row] = await query(`select raw from ${parquetOf(lakehouse, "bronze", "customers_raw", DATE)} where _record_index = 3`)
    expect(source).toContain(String(row!["raw"]))
    expect(JSON.parse(String(row!["raw"]))).toEqual(JSON.parse(source).customers[3])
  })

  it("re-running the date replaces its partitions with the same content", async () => {
    const before = await query(`select * from ${parquetOf(lakehouse, "silver", "transactions", DATE)} order by transaction_id`)
    const firstRun = manifestOf(lakehouse, "silver", "transactions", DATE)!.runId
    const again = await runCli(["run", "--input", input, "--date", DATE, "--lakehouse", lakehouse, "--reports", reports, "--quiet"])
    expect(again.status, again.stderr).toBe(0)
    expect(manifestOf(lakehouse, "silver", "transactions", DATE)!.runId).not.toBe(firstRun)
    const after = await query(`select * from ${parquetOf(lakehouse, "silver", "transactions", DATE)} order by transaction_id`)
    expect(after).toEqual(before)
    expect(existsSync(join(lakehouse, ".staging"))).toBe(true)
    expect(readdirSync(join(lakehouse, ".staging"))).toEqual([])
  })
})

describe("a run that breaks its contracts", () => {
  const dir = tempDir()
  const lakehouse = join(dir, "lakehouse")
  const reports = join(dir, "reports")
  const clean = join(dir, "clean.json")
  const dirty = join(dir, "dirty.json")

  beforeAll(async () => {
    expect((await runGenerator(["--customers", "400", "--seed", "5", "--defect-rate", "0.02", "--out", clean])).status).toBe(0)
    expect((await runGenerator(["--customers", "400", "--seed", "6", "--defect-rate", "0.3", "--out", dirty])).status).toBe(0)
    expect((await runCli(["run", "--input", clean, "--date", DATE, "--lakehouse", lakehouse, "--reports", reports, "--quiet"])).status).toBe(0)
  })

  it("exits 1, publishes no silver, and leaves the previous partition intact", async () => {
    const before = silverTables.map((t) => manifestOf(lakehouse, "silver", t, DATE))
    const beforeRows = await query(`select count(*) as n from ${parquetOf(lakehouse, "silver", "customers", DATE)}`)
    const result = await runCli(["run", "--input", dirty, "--date", DATE, "--lakehouse", lakehouse, "--reports", reports, "--quiet"])
    expect(result.status, result.stdout).toBe(1)
    expect(result.stdout).toContain("verdict: BLOCKED")
    expect(result.stdout).toMatch(/quarantine\.rate on customers: .* over the 5\.00% limit/)
    expect(silverTables.map((t) => manifestOf(lakehouse, "silver", t, DATE))).toEqual(before)
    expect(await query(`select count(*) as n from ${parquetOf(lakehouse, "silver", "customers", DATE)}`)).toEqual(beforeRows)
  })

  it("on a new date, nothing of silver is published at all", async () => {
    const result = await runCli(["run", "--input", dirty, "--date", "2026-11-21", "--lakehouse", lakehouse, "--reports", reports, "--quiet"])
    expect(result.status).toBe(1)
    for (const t of silverTables) expect(manifestOf(lakehouse, "silver", t, "2026-11-21"), t).toBeUndefined()
    expect(existsSync(join(lakehouse, "silver", "customers", "ingestion_date=2026-11-21"))).toBe(false)
  })

  it("--fail-on warn fails a run whose only problems are quarantined records", async () => {
    const result = await runCli(["run", "--input", clean, "--date", DATE, "--lakehouse", lakehouse, "--reports", reports, "--quiet", "--fail-on", "warn"])
    expect(result.status).toBe(1)
    expect(result.stdout).toContain("verdict: PUBLISHED")
  })
})

describe("bad input and bad usage", () => {
  const dir = tempDir()
  const lakehouse = join(dir, "lakehouse")
  const reports = join(dir, "reports")
  const run = (input: string, ...extra: Array<string>) => runCli(["run", "--input", input, "--date", DATE, "--lakehouse", lakehouse, "--reports", reports, "--quiet", ...extra])

  it.each([
    ["truncated", '{"customers": [{"id": 1, "name": "A"}, {"id": 2, "na', "truncated input"],
    ["invalid JSON", '{"customers": [{"id": 1, "name": }]}', "invalid JSON in record 0"],
    ["wrong top level", '[{"id": 1}]', 'top level must be {"customers": [...]}'],
    ["empty file", "", "truncated input"]
  ])("a %s file exits 3 with one clear line and publishes nothing", async (name, text, message) => {
    const file = join(dir, `${name.replace(/ /g, "-")}.json`)
    writeFileSync(file, text)
    const result = await run(file)
    expect(result.status, result.stdout + result.stderr).toBe(3)
    const errorLines = result.stderr.trim().split("\n")
    expect(errorLines).toHaveLength(1)
    expect(errorLines[0]).toContain(message)
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/)
    expect(existsSync(join(lakehouse, "bronze", "customers_raw", `ingestion_date=${DATE}`))).toBe(false)
  })

  it("a missing file exits 3", async () => {
    const result = await run(join(dir, "nope.json"))
    expect(result.status).toBe(3)
    expect(result.stderr).toContain("file not found")
  })

  it("a malformed date or an unknown flag exits 2", async () => {
    const untouched = join(dir, "never-created")
    const badDate = await runCli(["run", "--date", "2026-02-30", "--lakehouse", untouched])
    expect(badDate.status).toBe(2)
    expect(badDate.stderr.trim().split("\n")).toEqual(['--date must be a calendar date YYYY-MM-DD, got "2026-02-30"'])
    expect(existsSync(untouched)).toBe(false)
    expect((await runCli(["run", "--no-such-flag"])).status).toBe(2)
  })

  it("--help works on every command", async () => {
    const help = await runCli(["run", "--help"])
    expect(help.status).toBe(0)
    expect(help.stdout).toContain("--fail-on")
  })
})
