/**
 * No data in an error message (issue 19): DuckDB's own error texts for a value
 * it cannot convert (a value, a JSON record) quote the data; what
 * lakegate keeps of them (the cause line, quality.json's detail, the HTML,
 * JUnit) holds the error class and position, never the secret value.
 */
import { readdir, readFile, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { causeLine, redactData, withErrorDetail } from "../../src/report/cause.ts"
import { writeReports } from "../../src/report/writeReports.ts"
import { runCli } from "../support/cli.ts"
import { query } from "../support/lakehouseReader.ts"
import { engineFailedRun } from "./fixtures.ts"
import { runReport, tempDir } from "./support.ts"

const SECRET = "SECRET-PII-4711 Jane Doe"

/** The message of the error DuckDB raises for `sql`. */
const duckError = async (sql: string): Promise<string> => {
  try {
    await query(sql)
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
  throw new Error(`expected DuckDB to fail: ${sql}`)
}

describe("DuckDB errors that quote the data", () => {
  it("a value and a record that do not convert: the secret is in DuckDB's text, not in anything lakegate keeps", async () => {
    const dir = await tempDir()
    const texts = [await duckError(`select cast('${SECRET}' as integer)`), await duckError(`select cast(${"'"}{"name": "${SECRET}", "pad": "${"x".repeat(40)}"}' as integer)`)]
    for (const text of texts) {
      expect(text).toContain("SECRET-PII-4711")
      expect(redactData(text)).not.toContain("SECRET-PII-4711")
      expect(causeLine(text)).not.toContain("SECRET-PII-4711")
      // The error's class stays.
      expect(causeLine(text)).toMatch(/^\w[\w ]* Error: /)
    }
    const reports = join(dir, "reports")
    for (const [k, text] of texts.entries()) {
      const run = withErrorDetail({ ...engineFailedRun({ runId: `2024-05-02_06000${k}Z_engine` }), error: { tag: "DuckError", message: text } })
      expect(JSON.stringify(run)).not.toContain("SECRET-PII-4711")
      await runReport(writeReports(run, reports))
    }
    const day = join(reports, "2024-05-02")
    for (const name of await readdir(day)) expect(await readFile(join(day, name), "utf8"), name).not.toContain("SECRET-PII-4711")
  })
})

/**
 * Dates and timestamps that a row schema lets through as text but DuckDB cannot
 * convert (an impossible day, year 300000, year 0, a name where a date was
 * expected): DuckDB's text quotes them (`date field value out of range:
 * "2024-02-30"`, `invalid date field format: "..."`, `Date out of range:
 * 2024-2-30`, `with value 99999471199`).
 */
describe("DuckDB date, time and number conversion errors", () => {
  const conversions = [
    `select cast(x as date) from (select '${SECRET}' as x)`,
    `select cast(x as timestamp) from (select '${SECRET} 10:00:00' as x)`,
    `select cast(x as date) from (select '2024-02-30' as x)`,
    `select cast(x as timestamp) from (select '2024-02-30 10:00:00' as x)`,
    `select cast(x as timestamp) from (select '300000-01-01 00:00:00' as x)`,
    `select cast(x as date) from (select '-0001-01-01 (BC)' as x)`,
    `select cast(x as time) from (select '25:99:00' as x)`,
    `select strptime(x, '%Y-%m-%d') from (select '${SECRET}' as x)`,
    `select make_date(2024, 2, 30)`,
    `select cast(cast(x as bigint) as integer) from (select '99999471199' as x)`,
    `select cast(cast(x as double) as decimal(4,2)) from (select '99947.11' as x)`,
    `select x::json from (select '{${SECRET}' as x)`
  ]
  const values = [SECRET, "2024-02-30", "2024-2-30", "300000-01-01", "-0001-01-01", "25:99:00", "99999471199", "99947.11"]

  it("DuckDB's text quotes the value; neither the redacted text nor the cause line does", async () => {
    for (const sql of conversions) {
      const text = await duckError(sql)
      const quoted = values.filter((v) => text.includes(v))
      expect(quoted.length, `DuckDB quoted none of the values for ${sql}: ${text}`).toBeGreaterThan(0)
      for (const v of quoted) {
        expect(redactData(text), sql).not.toContain(v)
        expect(causeLine(text), sql).not.toContain(v)
      }
      expect(causeLine(text)).toMatch(/^\w[\w ]* Error: /)
    }
  })

  it("lakegate check: a check whose SQL casts a text column to a date names no value it could not convert, in what it prints or the reports", async () => {
    const dir = await tempDir()
    await writeFile(
      join(dir, "shipments.contract.ts"),
      `import { check, column, table } from "lakegate"
export default table({
  name: "shipments",
  version: "1.0.0",
  columns: { id: column.id(), shipped_on: column.text(), delivered_at: column.text() },
  key: ["id"],
  checks: [check.sql("shipped_on.before_delivery", "select * from shipments where cast(shipped_on as date) > cast(delivered_at as timestamp)")]
})
`
    )
    await writeFile(join(dir, "shipments.csv"), `id,shipped_on,delivered_at\n1,2024-01-01,2024-01-02 10:00:00\n2,${SECRET},2024-02-30 10:00:00\n`)
    const reports = join(dir, "reports")
    const result = await runCli(["check", join(dir, "shipments.contract.ts"), join(dir, "shipments.csv"), "--reports", reports, "--date", "2024-05-01"])
    // The check could not be evaluated: it blocks (exit 1) and says why, without the value.
    expect(result.status, result.stderr + result.stdout).toBe(1)
    expect(result.stdout).toMatch(/shipped_on\.before_delivery: could not evaluate: Conversion Error: invalid date field format: "<\d+ bytes of data omitted>"/)
    expect(result.stdout + result.stderr).not.toContain("SECRET-PII-4711")
    const day = join(reports, "2024-05-01")
    const names = await readdir(day)
    expect(names).toEqual(expect.arrayContaining(["quality.json", "quality.html", "junit.xml"]))
    // The column profile shows the data on purpose (top values, min and max, as a run's profiles do); no error text may.
    const withoutProfiles = (name: string, text: string) =>
      name === "quality.json"
        ? JSON.stringify(JSON.parse(text), (key, value: unknown) => (key === "profile" ? undefined : value))
        : name === "quality.html"
          ? text.replace(/<details class="profile">[\s\S]*?<\/details>/g, "")
          : text
    const html = await readFile(join(day, "quality.html"), "utf8")
    expect(html).toContain('<details class="profile">')
    for (const name of names) expect(withoutProfiles(name, await readFile(join(day, name), "utf8")), name).not.toContain("SECRET-PII-4711")
  }, 60_000)
})
