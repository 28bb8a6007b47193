/**
 * A diff report for people, for machines and for GitHub: a table of changes
 * with a verdict per table, JSON, and workflow annotations (`::error` for a
 * breaking change that fails, `::notice` for the others).
 *
 * @example
 * console.log(renderDiff(report))
 * if (process.env["GITHUB_ACTIONS"]) console.log(githubAnnotations(report).join("\n"))
 */
import type { DiffReport, FileChange } from "./report.ts"
import { NONE } from "./rules.ts"
import type { TableVerdict } from "./verdict.ts"

const width = (rows: ReadonlyArray<ReadonlyArray<string>>, i: number): number => Math.max(...rows.map((r) => (r[i] ?? "").length))

const clip = (text: string, max = 60): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

const tableLine = (t: TableVerdict, withFile: boolean): string => {
  const versions = `${t.before ?? "(new)"} → ${t.after ?? "(removed)"}`
  const count = `${t.breaking} breaking change${t.breaking === 1 ? "" : "s"}`
  const outcome =
    t.breaking === 0 ? "ok" : t.fails ? (t.after === null ? "FAIL (a removed table has no new version)" : "FAIL (breaking without a new major version)") : "ok (major version raised)"
  return `  ${t.table}${withFile ? ` (${t.file})` : ""} ${versions}: ${count}, ${outcome}`
}

/** The report as a text table, a line per table, and a summary line. */
export const renderDiff = (report: DiffReport): string => {
  const header = ["change", "table", "column/check", "before → after", "breaking?"]
  const rows = report.changes.map((c) => [c.rule, c.table, c.subject, `${clip(c.before || NONE)} → ${clip(c.after || NONE)}`, c.breaking ? "breaking" : "non-breaking"])
  const all = [header, ...rows]
  const widths = header.map((_, i) => width(all, i))
  const line = (r: ReadonlyArray<string>) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")
  const changed = report.tables.filter((t) => report.changes.some((c) => c.table === t.table && c.file === t.file))
  const failing = report.tables.filter((t) => t.fails).length
  return [
    ...(rows.length === 0 ? ["no changes"] : all.map(line)),
    "",
    ...changed.map((t) => tableLine(t, report.files.length > 1)),
    `${report.changes.length} change${report.changes.length === 1 ? "" : "s"} (${report.breaking} breaking) in ${report.tables.length} table${report.tables.length === 1 ? "" : "s"} of ${report.files.length} file${report.files.length === 1 ? "" : "s"}: ${
      report.fails ? `FAIL: ${failing} table${failing === 1 ? "" : "s"} changed in a breaking way without a new major version` : "ok"
    }`
  ].join("\n")
}

/** The report as JSON (stable field names; `exitCode` is what the command exits with). */
export const diffJson = (report: DiffReport): string =>
  JSON.stringify({ ...report, exitCode: report.fails ? 1 : 0 }, null, 2)

/** Escape a workflow command's message (`%`, CR, LF) or property (also `:` and `,`). */
const escapeData = (s: string): string => s.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A")
const escapeProperty = (s: string): string => escapeData(s).replaceAll(":", "%3A").replaceAll(",", "%2C")

const annotation = (c: FileChange, fails: boolean): string => {
  const level = c.breaking && fails ? "error" : "notice"
  const title = `${c.breaking ? "Breaking" : "Non-breaking"} contract change: ${c.rule}`
  const what = `${c.table}${c.subject === "" ? "" : ` ${c.subject}`}: ${c.before || NONE} → ${c.after || NONE}`
  const why = c.breaking ? (fails ? " (raise the contract's major version if this is intended)" : " (the major version was raised)") : ""
  return `::${level} file=${escapeProperty(c.file)},title=${escapeProperty(title)}::${escapeData(what + why)}`
}

/** One GitHub Actions workflow command per change: `::error` for breaking changes that fail the diff, `::notice` otherwise. */
export const githubAnnotations = (report: DiffReport): ReadonlyArray<string> =>
  report.changes.map((c) => annotation(c, report.tables.some((t) => t.table === c.table && t.file === c.file && t.fails)))
