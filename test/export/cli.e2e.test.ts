/**
 * `lakegate contracts export` as users run it (the bundled CLI): every format,
 * to stdout or a file; an ODCS contract written by someone else, exported to
 * ODCS again, checks the same data with the same results; what a format cannot
 * express is listed on stderr (or refused with --strict); bad usage is one
 * line on stderr and exit 2.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runCli, tempDir } from "../support/cli.ts"

const ODCS = ["examples", "odcs"]

/** Each check's status when `lakegate check` runs the contract on the data. */
const statuses = async (contract: string, data: string) => {
  const reports = tempDir("lakegate-export-check-")
  const result = await runCli(["check", contract, data, "--reports", reports, "--date", "2024-06-01"])
  const document = JSON.parse(readFileSync(join(reports, "2024-06-01", "quality.json"), "utf8")) as { runs: ReadonlyArray<{ checks: ReadonlyArray<{ checkId: string; status: string }> }> }
  return { status: result.status, checks: Object.fromEntries((document.runs[0]?.checks ?? []).map((c) => [c.checkId, c.status])) }
}

const TS_CONTRACT = `import { check, column, table } from "lakegate"
export default table({
  name: "orders",
  version: "1.0.0",
  columns: { order_id: column.id(), placed_on: column.date(), status: column.enum(["new", "paid"]) },
  key: ["order_id"],
  checks: [check.acceptedValues("status", ["new", "paid"]), check.freshness("placed_on", 2)]
})
`

describe.concurrent("lakegate contracts export", () => {
  it.each([
    ["odcs", /^apiVersion: v3\.1\.0\nkind: DataContract\n/],
    ["jsonschema", /"\$schema": "https:\/\/json-schema\.org\/draft\/2020-12\/schema"/],
    ["sql", /CREATE TABLE orders \(\n/],
    ["dbt", /^version: 2\nmodels:\n {2}- name: orders\n/]
  ])("writes an ODCS contract as %s on stdout", async (format, expected) => {
    const r = await runCli(["contracts", "export", join(...ODCS, "orders.odcs.yaml"), "--format", format])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(expected)
  })

  it.each([
    ["orders.odcs.yaml", ["orders.csv", "orders.defects.csv"]],
    ["shipments.odcs.yaml", ["shipments.ndjson", "shipments.defects.ndjson"]]
  ])("%s exported to ODCS again checks the same data with the same results, with nothing left out", async (contract, datasets) => {
    const dir = tempDir("lakegate-export-")
    const out = join(dir, "again.odcs.yaml")
    const r = await runCli(["contracts", "export", join(...ODCS, contract), "--format", "odcs", "--out", out])
    expect(r.status).toBe(0)
    expect(r.stderr).toBe(`lakegate: wrote ${out}\n`)
    for (const data of datasets) {
      const original = await statuses(join(...ODCS, contract), join(...ODCS, "data", data))
      const again = await statuses(out, join(...ODCS, "data", data))
      expect(again).toEqual(original)
      expect(Object.keys(original.checks).length).toBeGreaterThan(5)
    }
  })

  it("lists what the format cannot express on one stderr line; --strict refuses it and writes nothing", async () => {
    const dir = tempDir("lakegate-export-")
    const contract = join(dir, "orders.ts")
    writeFileSync(contract, TS_CONTRACT)
    const listed = await runCli(["contracts", "export", contract, "--format", "odcs"])
    expect(listed.status).toBe(0)
    expect(listed.stderr.trim().split("\n")).toHaveLength(1)
    expect(listed.stderr).toMatch(/^lakegate: 1 not expressible in odcs, not exported: orders: freshness\.placed_on: [^;]*$/)
    expect(listed.stdout).toContain("metric: invalidValues")
    const out = join(dir, "strict.yaml")
    const strict = await runCli(["contracts", "export", contract, "--format", "odcs", "--strict", "--out", out])
    expect(strict.status).toBe(2)
    expect(strict.stderr).toMatch(/^lakegate: refused \(--strict\): 1 not expressible/)
    expect(() => readFileSync(out)).toThrow()
  })

  it.each([
    ["a missing contract", ["contracts", "export", "nope.odcs.yaml", "--format", "sql"], /^lakegate: nope\.odcs\.yaml: file not found\n$/],
    ["an unknown table", ["contracts", "export", join(...ODCS, "orders.odcs.yaml"), "--format", "sql", "--table", "nope"], /no table nope in the file \(tables: orders\)\n$/],
    ["--dialect with odcs", ["contracts", "export", join(...ODCS, "orders.odcs.yaml"), "--format", "odcs", "--dialect", "postgres"], /^lakegate: --dialect applies to --format sql and dbt, not odcs\n$/],
    ["a file that is not a contract", ["contracts", "export", "README.md", "--format", "dbt"], /not a contract file/]
  ])("%s: exit 2, one line on stderr", async (_, args, message) => {
    const r = await runCli(args)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it("an unknown format: exit 2, no stack trace", async () => {
    const r = await runCli(["contracts", "export", join(...ODCS, "orders.odcs.yaml"), "--format", "avro"])
    expect(r.status).toBe(2)
    expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /)
  })
})
