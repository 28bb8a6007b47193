/**
 * Hostile or merely unusual input and environment (issue 19): every case ends
 * with a clear verdict (published, quarantined, or one line and a documented
 * exit code), never an internal error, a stack overflow or a hang; and what
 * the summary prints of the data cannot drive the terminal.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runCli, tempDir } from "../support/cli.ts"
import { manifestOf, parquetOf, query } from "../support/lakehouseReader.ts"

const DATE = "2026-11-20"
const root = tempDir("lakegate-hostile-")

/** A valid customer record: one transaction, totals that match. */
const customer = (id: number, fields: Record<string, unknown> = {}) => ({
  id,
  name: `Customer ${id}`,
  email: `customer${id}@example.com`,
  signup_date: "2025-01-01",
  last_purchase: "2026-01-02",
  total_spent: 10.5,
  transactions: [{ transaction_id: id * 1000 + 1, date: "2026-01-02", amount: 10.5, product_id: 7, product_name: "Widget" }],
  ...fields
})

/** 50 valid customers (so one quarantined record stays under the 5% threshold), then the given records' JSON texts. */
const inputWith = (name: string, ...records: ReadonlyArray<string | Buffer>): string => {
  const file = join(root, `${name}.json`)
  const valid = Array.from({ length: 50 }, (_, i) => JSON.stringify(customer(i + 1)))
  const parts: Array<Buffer> = [Buffer.from(`{"customers":[\n${valid.join(",\n")}`)]
  for (const r of records) parts.push(Buffer.from(",\n"), typeof r === "string" ? Buffer.from(r) : r)
  parts.push(Buffer.from("\n]}\n"))
  writeFileSync(file, Buffer.concat(parts))
  return file
}

const run = (name: string, input: string, extra: ReadonlyArray<string> = []) =>
  runCli(["run", "--input", input, "--date", DATE, "--lakehouse", join(root, name, "lakehouse"), "--reports", join(root, name, "reports"), "--quiet", ...extra])

const quarantined = (name: string) =>
  query(`select _record_index as i, check_id as c, message from ${parquetOf(join(root, name, "lakehouse"), "silver", "quarantine", DATE)} order by 1`)

describe("records of any size (case 1)", () => {
  it("a valid customer with 60,000 transactions (6.4 MB) and one whose name is 5 MB are accepted", async () => {
    const transactions = Array.from({ length: 60_000 }, (_, k) => ({ transaction_id: 9_000_000 + k, date: "2026-01-02", amount: 1.0, product_id: 8, product_name: "Gadget Deluxe Edition" }))
    const many = JSON.stringify(customer(900, { total_spent: 60_000, transactions }))
    const longName = JSON.stringify(customer(901, { name: "N".repeat(5_000_000) }))
    expect(many.length).toBeGreaterThan(6_000_000)
    const result = await run("large", inputWith("large", many, longName))
    expect(result.status, result.stderr + result.stdout).toBe(0)
    const lakehouse = join(root, "large", "lakehouse")
    expect(manifestOf(lakehouse, "silver", "customers", DATE)?.rows).toBe(52)
    const [row] = await query(`select length(name) as n from ${parquetOf(lakehouse, "silver", "customers", DATE)} where customer_id = 901`)
    expect(Number(row!["n"])).toBe(5_000_000)
    const [count] = await query(`select count(*) as n from ${parquetOf(lakehouse, "silver", "transactions", DATE)} where customer_id = 900`)
    expect(Number(count!["n"])).toBe(60_000)
  }, 120_000)
})

describe("deep nesting (case 3)", () => {
  it("a record nested 100,000 levels deep is quarantined under schema, saying so; the run publishes", async () => {
    const deep = `${"[".repeat(100_000)}1${"]".repeat(100_000)}`
    const result = await run("deep", inputWith("deep", JSON.stringify(customer(902)).replace('"Customer 902"', deep), deep))
    expect(result.status, result.stderr + result.stdout).toBe(0)
    expect(result.stdout + result.stderr).not.toMatch(/RangeError|call stack/)
    const rows = await quarantined("deep")
    expect(rows.map((r) => [Number(r["i"]), r["c"]])).toEqual([[50, "schema"], [51, "schema"]])
    for (const r of rows) expect(String(r["message"])).toContain("nested deeper than 512 levels")
  }, 60_000)
})

