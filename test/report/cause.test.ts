import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { causeLine, MAX_CAUSE_LENGTH, redactData, withErrorDetail } from "../../src/report/cause.ts"
import { writeReports } from "../../src/report/writeReports.ts"
import { engineFailedRun, ENGINE_ERROR, failedRun, RAW_RECORD } from "./fixtures.ts"
import { runReport, tempDir } from "./support.ts"

describe("the cause line of an error", () => {
  it("is the first line, with JSON, long quoted texts and paths elided, cut to the limit", () => {
    const line = causeLine(ENGINE_ERROR)
    expect(line.startsWith('Invalid Input Error: JSON transform error in file "…/part-0.json", in record/value 42: Could not convert string "<6 bytes of data omitted>" to DECIMAL(18,2) when parsing {…}')).toBe(true)
    expect(line).not.toContain("twelve")
    expect(line.length).toBeLessThanOrEqual(MAX_CAUSE_LENGTH)
    expect(line).not.toContain("C-0042")
    expect(line).not.toContain("\n")
  })

  it("keeps a short one-line message as it is", () => {
    expect(causeLine("data/missing.json: no such file")).toBe("data/missing.json: no such file")
    expect(causeLine("\n\n  disk full\nmore")).toBe("disk full")
    expect(causeLine("cannot read /home/ops/deliveries/2024-05-02/in.json: ENOENT")).toBe("cannot read /home/ops/deliveries/2024-05-02/in.json: ENOENT")
    expect(causeLine(`cannot write '/srv/lakehouse/gold/_files/top_items/part-0.parquet': ENOTDIR`)).toBe(`cannot write '/srv/lakehouse/gold/_files/top_items/part-0.parquet': ENOTDIR`)
  })

  it("elides a long quoted text and a record cut mid-way", () => {
    expect(causeLine(`bad value '${"x".repeat(80)}' here`)).toBe("bad value '<80 bytes of data omitted>' here")
    expect(causeLine(`bad '${"x".repeat(80)}' here`)).toBe("bad '…' here")
    expect(causeLine('Malformed JSON near {"id": "a}b", "name": [1, {')).toBe("Malformed JSON near {…}")
  })
})

describe("quality.json keeps the full error text under error.detail", () => {
  it("moves a long error to detail and keeps its cause line as the message", () => {
    const run = withErrorDetail(engineFailedRun())
    // The detail is the whole text but for the data it quotes (the raw record).
    expect(run.error?.detail).toBe(redactData(ENGINE_ERROR))
    expect(run.error?.detail).not.toContain(RAW_RECORD)
    expect(run.error?.message).toBe(causeLine(ENGINE_ERROR))
    expect(withErrorDetail(failedRun()).error).toEqual({ tag: "InputError", message: "data/missing.json: no such file" })
  })

  it("writes it so", async () => {
    const dir = await tempDir()
    await runReport(writeReports(engineFailedRun(), dir))
    const json = JSON.parse(await readFile(join(dir, "2024-05-02", "quality.json"), "utf8")) as { runs: Array<{ error: { message: string; detail: string } }> }
    const error = json.runs[0]?.error
    expect(error?.detail).toBe(redactData(ENGINE_ERROR))
    expect(JSON.stringify(json)).not.toContain(RAW_RECORD)
    const page = await readFile(join(dir, "2024-05-02", "quality.html"), "utf8")
    expect(page).not.toContain("ann.lee@example.com")
  })
})
