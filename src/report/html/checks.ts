/**
 * The checks of a run: a table of contents of every table's checks, what
 * needs attention (worst first), every layer and table with its checks (what
 * passed folded under its count), and the sample failing rows.
 */
import { MAX_SAMPLES, type CheckResult } from "../../contract/CheckResult.ts"
import { checkPhrase } from "../checkWords.ts"
import { isBlockingStatus, layerSections, plural, sortChecks, type LayerSection, type TableSection } from "../figures.ts"
import { formatInt, truncate } from "../format.ts"
import type { RunReport } from "../RunReport.ts"
import { badge, card, checkAnchor, checkBadge, failedOfTotal, numCell, observedList, samplesAnchor, tableAnchor } from "./components.ts"
import { html, type Html } from "./escape.ts"
import { profileDetails } from "./profile.ts"

/** Every check that did not pass, worst first, linked to its details. */
export const attention = (run: RunReport): Html => {
  const open = sortChecks(run.checks.filter((c) => c.status !== "pass"))
  const body =
    run.checks.length === 0
      ? html`<p class="note">No check ran${run.error === null ? "" : ": the run failed before its gates"}.</p>`
      : open.length === 0
      ? html`<p class="ok">${run.checks.length === 1 ? "The one check passed." : `All ${formatInt(run.checks.length)} checks passed.`}</p>`
      : html`<div class="scroll"><table class="stack">
<thead><tr><th>status</th><th>table</th><th>check</th><th>result</th><th>message</th></tr></thead>
<tbody>${open.map(
          (c) => html`<tr class="${c.status}"><td>${checkBadge(c.status)}</td><td class="mono">${c.layer}.${c.table}</td><td><a href="#${checkAnchor(run, c)}"><code>${c.checkId}</code></a></td><td class="phrase">${checkPhrase(c)}</td><td class="msg">${c.message}</td></tr>`
        )}</tbody></table></div>`
  const title = open.length === 0 ? "Checks" : html`Needs attention <span class="badge ${open.some((c) => c.status === "fail" || c.status === "error") ? "fail" : "warn"}">${formatInt(open.length)}</span>`
  return card("attention", title, body)
}

/** The heading row of a check table. */
const checkHead = html`<thead><tr><th>status</th><th>check: what it guarantees</th><th>result</th><th class="num">failed / total</th><th>observed</th><th>message</th></tr></thead>`

/** The observed values of a check; an empty cell is left out where the table is stacked (a phone). */
const observedCell = (c: CheckResult): Html => {
  const list = observedList(c.observed)
  return html`<td class="${typeof list === "string" ? "observed none" : "observed"}">${list}</td>`
}

const checkRow = (run: RunReport, c: CheckResult): Html =>
  html`<tr class="${c.status}" id="${checkAnchor(run, c)}">
<td>${checkBadge(c.status)}</td>
<td><code>${c.checkId}</code><div class="desc">${c.description}</div></td>
<td class="phrase" title="${c.kind} check · ${c.action} · severity ${c.severity}">${checkPhrase(c)}</td>
<td class="num" data-label="failed / total">${failedOfTotal(c)}</td>
${observedCell(c)}
<td class="msg">${c.message}${c.samples.length > 0 && c.status !== "pass" ? html`<br><a href="#${samplesAnchor(run, c)}">${formatInt(c.samples.length)} sample row${c.samples.length === 1 ? "" : "s"} ↓</a>` : null}</td>
</tr>`

const checkTable = (run: RunReport, checks: ReadonlyArray<CheckResult>): Html =>
  html`<div class="scroll"><table class="checks stack">${checkHead}<tbody>${checks.map((c) => checkRow(run, c))}</tbody></table></div>`

/** A table's checks: what did not pass, open; what passed, folded under its count. */
const tableBlock = (run: RunReport, layer: string, t: TableSection): Html => {
  const o = t.outcome
  const meta =
    o === undefined
      ? null
      : html`<span class="meta">${o.contract.id}@${o.contract.version} · ${formatInt(o.rowsIn)} in · ${formatInt(o.accepted)} accepted · ${formatInt(o.quarantined)} quarantined</span>`
  const open = t.checks.filter((c) => c.status !== "pass")
  const passed = t.checks.filter((c) => c.status === "pass")
  return html`<div class="table-checks" id="${tableAnchor(layer, t.table)}"><h3><span class="mono">${layer}.${t.table}</span> ${o === undefined ? null : badge(o.status)} ${meta}</h3>
${t.checks.length === 0 ? html`<p class="note">No checks recorded for this table.</p>` : null}${open.length > 0 ? checkTable(run, open) : null}${
    passed.length === 0
      ? null
      : html`<details class="passed"><summary>${plural(passed.length, "check")} passed</summary>${checkTable(run, passed)}</details>`
  }${profileDetails(o?.profile)}</div>`
}

/**
 * The checks of every table at a glance, each linked to its checks: the page's table of contents.
 *
 * @example
 * contents(run) // <nav class="toc">… silver.orders 1 blocked 2 warned 5 passed …</nav>
 */
export const contents = (run: RunReport): Html | null => {
  const tables = layerSections(run).flatMap((s) => s.tables.map((t) => ({ layer: s.layer, ...t })))
  if (tables.length === 0) return null
  const count = (t: TableSection, status: CheckResult["status"]) => t.checks.filter((c) => c.status === status).length
  return html`<nav class="toc" aria-label="checks by table"><span class="toc-title">Checks by table</span><ul>${tables.map((t) => {
    const blocking = count(t, "fail") + count(t, "error")
    const warned = count(t, "warn")
    const passed = count(t, "pass")
    const worst = blocking > 0 ? "fail" : warned > 0 ? "warn" : passed > 0 ? "pass" : "not_run"
    return html`<li class="${worst}"><a href="#${tableAnchor(t.layer, t.table)}"><span class="mono">${t.layer}.${t.table}</span></a> ${
      blocking > 0 ? html`<span class="badge fail">${formatInt(blocking)} blocked</span> ` : null
    }${warned > 0 ? html`<span class="badge warn">${formatInt(warned)} warned</span> ` : null}${
      passed > 0 ? html`<span class="badge pass">${formatInt(passed)} passed</span>` : null
    }${t.checks.length === 0 ? html`<span class="badge not_run">no checks</span>` : null}</li>`
  })}</ul></nav>`
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
<summary><code>${c.checkId}</code> ${checkBadge(c.status)} <span class="meta">${c.layer}.${c.table} · ${formatInt(c.failed)} failed · ${formatInt(c.samples.length)} sample row${c.samples.length === 1 ? "" : "s"}</span></summary>
<div class="scroll"><table class="stack">
<thead><tr><th>source id</th><th class="num">record #</th><th>path</th><th>message</th><th>value</th></tr></thead>
<tbody>${c.samples.map(
      (s) => html`<tr><td class="mono">${s.sourceId ?? "—"}</td>${numCell(s.recordIndex, String)}<td class="mono">${s.path}</td><td class="msg">${s.message}</td><td class="val mono" title="${s.value === null ? "" : truncate(s.value, 2000)}">${s.value === null ? html`<span class="nil">null</span>` : truncate(s.value, 240)}</td></tr>`
    )}</tbody></table></div>
</details>`
  )
  return card("samples", "Sample failing rows", html`<p class="note">Up to ${MAX_SAMPLES} rows per check are kept in the report; every quarantined record, with its raw JSON, is in the silver <code>quarantine</code> table. Click a check to fold or unfold its rows.</p>${body}`)
}