describe("bytes that are not UTF-8 (case 2)", () => {
  it("a Latin-1 byte inside a string refuses the file with exit 3, one line naming the byte offset; nothing published", async () => {
    const before = Buffer.from(`{"customers":[\n${JSON.stringify(customer(1))},\n`)
    const bad = Buffer.from(JSON.stringify(customer(2)).replace("Customer 2", "Ren\u00e9"), "latin1")
    const file = join(root, "latin1.json")
    writeFileSync(file, Buffer.concat([before, bad, Buffer.from("\n]}\n")]))
    const offset = before.length + bad.indexOf(0xe9)
    const result = await run("latin1", file)
    expect(result.status, result.stderr + result.stdout).toBe(3)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("not valid UTF-8")
    expect(result.stderr).toContain(`at byte ${offset}`)
    expect(manifestOf(join(root, "latin1", "lakehouse"), "bronze", "customers_raw", DATE)).toBeUndefined()
  }, 60_000)
})

describe("unusable paths (case 4)", () => {
  it("a lakehouse under /proc fails at once with exit 2 and one line", async () => {
    const started = Date.now()
    const result = await runCli(["run", "--input", inputWith("proc"), "--date", DATE, "--lakehouse", "/proc/lakehouse-test", "--reports", join(root, "proc-reports"), "--quiet"])
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(result.status, result.stderr).toBe(2)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("lakehouse directory /proc/lakehouse-test cannot be used")
  }, 30_000)

  it("a reports directory under /proc fails at once with exit 2, before anything is published", async () => {
    const lakehouse = join(root, "proc2", "lakehouse")
    const result = await runCli(["run", "--input", inputWith("proc2"), "--date", DATE, "--lakehouse", lakehouse, "--reports", "/proc/reports-test/x", "--quiet"])
    expect(result.status, result.stderr).toBe(2)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("reports directory /proc/reports-test/x cannot be used")
    expect(manifestOf(lakehouse, "bronze", "customers_raw", DATE)).toBeUndefined()
  }, 30_000)

  it("an input that is a symlink loop is unreadable input: exit 3, one line", async () => {
    const a = join(root, "loop-a.json")
    const b = join(root, "loop-b.json")
    symlinkSync(b, a)
    symlinkSync(a, b)
    const result = await run("loop", a)
    expect(result.status, result.stderr).toBe(3)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("symlink loop")
  }, 30_000)

  it("a lakehouse under a dangling symlink: exit 2, one line naming the link", async () => {
    const link = join(root, "dangling")
    symlinkSync(join(root, "no-such-directory"), link)
    const result = await runCli(["run", "--input", inputWith("dangling"), "--date", DATE, "--lakehouse", join(link, "lakehouse"), "--reports", join(root, "dangling-reports"), "--quiet"])
    expect(result.status, result.stderr).toBe(2)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain(`${link} is a symbolic link to a missing target`)
    expect(existsSync(join(root, "no-such-directory"))).toBe(false)
  }, 30_000)
})

describe("terminal escape injection", () => {
  it("control characters in a top customer's name are printed escaped (\\u001b, \\u0000), never raw", async () => {
    const evil = "Evil\u001b[2J\u001b]0;pwned\u0007\u0000Corp"
    const top = JSON.stringify(
      customer(903, { name: evil, total_spent: 4999.99, transactions: [{ transaction_id: 903_001, date: "2026-01-02", amount: 4999.99, product_id: 7, product_name: "Widget" }] })
    )
    mkdirSync(join(root, "escape"), { recursive: true })
    // A lone surrogate escape is valid JSON: bronze keeps the escape as delivered, silver stores U+FFFD (README, "Limits").
    const surrogate = JSON.stringify(customer(904)).replace('"Customer 904"', '"A\\ud800B"')
    const result = await run("escape", inputWith("escape", top, surrogate))
    expect(result.status, result.stderr + result.stdout).toBe(0)
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/)
    expect(result.stdout).toContain("Evil\\u001b[2J\\u001b]0;pwned\\u0007\\u0000Corp")
    const lakehouse = join(root, "escape", "lakehouse")
    const [silver] = await query(`select name from ${parquetOf(lakehouse, "silver", "customers", DATE)} where customer_id = 904`)
    expect(silver!["name"]).toBe("A\uFFFDB")
    const [bronze] = await query(`select raw from ${parquetOf(lakehouse, "bronze", "customers_raw", DATE)} where _record_index = 51`)
    expect(String(bronze!["raw"])).toContain('"A\\ud800B"')
  }, 60_000)
})
