/**
 * What testing a contract found, as values: per check a verdict (proven, not
 * caught, rejects valid data, untested), the valid data's runs, and how the
 * generator honoured each check. `renderReport` prints one line per check and
 * a summary, with each counterexample's replay settings below it.
 *
 * @example
 * const report = yield* testContract(orders)
 * console.log(renderReport(report))
 * // proven        range.amount  a value just past a bound (fail, 25 runs)
 * // untested      refund_rule   custom SQL: no mutation can be derived from a query
 */
import { Data } from "effect"
import type { CheckStatus } from "../contract/CheckResult.ts"
import type { CheckSource } from "./checksUnderTest.ts"
import type { PlanNote } from "./columnPlan.ts"
import type { TestRow } from "./values.ts"

/** A failing case, replayable with its seed and path. */
export interface Counterexample {
  readonly seed: number
  /** fast-check's counterexample path (replay it with the seed and the check's label). */
  readonly path: string | null
  /** The flags that replay it: `--seed 42 --path "3:1" --check range.amount`. */
  readonly replay: string
  /** What the mutation changed, in words (empty for valid data). */
  readonly edits: ReadonlyArray<string>
  /** The contract's table as loaded (the first rows). */
  readonly rows: ReadonlyArray<TestRow>
  readonly totalRows: number
  readonly ingestionDate: string
}

/** The verdict on one check. */
export type Verdict = Data.TaggedEnum<{
  /** Valid data passed and every mutation made it fail (or warn, per its thresholds). */
  Proven: {
    readonly mutation: string
    readonly expected: "fail" | "warn"
    /** Mutated datasets it was tried on. */
    readonly runs: number
    /** Other checks the mutation should have left passing but did not, with what they said. */
    readonly collateral: ReadonlyArray<string>
  }
  /** A mutation it should have reacted to (or, just under its threshold, should not have) got another status. */
  NotCaught: {
    readonly mutation: string
    readonly expected: CheckStatus
    readonly observed: CheckStatus
    readonly message: string
    /** True when the case was the same mutation on one row fewer, just under the threshold. */
    readonly belowThreshold: boolean
    readonly counterexample: Counterexample
  }
  /** It failed (or warned, or errored) on valid data. */
  RejectsValid: { readonly status: CheckStatus; readonly message: string; readonly counterexample: Counterexample }
  /** No mutation can be derived, or no valid data or mutated case could be generated. */
  Untested: { readonly reason: string }
}>
export const Verdict = Data.taggedEnum<Verdict>()

/** One check's outcome. */
export interface CheckReport {
  readonly label: string
  readonly id: string
  readonly source: CheckSource["_tag"]
  readonly description: string
  readonly verdict: Verdict
}

/** How a check with no derivable mutation fared on valid data (it is not required to pass it). */
export interface OpaqueCheck {
  readonly label: string
  readonly passed: number
  readonly of: number
}

/** What the valid data showed. */
export interface ValidDataReport {
  /** Valid datasets generated and checked. */
  readonly runs: number
  /** Why no valid data could be generated, or null. */
  readonly untestable: string | null
  /** Checks that rejected valid data (also their verdicts). */
  readonly rejectedBy: ReadonlyArray<string>
  readonly opaque: ReadonlyArray<OpaqueCheck>
}

/** Everything a contract test found. */
export interface ContractTestReport {
  readonly contract: { readonly id: string; readonly table: string; readonly version: string }
  readonly seed: number
  readonly runs: number
  readonly valid: ValidDataReport
  readonly checks: ReadonlyArray<CheckReport>
  /** How the generator honoured checks when not by construction. */
  readonly notes: ReadonlyArray<PlanNote>
  /** True when valid data passes and every derivable mutation is caught. */
  readonly ok: boolean
  readonly durationMs: number
}

/** Counts of verdicts. */
export const summarize = (report: ContractTestReport) => ({
  proven: report.checks.filter((c) => c.verdict._tag === "Proven").length,
  notCaught: report.checks.filter((c) => c.verdict._tag === "NotCaught").length,
  rejectsValid: report.checks.filter((c) => c.verdict._tag === "RejectsValid").length,
  untested: report.checks.filter((c) => c.verdict._tag === "Untested").length
})

const pad = (text: string, width: number): string => (text.length >= width ? text : text + " ".repeat(width - text.length))

/** One line of a check's verdict. */
export const verdictLine = (check: CheckReport, width = 0): string => {
  const label = pad(check.label, width)
  return Verdict.$match(check.verdict, {
    Proven: (v) => `proven          ${label}  ${v.mutation} -> ${v.expected} (${v.runs} runs)${v.collateral.length === 0 ? "" : `; also changed: ${v.collateral.join("; ")}`}`,
    NotCaught: (v) =>
      `NOT CAUGHT      ${label}  ${v.belowThreshold ? `${v.mutation}, one row under the threshold` : v.mutation}: expected ${v.expected}, got ${v.observed} (${v.message})`,
    RejectsValid: (v) => `REJECTS VALID   ${label}  valid data got ${v.status} (${v.message})`,
    Untested: (v) => `untested        ${label}  ${v.reason}`
  })
}

const showRows = (c: Counterexample): ReadonlyArray<string> => [
  ...(c.edits.length === 0 ? [] : [`    changed: ${c.edits.join("; ")}`]),
  `    table (${c.totalRows} rows, ingestion date ${c.ingestionDate})${c.rows.length < c.totalRows ? `, first ${c.rows.length}` : ""}:`,
  ...c.rows.map((r) => `      ${JSON.stringify(r)}`),
  `    replay: ${c.replay}`
]

/** The report as text: a line per check, details of each failure, a summary. */
export const renderReport = (report: ContractTestReport): string => {
  const width = Math.min(40, Math.max(0, ...report.checks.map((c) => c.label.length)))
  const lines = [`contract ${report.contract.id} ${report.contract.version} (table ${report.contract.table}), seed ${report.seed}, ${report.runs} runs`]
  if (report.valid.untestable !== null) lines.push(`valid data: cannot be generated: ${report.valid.untestable}`)
  else lines.push(`valid data: ${report.valid.runs} tables${report.valid.rejectedBy.length === 0 ? ", all passed" : `, rejected by ${report.valid.rejectedBy.join(", ")}`}`)
  for (const check of report.checks) lines.push(verdictLine(check, width))
  for (const check of report.checks) {
    if (check.verdict._tag === "NotCaught" || check.verdict._tag === "RejectsValid") {
      lines.push("", `${check.label}:`, ...showRows(check.verdict.counterexample))
    }
  }
  const opaque = report.valid.opaque.filter((o) => o.of > 0)
  if (opaque.length > 0) lines.push("", "checks without a derivable mutation, on valid data:", ...opaque.map((o) => `  ${o.label}: passed ${o.passed} of ${o.of}`))
  if (report.notes.length > 0) lines.push("", "how valid data honours checks not met by construction:", ...report.notes.map((n) => `  ${n.checkId}: ${n.how}, ${n.detail}`))
  const s = summarize(report)
  lines.push(
    "",
    `${s.proven} proven, ${s.notCaught} not caught, ${s.rejectsValid} rejecting valid data, ${s.untested} untested (${(report.durationMs / 1000).toFixed(1)}s): ${report.ok ? "ok" : "FAILED"}`
  )
  return lines.join("\n")
}
