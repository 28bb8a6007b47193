/**
 * Small inline SVG charts: no script, no external resource, every label
 * escaped by the `html` tag. Native `<title>` elements give hover tooltips.
 *
 * @example
 * barChart({ title: "Quarantined records by check", valueLabel: "records", rows: [{ label: "email.format", value: 12 }] })
 */
import { formatInt, formatPct, truncate } from "../format.ts"
import { html, type Html } from "./escape.ts"

/** A colour of the charts' palette (constants, never data). */
export const palette = {
  accepted: "#2da44e",
  quarantined: "#d4a72c",
  failing: "#cf222e",
  warning: "#d4a72c",
  rate: "#0969da",
  recordsIn: "#8c959f",
  grid: "#d0d7de",
  axis: "#57606a",
  ink: "#1f2328"
} as const

/** A round upper bound and step for an axis from 0 to at least `max`, with at most ~5 ticks. */
export const niceScale = (max: number, options: { readonly integer?: boolean } = {}): { readonly top: number; readonly step: number } => {
  const target = Number.isFinite(max) && max > 0 ? max : 0
  const raw = target / 4
  let step = 1
  if (raw > 0) {
    const exp = 10 ** Math.floor(Math.log10(raw))
    const f = raw / exp
    step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * exp
  }
  if (options.integer === true) step = Math.max(1, Math.round(step))
  const top = Math.max(step, Math.ceil(target / step - 1e-9) * step)
  return { top, step }
}

const ticksOf = (scale: { readonly top: number; readonly step: number }): ReadonlyArray<number> => {
  const n = Math.round(scale.top / scale.step)
  return Array.from({ length: n + 1 }, (_, i) => i * scale.step)
}

const num = (x: number): string => (Math.round(x * 10) / 10).toString()

/** One labelled value of a horizontal bar chart. */
export interface BarRow {
  readonly label: string
  readonly value: number
  /** Tooltip; defaults to `label: value`. */
  readonly tooltip?: string
}

/** A horizontal bar chart, one bar per row, with a labelled value axis. */
export const barChart = (spec: { readonly title: string; readonly valueLabel: string; readonly rows: ReadonlyArray<BarRow>; readonly color?: string }): Html => {
  const rowHeight = 26
  const maxChars = 34
  const longest = Math.max(4, ...spec.rows.map((r) => Math.min(maxChars, r.label.length)))
  const left = Math.round(14 + longest * 6.8)
  const right = 56
  const top = 8
  const bottom = 40
  const width = 600
  const plot = width - left - right
  const height = top + bottom + Math.max(1, spec.rows.length) * rowHeight
  const scale = niceScale(Math.max(0, ...spec.rows.map((r) => r.value)), { integer: true })
  const x = (v: number) => left + (v / scale.top) * plot
  const axisY = top + spec.rows.length * rowHeight
  const color = spec.color ?? palette.quarantined
  return html`<svg class="chart-svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${spec.title}">
<title>${spec.title}</title>
${ticksOf(scale).map(
  (t) => html`<line x1="${num(x(t))}" x2="${num(x(t))}" y1="${top}" y2="${axisY}" stroke="${palette.grid}" stroke-width="1"/>
<text x="${num(x(t))}" y="${axisY + 16}" text-anchor="middle" class="tick">${formatInt(t)}</text>`
)}
${spec.rows.map((r, i) => {
  const y = top + i * rowHeight
  return html`<text x="${left - 8}" y="${y + rowHeight / 2 + 4}" text-anchor="end" class="label">${truncate(r.label, maxChars)}</text>
<rect x="${left}" y="${y + 4}" width="${num(Math.max(r.value > 0 ? 2 : 0, x(r.value) - left))}" height="${rowHeight - 8}" rx="3" fill="${color}"><title>${r.tooltip ?? `${r.label}: ${formatInt(r.value)}`}</title></rect>
<text x="${num(x(r.value) + 6)}" y="${y + rowHeight / 2 + 4}" class="value">${formatInt(r.value)}</text>`
})}
<line x1="${left}" x2="${left + plot}" y1="${axisY}" y2="${axisY}" stroke="${palette.axis}" stroke-width="1"/>
<text x="${left + plot / 2}" y="${height - 6}" text-anchor="middle" class="axis-title">${spec.valueLabel}</text>
</svg>`
}

