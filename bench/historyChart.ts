/**
 * The history bench's chart: one SVG with three panels, each run's wall time,
 * CPU seconds (steadier than wall time on a shared machine) and peak memory
 * per day, one line per feed. Plain SVG text, no library:
 * it renders on GitHub and in any browser.
 */

export interface ChartSeries {
  readonly label: string
  readonly days: ReadonlyArray<{ readonly day: number; readonly wallMs: number; readonly cpuS: number; readonly peakMiB: number }>
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** A panel: axes from 0, ticks on round numbers, a polyline per series. */
const panel = (series: ReadonlyArray<ChartSeries>, value: (d: ChartSeries["days"][number]) => number, title: string, top: number): string => {
  const width = 720
  const height = 220
  const left = 60
  const right = 20
  const maxDay = Math.max(2, ...series.flatMap((s) => s.days.map((d) => d.day)))
  const maxValue = Math.max(1e-9, ...series.flatMap((s) => s.days.map(value)))
  const step = niceStep(maxValue / 4)
  const yMax = Math.ceil(maxValue / step) * step
  const x = (day: number) => left + ((day - 1) / (maxDay - 1)) * (width - left - right)
  const y = (v: number) => top + height - (v / yMax) * height
  const ticks = Array.from({ length: Math.round(yMax / step) + 1 }, (_, i) => i * step)
  return [
    `<text x="${left}" y="${top - 8}" font-size="13" font-weight="bold">${escape(title)}</text>`,
    ...ticks.map((t) => `<line x1="${left}" x2="${width - right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${left - 6}" y="${y(t) + 4}" font-size="11" text-anchor="end">${t}</text>`),
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + height}" stroke="#333"/>`,
    `<line x1="${left}" x2="${width - right}" y1="${top + height}" y2="${top + height}" stroke="#333"/>`,
    ...[1, ...dayTicks(maxDay)].map((d) => `<text x="${x(d)}" y="${top + height + 14}" font-size="11" text-anchor="middle">${d}</text>`),
    ...series.map((s, i) => `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.8" points="${s.days.map((d) => `${x(d.day).toFixed(1)},${y(value(d)).toFixed(1)}`).join(" ")}"/>`)
  ].join("\n")
}

const niceStep = (raw: number): number => {
  const power = 10 ** Math.floor(Math.log10(raw))
  const unit = raw / power
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power
}

const dayTicks = (maxDay: number): ReadonlyArray<number> => {
  const step = niceStep(maxDay / 6)
  return Array.from({ length: Math.floor(maxDay / step) }, (_, i) => (i + 1) * step).filter((d) => d > 1)
}

/** The chart for some feeds' days. */
export const historyChart = (series: ReadonlyArray<ChartSeries>): string => {
  const legend = series.map((s, i) => `<rect x="${80 + i * 260}" y="8" width="14" height="4" fill="${COLORS[i % COLORS.length]}"/><text x="${100 + i * 260}" y="14" font-size="12">${escape(s.label)}</text>`)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="740" height="870" font-family="sans-serif" viewBox="0 0 740 870">`,
    `<rect width="740" height="870" fill="white"/>`,
    ...legend,
    panel(series, (d) => d.wallMs / 1000, "Wall time of each day's run (s)", 50),
    panel(series, (d) => d.cpuS, "CPU time of each day's run (s, user + system)", 330),
    panel(series, (d) => d.peakMiB, "Peak memory of each day's run (MiB, all threads)", 610),
    `<text x="370" y="865" font-size="11" text-anchor="middle">day of the history (day 1: the first load)</text>`,
    `</svg>`,
    ""
  ].join("\n")
}
