/**
 * A table's column profile on the report page: one row per column with its
 * NULLs (count and share), approximate distinct values, min and max, and the
 * most frequent values of a low-cardinality column, folded under a
 * `<details>` so it costs a reviewer nothing until opened. Every value comes
 * from the data and is escaped by `html`.
 *
 * @example
 * profileDetails(outcome.profile) // <details class="profile"><summary>Column profile: 6 columns, 1,980 rows</summary>…</details>
 */
import { formatInt, formatPct, truncate } from "../format.ts"
import { nullRate, type ColumnProfile, type TableProfile } from "../Profile.ts"
import { html, type Html } from "./escape.ts"

/** Characters of a min, max or top value shown in a cell (the full value, up to 200, is its title). */
const SHOWN = 60

const value = (text: string | null): Html =>
  text === null ? html`<span class="nil">—</span>` : html`<span class="mono" title="${text}">${truncate(text, SHOWN)}</span>`

const topValues = (c: ColumnProfile): Html =>
  c.top.length === 0
    ? html`<span class="nil">—</span>`
    : html`<ul class="top mono">${c.top.map((t) => html`<li><span title="${t.value}">${truncate(t.value, SHOWN)}</span> <span class="sub">${formatInt(t.count)}</span></li>`)}</ul>`

const columnRow = (profile: TableProfile, c: ColumnProfile): Html =>
  html`<tr${c.nulls > 0 ? html` class="has-nulls"` : null}><td class="mono">${c.column}</td><td class="mono sub">${c.type}</td><td class="num" data-label="nulls">${formatInt(c.nulls)} <span class="sub">${formatPct(nullRate(profile, c))}</span></td><td class="num" data-label="distinct ≈">${formatInt(c.distinct)}</td><td data-label="min">${value(c.min)}</td><td data-label="max">${value(c.max)}</td><td data-label="top values">${topValues(c)}</td></tr>`

/** The folded profile of one table; `null` when the table has none (bronze, a report written before profiles). */
export const profileDetails = (profile: TableProfile | undefined): Html | null =>
  profile === undefined
    ? null
    : html`<details class="profile"><summary>Column profile: ${formatInt(profile.columns.length)} column${profile.columns.length === 1 ? "" : "s"}, ${formatInt(profile.rows)} row${profile.rows === 1 ? "" : "s"}</summary>
<p class="note">Of the staged table, computed beside its checks. Distinct counts are approximate (HyperLogLog); top values are counted for text and boolean columns of at most 20 distinct values.</p>
<div class="scroll"><table class="profile stack">
<thead><tr><th>column</th><th>type</th><th class="num">nulls</th><th class="num">distinct ≈</th><th>min</th><th>max</th><th>top values</th></tr></thead>
<tbody>${profile.columns.map((c) => columnRow(profile, c))}</tbody></table></div></details>`
