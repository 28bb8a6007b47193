/**
 * Where the CLI writes a run's reports, and what a report that cannot be
 * written means for the run's exit code.
 */
import type { FileSystem, Path } from "@effect/platform"
import { Effect } from "effect"
import type { RunReport } from "../report/RunReport.ts"
import { writeReports } from "../report/writeReports.ts"
import { ExitCode } from "../run/exitCode.ts"

/** The reports written, or why they could not be. */
export interface WrittenReports {
  readonly paths: ReadonlyArray<string>
  /** `could not write the reports: <cause>`, one line; null when they were written. */
  readonly error: string | null
  /** The cause alone (the first line of the write error); null when they were written. */
  readonly cause: string | null
}

/**
 * Write the run's reports (JSON, HTML, JUnit, index, CI summary); returns the
 * paths written. A report that cannot be written does not undo what was
 * published: why is returned (one line) for the summary and
 * {@link exitCodeWithReports}.
 *
 * @example
 * const written = yield* writeRunReports(report, "reports") // { paths: [...], error: null }
 */
export const writeRunReports = (report: RunReport, reportsDir: string): Effect.Effect<WrittenReports, never, FileSystem.FileSystem | Path.Path> =>
  writeReports(report, reportsDir).pipe(
    Effect.map((paths) => ({ paths, error: null, cause: null })),
    Effect.catchAll((e) => {
      const cause = e.message.split("\n")[0] ?? e.message
      return Effect.succeed({ paths: [], error: `could not write the reports: ${cause}`, cause })
    })
  )

/**
 * The exit code a run ends with once its reports were written, or not: a run
 * that would exit 0 exits 4 when its reports could not be written (what it
 * published stays published); any other code is kept, it already says the
 * run did not pass.
 *
 * @example
 * exitCodeWithReports(report, "EACCES: permission denied") // 4 when report.exitCode is 0
 */
export const exitCodeWithReports = (report: RunReport, reportsError: string | null): number =>
  reportsError !== null && report.exitCode === ExitCode.ok ? ExitCode.internal : report.exitCode
