/**
 * The JUnit XML rendering, as GitHub, GitLab and Jenkins read it:
 * `testsuites > testsuite (one per layer) > testcase (one per check result)`,
 * with `classname="<layer>.<table>"` and `name="<checkId>"`.
 *
 * - `fail` → `<failure>`: the check ran and its data broke the contract.
 * - `error` → `<error>`: the check could not be evaluated (JUnit's own meaning of error).
 *   Both block the layer and both turn the CI view red.
 * - `warn` → a passing testcase with a `<system-out>` explaining the warning
 *   (records quarantined within tolerance, a warn-severity check): the check ran and
 *   the gate let the data through, so it is not `<skipped>`, which CI shows as "not run".
 * - A layer that failed while written gets one `<failure>` per table (type `failed`).
 * - A layer that never ran gets one `<skipped>` testcase, so its absence shows.
 * - A run that failed before its gates gets a `run` suite with one `<error>`.
 *
 * Times are seconds: a suite's `time` is its stage's wall time, the root's
 * `time` the run's wall time.
 */
import { causeLine } from "./cause.ts"
import { MAX_SAMPLES, type CheckResult } from "../contract/CheckResult.ts"
import { durationMs, earlierRuns, latestRun } from "./figures.ts"
import { formatInt, formatPct, formatThreshold, truncate } from "./format.ts"
import type { DateReport, LayerOutcome, RunReport } from "./RunReport.ts"
import { escapeXmlAttr, escapeXmlText } from "./xml.ts"

type Outcome = "passed" | "failure" | "error" | "skipped"

interface Case {
  readonly classname: string
  readonly name: string
  readonly outcome: Outcome
  /** The `message` attribute of failure / error / skipped. */
  readonly message: string
  readonly type: string
  /** Body of failure / error, or the system-out of a passing case with a warning. */
  readonly details: string | null
}

interface Suite {
  readonly name: string
  readonly seconds: number
  readonly properties: ReadonlyArray<readonly [string, string]>
  readonly cases: ReadonlyArray<Case>
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3)

/** Everything a reader needs to act on a check result, as plain text. */
export const checkDetails = (c: CheckResult): string => {
  const lines = [
    `${c.checkId} on ${c.layer}.${c.table}: ${c.status.toUpperCase()} (severity ${c.severity}, ${c.kind} check, action ${c.action})`,
    c.description,
    `failed: ${formatInt(c.failed)} of ${formatInt(c.total)} (${formatPct(c.rate)}) · threshold ${formatThreshold(c.threshold)}`
  ]
  const observed = Object.entries(c.observed)
  if (observed.length > 0) lines.push(`observed: ${observed.map(([k, v]) => `${k}=${v}`).join(", ")}`)
  lines.push(`message: ${c.message}`)
  if (c.samples.length > 0) {
    lines.push(`samples (${formatInt(c.samples.length)} of ${formatInt(c.failed)}, at most ${MAX_SAMPLES} kept):`)
    for (const s of c.samples) {
      const where = [s.recordIndex === null ? null : `record #${s.recordIndex}`, s.sourceId === null ? null : `id ${s.sourceId}`, s.path].filter((x) => x !== null)
      lines.push(`  - ${where.join(" · ")}: ${s.message}${s.value === null ? "" : ` (value: ${truncate(s.value, 200)})`}`)
    }
  }
  return lines.join("\n")
}

const caseOf = (c: CheckResult): Case => ({
  classname: `${c.layer}.${c.table}`,
  name: c.checkId,
  outcome: c.status === "fail" ? "failure" : c.status === "error" ? "error" : "passed",
  message: c.message,
  type: c.status,
  details: c.status === "pass" ? null : c.status === "warn" ? `WARNING: ${checkDetails(c)}` : checkDetails(c)
})

const notRunCase = (layer: string, run: RunReport): Case => ({
  classname: layer,
  name: "gate",
  outcome: "skipped",
  message: run.error !== null ? `not run: the run failed (${run.error.tag})` : "not run: an earlier layer was blocked",
  type: "not_run",
  details: null
})

/**
 * A layer that failed while it was written (a full disk, an engine error): one
 * `<failure>` per table it was writing (or one `gate` case when it named
 * none). It ran and did not publish, so it is not `<skipped>` ("not run").
 */
const failedCases = (outcome: LayerOutcome, run: RunReport): ReadonlyArray<Case> => {
  const message = `failed while written: ${run.error === null ? "the run failed" : `${run.error.tag}: ${causeLine(run.error.message)}`}`
  const tables = outcome.tables.length > 0 ? outcome.tables.map((t) => ({ classname: `${outcome.layer}.${t.table}`, name: "write" })) : [{ classname: outcome.layer, name: "gate" }]
  return tables.map((t) => ({ ...t, outcome: "failure" as const, message, type: "failed", details: message }))
}

