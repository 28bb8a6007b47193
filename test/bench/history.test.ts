/**
 * The history bench's pure parts: the comparison of the last days with the
 * second (and of a synthetic history's days with the plain feed's), its
 * markdown table, and its chart. No time is asserted; the bench itself runs
 * with `npm run bench -- --history`.
 */
import { describe, expect, it } from "vitest"
import { historyChart } from "../../bench/historyChart.ts"
import { historyTable, summariseHistory, type HistoryDay } from "../../bench/history.ts"

const day = (n: number, wallMs: number, cpuS: number, facts: number, verified = true): HistoryDay => ({
  day: n,
  date: `2026-11-${String(19 + n).padStart(2, "0")}`,
  inputBytes: n === 1 ? 200e6 : 20e6,
  verdict: "published",
  facts,
  customerVersions: 100,
  verify: { wallMs: 1000, ok: verified },
  wallMs,
  cpuS,
  peakMiB: 300 + n,
  load: 1,
  ok: true,
  writtenBytes: 50e6 + n * 1e6
})

describe("the history bench's summary", () => {
  const days = [day(1, 60_000, 30, 1000), day(2, 10_000, 8, 1100), day(3, 12_000, 9, 1200), day(4, 11_000, 10, 1300), day(5, 20_000, 14, 1400), day(6, 14_000, 12, 1500), day(7, 13_000, 13, 1600, false)]

  it("compares the median of the last three days with the median of days 2 to 4, never day 1", () => {
    const s = summariseHistory("increment", 0, days)
    expect(s.day2.wallS).toBe(11)
    expect(s.dayN.wallS).toBe(14)
    expect(s.wallRatio).toBeCloseTo(14 / 11)
    expect(s.cpuRatio).toBeCloseTo(13 / 9)
    expect([s.factsDay2, s.factsDayN]).toEqual([1100, 1600])
    expect([s.verifyPassed, s.verifyRun]).toEqual([6, 7])
  })

  it("judges a synthetic history's days after its first against the plain feed's days 2 to 4", () => {
    const synthetic = [day(1, 90_000, 50, 1_000_000), day(2, 12_100, 9, 1_000_100), day(3, 13_200, 9.9, 1_000_200)]
    const s = summariseHistory("synthetic", 1_000_000, synthetic, days)
    expect(s.day2.wallS).toBe(11)
    expect(s.dayN.wallS).toBeCloseTo(12.65)
    expect(s.factsDay2).toBe(1100)
    expect(historyTable([s])).toContain("increment + 1.0M synthetic facts")
  })

  it("renders a table row per feed and a chart with a line per feed in each panel", () => {
    const table = historyTable([summariseHistory("increment", 0, days), summariseHistory("snapshot", 0, days)]).split("\n")
    expect(table).toHaveLength(4)
    expect(table[2]).toMatch(/^\| increment \| 7 \| 1\.1k → 1\.6k \| 11\.00 \| 14\.00 \| 1\.27 \|/)
    const svg = historyChart([{ label: "increment", days }, { label: "snapshot", days: days.slice(0, 3) }])
    expect(svg.startsWith("<svg")).toBe(true)
    expect(svg.match(/<polyline/g)).toHaveLength(6)
    expect(svg).toContain(">increment<")
  })
})