/** A series of a chart over dates. */
export interface Series {
  readonly name: string
  readonly color: string
  /** One value per category; `null` where unknown. */
  readonly values: ReadonlyArray<number | null>
}

/** A dashed horizontal reference line, e.g. a threshold. */
export interface ReferenceLine {
  readonly label: string
  readonly value: number
  readonly color: string
}

/** What the over-time charts share. */
export interface TimeChartSpec {
  readonly title: string
  /** The x categories, in order (ingestion dates). */
  readonly categories: ReadonlyArray<string>
  /** The category to emphasise (the page's own date). */
  readonly current?: string
  readonly yLabel: string
  /** Axis tick format. */
  readonly format: (value: number) => string
  /** Point and tooltip format; defaults to `format`. */
  readonly valueFormat?: (value: number) => string
  readonly integer?: boolean
  readonly series: ReadonlyArray<Series>
}

const frame = { width: 380, height: 220, left: 56, right: 14, top: 30, bottom: 48 } as const

/** Show every k-th category label so that labels never overlap. */
const labelEvery = (n: number, plotWidth: number): number => Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotWidth / 62))))

/** A short label for a date axis: `2024-05-01` stays whole when there is room, else `05-01`. */
const dateLabel = (category: string, crowded: boolean): string => (crowded && /^\d{4}-\d{2}-\d{2}$/.test(category) ? category.slice(5) : category)

const axes = (spec: TimeChartSpec, scale: { readonly top: number; readonly step: number }, xCenter: (i: number) => number) => {
  const plotW = frame.width - frame.left - frame.right
  const plotH = frame.height - frame.top - frame.bottom
  const y = (v: number) => frame.top + plotH - (v / scale.top) * plotH
  const every = labelEvery(spec.categories.length, plotW)
  const crowded = spec.categories.length > 4
  const legend = spec.series.length > 1 || spec.series[0]?.name !== spec.yLabel
  return html`<title>${spec.title}</title>
${ticksOf(scale).map(
  (t) => html`<line x1="${frame.left}" x2="${frame.width - frame.right}" y1="${num(y(t))}" y2="${num(y(t))}" stroke="${palette.grid}" stroke-width="1"/>
<text x="${frame.left - 6}" y="${num(y(t) + 4)}" text-anchor="end" class="tick">${spec.format(t)}</text>`
)}
<line x1="${frame.left}" x2="${frame.width - frame.right}" y1="${num(y(0))}" y2="${num(y(0))}" stroke="${palette.axis}" stroke-width="1"/>
<line x1="${frame.left}" x2="${frame.left}" y1="${frame.top}" y2="${num(y(0))}" stroke="${palette.axis}" stroke-width="1"/>
${spec.categories.map((c, i) =>
  i % every === 0 || i === spec.categories.length - 1
    ? html`<text x="${num(xCenter(i))}" y="${frame.height - frame.bottom + 15}" text-anchor="middle" class="${c === spec.current ? "tick current" : "tick"}">${dateLabel(c, crowded)}</text>`
    : null
)}
<text x="${frame.left + plotW / 2}" y="${frame.height - 8}" text-anchor="middle" class="axis-title">ingestion date</text>
<text transform="translate(13 ${frame.top + plotH / 2}) rotate(-90)" text-anchor="middle" class="axis-title">${spec.yLabel}</text>
${
  legend
    ? spec.series.map(
        (s, i) => html`<rect x="${frame.left + i * 118}" y="8" width="10" height="10" rx="2" fill="${s.color}"/><text x="${frame.left + i * 118 + 14}" y="17" class="legend">${s.name}</text>`
      )
    : null
}`
}

const svgOpen = (spec: TimeChartSpec, kind: string) =>
  html`<svg class="chart-svg ${kind}" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="${spec.title}">`

