/**
 * The verdict banner, first thing on the page: PUBLISHED / BLOCKED / FAILED,
 * why, and the headline counts of the run.
 */
import { causeLine } from "../cause.ts"
import { checkPhrase, levelsOf } from "../checkWords.ts"
import { headline, isBlockingStatus, plural, quarantineRates, verdictSentence } from "../figures.ts"
import { formatBytes, formatDuration, formatInt, formatPct, formatTimestamp, shortSha } from "../format.ts"
import type { RunReport } from "../RunReport.ts"
import { checkAnchor } from "./components.ts"
import { html, type Html } from "./escape.ts"
import { axisFormat } from "./svg.ts"

const kpi = (label: string, value: string, alert = false) =>
  html`<div class="${alert ? "kpi alert" : "kpi"}"><div class="k">${label}</div><div class="v">${value}</div></div>`

/**
 * The quarantine rate tiles: one per table with a `quarantine.rate` check,
 * worst first (the one that blocked, if any, leads), each with its warn and
 * block levels; else one tile of the headline table's rate.
 */
const rateTiles = (run: RunReport, fallback: string): Html => {
  const rates = quarantineRates(run)
  if (rates.length === 0) return kpi("quarantine rate", fallback)
  return html`${rates.map((r) => {
    const { warn, fail } = levelsOf(r.check)
    const level = (word: string, l: typeof warn) => (l?.unit === "rate" ? `${word} ${l.inclusive ? "≥" : ">"}${axisFormat.pct(l.rate)}` : null)
    const levels = [level("warn", warn), level("block", fail)].filter((t) => t !== null)
    const limit = levels.length === 0 ? null : html`<div class="lim" title="${checkPhrase(r.check)}">${levels.map((l, i) => html`${i > 0 ? html`<br>` : null}${l}`)}</div>`
    return html`<div class="${isBlockingStatus(r.check.status) ? "kpi alert" : r.check.status === "warn" ? "kpi warned" : "kpi"}" data-table="${r.table}"><div class="k">quarantine rate · <span class="tbl">${r.table}</span></div><div class="v">${formatPct(r.rate)}</div>${limit}</div>`
  })}`
}

/** The reasons a run was blocked or failed, each linked to its check. */
const reasons = (run: RunReport): Html | null => {
  const items: Array<Html> = []
  if (run.error !== null) {
    // The cause in one line; the full text is in quality.json: `error.detail`, or `message` itself in a report written before `detail` existed.
    const line = causeLine(run.error.message)
    const full = run.error.detail !== undefined ? "error.detail" : line === run.error.message.trim() ? null : "error.message"
    items.push(html`<li class="cause"><strong>${run.error.tag}</strong>: ${line}${full === null ? null : html` <span class="more">(full text in <a href="quality.json">quality.json</a>, <code>${full}</code>)</span>`}</li>`)
  }
  for (const layer of run.layers) {
    for (const r of layer.reasons) {
      const check = run.checks.find((c) => c.layer === layer.layer && c.table === r.table && c.checkId === r.checkId && isBlockingStatus(c.status))
      const id = check === undefined ? r.checkId : html`<a href="#${checkAnchor(run, check)}"><code>${r.checkId}</code></a>`
      items.push(html`<li>✗ <strong>${layer.layer}</strong> · ${r.table} · ${id} — ${r.message}</li>`)
    }
  }
  return items.length === 0 ? null : html`<ul class="reasons">${items}</ul>`
}

/** The pipeline strip: each layer's gate outcome. */
const pipeline = (run: RunReport): Html =>
  html`<div class="pipeline" aria-label="layers">${run.layers.map(
    (l, i) =>
      html`${i > 0 ? html`<span class="arrow">→</span>` : null}<span class="step ${l.status}">${l.status === "published" ? "✓" : l.status === "blocked" ? "✗" : "–"} ${l.layer} ${l.status === "not_run" ? "not run" : l.status}</span>`
  )}</div>`

/** The banner of one run. */
export const banner = (run: RunReport): Html => {
  const h = headline(run)
  const dash = "—"
  const duration = h.durationMs === null ? dash : formatDuration(h.durationMs)
  return html`<header class="banner ${run.verdict}" id="verdict">
<div class="banner-top">
<div>
<div class="eyebrow">lakegate quality report · ingestion date <strong>${run.ingestionDate}</strong></div>
<div class="verdict">${run.verdict.toUpperCase()}</div>
<div class="sub">${verdictSentence(run)}</div>
</div>
<div class="runmeta">run <span class="mono">${run.runId}</span><br>started ${formatTimestamp(run.startedAt)}<br>took ${duration} · fail-on ${run.failOn}</div>
</div>
${pipeline(run)}
${reasons(run)}
<div class="kpis">
${kpi("records in", formatInt(h.recordsIn))}
${kpi("accepted", h.accepted === null ? dash : formatInt(h.accepted))}
${kpi("quarantined", h.quarantined === null ? dash : formatInt(h.quarantined))}
${rateTiles(run, h.quarantineRate === null ? dash : formatPct(h.quarantineRate))}
${kpi("failing checks", formatInt(h.failing), h.failing > 0)}
${kpi("warnings", formatInt(h.warnings))}
${kpi("exit code", String(run.exitCode), run.exitCode !== 0)}
</div>
<div class="input">input <span class="mono">${run.input.path}</span> · ${formatBytes(run.input.bytes)} · sha256 <span class="mono">${shortSha(run.input.sha256)}</span> · ${plural(run.input.records, "record")}</div>
</header>`
}
