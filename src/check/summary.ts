/**
 * The short text summary `lakegate check` prints: the table and its data,
 * rows, how many checks passed, warned and failed, each failing or warning
 * check with what it observed, the checks not evaluated, the verdict, and
 * where the outputs are.
 *
 * @example
 * console.log(renderCheckSummary(report, { reports: ["reports/2024-05-01/quality.html"], quarantine: null }))
 */
import type { CheckResult } from "../contract/CheckResult.ts"
import { terminalSafe } from "../report/format.ts"
import type { RunReport } from "../report/RunReport.ts"

const MAX_OBSERVED = 200

/** What a check observed, as `key=value` pairs (the long column lists of `schema.columns` left out). */
const observedText = (check: CheckResult): string => {
  const entries = Object.entries(check.observed).filter(([k]) => !["expected", "actual"].includes(k))
  const text = entries.map(([k, v]) => `${k}=${v}`).join(", ")
  return text.length > MAX_OBSERVED ? `${text.slice(0, MAX_OBSERVED - 1)}…` : text
}

const line = (mark: string, check: CheckResult): string => {
  const observed = observedText(check)
  return `  ${mark} ${check.checkId}: ${check.message}${observed === "" ? "" : ` [${observed}]`}`
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`

/** Render the summary of a check's report as lines of text. */
export const renderCheckSummary = (
  report: RunReport,
  outputs: { readonly reports: ReadonlyArray<string>; readonly quarantine: { readonly path: string; readonly rows: number } | null }
): string => {
  const table = report.layers[0]?.tables[0]
  const contract = report.contracts[0]
  const lines: Array<string> = []
  lines.push(`lakegate check · ${table?.table ?? "?"} (contract ${contract?.id ?? "?"} ${contract?.version ?? ""}) · ${report.input.path}`)
  const count = (status: CheckResult["status"]) => report.checks.filter((c) => c.status === status).length
  if (report.verdict !== "failed") {
    lines.push(
      `rows: ${report.input.records.toLocaleString("en-US")} · ${(report.input.bytes / 1e6).toFixed(1)} MB · checks: ${count("pass")} passed, ${count("warn")} warned, ${count("fail")} failed${
        count("error") > 0 ? `, ${count("error")} could not be evaluated` : ""
      }`
    )
  }
  const failing = report.checks.filter((c) => c.status === "fail" || c.status === "error")
  const warnings = report.checks.filter((c) => c.status === "warn")
  for (const c of failing) lines.push(line("✗", c))
  for (const c of warnings) lines.push(line("!", c))
  const notEvaluated = report.highlights.find((h) => h.title === "Checks not evaluated")
  for (const row of notEvaluated?.rows ?? []) lines.push(`  - ${row[0] ?? ""}: not evaluated, ${row[1] ?? ""}`)
  lines.push(`verdict: ${report.verdict.toUpperCase()} (exit ${report.exitCode})${report.error === null ? "" : ` · ${report.error.message.split("\n")[0] ?? ""}`}`)
  if (outputs.quarantine !== null) lines.push(`quarantine: ${outputs.quarantine.path} (${plural(outputs.quarantine.rows, "row")})`)
  for (const r of outputs.reports) lines.push(`report: ${r}`)
  // Messages and observed values carry data: no control character reaches the terminal.
  return lines.map(terminalSafe).join("\n")
}
