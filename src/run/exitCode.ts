import type { RunOutcome } from "../pipeline/runPipeline.ts"
import type { RunReport } from "../report/RunReport.ts"
/**
 * Exit codes, the contract between lakegate and CI:
 * - 0: everything published (warnings allowed unless `--fail-on warn`);
 * - 1: a contract violation blocked a publish (or a warning with `--fail-on warn`);
 * - 2: bad usage (unknown flag, malformed date, a lakehouse or reports directory that cannot be created or written);
 * - 3: unreadable input (missing file, invalid or truncated JSON, wrong top level);
 * - 4: internal error (I/O or engine failure): the layers before the failed one stay published, the failed one
 *   is reported `failed`; or (decided by the CLI) a run that would exit 0 whose reports could not be written;
 * - 5: the lakehouse is in use by another run (nothing done; no report written).
 */
export const ExitCode = { ok: 0, violation: 1, usage: 2, input: 3, internal: 4, busy: 5 } as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** The signals that interrupt a run (`lakegate run` stops, rolls back the layer in progress and releases the lock). */
export type StopSignal = "SIGINT" | "SIGTERM"

/**
 * The exit code of a run stopped by a signal, as shells and CI runners expect
 * it: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM). The layers
 * published before the signal stay published; the one in progress is not.
 *
 * @example
 * interruptedExitCode("SIGTERM") // 143
 */
export const interruptedExitCode = (signal: StopSignal): number => (signal === "SIGINT" ? 130 : 143)

/** Which check status fails the run: only blocking errors, or warnings too. */
export type FailOn = "error" | "warn"

/** The exit code of a finished run, from its layers' verdicts and its checks. */
export const exitCodeOf = (outcome: {
  readonly blocked: boolean
  readonly warnings: number
  readonly failOn: FailOn
}): ExitCode => (outcome.blocked || (outcome.failOn === "warn" && outcome.warnings > 0) ? ExitCode.violation : ExitCode.ok)

/**
 * The exit code of a run's outcome: its error's kind when it failed (bad
 * input 3, a busy lakehouse 5, an unusable lakehouse directory 2, anything else 4), else from its verdicts.
 */
export const exitCodeOfOutcome = (outcome: RunOutcome, failOn: FailOn): ExitCode =>
  outcome.error !== null
    ? outcome.error.tag === "InputError"
      ? ExitCode.input
      : outcome.error.tag === "LakehouseBusy"
        ? ExitCode.busy
        : outcome.error.tag === "UnusableDirectory"
          ? ExitCode.usage
          : ExitCode.internal
    : exitCodeOf({ blocked: outcome.verdict === "blocked", warnings: outcome.checks.filter((c) => c.status === "warn").length, failOn })

/** The report of a run's outcome, with the exit code it ends with under `failOn`. */
export const toRunReport = (outcome: RunOutcome, failOn: FailOn): RunReport => {
  const { reportVersion, tool, runId, ingestionDate, startedAt, finishedAt, input, contracts, verdict, ...rest } = outcome
  // In the report format's order: failOn after the contracts, exitCode after the verdict.
  return { reportVersion, tool, runId, ingestionDate, startedAt, finishedAt, input, contracts, failOn, verdict, exitCode: exitCodeOfOutcome(outcome, failOn), ...rest }
}
