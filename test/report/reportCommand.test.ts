import { Command } from "@effect/cli"
import { rm } from "node:fs/promises"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { reportCommand, reportProgram } from "../../src/cli/reportCommand.ts"
import { writeReports } from "../../src/report/writeReports.ts"
import { blockedRun } from "./fixtures.ts"
import { runReport, tempDir } from "./support.ts"

let dir = ""
beforeEach(async () => {
  dir = await tempDir()
})
afterEach(async () => {
  vi.restoreAllMocks()
  process.exitCode = undefined
  await rm(dir, { recursive: true, force: true })
})

describe("lakegate report", () => {
  it("rebuilds a date's reports and prints their paths", async () => {
    await runReport(writeReports(blockedRun(), dir))
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    const code = await runReport(reportProgram({ date: "2024-05-02", reports: dir }))
    expect(code).toBe(0)
    expect(log.mock.calls.map((c) => c[0])).toEqual([join(dir, "2024-05-02", "quality.html"), join(dir, "2024-05-02", "junit.xml"), join(dir, "index.html")])
  })

  it("exits 3 with one clear line when the date has no quality.json", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {})
    const code = await runReport(reportProgram({ date: "2024-01-01", reports: dir }))
    expect(code).toBe(3)
    expect(error.mock.calls).toEqual([[`lakegate: no report for 2024-01-01: ${join(dir, "2024-01-01", "quality.json")} does not exist`]])
  })

  it("parses --date and --reports, and sets the exit code", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {})
    const cli = Command.run(reportCommand, { name: "lakegate", version: "test" })
    await runReport(cli(["node", "lakegate", "--date", "2024-01-01", "--reports", dir]))
    expect(process.exitCode).toBe(3)
  })
})
