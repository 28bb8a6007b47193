/**
 * `lakegate init` end to end, as a user runs it: the bundled CLI profiles
 * data whose contract we did not write (the ODCS example's CSV export, the
 * orders example's NDJSON feed with nested lines and its planted defects),
 * writes a contract, and `lakegate check` of that contract on the same data
 * exits 0. Errors are one line with the documented exit codes.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runCli, tempDir } from "../support/cli.ts"

const ORDERS_CSV = "examples/odcs/data/orders.csv"
const ORDERS_NDJSON = "examples/orders/data/orders.ndjson"

describe("lakegate init (the bundled CLI)", () => {
  it("writes a TypeScript contract from a CSV export that `lakegate check` passes on the same data", async () => {
    const dir = tempDir()
    const out = join(dir, "orders.contract.ts")
    const init = await runCli(["init", ORDERS_CSV, "--out", out])
    expect(init.stderr).toBe("")
    expect(init.status).toBe(0)
    expect(init.stdout).toContain(`wrote ${out}: table orders, 9 column(s), key order_id`)
    const text = readFileSync(out, "utf8")
    expect(text.split("\n")[0]).toMatch(/^\/\/ Inferred by `lakegate init` on \d{4}-\d{2}-\d{2} from 1 csv file, 10 rows: examples\/odcs\/data\/orders.csv\.$/)
    expect(text).toContain('import { check, column, table } from "lakegate"')
    expect(text).toContain('amount: column.money({ min: "0.01", max: "100000.00" })')
    const check = await runCli(["check", out, ORDERS_CSV, "--reports", join(dir, "reports")])
    expect(check.stderr).toBe("")
    expect(check.status).toBe(0)
  })

  it("writes ODCS from an NDJSON feed with nested lines; `lakegate check` passes on it", async () => {
    const dir = tempDir()
    const out = join(dir, "orders.odcs.yaml")
    const init = await runCli(["init", ORDERS_NDJSON, "--out", out])
    expect(init.status).toBe(0)
    const yaml = readFileSync(out, "utf8")
    expect(yaml.startsWith("# Inferred by `lakegate init`")).toBe(true)
    expect(yaml).toContain("apiVersion: v3.1.0")
    expect(yaml).toContain("logicalType: array")
    const check = await runCli(["check", out, ORDERS_NDJSON, "--reports", join(dir, "reports")])
    expect(check.stderr).toBe("")
    expect(check.status).toBe(0)
  })

  it("prints the contract without --out; reads globs; names the table with --name", async () => {
    const glob = "examples/odcs/data/shipments*.ndjson"
    const init = await runCli(["init", glob, "--name", "shipments", "--format", "ts"])
    expect(init.status).toBe(0)
    expect(init.stdout).toContain(`from 2 ndjson files (${glob})`)
    expect(init.stdout).toContain('name: "shipments"')
    expect(init.stdout).toContain("address: column.struct({")
    const dir = tempDir()
    const out = join(dir, "shipments.ts")
    writeFileSync(out, init.stdout)
    const check = await runCli(["check", out, glob, "--reports", join(dir, "reports")])
    expect(check.stderr).toBe("")
    expect(check.status).toBe(0)
  })

  it("bad usage exits 2 and unreadable data 3, each with one line", async () => {
    const dir = tempDir()
    const missing = await runCli(["init", join(dir, "nope.csv")])
    expect(missing.status).toBe(3)
    expect(missing.stderr.trim().split("\n")).toEqual([`lakegate: ${join(dir, "nope.csv")}: no such file`])

    const broken = join(dir, "broken.ndjson")
    writeFileSync(broken, '{"a": 1}\n{"a": \n')
    const unreadable = await runCli(["init", broken])
    expect(unreadable.status).toBe(3)
    expect(unreadable.stderr.trim().split("\n")).toHaveLength(1)

    const options = await runCli(["init", ORDERS_NDJSON, "--delimiter", ";"])
    expect(options.status).toBe(2)
    expect(options.stderr.trim().split("\n")).toHaveLength(1)

    const exists = join(dir, "taken.ts")
    writeFileSync(exists, "// mine\n")
    const taken = await runCli(["init", ORDERS_CSV, "--out", exists])
    expect(taken.status).toBe(2)
    expect(taken.stderr.trim()).toBe(`lakegate: ${exists}: already exists; pass --force to overwrite it`)
    expect(readFileSync(exists, "utf8")).toBe("// mine\n")
    expect((await runCli(["init", ORDERS_CSV, "--out", exists, "--force"])).status).toBe(0)

    const format = await runCli(["init", ORDERS_CSV, "--format", "xml"])
    expect(format.status).toBe(2)
  })
})
