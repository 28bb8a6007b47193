/**
 * What a run reports matches what happened (issue 19, case 6), with the real
 * CLI on a real filesystem:
 * - reports that cannot be written after the data was published: the process
 *   exits 4 and the summary's verdict line says exit 4, the data published and
 *   the reports not written;
 * - a failure while gold is written: gold is reported FAILED with the reason
 *   (not "not run"), silver stays published, no gold version becomes current.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runCli, tempDir } from "../support/cli.ts"
import { manifestOf } from "../support/lakehouseReader.ts"

const DATE = "2026-11-20"
const root = tempDir("lakegate-outcome-")

/** A valid customer record: one transaction, totals that match. */
const customer = (id: number) => ({
  id,
  name: `Customer ${id}`,
  email: `customer${id}@example.com`,
  signup_date: "2025-01-01",
  last_purchase: "2026-01-02",
  total_spent: 10.5,
  transactions: [{ transaction_id: id * 1000 + 1, date: "2026-01-02", amount: 10.5, product_id: 7, product_name: "Widget" }]
})

/** 20 valid customers. */
const input = (name: string): string => {
  const file = join(root, `${name}.json`)
  writeFileSync(file, JSON.stringify({ customers: Array.from({ length: 20 }, (_, i) => customer(i + 1)) }))
  return file
}

const run = (name: string, paths: { readonly lakehouse: string; readonly reports: string }) =>
  runCli(["run", "--input", input(name), "--date", DATE, "--lakehouse", paths.lakehouse, "--reports", paths.reports, "--quiet"])

/** The summary's line for a layer, and the lines under it. */
const layerLines = (stdout: string, layer: string): ReadonlyArray<string> => {
  const lines = stdout.split("\n")
  const at = lines.findIndex((l) => l.startsWith(`  ${layer.padEnd(8)} `))
  if (at < 0) return []
  const end = lines.findIndex((l, i) => i > at && !l.startsWith("    "))
  return lines.slice(at, end < 0 ? undefined : end)
}

describe("reports that cannot be written after the data was published", () => {
  it("exit 4, and the verdict line says so: published, the reports not written, exit 4; the silver data is live", async () => {
    const lakehouse = join(root, "reports-fail", "lakehouse")
    const reports = join(root, "reports-fail", "reports")
    // The reports directory itself is fine (the check before the run passes); the date's folder is a file, so no report can go in it.
    mkdirSync(reports, { recursive: true })
    writeFileSync(join(reports, DATE), "not a folder\n")
    const result = await run("reports-fail", { lakehouse, reports })
    expect(result.status, result.stderr + result.stdout).toBe(4)
    const verdict = result.stdout.split("\n").find((l) => l.startsWith("verdict: "))
    expect(verdict).toMatch(/^verdict: PUBLISHED, but the reports could not be written: .+ \(exit 4\)$/)
    expect(verdict).toContain(join(reports, DATE))
    expect(result.stdout).not.toContain("(exit 0)")
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^lakegate: could not write the reports: /)])
    // What the line says is true: the data is published.
    expect(manifestOf(lakehouse, "silver", "customers", DATE)?.rows).toBe(20)
    expect(manifestOf(lakehouse, "silver", "transactions", DATE)?.rows).toBe(20)
    expect(existsSync(join(lakehouse, "gold", "_current.json"))).toBe(true)
    expect(readFileSync(join(reports, DATE), "utf8")).toBe("not a folder\n")
  }, 60_000)

  it("the same run with a writable reports directory: exit 0, and the verdict line says exit 0", async () => {
    const lakehouse = join(root, "reports-ok", "lakehouse")
    const reports = join(root, "reports-ok", "reports")
    const result = await run("reports-ok", { lakehouse, reports })
    expect(result.status, result.stderr + result.stdout).toBe(0)
    expect(result.stdout.split("\n")).toContain("verdict: PUBLISHED (exit 0)")
    expect(existsSync(join(reports, DATE, "quality.json"))).toBe(true)
  }, 60_000)
})

describe("a failure while gold is written", () => {
  it("gold is FAILED with the reason, silver stays published, no gold version is current; quality.json says the same", async () => {
    const lakehouse = join(root, "gold-fail", "lakehouse")
    const reports = join(root, "gold-fail", "reports")
    // A file where gold's files of top_customers must go: publishing gold fails with an I/O error (ENOTDIR).
    mkdirSync(join(lakehouse, "gold", "_files"), { recursive: true })
    writeFileSync(join(lakehouse, "gold", "_files", "top_customers"), "in the way\n")
    const result = await run("gold-fail", { lakehouse, reports })
    expect(result.status, result.stderr + result.stdout).toBe(4)
    expect(result.stdout.split("\n")).toContain("verdict: FAILED (exit 4)")
    const gold = layerLines(result.stdout, "gold")
    expect(gold[0]?.trim()).toBe("gold     FAILED")
    expect(gold[1]).toMatch(/^ {4}✗ \w+: .*ENOTDIR/)
    expect(result.stdout).not.toContain("NOT_RUN")
    expect(layerLines(result.stdout, "silver")[0]?.trim()).toBe("silver   PUBLISHED")
    expect(manifestOf(lakehouse, "silver", "customers", DATE)?.rows).toBe(20)
    expect(existsSync(join(lakehouse, "gold", "_current.json"))).toBe(false)

    const report = JSON.parse(readFileSync(join(reports, DATE, "quality.json"), "utf8")) as {
      runs: ReadonlyArray<{ verdict: string; exitCode: number; layers: ReadonlyArray<{ layer: string; status: string }>; error: { tag: string; message: string } | null }>
    }
    const last = report.runs.at(-1)!
    expect(last.layers.map((l) => [l.layer, l.status])).toEqual([["bronze", "published"], ["silver", "published"], ["gold", "failed"]])
    expect(last.verdict).toBe("failed")
    expect(last.exitCode).toBe(4)
    expect(last.error?.message).toContain("ENOTDIR")
  }, 60_000)

  it("unreadable input fails bronze while it lands: bronze FAILED with the reason, silver and gold not run, exit 3", async () => {
    const lakehouse = join(root, "bad-input", "lakehouse")
    const reports = join(root, "bad-input", "reports")
    const file = join(root, "bad-input.json")
    writeFileSync(file, '{"customers": [{"id": 1,')
    const result = await runCli(["run", "--input", file, "--date", DATE, "--lakehouse", lakehouse, "--reports", reports, "--quiet"])
    expect(result.status, result.stderr + result.stdout).toBe(3)
    const bronze = layerLines(result.stdout, "bronze")
    expect(bronze[0]?.trim()).toBe("bronze   FAILED")
    expect(bronze[1]).toMatch(/^ {4}✗ InputError: /)
    expect(layerLines(result.stdout, "silver")[0]?.trim()).toBe("silver   NOT_RUN")
    expect(layerLines(result.stdout, "gold")[0]?.trim()).toBe("gold     NOT_RUN")
    expect(manifestOf(lakehouse, "bronze", "customers_raw", DATE)).toBeUndefined()
  }, 60_000)
})