/** Bars over dates; several series stack. */
export const stackedBarChart = (spec: TimeChartSpec): Html => {
  const plotW = frame.width - frame.left - frame.right
  const plotH = frame.height - frame.top - frame.bottom
  const n = Math.max(1, spec.categories.length)
  const slot = plotW / n
  const barW = Math.min(36, Math.max(2, slot * 0.7))
  const totals = spec.categories.map((_, i) => spec.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0))
  const scale = niceScale(Math.max(0, ...totals), { integer: spec.integer ?? false })
  const xCenter = (i: number) => frame.left + slot * (i + 0.5)
  const h = (v: number) => (v / scale.top) * plotH
  const bars = spec.categories.map((c, i) => {
    let base = frame.top + plotH
    return spec.series.map((s) => {
      const v = s.values[i]
      if (v === null || v === undefined || v <= 0) return null
      base -= h(v)
      return html`<rect x="${num(xCenter(i) - barW / 2)}" y="${num(base)}" width="${num(barW)}" height="${num(Math.max(1, h(v)))}" fill="${s.color}"${c === spec.current ? html` stroke="${palette.ink}" stroke-width="1"` : null}><title>${c} · ${s.name}: ${(spec.valueFormat ?? spec.format)(v)}</title></rect>`
    })
  })
  const empty = totals.every((t) => t === 0)
  return html`${svgOpen(spec, "bars")}
${axes(spec, scale, xCenter)}
${bars}
${empty ? html`<text x="${frame.left + plotW / 2}" y="${frame.top + plotH / 2}" text-anchor="middle" class="empty">none</text>` : null}
</svg>`
}

/** Lines over dates, with a dot and a value on each point and optional dashed reference lines. */
export const lineChart = (spec: TimeChartSpec & { readonly references?: ReadonlyArray<ReferenceLine> }): Html => {
  const plotW = frame.width - frame.left - frame.right
  const plotH = frame.height - frame.top - frame.bottom
  const n = Math.max(1, spec.categories.length)
  const slot = plotW / n
  const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null))
  const references = spec.references ?? []
  const scale = niceScale(Math.max(0, ...values, ...references.map((r) => r.value * 1.25)), { integer: spec.integer ?? false })
  const xCenter = (i: number) => frame.left + slot * (i + 0.5)
  const y = (v: number) => frame.top + plotH - (v / scale.top) * plotH
  const showValues = spec.categories.length <= 8
  // With a legend of the series on top, each reference line is labelled at its right end instead.
  const seriesLegend = spec.series.length > 1 || spec.series[0]?.name !== spec.yLabel
  return html`${svgOpen(spec, "lines")}
${axes(spec, scale, xCenter)}
${references.map(
  (r, i) => html`<line x1="${frame.left}" x2="${frame.width - frame.right}" y1="${num(y(r.value))}" y2="${num(y(r.value))}" stroke="${r.color}" stroke-width="1" stroke-dasharray="4 3"><title>${r.label}</title></line>
${
  seriesLegend
    ? html`<text x="${frame.width - frame.right - 2}" y="${num(y(r.value) - 3)}" text-anchor="end" class="ref" fill="${r.color}">${r.label}</text>`
    : html`<line x1="${frame.left + i * 90}" x2="${frame.left + i * 90 + 16}" y1="13" y2="13" stroke="${r.color}" stroke-width="1.5" stroke-dasharray="4 3"/><text x="${frame.left + i * 90 + 20}" y="17" class="ref" fill="${r.color}">${r.label}</text>`
}`
)}
${values.length === 0 ? html`<text x="${frame.left + plotW / 2}" y="${frame.top + plotH / 2}" text-anchor="middle" class="empty">no data</text>` : null}
${spec.series.map((s) => {
  const points = s.values.flatMap((v, i) => (v === null ? [] : [{ i, v }]))
  const path = points.map((p, k) => `${k === 0 ? "M" : "L"}${num(xCenter(p.i))} ${num(y(p.v))}`).join(" ")
  return html`${points.length > 1 ? html`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>` : null}
${points.map(
  (p) => html`<circle cx="${num(xCenter(p.i))}" cy="${num(y(p.v))}" r="${spec.categories[p.i] === spec.current ? 4.5 : 3}" fill="${s.color}"><title>${spec.categories[p.i] ?? ""} · ${s.name}: ${(spec.valueFormat ?? spec.format)(p.v)}</title></circle>
${showValues ? html`<text x="${num(xCenter(p.i))}" y="${num(y(p.v) - 8)}" text-anchor="middle" class="point">${(spec.valueFormat ?? spec.format)(p.v)}</text>` : null}`
)}`
})}
</svg>`
}

/** Axis formats. */
export const axisFormat = {
  count: (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(v % 1e6 === 0 ? 0 : 1)}M` : v >= 1e4 ? `${(v / 1e3).toFixed(v % 1e3 === 0 ? 0 : 1)}k` : formatInt(v)),
  pct: (v: number) => (v === 0 ? "0%" : formatPct(v).replace(/\.?0+%$/, "%"))
} as const
