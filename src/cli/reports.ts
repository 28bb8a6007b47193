/**
 * Where the CLI writes a run's reports.
 */
import type { FileSystem, Path } from "@effect/platform"
import { Effect } from "effect"
import type { RunReport } from "../report/RunReport.ts"
import { writeReports } from "../report/writeReports.ts"

/**
 * Write the run's reports (JSON, HTML, JUnit, index, CI summary); returns the
 * paths written. A report that cannot be written does not undo what was
 * published: it is said on stderr and the run exits 4 if it would otherwise pass.
 */
export const writeRunReports = (
  report: RunReport,
  reportsDir: string
): Effect.Effect<{ readonly paths: ReadonlyArray<string>; readonly error: string | null }, never, FileSystem.FileSystem | Path.Path> =>
  writeReports(report, reportsDir).pipe(
    Effect.map((paths) => ({ paths, error: null })),
    Effect.catchAll((e) => Effect.succeed({ paths: [], error: `could not write the reports: ${e.message}` }))
  )
