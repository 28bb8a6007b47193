/**
 * The quarantine broken down by check: a bar chart and a table. A record that
 * fails two checks counts for both, so the rows can add up to more than the
 * quarantined total.
 */
import { headline, headlineTable, tableRate } from "../figures.ts"
import { formatInt, formatPct } from "../format.ts"
import type { RunReport } from "../RunReport.ts"
import { card } from "./components.ts"
import { html, type Html } from "./escape.ts"
import { barChart, palette } from "./svg.ts"

const describe = (run: RunReport, checkId: string): string =>
  run.checks.find((c) => c.checkId === checkId)?.description ?? ""

/** The quarantine section of a run. */
export const quarantine = (run: RunReport): Html => {
  const h = headline(run)
  const table = headlineTable(run)
  const rows = [...run.quarantineByCheck].sort((a, b) => b.records - a.records || a.checkId.localeCompare(b.checkId))
  if (rows.length === 0) {
    const text = h.quarantined === null ? "The run did not reach silver, so nothing was judged for quarantine." : "No record was quarantined."
    return card("quarantine", "Quarantine by check", html`<p class="note">${text}</p>`)
  }
  const denominator = h.recordsIn
  const share = (n: number) => (denominator === 0 ? 0 : n / denominator)
  const chart = barChart({
    title: "Quarantined records by check",
    valueLabel: "records quarantined (a record failing two checks counts for both)",
    color: palette.quarantined,
    rows: rows.map((r) => ({ label: r.checkId, value: r.records, tooltip: `${r.checkId}: ${formatInt(r.records)} records (${formatPct(share(r.records))} of records in)` }))
  })
  const summary =
    h.quarantined === null
      ? null
      : html`<p class="note"><strong>${formatInt(h.quarantined)}</strong> of ${formatInt(h.recordsIn)} records quarantined (${formatPct(table === undefined ? 0 : tableRate(table))}), by the checks they failed.</p>`
  return card(
    "quarantine",
    "Quarantine by check",
    html`${summary}<div class="split">
<figure class="bar-chart" aria-label="quarantine chart">${chart}</figure>
<div class="scroll"><table>
<thead><tr><th>check</th><th class="num">records</th><th class="num">of records in</th></tr></thead>
<tbody>${rows.map(
      (r) => html`<tr><td><code>${r.checkId}</code><div class="desc">${describe(run, r.checkId)}</div></td><td class="num">${formatInt(r.records)}</td><td class="num">${formatPct(share(r.records))}</td></tr>`
    )}</tbody></table></div>
</div>`
  )
}
