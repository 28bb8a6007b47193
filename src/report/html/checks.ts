/**
 * The checks of a run: what needs attention (worst first), every layer and
 * table with its check table, and the sample failing rows.
 */
import { MAX_SAMPLES, type CheckResult } from "../../contract/CheckResult.ts"
import { isBlockingStatus, layerSections, sortChecks, type LayerSection, type TableSection } from "../figures.ts"
import { formatInt, truncate } from "../format.ts"
import type { RunReport } from "../RunReport.ts"
import { badge, card, checkAnchor, failedOfTotal, numCell, observedList, rateCells, samplesAnchor } from "./components.ts"
import { html, type Html } from "./escape.ts"

/** Every check that did not pass, worst first, linked to its details. */
export const attention = (run: RunReport): Html => {
  const open = sortChecks(run.checks.filter((c) => c.status !== "pass"))
  const body =
    run.checks.length === 0
      ? html`<p class="note">No check ran${run.error === null ? "" : ": the run failed before its gates"}.</p>`
      : open.length === 0
      ? html`<p class="ok">All ${formatInt(run.checks.length)} checks passed.</p>`
      : html`<div class="scroll"><table>
<thead><tr><th>status</th><th>table</th><th>check</th><th class="num">failed / total</th><th>message</th></tr></thead>
<tbody>${open.map(
          (c) => html`<tr class="${c.status}"><td>${badge(c.status)}</td><td class="mono">${c.layer}.${c.table}</td><td><a href="#${checkAnchor(run, c)}"><code>${c.checkId}</code></a></td><td class="num">${failedOfTotal(c)}</td><td class="msg">${c.message}</td></tr>`
        )}</tbody></table></div>`
  const title = open.length === 0 ? "Checks" : html`Needs attention <span class="badge ${open.some((c) => c.status === "fail" || c.status === "error") ? "fail" : "warn"}">${formatInt(open.length)}</span>`
  return card("attention", title, body)
}

const checkRow = (run: RunReport, c: CheckResult): Html =>
  html`<tr class="${c.status}" id="${checkAnchor(run, c)}">
<td>${badge(c.status)}</td>
<td><code>${c.checkId}</code><div class="desc">${c.description}</div></td>
<td class="sev">${c.severity}<br><span class="kind">${c.kind} · ${c.action}</span></td>
<td class="num">${failedOfTotal(c)}</td>
${rateCells(c)}
<td class="observed">${observedList(c.observed)}</td>
<td class="msg">${c.message}${c.samples.length > 0 && c.status !== "pass" ? html`<br><a href="#${samplesAnchor(run, c)}">${formatInt(c.samples.length)} sample row${c.samples.length === 1 ? "" : "s"} ↓</a>` : null}</td>
</tr>`

const tableBlock = (run: RunReport, layer: string, t: TableSection): Html => {
  const o = t.outcome
  const meta =
    o === undefined
      ? null
      : html`<span class="meta">${o.contract.id}@${o.contract.version} · ${formatInt(o.rowsIn)} in · ${formatInt(o.accepted)} accepted · ${formatInt(o.quarantined)} quarantined</span>`
  return html`<h3><span class="mono">${layer}.${t.table}</span> ${o === undefined ? null : badge(o.status)} ${meta}</h3>
${
  t.checks.length === 0
    ? html`<p class="note">No checks recorded for this table.</p>`
    : html`<div class="scroll"><table>
<thead><tr><th>status</th><th>check</th><th>severity</th><th class="num">failed / total</th><th class="num">rate</th><th class="num">threshold</th><th>observed</th><th>message</th></tr></thead>
<tbody>${t.checks.map((c) => checkRow(run, c))}</tbody></table></div>`
}`
}

const layerCard = (run: RunReport, s: LayerSection): Html => {
  const status = s.outcome?.status ?? "not_run"
  const reasons = s.outcome?.reasons ?? []
  const body = html`${
    reasons.length > 0 ? html`<ul class="layer-reasons">${reasons.map((r) => html`<li>✗ <code>${r.checkId}</code> on ${r.table}: ${r.message}</li>`)}</ul>` : null
  }${
    status === "not_run" && s.tables.length === 0
      ? html`<p class="note">Not run: an earlier layer was blocked or the run failed, so this layer's gate never decided.</p>`
      : s.tables.map((t) => tableBlock(run, s.layer, t))
  }`
  return card(`layer-${s.layer.replace(/[^A-Za-z0-9_-]/g, "_")}`, html`${s.layer} ${badge(status)}`, body)
}

/** One card per layer, each with its tables' check tables (worst checks first). */
export const layers = (run: RunReport): Html => html`${layerSections(run).map((s) => layerCard(run, s))}`

/** Sample groups shown open (every blocking check's are open too); the others fold, one click away. */
const OPEN_SAMPLE_GROUPS = 3

/** Sample failing rows of every check that did not pass and kept samples. */
export const samples = (run: RunReport): Html | null => {
  const withSamples = sortChecks(run.checks.filter((c) => c.status !== "pass" && c.samples.length > 0))
  if (withSamples.length === 0) return null
  const body = withSamples.map(
    (c, i) => html`<details class="samples" id="${samplesAnchor(run, c)}"${isBlockingStatus(c.status) || i < OPEN_SAMPLE_GROUPS ? html` open` : null}>
<summary><code>${c.checkId}</code> ${badge(c.status)} <span class="meta">${c.layer}.${c.table} · ${formatInt(c.failed)} failed · ${formatInt(c.samples.length)} sample row${c.samples.length === 1 ? "" : "s"}</span></summary>
<div class="scroll"><table>
<thead><tr><th>source id</th><th class="num">record #</th><th>path</th><th>message</th><th>value</th></tr></thead>
<tbody>${c.samples.map(
      (s) => html`<tr><td class="mono">${s.sourceId ?? "—"}</td>${numCell(s.recordIndex, String)}<td class="mono">${s.path}</td><td class="msg">${s.message}</td><td class="val mono" title="${s.value === null ? "" : truncate(s.value, 2000)}">${s.value === null ? html`<span class="nil">null</span>` : truncate(s.value, 240)}</td></tr>`
    )}</tbody></table></div>
</details>`
  )
  return card("samples", "Sample failing rows", html`<p class="note">Up to ${MAX_SAMPLES} rows per check are kept in the report; every quarantined record, with its raw JSON, is in the silver <code>quarantine</code> table. Click a check to fold or unfold its rows.</p>${body}`)
}
