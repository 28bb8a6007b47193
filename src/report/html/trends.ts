/**
 * Trends across ingestion dates, one point per date (its latest run): volumes,
 * quarantine rate against its thresholds, and failing checks.
 */
import { quarantineRates, type TrendPoint } from "../figures.ts"
import { formatInt, formatPct } from "../format.ts"
import type { RunReport } from "../RunReport.ts"
import { card } from "./components.ts"
import { html, type Html } from "./escape.ts"
import { axisFormat, lineChart, palette, stackedBarChart, type ReferenceLine } from "./svg.ts"

/** Most dates drawn; older ones stay in the index. */
export const MAX_TREND_DATES = 60

/** A report that could not be read for the trends or the index. */
export interface Unreadable {
  readonly path: string
  readonly message: string
}

const parsePct = (text: string | undefined): number | null => {
  const m = text === undefined ? null : /^(\d+(?:\.\d+)?)%$/.exec(text.trim())
  return m === null || m[1] === undefined ? null : Number(m[1]) / 100
}

/**
 * The warn and block lines of the quarantine rate, from the run's worst
 * `quarantine.rate` check (the one that blocked, in a blocked run), named after its table.
 */
const rateThresholds = (run: RunReport | undefined): ReadonlyArray<ReferenceLine> => {
  const worst = run === undefined ? undefined : quarantineRates(run)[0]
  if (worst === undefined) return []
  const check = worst.check
  const warn = parsePct(check.observed["warn_over"])
  const fail = check.threshold ?? parsePct(check.observed["fail_over"])
  const several = run !== undefined && quarantineRates(run).length > 1
  const of = several ? ` ${worst.table}` : ""
  return [
    ...(warn === null ? [] : [{ label: `warn${of} ${axisFormat.pct(warn)}`, value: warn, color: "#9a6700" }]),
    ...(fail === null ? [] : [{ label: `block${of} ${axisFormat.pct(fail)}`, value: fail, color: palette.failing }])
  ]
}

/** Line colours of the tables' quarantine rates, the headline table's first. */
const RATE_COLORS = [palette.rate, "#8250df", "#bf3989", "#1b7c83", "#953800"] as const

/**
 * One quarantine rate series per table, the table of the run's worst
 * `quarantine.rate` check first (so the line that blocked is drawn in the
 * headline colour), then the others in order of first appearance.
 */
const rateSeries = (shown: ReadonlyArray<TrendPoint>, run: RunReport | undefined) => {
  const lead = run === undefined ? undefined : quarantineRates(run)[0]?.table
  const seen = [...new Set(shown.flatMap((p) => p.rates.map((r) => r.table)))]
  const tables = lead !== undefined && seen.includes(lead) ? [lead, ...seen.filter((t) => t !== lead)] : seen
  if (tables.length === 0) return [{ name: "quarantine rate", color: palette.rate, values: shown.map((p) => p.quarantineRate) }]
  return tables.map((table, i) => ({
    name: tables.length === 1 ? "quarantine rate" : table,
    color: RATE_COLORS[i % RATE_COLORS.length] ?? palette.rate,
    values: shown.map((p) => p.rates.find((r) => r.table === table)?.rate ?? null)
  }))
}

/** The three trend charts; `points` ascending by date, `current` the page's date. */
export const trendCharts = (points: ReadonlyArray<TrendPoint>, current: string | undefined, run: RunReport | undefined): Html => {
  const shown = points.slice(-MAX_TREND_DATES)
  const categories = shown.map((p) => p.date)
  const base = { categories, ...(current === undefined ? {} : { current }) }
  const volumes = stackedBarChart({
    ...base,
    title: "Volumes per ingestion date",
    yLabel: "records",
    format: axisFormat.count,
    valueFormat: formatInt,
    integer: true,
    series: [
      { name: "accepted", color: palette.accepted, values: shown.map((p) => p.accepted) },
      { name: "quarantined", color: palette.quarantined, values: shown.map((p) => p.quarantined) },
      { name: "records in (not judged)", color: palette.recordsIn, values: shown.map((p) => (p.accepted === null ? p.recordsIn : null)) }
    ].filter((s) => s.values.some((v) => v !== null))
  })
  const rate = lineChart({
    ...base,
    title: "Quarantine rate per ingestion date",
    yLabel: "quarantine rate",
    format: axisFormat.pct,
    valueFormat: formatPct,
    series: rateSeries(shown, run),
    references: rateThresholds(run)
  })
  const failing = stackedBarChart({
    ...base,
    title: "Failing checks per ingestion date",
    yLabel: "checks",
    format: formatInt,
    integer: true,
    series: [
      { name: "failing", color: palette.failing, values: shown.map((p) => p.failing) },
      { name: "warnings", color: palette.warning, values: shown.map((p) => p.warnings) }
    ]
  })
  return html`<div class="charts">
<figure class="chart" aria-label="volume trend"><figcaption>Volumes</figcaption>${volumes}</figure>
<figure class="chart" aria-label="quarantine rate trend"><figcaption>Quarantine rate</figcaption>${rate}</figure>
<figure class="chart" aria-label="failing checks trend"><figcaption>Failing checks and warnings</figcaption>${failing}</figure>
</div>`
}

/** Which reports were left out because they could not be read. */
export const unreadableNote = (unreadable: ReadonlyArray<Unreadable>): Html | null =>
  unreadable.length === 0
    ? null
    : html`<details class="unreadable"><summary>${formatInt(unreadable.length)} report${unreadable.length === 1 ? "" : "s"} could not be read and ${unreadable.length === 1 ? "is" : "are"} left out</summary><ul>${unreadable.map(
        (u) => html`<li><code>${u.path}</code>: ${u.message}</li>`
      )}</ul></details>`

/** The trends card. */
export const trends = (points: ReadonlyArray<TrendPoint>, current: string | undefined, run: RunReport | undefined, unreadable: ReadonlyArray<Unreadable>): Html => {
  const n = points.length
  const note =
    n <= 1
      ? "Only one ingestion date so far; the charts fill in as more dates are run."
      : `Latest run of each of ${formatInt(n)} ingestion dates${n > MAX_TREND_DATES ? `, the last ${MAX_TREND_DATES} drawn` : ""}${current === undefined ? "" : `, up to ${current}`}. Hover a bar or point for its value.`
  return card("trends", "Trends across ingestion dates", html`<p class="note">${note}</p>${trendCharts(points, current, run)}${unreadableNote(unreadable)}`)
}
