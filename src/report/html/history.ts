/**
 * The history of the index page: per table and per check, how they moved
 * across the latest ingestion dates (each date's latest run), every cell
 * linked to that date's report at that table or check.
 */
import type { CheckResult } from "../../contract/CheckResult.ts"
import { checkPhrase, STATUS_WORD } from "../checkWords.ts"
import { latestRun, QUARANTINE_RATE, tableRate } from "../figures.ts"
import { formatInt, formatPct } from "../format.ts"
import { nullRate, type ColumnProfile, type TableProfile } from "../Profile.ts"
import type { DateReport, RunReport } from "../RunReport.ts"
import { card, checkAnchor, tableAnchor } from "./components.ts"
import { html, type Html } from "./escape.ts"

/** Most dates in the history; older ones stay in the list of dates. */
export const MAX_HISTORY_DATES = 14

interface Column {
  readonly date: string
  readonly run: RunReport
}

const unique = <A>(xs: ReadonlyArray<A>): ReadonlyArray<A> => [...new Set(xs)]

const dateHead = (columns: ReadonlyArray<Column>): Html =>
  html`${columns.map((c) => html`<th class="num"><a href="${c.date}/quality.html">${c.date}</a></th>`)}`

/** One row per table: rows in and the quarantine rate of each date. */
const tableRows = (columns: ReadonlyArray<Column>): Html => {
  const keys = unique(columns.flatMap((c) => c.run.layers.flatMap((l) => l.tables.map((t) => `${l.layer}.${t.table}`))))
  return html`${keys.map((key) => {
    const cells = columns.map((c) => {
      const t = c.run.layers.flatMap((l) => l.tables).find((x) => `${x.layer}.${x.table}` === key)
      if (t === undefined) return html`<td class="num nil">—</td>`
      const rate = c.run.checks.find((x) => x.checkId === QUARANTINE_RATE && x.layer === t.layer && x.table === t.table)
      const status = rate?.status ?? (t.status === "blocked" ? "fail" : "pass")
      return html`<td class="num cell ${status}" data-date="${c.date}"><a href="${c.date}/quality.html#${tableAnchor(t.layer, t.table)}" title="${key} on ${c.date}: ${formatInt(t.rowsIn)} in, ${formatInt(t.quarantined)} quarantined, ${t.status === "not_run" ? "not run" : t.status}">${formatInt(t.rowsIn)}<br><span class="sub">${formatPct(tableRate(t))}</span></a></td>`
    })
    return html`<tr><th class="row mono">${key}</th>${cells}</tr>`
  })}`
}

/** The result of a check in one run: the first with that layer, table and id. */
const find = (run: RunReport, key: string): CheckResult | undefined => run.checks.find((c) => `${c.layer}.${c.table} ${c.checkId}` === key)

/** One row per check: its status and failing count on each date; checks that did not always pass first. */
const checkRows = (columns: ReadonlyArray<Column>): Html => {
  const keys = unique(columns.flatMap((c) => c.run.checks.map((x) => `${x.layer}.${x.table} ${x.checkId}`)))
  const troubled = (key: string) => columns.some((c) => (find(c.run, key)?.status ?? "pass") !== "pass")
  const ordered = [...keys.filter(troubled), ...keys.filter((k) => !troubled(k))]
  return html`${ordered.map((key) => {
    const [table = "", id = ""] = key.split(" ")
    const cells = columns.map((c) => {
      const check = find(c.run, key)
      if (check === undefined) return html`<td class="num nil">—</td>`
      return html`<td class="num cell ${check.status}" data-date="${c.date}"><a href="${c.date}/quality.html#${checkAnchor(c.run, check)}" title="${key} on ${c.date}: ${checkPhrase(check)}">${formatInt(check.failed)}<span class="vh"> ${STATUS_WORD[check.status]}</span></a></td>`
    })
    return html`<tr><th class="row"><span class="mono">${table}</span> <code>${id}</code></th>${cells}</tr>`
  })}`
}

/** A table's profile on one date, when its run profiled it. */
const profileOn = (run: RunReport, key: string) => run.layers.flatMap((l) => l.tables).find((t) => `${t.layer}.${t.table}` === key)

/**
 * Per table with profiles, folded: each column's NULL share and each key
 * column's distinct values across the dates, each cell linked to that date at
 * that table. Null when no date has a profile.
 */
