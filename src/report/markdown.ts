/**
 * The short markdown summary appended to `$GITHUB_STEP_SUMMARY`: verdict,
 * headline counts, layers, and a table of the checks that did not pass.
 * Every data value goes through `escapeMarkdown`.
 */
import { causeLine } from "./cause.ts"
import { headline, quarantineRates, sortChecks, verdictSentence } from "./figures.ts"
import { formatBytes, formatDuration, formatInt, formatPct, shortSha } from "./format.ts"
import type { RunReport } from "./RunReport.ts"

/**
 * Escape text for a GitHub-flavoured markdown table cell or paragraph: markup
 * characters are backslash-escaped, `<`, `>` and `&` become entities (GitHub
 * renders inline HTML), line breaks become spaces.
 */
export const escapeMarkdown = (text: string): string =>
  text
    .replace(/\r\n|\r|\n/g, " ")
    .replace(/[\\`*_[\]|~#!]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")

/** Most check rows in the summary; the rest are counted and left to the HTML page. */
export const MAX_SUMMARY_ROWS = 25

const ICON: Readonly<Record<string, string>> = {
  published: "✅",
  blocked: "⛔",
  failed: "💥",
  not_run: "⏭️",
  pass: "✅",
  warn: "⚠️",
  fail: "❌",
  error: "💥"
}

const icon = (status: string): string => ICON[status] ?? ""

/** The step summary of a run; `reportPath` is where its HTML page was written. */
export const renderMarkdown = (run: RunReport, reportPath?: string): string => {
  const h = headline(run)
  const m = escapeMarkdown
  const dash = "—"
  const lines: Array<string> = [
    `### ${icon(run.verdict)} lakegate · ${m(run.ingestionDate)} · ${run.verdict.toUpperCase()} (exit ${run.exitCode})`,
    "",
    m(verdictSentence(run)),
    ""
  ]
  if (run.error !== null) lines.push(`> **${m(run.error.tag)}**: ${m(causeLine(run.error.message))}`, "")
  lines.push(
    "| records in | accepted | quarantined | quarantine rate | failing checks | warnings | duration |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${formatInt(h.recordsIn)} | ${h.accepted === null ? dash : formatInt(h.accepted)} | ${h.quarantined === null ? dash : formatInt(h.quarantined)} | ${
      h.quarantineRate === null ? dash : `${formatPct(h.quarantineRate)}${quarantineRates(run).length > 1 && h.rateTable !== null ? ` (${m(h.rateTable)})` : ""}`
    } | ${formatInt(h.failing)} | ${formatInt(h.warnings)} | ${h.durationMs === null ? dash : formatDuration(h.durationMs)} |`,
    "",
    `**Layers:** ${run.layers.map((l) => `${icon(l.status)} ${m(l.layer)} ${l.status === "not_run" ? "not run" : l.status}`).join(" · ")}`,
    ""
  )
  const open = sortChecks(run.checks.filter((c) => c.status !== "pass"))
  if (open.length > 0) {
    lines.push("| status | table | check | failed / total | rate | message |", "| --- | --- | --- | ---: | ---: | --- |")
    for (const c of open.slice(0, MAX_SUMMARY_ROWS)) {
      lines.push(
        `| ${icon(c.status)} ${c.status} | ${m(`${c.layer}.${c.table}`)} | ${m(c.checkId)} | ${formatInt(c.failed)} / ${formatInt(c.total)} | ${formatPct(c.rate)} | ${m(c.message)} |`
      )
    }
    if (open.length > MAX_SUMMARY_ROWS) lines.push("", `…and ${formatInt(open.length - MAX_SUMMARY_ROWS)} more in the HTML report.`)
    lines.push("")
  } else if (run.checks.length > 0) {
    lines.push(`All ${formatInt(run.checks.length)} checks passed.`, "")
  }
  lines.push(
    `<sub>run ${m(run.runId)} · input ${m(run.input.path)} (${formatBytes(run.input.bytes)}, sha256 ${m(shortSha(run.input.sha256))})${reportPath === undefined ? "" : ` · report ${m(reportPath)}`}</sub>`,
    ""
  )
  return lines.join("\n")
}
