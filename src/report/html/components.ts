/** Small pieces of markup shared by the report pages. */
import type { CheckResult, CheckStatus } from "../../contract/CheckResult.ts"
import { LEVEL_KEYS, STATUS_WORD } from "../checkWords.ts"
import type { RunReport } from "../RunReport.ts"
import { formatInt, truncate } from "../format.ts"
import { anchorId, html, type Html } from "./escape.ts"

/** A status pill: pass, warn, fail, error, published, blocked, failed, not_run. */
export const badge = (status: string, text: string = status === "not_run" ? "not run" : status): Html =>
  html`<span class="badge ${status.replace(/[^a-z_]/g, "")}">${text}</span>`

/**
 * A check's status pill, worded as the outcome: passed, warned, blocked, error.
 *
 * @example
 * checkBadge("fail").value // <span class="badge fail">blocked</span>
 */
export const checkBadge = (status: CheckStatus): Html => badge(status, STATUS_WORD[status])

/** A right-aligned numeric cell; `null` shows as a dash. `label` names it where the table is stacked (a phone). */
export const numCell = (value: number | null, format: (n: number) => string = formatInt, label?: string): Html =>
  html`<td class="num"${label === undefined ? null : html` data-label="${label}"`}>${value === null ? "—" : format(value)}</td>`

/** `failed / total` of a check. */
export const failedOfTotal = (check: CheckResult): string => `${formatInt(check.failed)} / ${formatInt(check.total)}`

/**
 * The key of a check in its run: `<layer>.<table>.<checkId>`, with `.2`, `.3`…
 * for a check reported more than once on the same table, so anchors stay unique.
 */
const checkKey = (run: Pick<RunReport, "checks">, check: CheckResult): string => {
  const base = `${check.layer}.${check.table}.${check.checkId}`
  const k = run.checks.filter((c) => c.layer === check.layer && c.table === check.table && c.checkId === check.checkId).indexOf(check)
  return k > 0 ? `${base}.${k + 1}` : base
}

/** The anchor of a check's row in the checks section. */
export const checkAnchor = (run: Pick<RunReport, "checks">, check: CheckResult): string => anchorId("check", checkKey(run, check))

/** The anchor of a check's samples. */
export const samplesAnchor = (run: Pick<RunReport, "checks">, check: CheckResult): string => anchorId("samples", checkKey(run, check))

/**
 * The anchor of a table's checks.
 *
 * @example
 * tableAnchor("silver", "orders") // "table-silver.orders"
 */
export const tableAnchor = (layer: string, table: string): string => anchorId("table", `${layer}.${table}`)

/** The anchor of a run in the runs list. */
export const runAnchor = (runId: string): string => anchorId("run", runId)

/** A check's observed values as a compact list, without the levels its phrase already states. */
export const observedList = (observed: CheckResult["observed"]): Html | string => {
  const entries = Object.entries(observed).filter(([k]) => !LEVEL_KEYS.has(k))
  return entries.length === 0
    ? "—"
    : html`<ul class="obs mono">${entries.map(([k, v]) => html`<li${v.length > 160 ? html` title="${truncate(v, 2000)}"` : null}><span class="ok-key">${k}</span> ${truncate(v, 160)}</li>`)}</ul>`
}

/** A section card with a heading. */
export const card = (id: string, title: Html | string, body: Html): Html => html`<section class="card" id="${id}"><h2>${title}</h2>${body}</section>`
