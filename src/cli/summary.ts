/**
 * The short summary a run prints: records in, accepted, quarantined by check,
 * the gate verdict per layer and table, and where the outputs are.
 */
import { headlineTable } from "../report/figures.ts"
import { terminalSafe } from "../report/format.ts"
import type { RunReport } from "../report/RunReport.ts"

export { terminalSafe }

const pct = (x: number) => `${(x * 100).toFixed(2)}%`

/** Where a run's outputs are, and how writing its reports went. */
export interface SummaryOutputs {
  readonly lakehouse: string
  readonly reports: ReadonlyArray<string>
  /** Why the reports could not be written (one line); null or absent when they were. */
  readonly reportsError?: string | null
  /** The code the process exits with, when it is not the report's (see `exitCodeWithReports`). */
  readonly exitCode?: number
  /** The settings line (`settingsLine`: DuckDB threads, memory limit, workers, and where each came from), printed before the outputs. */
  readonly settings?: string
}

/**
 * The verdict line: the run's verdict, whether its reports could be written,
 * and the code the process exits with, so the line and the exit code agree.
 *
 * @example
 * verdictLine(report, { lakehouse: "lakehouse", reports: [], reportsError: "EROFS: read-only file system", exitCode: 4 })
 * // "verdict: PUBLISHED, but the reports could not be written: EROFS: read-only file system (exit 4)"
 */
export const verdictLine = (report: RunReport, outputs: SummaryOutputs): string => {
  const verdict = report.verdict.toUpperCase()
  const exitCode = outputs.exitCode ?? report.exitCode
  const reportsError = outputs.reportsError ?? null
  if (reportsError === null) return `verdict: ${verdict} (exit ${exitCode})`
  const joint = report.verdict === "published" ? "but" : "and"
  return `verdict: ${verdict}, ${joint} the reports could not be written: ${terminalSafe(reportsError.split("\n")[0] ?? "")} (exit ${exitCode})`
}

/** Render the summary as plain text lines. */
export const renderSummary = (report: RunReport, outputs: SummaryOutputs): string => {
  const lines: Array<string> = []
  const firstErrorLine = report.error === null ? "" : terminalSafe(report.error.message.split("\n")[0] ?? "")
  lines.push(`lakegate ${report.tool.version} · run ${report.runId} · ingestion date ${report.ingestionDate}`)
  lines.push(verdictLine(report, outputs))
  if (report.error !== null) lines.push(`error: ${firstErrorLine}`)
  const records = headlineTable(report)
  lines.push(
    `records in: ${report.input.records}` +
      (records ? ` · accepted: ${records.accepted} · quarantined: ${records.quarantined} (${pct(records.rowsIn === 0 ? 0 : records.quarantined / records.rowsIn)})` : "")
  )
  if (report.quarantineByCheck.length > 0) {
    lines.push("quarantined by check:")
    for (const q of report.quarantineByCheck) lines.push(`  ${terminalSafe(q.checkId).padEnd(32)} ${String(q.records).padStart(8)} record(s)`)
  }
  lines.push("gates:")
  for (const layer of report.layers) {
    lines.push(`  ${terminalSafe(layer.layer).padEnd(8)} ${layer.status.toUpperCase()}`)
    for (const reason of layer.reasons) lines.push(`    ✗ ${terminalSafe(`${reason.checkId} on ${reason.table}: ${reason.message}`)}`)
    // A layer the run failed in: why, the run's error (nothing of the layer is current).
    if (layer.status === "failed" && report.error !== null) lines.push(`    ✗ ${terminalSafe(report.error.tag)}: ${firstErrorLine}`)
    for (const t of layer.tables) lines.push(`    ${terminalSafe(t.table).padEnd(16)} ${String(t.accepted).padStart(9)} rows  ${t.status}`)
  }
  const warnings = report.checks.filter((c) => c.status === "warn")
  if (warnings.length > 0) {
    lines.push(`warnings: ${warnings.length}`)
    for (const w of warnings) lines.push(`  ! ${terminalSafe(`${w.checkId} on ${w.layer}.${w.table}: ${w.message}`)}`)
  }
  for (const h of report.highlights) {
    lines.push(`${terminalSafe(h.title)}:`)
    lines.push(`  ${h.columns.map(terminalSafe).join(" | ")}`)
    for (const row of h.rows) lines.push(`  ${row.map((cell) => terminalSafe(String(cell))).join(" | ")}`)
  }
  if (outputs.settings !== undefined) lines.push(terminalSafe(outputs.settings))
  lines.push(`lakehouse: ${terminalSafe(outputs.lakehouse)}`)
  for (const r of outputs.reports) lines.push(`report: ${terminalSafe(r)}`)
  return lines.join("\n")
}

/** One progress line: records, MB/s and elapsed seconds. */
export const renderProgress = (bytes: number, records: number, elapsedMs: number): string => {
  const seconds = Math.max(elapsedMs / 1000, 0.001)
  return `  ${records.toLocaleString("en-US")} records · ${(bytes / 1e6).toFixed(0)} MB · ${(bytes / 1e6 / seconds).toFixed(1)} MB/s · ${seconds.toFixed(1)} s`
}
