/**
 * The RunReport of a check: one layer (`check`), one table, the checks'
 * results, and the data as `input`: its paths, total bytes, rows, and a
 * sha256 fingerprint of the file list (each file's path, size and
 * modification time, not its content: hashing the content would cost a
 * second read of every byte, more than the checks themselves on Parquet).
 * The verdict is `published` when nothing blocks, `blocked` when a check
 * fails, `failed` when the data could not be read. The exit code follows
 * `src/run/exitCode.ts`, for the `failOn` given.
 *
 * @example
 * const report = checkReport({ contract, run, source, failOn: "error", evaluated, failure: null, timings: [], highlights: [] })
 * report.verdict // "blocked"
 */
import { createHash } from "node:crypto"
import type { CheckResult } from "../contract/CheckResult.ts"
import type { TableSpec } from "../contract/Contract.ts"
import { decide, isBlocking } from "../contract/gate.ts"
import type { TableProfile } from "../report/Profile.ts"
import type { RunReport } from "../report/RunReport.ts"
import { ExitCode, exitCodeOf, type FailOn } from "../run/exitCode.ts"
import type { Run } from "../run/Run.ts"
import { TOOL_VERSION } from "../run/version.ts"
import type { ColumnPlan } from "./columnPlan.ts"
import type { Evaluated } from "./evaluateChecks.ts"
import { CHECK_LAYER } from "./schemaCheck.ts"
import type { DataSource } from "./source.ts"

/** Why a check could not complete: the error's tag, its message, and the exit code it means (3 or 4). */
export interface CheckFailure {
  readonly tag: string
  readonly message: string
  readonly exitCode: number
}

/** sha256 of the sorted file list with each file's size and modification time. */
export const inputFingerprint = (source: DataSource): string =>
  createHash("sha256")
    .update(
      [...source.files]
        .sort((a, b) => a.path.localeCompare(b.path))
        .map((f) => `${f.path}\t${f.bytes}\t${Math.round(f.modifiedMs)}\n`)
        .join("")
    )
    .digest("hex")

/** The columns as planned, for the report's highlights: contract column, type, data column, data type, status. */
export const columnsHighlight = (plan: ColumnPlan): RunReport["highlights"][number] => ({
  title: "Columns",
  columns: ["column", "contract type", "data column", "data type", "status"],
  rows: [
    ...plan.columns.map((c) => [c.name, c.sqlType, c.status === "missing" ? "" : c.source, c.status === "missing" ? "" : c.dataType, c.status]),
    ...plan.extra.map((c) => ["", "", c.name, c.type, "not in the contract"])
  ]
})

/** Checks that were not evaluated, for the report's highlights. */
export const notEvaluatedHighlight = (notEvaluated: Evaluated["notEvaluated"]): ReadonlyArray<RunReport["highlights"][number]> =>
  notEvaluated.length === 0 ? [] : [{ title: "Checks not evaluated", columns: ["check", "why"], rows: notEvaluated.map((n) => [n.checkId, n.reason]) }]

/** What a report is made of. */
export interface CheckReportParts {
  readonly contract: TableSpec
  readonly run: Run
  readonly finishedAt: string
  readonly source: DataSource | null
  readonly failOn: FailOn
  readonly evaluated: Evaluated | null
  readonly failure: CheckFailure | null
  readonly timings: ReadonlyArray<{ readonly stage: string; readonly ms: number }>
  readonly highlights: RunReport["highlights"]
  /** The checked table's column profile; null when the data was not read or the profile could not be computed. */
  readonly profile?: TableProfile | null
}

/** Build the report. */
export const checkReport = (parts: CheckReportParts): RunReport => {
  const { contract, evaluated, failure, source } = parts
  const checks: ReadonlyArray<CheckResult> = evaluated?.results ?? []
  const decision = decide(checks)
  const blocked = checks.some(isBlocking)
  const status = failure !== null ? ("not_run" as const) : blocked ? ("blocked" as const) : ("published" as const)
  const rows = evaluated?.rows ?? 0
  const flagged = evaluated?.flagged ?? 0
  const warnings = checks.filter((c) => c.status === "warn").length
  return {
    reportVersion: 1,
    tool: { name: "lakegate", version: TOOL_VERSION },
    runId: parts.run.runId,
    ingestionDate: parts.run.ingestionDate,
    startedAt: parts.run.startedAt,
    finishedAt: parts.finishedAt,
    input: {
      path: parts.run.input,
      bytes: source?.files.reduce((sum, f) => sum + f.bytes, 0) ?? 0,
      sha256: source === null ? "" : inputFingerprint(source),
      records: rows
    },
    contracts: [{ id: contract.id, version: contract.version }],
    failOn: parts.failOn,
    verdict: failure !== null ? "failed" : blocked ? "blocked" : "published",
    exitCode: failure !== null ? failure.exitCode : exitCodeOf({ blocked, warnings, failOn: parts.failOn }),
    layers: [
      {
        layer: CHECK_LAYER,
        status,
        reasons: decision._tag === "Block" ? decision.reasons : [],
        tables: [
          {
            layer: CHECK_LAYER,
            table: contract.table,
            contract: { id: contract.id, version: contract.version },
            rowsIn: rows,
            accepted: rows - flagged,
            quarantined: flagged,
            status,
            manifestPath: null,
            ...(parts.profile == null ? {} : { profile: parts.profile })
          }
        ]
      }
    ],
    checks,
    quarantineByCheck: (evaluated?.failingRows ?? []).map((f) => ({ checkId: f.checkId, records: f.rows })),
    timings: parts.timings,
    highlights: parts.highlights,
    error: failure === null ? null : { tag: failure.tag, message: failure.message }
  }
}

/** The exit code of a failure: unreadable data is 3, anything else 4. */
export const failureExitCode = (dataError: boolean): number => (dataError ? ExitCode.input : ExitCode.internal)
