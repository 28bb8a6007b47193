/** The runs of one ingestion date, and the highlight tables a stage added. */
import { causeLine } from "../cause.ts"
import { headline, latestRun } from "../figures.ts"
import { formatDuration, formatInt, formatPct, formatTimestamp } from "../format.ts"
import type { DateReport, RunReport } from "../RunReport.ts"
import { badge, card, numCell, runAnchor } from "./components.ts"
import { html, type Html } from "./escape.ts"

const reasonsText = (run: RunReport): string =>
  run.error !== null
    ? `${run.error.tag}: ${causeLine(run.error.message)}`
    : run.layers.flatMap((l) => l.reasons.map((r) => `${l.layer}: ${r.checkId} on ${r.table} — ${r.message}`)).join("; ")

/** A table row per run, newest first; the latest is marked unless `markLatest` is false. */
export const runRows = (
  runs: ReadonlyArray<RunReport>,
  latest: RunReport | undefined,
  link: (run: RunReport) => string | null,
  markLatest: boolean = true
): Html =>
  html`${runs.map((run) => {
    const h = headline(run)
    const href = link(run)
    const marked = markLatest && run === latest
    return html`<tr id="${runAnchor(run.runId)}" class="${marked ? "latest" : ""}">
<td class="mono runid">${href === null ? run.runId : html`<a href="${href}">${run.runId}</a>`}${marked ? html` <span class="badge not_run">latest</span>` : null}</td>
<td>${formatTimestamp(run.startedAt).split(" ").map((part, i) => html`${i > 0 ? " " : ""}<span class="nowrap">${part}</span>`)}</td>
<td class="nowrap">${badge(run.verdict)} <span class="exit">exit ${String(run.exitCode)}</span></td>
${numCell(h.recordsIn, formatInt, "records in")}${numCell(h.accepted, formatInt, "accepted")}${numCell(h.quarantined, formatInt, "quarantined")}${numCell(h.quarantineRate, formatPct, h.rateTable === null ? "rate" : `rate of ${h.rateTable}`)}
${numCell(h.failing, formatInt, "failing")}${numCell(h.warnings, formatInt, "warnings")}
<td class="num" data-label="took">${h.durationMs === null ? "—" : formatDuration(h.durationMs)}</td>
</tr>${
      reasonsText(run) === ""
        ? null
        : html`<tr class="${marked ? "reasons-row latest" : "reasons-row"}"><td colspan="10" class="msg">✗ ${reasonsText(run)}</td></tr>`
    }`
  })}`

/** The header matching `runRows`. */
export const runHeader = html`<tr><th>run</th><th>started</th><th>verdict</th><th class="num">records in</th><th class="num">accepted</th><th class="num">quarantined</th><th class="num" title="the quarantine rate that decided the run: the blocking table's, else the worst">rate</th><th class="num">failing</th><th class="num">warnings</th><th class="num">took</th></tr>`

/** Every run of the date, newest first. */
export const runsOfDate = (report: DateReport): Html => {
  const latest = latestRun(report)
  const runs = [...report.runs].reverse()
  const note =
    runs.length === 1
      ? "This is the only run of this ingestion date."
      : `${formatInt(runs.length)} runs of this ingestion date; this page shows the latest in full, and quality.json keeps them all.`
  return card(
    "runs",
    `Runs of ${report.ingestionDate}`,
    html`<p class="note">${note}</p><div class="scroll"><table class="runs stack"><thead>${runHeader}</thead><tbody>${runRows(runs, latest, () => null)}</tbody></table></div>`
  )
}

const looksNumeric = (text: string): boolean => /^[-+]?[$€£]?[\d,]*\.?\d+%?$/.test(text.trim())

/** The highlight tables of a run (e.g. a top-N ranking). */
export const highlights = (run: RunReport): Html | null =>
  run.highlights.length === 0
    ? null
    : card(
        "highlights",
        "Highlights",
        html`<div class="grid2">${run.highlights.map((h) => {
          const numeric = h.columns.map((_, i) => h.rows.length > 0 && h.rows.every((r) => looksNumeric(r[i] ?? "")))
          const th = (c: string, i: number) => (numeric[i] === true ? html`<th class="num">${c}</th>` : html`<th>${c}</th>`)
          const td = (v: string, i: number) => (numeric[i] === true ? html`<td class="num">${v}</td>` : html`<td>${v}</td>`)
          return html`<div class="highlight"><h3>${h.title}</h3><div class="scroll"><table><thead><tr>${h.columns.map(th)}</tr></thead><tbody>${
            h.rows.length === 0 ? html`<tr><td colspan="${Math.max(1, h.columns.length)}" class="note">none</td></tr>` : h.rows.map((r) => html`<tr>${r.map(td)}</tr>`)
          }</tbody></table></div></div>`
        })}</div>`
      )
