/**
 * `lakegate report --date D`: rebuild a date's HTML, JUnit and the index from
 * its `quality.json` (e.g. after a lakegate upgrade changed the page), and
 * print the paths written.
 */
import { Command, Options } from "@effect/cli"
import type { FileSystem, Path } from "@effect/platform"
import { Console, Effect } from "effect"
import { rerenderReports } from "../report/writeReports.ts"
import { ExitCode } from "../run/exitCode.ts"
import { dateOption } from "./dateOption.ts"
import { commandHelp } from "./help.ts"

const date = dateOption("the ingestion date YYYY-MM-DD whose reports to rebuild")
const reports = Options.directory("reports").pipe(Options.withDefault("reports"), Options.withDescription("reports directory (default: reports)"))

/**
 * Rebuild the reports and print their paths; the value is the exit code:
 * 0, 3 when the date's `quality.json` is missing or unreadable, 4 when a write failed.
 * Problems are one line on stderr.
 */
export const reportProgram = (options: { readonly date: string; readonly reports: string }): Effect.Effect<ExitCode, never, FileSystem.FileSystem | Path.Path> =>
  rerenderReports(options.reports, options.date).pipe(
    Effect.tap((paths) => Effect.forEach(paths, (p) => Console.log(p), { discard: true })),
    Effect.as(ExitCode.ok),
    Effect.catchTag("ReportError", (e) =>
      Console.error(`lakegate: ${e.message}`).pipe(Effect.as(e.kind === "io" ? ExitCode.internal : ExitCode.input))
    )
  )

/** The `report` command; its handler's value is the exit code, also set on `process.exitCode` when not 0. */
export const reportCommand = Command.make("report", { date, reports }, (options) =>
  reportProgram(options).pipe(
    Effect.tap((code) =>
      Effect.sync(() => {
        if (code !== ExitCode.ok) process.exitCode = code
      })
    )
  )
).pipe(
  Command.withDescription(
    commandHelp("Rebuild quality.html, junit.xml and index.html of a date from its quality.json.", {
      defaults: ["--reports reports", "--date    none: it is required"],
      examples: ["lakegate report --date 2026-11-23", "lakegate report --date 2026-11-23 --reports /data/reports"]
    })
  )
)
