import { Either, Schema } from "effect"
import { existsSync } from "node:fs"
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { DateReport } from "../../src/report/RunReport.ts"
import { rerenderReports, writeReports } from "../../src/report/writeReports.ts"
import { blockedRun, history, publishedRun, XSS_NAME } from "./fixtures.ts"
import { runReport, runReportEither, tempDir } from "./support.ts"

let dir = ""
beforeEach(async () => {
  dir = await tempDir()
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const readDate = async (date: string) => Schema.decodeUnknownSync(Schema.parseJson(DateReport))(await readFile(join(dir, date, "quality.json"), "utf8"))

describe("writeReports", () => {
  it("writes quality.json, quality.html, junit.xml and the index, and returns their paths", async () => {
    const paths = await runReport(writeReports(blockedRun(), dir))
    const d = join(dir, "2024-05-02")
    expect(paths).toEqual([join(d, "quality.json"), join(d, "quality.html"), join(d, "junit.xml"), join(dir, "index.html")])
    for (const p of paths) expect(existsSync(p)).toBe(true)
    const report = await readDate("2024-05-02")
    expect(report.latest).toBe(blockedRun().runId)
    expect(report.runs).toEqual([blockedRun()])
    expect(await readFile(join(d, "quality.html"), "utf8")).toContain(">BLOCKED<")
    expect((await readdir(d)).filter((n) => n.endsWith(".tmp"))).toEqual([])
  })

  it("appends every run of a date, keeps them all and points `latest` at the newest", async () => {
    await runReport(writeReports(blockedRun({ runId: "run-1" }), dir))
    await runReport(writeReports(publishedRun({ runId: "run-2" }), dir))
    await runReport(writeReports(blockedRun({ runId: "run-3" }), dir))
    const report = await readDate("2024-05-02")
    expect(report.runs.map((r) => r.runId)).toEqual(["run-1", "run-2", "run-3"])
    expect(report.latest).toBe("run-3")
    const html = await readFile(join(dir, "2024-05-02", "quality.html"), "utf8")
    expect(html).toContain('id="run-run-1"')
    expect(html).toContain("3 runs of this ingestion date")
  })

  it("replaces a run written twice instead of duplicating it", async () => {
    await runReport(writeReports(blockedRun({ runId: "same" }), dir))
    await runReport(writeReports(publishedRun({ runId: "other" }), dir))
    await runReport(writeReports(publishedRun({ runId: "same" }), dir))
    const report = await readDate("2024-05-02")
    expect(report.runs.map((r) => [r.runId, r.verdict])).toEqual([
      ["other", "published"],
      ["same", "published"]
    ])
  })

  it("builds trends and the index from the other dates on disk", async () => {
    for (const run of history()) await runReport(writeReports(run, dir))
    await runReport(writeReports(blockedRun(), dir))
    const html = await readFile(join(dir, "2024-05-02", "quality.html"), "utf8")
    expect(html).toContain("4 ingestion dates")
    const index = await readFile(join(dir, "index.html"), "utf8")
    for (const d of ["2024-04-29", "2024-04-30", "2024-05-01", "2024-05-02"]) expect(index).toContain(`href="${d}/quality.html"`)
    // An older date's page shows the trend up to its own date.
    const older = await readFile(join(dir, "2024-04-30", "quality.html"), "utf8")
    expect(older).toContain("2 ingestion dates")
  })

  it("lists an unreadable report of another date instead of failing", async () => {
    await mkdir(join(dir, "2024-04-01"), { recursive: true })
    await writeFile(join(dir, "2024-04-01", "quality.json"), "{ not json")
    await runReport(writeReports(publishedRun(), dir))
    const index = await readFile(join(dir, "index.html"), "utf8")
    expect(index).toContain("1 report could not be read")
    expect(index).toContain(join(dir, "2024-04-01", "quality.json"))
  })

  it("refuses to overwrite an unreadable quality.json of its own date", async () => {
    await mkdir(join(dir, "2024-05-02"), { recursive: true })
    await writeFile(join(dir, "2024-05-02", "quality.json"), '{"reportVersion": 9}')
    const result = await runReportEither(writeReports(blockedRun(), dir))
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "ReportError", kind: "invalid", path: join(dir, "2024-05-02", "quality.json") })
    expect(await readFile(join(dir, "2024-05-02", "quality.json"), "utf8")).toBe('{"reportVersion": 9}')
  })

  it("refuses to write a report that would not read back (a NaN becomes null in JSON)", async () => {
    const run = blockedRun()
    const broken = { ...run, checks: run.checks.map((c, i) => (i === 0 ? { ...c, rate: Number.NaN } : c)) }
    const result = await runReportEither(writeReports(broken, dir))
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "ReportError", kind: "invalid" })
    expect(existsSync(join(dir, "2024-05-02", "quality.json"))).toBe(false)
  })

  it("rejects an ingestion date that is not YYYY-MM-DD (never a path)", async () => {
    const result = await runReportEither(writeReports({ ...blockedRun(), ingestionDate: "../../etc" }, dir))
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "ReportError", kind: "invalid" })
    expect(await readdir(dir)).toEqual([])
  })

  it("appends a markdown summary to GITHUB_STEP_SUMMARY when it is set", async () => {
    const summary = join(dir, "step-summary.md")
    await writeFile(summary, "# earlier step\n")
    const paths = await runReport(writeReports(blockedRun(), join(dir, "reports")), { GITHUB_STEP_SUMMARY: summary })
    expect(paths[paths.length - 1]).toBe(summary)
    await runReport(writeReports(publishedRun({ runId: "again" }), join(dir, "reports")), { GITHUB_STEP_SUMMARY: summary })
    const text = await readFile(summary, "utf8")
    expect(text.startsWith("# earlier step\n")).toBe(true)
    expect(text).toContain("### ⛔ lakegate · 2024-05-02 · BLOCKED (exit 1)")
    expect(text).toContain("| ❌ fail | silver.customers | quarantine.rate | 300 / 1,000 | 30.00% |")
    expect(text).toContain("| 1,000 | 700 | 300 | 30.00% (customers) | 2 | 4 | 12.3 s |")
    expect(text).toContain("### ✅ lakegate · 2024-05-02 · PUBLISHED (exit 0)")
    expect(text).not.toContain(XSS_NAME)
  })

  it("writes no step summary when GITHUB_STEP_SUMMARY is unset or empty", async () => {
    const paths = await runReport(writeReports(blockedRun(), dir), { GITHUB_STEP_SUMMARY: "" })
    expect(paths).toHaveLength(4)
  })
})

describe("rerenderReports", () => {
  it("rebuilds the HTML, JUnit and index from quality.json", async () => {
    await runReport(writeReports(blockedRun(), dir))
    const d = join(dir, "2024-05-02")
    const before = await readFile(join(d, "quality.html"), "utf8")
    await rm(join(d, "quality.html"))
    await rm(join(d, "junit.xml"))
    await rm(join(dir, "index.html"))
    const paths = await runReport(rerenderReports(dir, "2024-05-02"))
    expect(paths).toEqual([join(d, "quality.html"), join(d, "junit.xml"), join(dir, "index.html")])
    expect(await readFile(join(d, "quality.html"), "utf8")).toBe(before)
    expect(existsSync(join(d, "junit.xml"))).toBe(true)
  })

  it("fails with a `missing` ReportError when the date has no report", async () => {
    const result = await runReportEither(rerenderReports(dir, "2024-01-01"))
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "ReportError", kind: "missing", path: join(dir, "2024-01-01", "quality.json") })
    expect(Either.isLeft(result) && result.left.message).toContain("no report for 2024-01-01")
  })
})
