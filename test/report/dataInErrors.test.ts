/**
 * No data in an error message (issue 19): DuckDB's own error texts for a value
 * it cannot convert (a value, a JSON record) quote the data; what
 * lakegate keeps of them (the cause line, quality.json's detail, the HTML,
 * JUnit) holds the error class and position, never the secret value.
 */
import { readdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { causeLine, redactData, withErrorDetail } from "../../src/report/cause.ts"
import { writeReports } from "../../src/report/writeReports.ts"
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
