/**
 * The short summary a run prints: records in, accepted, quarantined by check,
 * the gate verdict per layer and table, and where the outputs are.
 */
import { headlineTable } from "../report/figures.ts"
import { terminalSafe } from "../report/format.ts"
import type { RunReport } from "../report/RunReport.ts"

export { terminalSafe }

const pct = (x: number) => `${(x * 100).toFixed(2)}%`

/** Render the summary as plain text lines. */
export const renderSummary = (report: RunReport, outputs: { readonly lakehouse: string; readonly reports: ReadonlyArray<string> }): string => {
  const lines: Array<string> = []
  const verdict = report.verdict.toUpperCase()
  lines.push(`lakegate ${report.tool.version} · run ${report.runId} · ingestion date ${report.ingestionDate}`)
  lines.push(`verdict: ${verdict} (exit ${report.exitCode})`)
  if (report.error !== null) lines.push(`error: ${terminalSafe(report.error.message.split("\n")[0] ?? "")}`)
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
  lines.push(`lakehouse: ${terminalSafe(outputs.lakehouse)}`)
  for (const r of outputs.reports) lines.push(`report: ${terminalSafe(r)}`)
  return lines.join("\n")
}

/** One progress line: records, MB/s and elapsed seconds. */
export const renderProgress = (bytes: number, records: number, elapsedMs: number): string => {
  const seconds = Math.max(elapsedMs / 1000, 0.001)
  return `  ${records.toLocaleString("en-US")} records · ${(bytes / 1e6).toFixed(0)} MB · ${(bytes / 1e6 / seconds).toFixed(1)} MB/s · ${seconds.toFixed(1)} s`
}
