/**
 * The bench harness works end to end on a tiny input: it generates the file,
 * runs lakegate and the DuckDB reference as separate processes, and writes
 * results with speeds, peak memory and stage times. No time is asserted.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { customersFor, formatSize, median, parseSize, renderMarkdown, summarise } from "../../bench/lib.ts"

const dir = mkdtempSync(join(tmpdir(), "lakegate-bench-smoke-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("bench helpers", () => {
  it("parses and prints sizes in decimal units", () => {
    expect(parseSize("10MB")).toBe(10_000_000)
    expect(parseSize("1.5GB")).toBe(1_500_000_000)
    expect(parseSize("2048")).toBe(2048)
    expect(() => parseSize("ten")).toThrow()
    expect(formatSize(100_000_000)).toBe("100MB")
    expect(formatSize(1_014_350_217)).toBe("1.01GB")
    expect(customersFor(100e6)).toBeGreaterThan(90_000)
  })
  it("summarises runs by their medians and the highest peak", () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
    const run = (wallMs: number, peakMiB: number) => ({ wallMs, peakMiB, cpuS: 1, load: 0, ok: true, stages: { land: wallMs / 2 } })
    const s = summarise([run(2000, 300), run(1000, 400), run(3000, 200)], 50e6, 1000)
    expect(s).toMatchObject({ runs: 3, wallS: 2, mbPerS: 25, customersPerS: 500, peakMiB: 400, cpuS: 1, cpuSPerGB: 20, stagesS: { land: 1 } })
    expect(summarise([{ ...run(1, 1), ok: false }], 1, 1)).toBeNull()
  })
})

describe("npm run bench", () => {
  it("measures lakegate and the DuckDB reference on a 1 MB input", () => {
    const out = join(dir, "results.json")
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "bench/main.ts", "--sizes", "1MB", "--runs", "1", "--no-warmup", "--out", out, "--cache", join(dir, "cache")],
      { cwd: fileURLToPath(new URL("../..", import.meta.url)), encoding: "utf8", timeout: 240_000 }
    )
    expect(result.status, result.stderr).toBe(0)
    const results = JSON.parse(readFileSync(out, "utf8")) as {
      machine: { cpus: number }
      results: ReadonlyArray<{
        bytes: number
        customers: number
        lakegate: { summary: { wallS: number; mbPerS: number; peakMiB: number; stagesS: Record<string, number> }; runs: ReadonlyArray<{ records: number; verdict: string }> }
        reference: { summary: { wallS: number; peakMiB: number }; runs: ReadonlyArray<{ records: number }> }
        input: string
        nextDay: { input: string; summary: { wallS: number }; runs: ReadonlyArray<{ records: number; verdict: string; stages: Record<string, number> }> }
        speedRatio: number
      }>
    }
    const [one] = results.results
    expect(one!.bytes).toBeGreaterThan(900_000)
    expect(one!.lakegate.runs[0]).toMatchObject({ records: one!.customers, verdict: "published" })
    expect(one!.lakegate.summary.mbPerS).toBeGreaterThan(0)
    expect(one!.lakegate.summary.peakMiB).toBeGreaterThan(50)
    expect(Object.keys(one!.lakegate.summary.stagesS)).toEqual(expect.arrayContaining(["land", "bronze", "silver"]))
    expect(one!.reference.runs[0]!.records).toBe(one!.customers)
    expect(one!.speedRatio).toBeGreaterThan(0)
    // The next day's snapshot (the same customers, maybe a few new ones) merges into the gold the first day published.
    expect(one!.nextDay.input).not.toBe(one!.input)
    expect(one!.nextDay.runs).toHaveLength(1)
    expect(one!.nextDay.runs[0]).toMatchObject({ verdict: "published" })
    expect(one!.nextDay.runs[0]!.records).toBeGreaterThanOrEqual(one!.customers)
    expect(Object.keys(one!.nextDay.runs[0]!.stages)).toContain("gold")
    expect(result.stdout).toContain("next day s")
    expect(result.stdout).toContain("| input |")
    expect(renderMarkdown(results.results as never)).toContain("speed vs DuckDB")
    expect(result.stdout).toContain("DuckDB CPU s/GB")
  })
})
