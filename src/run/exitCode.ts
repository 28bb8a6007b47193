/**
 * Exit codes, the contract between lakegate and CI:
 * - 0: everything published (warnings allowed unless `--fail-on warn`);
 * - 1: a contract violation blocked a publish (or a warning with `--fail-on warn`);
 * - 2: bad usage (unknown flag, malformed date);
 * - 3: unreadable input (missing file, invalid or truncated JSON, wrong top level);
 * - 4: internal error (I/O or engine failure); nothing half-published;
 * - 5: the lakehouse is in use by another run (nothing done; no report written).
 */
export const ExitCode = { ok: 0, violation: 1, usage: 2, input: 3, internal: 4, busy: 5 } as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** Which check status fails the run: only blocking errors, or warnings too. */
export type FailOn = "error" | "warn"

/** The exit code of a finished run, from its layers' verdicts and its checks. */
export const exitCodeOf = (outcome: {
  readonly blocked: boolean
  readonly warnings: number
  readonly failOn: FailOn
}): ExitCode => (outcome.blocked || (outcome.failOn === "warn" && outcome.warnings > 0) ? ExitCode.violation : ExitCode.ok)
