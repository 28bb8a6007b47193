/**
 * `lakegate check` on the ODCS examples (`examples/odcs/`): each contract on
 * its clean data passes, and on its defective data fails and warns on
 * exactly the checks `examples/odcs/README.md` lists.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runCli, tempDir } from "../support/cli.ts"

interface Report {
  readonly verdict: string
  readonly checks: ReadonlyArray<{ readonly checkId: string; readonly status: string }>
}

const check = async (contract: string, data: string) => {
  const reports = tempDir("lakegate-check-odcs-")
  const result = await runCli(["check", join("examples", "odcs", contract), join("examples", "odcs", "data", data), "--reports", reports, "--date", "2024-06-01"])
  const document = JSON.parse(readFileSync(join(reports, "2024-06-01", "quality.json"), "utf8")) as { runs: ReadonlyArray<Report> }
  const report = document.runs[0]!
  const ids = (status: string) => report.checks.filter((c) => c.status === status).map((c) => c.checkId).sort()
  return { ...result, report, failed: ids("fail"), warned: ids("warn"), errors: ids("error"), passed: ids("pass") }
}

describe.concurrent("lakegate check on the ODCS examples", () => {
  it("orders.odcs.yaml on its clean CSV: all 17 checks pass", async () => {
    const c = await check("orders.odcs.yaml", "orders.csv")
    expect(c.stderr).toBe("")
    expect(c.status).toBe(0)
    expect(c.passed).toHaveLength(17)
    expect(c.report.verdict).toBe("published")
  })

  it("orders.odcs.yaml on its defective CSV: the README's failures and warning", async () => {
    const c = await check("orders.odcs.yaml", "orders.defects.csv")
    expect(c.status).toBe(1)
    expect(c.failed).toEqual(
      [
        "key.unique",
        "format.customer_email",
        "missingValues.customer_email",
        "invalidValues.status",
        "range.amount",
        "pattern.currency",
        "range.ordered_at",
        "coupon_codes_are_mostly_well_formed",
        "delivery_after_order"
      ].sort()
    )
    expect(c.warned).toEqual(["nullValues.currency"])
    expect(c.errors).toEqual([])
  })

  it("shipments.odcs.yaml on its clean NDJSON (nested structs and lists): all 12 checks pass", async () => {
    const c = await check("shipments.odcs.yaml", "shipments.ndjson")
    expect(c.stderr).toBe("")
    expect(c.status).toBe(0)
    expect(c.passed).toHaveLength(12)
  })

  it("shipments.odcs.yaml on its defective NDJSON: the README's failures and warning", async () => {
    const c = await check("shipments.odcs.yaml", "shipments.defects.ndjson")
    expect(c.status).toBe(1)
    expect(c.failed).toEqual(
      ["key.unique", "pattern.tenant_id", "format.tracking_id", "unique.tracking_id", "range.shipped_on", "range.weight_kg", "nested.address", "nested.parcels"].sort()
    )
    expect(c.warned).toEqual(["average_weight"])
    expect(c.errors).toEqual([])
  })

  it("an ODCS file that is not valid names the path inside it: exit 2, one line", async () => {
    const dir = tempDir("lakegate-check-odcs-")
    const contract = join(dir, "bad.odcs.yaml")
    const text = readFileSync(join("examples", "odcs", "orders.odcs.yaml"), "utf8").replace("logicalType: integer", "logicalType: integr")
    writeFileSync(contract, text)
    const result = await runCli(["check", contract, join("examples", "odcs", "data", "orders.csv"), "--reports", join(dir, "reports")])
    expect(result.status).toBe(2)
    const lines = result.stderr.trim().split("\n")
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^lakegate: .*bad\.odcs\.yaml at .*schema/)
  })
})