const gateCase = (outcome: LayerOutcome): Case => {
  const message = outcome.reasons.map((r) => `${r.checkId} on ${r.table}: ${r.message}`).join("; ") || "blocked"
  return { classname: outcome.layer, name: "gate", outcome: "failure", message, type: "blocked", details: message }
}

const suites = (report: DateReport, run: RunReport): ReadonlyArray<Suite> => {
  const previous = earlierRuns(report)[0]
  const common: ReadonlyArray<readonly [string, string]> = [
    ["lakegate.runId", run.runId],
    ["lakegate.ingestionDate", run.ingestionDate],
    ["lakegate.verdict", run.verdict],
    ["lakegate.exitCode", String(run.exitCode)],
    ["lakegate.failOn", run.failOn],
    ["lakegate.input", run.input.path],
    ["lakegate.inputSha256", run.input.sha256],
    ["lakegate.runsOfDate", String(report.runs.length)],
    ...(previous === undefined ? [] : ([["lakegate.previousRun", `${previous.runId} ${previous.verdict}`]] as const))
  ]
  const layerNames = [...new Set([...run.layers.map((l) => l.layer), ...run.checks.map((c) => c.layer)])]
  const out: Array<Suite> = layerNames.map((layer) => {
    const outcome: LayerOutcome | undefined = run.layers.find((l) => l.layer === layer)
    const checks = run.checks.filter((c) => c.layer === layer)
    const cases: ReadonlyArray<Case> =
      outcome?.status === "failed"
        ? [...checks.map(caseOf), ...failedCases(outcome, run)]
        : checks.length > 0
        ? checks.map(caseOf)
        : outcome?.status === "blocked"
          ? [gateCase(outcome)]
          : outcome?.status === "published"
            ? []
            : [notRunCase(layer, run)]
    return {
      name: layer,
      seconds: (run.timings.find((t) => t.stage === layer)?.ms ?? 0) / 1000,
      properties: [...common, ["lakegate.layerStatus", outcome?.status ?? "not_run"]],
      cases
    }
  })
  if (run.error !== null) {
    out.unshift({
      name: "run",
      seconds: (durationMs(run) ?? 0) / 1000,
      properties: common,
      cases: [{ classname: "run", name: "pipeline", outcome: "error", message: `${run.error.tag}: ${causeLine(run.error.message)}`, type: run.error.tag, details: run.error.detail ?? run.error.message }]
    })
  }
  return out
}

const counts = (cases: ReadonlyArray<Case>) => ({
  tests: cases.length,
  failures: cases.filter((c) => c.outcome === "failure").length,
  errors: cases.filter((c) => c.outcome === "error").length,
  skipped: cases.filter((c) => c.outcome === "skipped").length
})

const countAttrs = (cases: ReadonlyArray<Case>): string => {
  const n = counts(cases)
  return `tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}"`
}

const a = escapeXmlAttr
const t = escapeXmlText

const renderCase = (c: Case): string => {
  const open = `    <testcase classname="${a(c.classname)}" name="${a(c.name)}" time="0.000"`
  switch (c.outcome) {
    case "passed":
      return c.details === null ? `${open}/>` : `${open}>\n      <system-out>${t(c.details)}</system-out>\n    </testcase>`
    case "skipped":
      return `${open}>\n      <skipped message="${a(c.message)}"/>\n    </testcase>`
    case "failure":
    case "error":
      return `${open}>\n      <${c.outcome} message="${a(c.message)}" type="${a(c.type)}">${t(c.details ?? "")}</${c.outcome}>\n    </testcase>`
  }
}

/** The JUnit XML of a date's latest run (the date's history goes into suite properties). */
export const renderJUnit = (report: DateReport): string => {
  const run = latestRun(report)
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>']
  if (run === undefined) {
    lines.push(`<testsuites name="${a(`lakegate ${report.ingestionDate}`)}" tests="0" failures="0" errors="0" skipped="0" time="0.000"/>`)
    return `${lines.join("\n")}\n`
  }
  const all = suites(report, run)
  const cases = all.flatMap((s) => s.cases)
  lines.push(
    `<testsuites name="${a(`lakegate ${run.ingestionDate}`)}" ${countAttrs(cases)} time="${seconds(durationMs(run) ?? 0)}" timestamp="${a(run.startedAt)}">`
  )
  all.forEach((s, id) => {
    lines.push(`  <testsuite name="${a(s.name)}" id="${id}" ${countAttrs(s.cases)} time="${s.seconds.toFixed(3)}" timestamp="${a(run.startedAt)}">`)
    lines.push("    <properties>")
    for (const [name, value] of s.properties) lines.push(`      <property name="${a(name)}" value="${a(value)}"/>`)
    lines.push("    </properties>")
    for (const c of s.cases) lines.push(renderCase(c))
    lines.push("  </testsuite>")
  })
  lines.push("</testsuites>")
  return `${lines.join("\n")}\n`
}