const columnHistory = (columns: ReadonlyArray<Column>): Html | null => {
  const keys = unique(columns.flatMap((c) => c.run.layers.flatMap((l) => l.tables.filter((t) => t.profile !== undefined).map((t) => `${t.layer}.${t.table}`))))
  if (keys.length === 0) return null
  const blocks = keys.map((key) => {
    const profiles = columns.map((c) => ({ date: c.date, outcome: profileOn(c.run, key) }))
    const names = unique(profiles.flatMap((p) => p.outcome?.profile?.columns.map((x) => x.column) ?? []))
    const keyColumns = unique(profiles.flatMap((p) => p.outcome?.profile?.key ?? []))
    const cell = (date: string, outcome: ReturnType<typeof profileOn>, column: string, show: (profile: TableProfile, c: ColumnProfile) => { readonly text: string; readonly title: string }) => {
      const profile = outcome?.profile
      const c = profile?.columns.find((x) => x.column === column)
      if (outcome === undefined || profile === undefined || c === undefined) return html`<td class="num nil">—</td>`
      const shown = show(profile, c)
      return html`<td class="num cell pass" data-date="${date}"><a href="${date}/quality.html#${tableAnchor(outcome.layer, outcome.table)}" title="${key}.${column} on ${date}: ${shown.title}">${shown.text}</a></td>`
    }
    const nullRows = names.map(
      (name) =>
        html`<tr><th class="row"><span class="mono">${name}</span> <span class="sub">nulls</span></th>${profiles.map((p) =>
          cell(p.date, p.outcome, name, (profile, c) => ({ text: formatPct(nullRate(profile, c)), title: `${formatInt(c.nulls)} NULL of ${formatInt(profile.rows)} rows` }))
        )}</tr>`
    )
    const distinctRows = keyColumns.map(
      (name) =>
        html`<tr><th class="row"><span class="mono">${name}</span> <span class="sub">distinct keys ≈</span></th>${profiles.map((p) =>
          cell(p.date, p.outcome, name, (profile, c) => ({ text: formatInt(c.distinct), title: `about ${formatInt(c.distinct)} distinct of ${formatInt(profile.rows)} rows` }))
        )}</tr>`
    )
    return html`<details class="column-history"><summary><span class="mono">${key}</span> <span class="meta">${formatInt(names.length)} column${names.length === 1 ? "" : "s"}${keyColumns.length > 0 ? html`, key ${keyColumns.join(", ")}` : null}</span></summary>
<div class="scroll"><table class="history">
<thead><tr><th>column</th>${dateHead(columns)}</tr></thead>
<tbody>${distinctRows}${nullRows}</tbody></table></div></details>`
  })
  return html`<h3 class="column-history-title">Columns by table</h3><p class="note">From each date's column profile: the distinct values of key columns (approximate) and the share of NULLs of every column. Click a table to unfold it.</p>${blocks}`
}

/**
 * The history card of the index: tables (rows in, quarantine rate) and
 * checks (failing rows, coloured by status) over the latest dates, oldest on
 * the left, each cell a link to that date's report, then per table (folded)
 * its columns' NULL shares and its key columns' distinct values. `null` with no dates.
 *
 * @example
 * history(reports) // a card with a row per table and per check, a column per date
 */
export const history = (reports: ReadonlyArray<DateReport>): Html | null => {
  const columns = [...reports]
    .sort((a, b) => a.ingestionDate.localeCompare(b.ingestionDate))
    .flatMap((r) => {
      const run = latestRun(r)
      return run === undefined ? [] : [{ date: r.ingestionDate, run }]
    })
    .slice(-MAX_HISTORY_DATES)
  if (columns.length === 0) return null
  const n = columns.length
  return card(
    "history",
    "History by table and check",
    html`<p class="note">The latest run of each of the last ${formatInt(n)} ingestion date${n === 1 ? "" : "s"}, oldest on the left. Tables: rows in and the share quarantined; checks: failing rows, coloured by status. Click a cell to open that date at that table or check.</p>
<div class="scroll"><table class="history">
<thead><tr><th>table</th>${dateHead(columns)}</tr></thead>
<tbody>${tableRows(columns)}</tbody>
<thead><tr><th>check</th>${dateHead(columns)}</tr></thead>
<tbody>${checkRows(columns)}</tbody>
</table></div>${columnHistory(columns)}`
  )
}
