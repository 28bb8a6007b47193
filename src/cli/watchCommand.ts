/**
 * `lakegate watch`: the trigger. Waits for deliveries in an inbox folder and
 * runs the pipeline once per delivery (see `src/watch/watchInbox.ts`), in this
 * process, with the public `runPipeline`.
 */
import { Command, Options } from "@effect/cli"
import type { FileSystem, Path } from "@effect/platform"
import { Console, Effect, Layer, Option } from "effect"
import { stat } from "node:fs/promises"
import { DuckLive } from "../engine/Duck.ts"
import { ensureDirectory } from "../lakehouse/directory.ts"
import { lakehouseLayer } from "../lakehouse/Lakehouse.ts"
import { runPipeline } from "../pipeline/runPipeline.ts"
import { ExitCode, toRunReport } from "../run/exitCode.ts"
import type { Run } from "../run/Run.ts"
import { watchInbox, type DeliveryOutcome } from "../watch/watchInbox.ts"
import { loadPipeline } from "./loadPipeline.ts"
import { exitCodeWithReports, writeRunReports } from "./reports.ts"
import { terminalSafe } from "./summary.ts"
import { commandHelp } from "./help.ts"

const firstLine = (text: string): string => text.split("\n")[0] ?? text

const inbox = Options.text("inbox").pipe(Options.withDescription("the folder deliveries land in (required); processed/ and failed/ are made next to it"))
const pipelineFile = Options.text("pipeline").pipe(
  Options.optional,
  Options.withDescription('the pipeline module (default: "lakegate": { "pipeline": FILE } in ./package.json)')
)
const lakehouse = Options.text("lakehouse").pipe(Options.withDefault("lakehouse"), Options.withDescription("lakehouse root directory; the ledger is <lakehouse>/_watch/ledger.ndjson (default: lakehouse)"))
const reports = Options.text("reports").pipe(Options.withDefault("reports"), Options.withDescription("reports directory (default: reports)"))
const interval = Options.float("interval").pipe(Options.withDefault(2), Options.withDescription("seconds between scans of the inbox (default 2); a file counts as arrived when two scans see it unchanged"))
const failOn = Options.choice("fail-on", ["error", "warn"]).pipe(
  Options.withDefault("error" as const),
  Options.withDescription("a delivery fails (moves to failed/) on blocking errors only (error), or on warnings too (warn) (default: error)")
)

const setExit = (code: number) => Effect.sync(() => (process.exitCode = code))

/** The `watch` command. */
export const watchCommand = Command.make("watch", { inbox, pipeline: pipelineFile, lakehouse, reports, interval, failOn }, (options) =>
  Effect.gen(function* () {
    const loaded = yield* Effect.either(loadPipeline(Option.getOrNull(options.pipeline)))
    if (loaded._tag === "Left") {
      yield* Console.error(`lakegate: ${loaded.left.message}`)
      return yield* setExit(ExitCode.usage)
    }
    const { pipeline, module } = loaded.right
    const isFolder = yield* Effect.promise(() => stat(options.inbox).then((s) => s.isDirectory(), () => false))
    if (!isFolder || !(options.interval > 0)) {
      yield* Console.error(`lakegate: ${!isFolder ? `--inbox ${terminalSafe(options.inbox)} is not a folder` : "--interval must be a number of seconds above 0"}`)
      return yield* setExit(ExitCode.usage)
    }
    const directories = yield* Effect.either(Effect.all([ensureDirectory(options.lakehouse, "lakehouse"), ensureDirectory(options.reports, "reports")]))
    if (directories._tag === "Left") {
      yield* Console.error(`lakegate: ${terminalSafe(directories.left.message)}`)
      return yield* setExit(ExitCode.usage)
    }
    const platform = yield* Effect.context<FileSystem.FileSystem | Path.Path>()
    const runDelivery = (input: string, ingestionDate: string, runId: string, startedAt: Date) =>
      Effect.gen(function* () {
        const run: Run = { runId, ingestionDate, input, startedAt: startedAt.toISOString() }
        const outcome = yield* runPipeline(pipeline, run, { sourceModule: module }).pipe(Effect.provide(Layer.merge(lakehouseLayer(options.lakehouse), DuckLive)))
        const report = toRunReport(outcome, options.failOn)
        if (report.exitCode === ExitCode.busy) return { verdict: report.verdict, exitCode: report.exitCode, error: null } satisfies DeliveryOutcome
        const written = yield* writeRunReports(report, options.reports)
        const error = report.error !== null ? terminalSafe(firstLine(report.error.message)) : written.error
        const exitCode = exitCodeWithReports(report, written.cause)
        return { verdict: report.verdict, exitCode, error } satisfies DeliveryOutcome
      }).pipe(
        // An engine that cannot start (DuckDB, its configuration) fails this delivery, not the watcher.
        Effect.catchAll((e) => Effect.succeed({ verdict: "failed", exitCode: ExitCode.internal, error: terminalSafe(firstLine(e.message)) } satisfies DeliveryOutcome)),
        Effect.provide(platform)
      )
    yield* Console.error(`lakegate watch: watching ${terminalSafe(options.inbox)} every ${options.interval} s for pipeline ${pipeline.name}, lakehouse ${terminalSafe(options.lakehouse)}`)
    const watched = yield* Effect.either(
      watchInbox({ inbox: options.inbox, lakehouse: options.lakehouse, intervalMs: Math.round(options.interval * 1000), runDelivery, log: (line) => Console.log(terminalSafe(line)) })
    )
    if (watched._tag === "Left") {
      yield* Console.error(`lakegate: watch: ${watched.left.operation} ${terminalSafe(watched.left.path)}: ${terminalSafe(watched.left.message)}`)
      return yield* setExit(ExitCode.internal)
    }
  })
).pipe(
  Command.withDescription(
    commandHelp("Watch an inbox folder and run the pipeline once per delivered file (.gz files too), in arrival order, until SIGTERM (which waits for the current run).", {
      notes: [
        "The ingestion date is the file name's -YYYY-MM-DD before its extension (orders-2026-11-23.json), else the day the file arrived (its modification time, UTC).",
        "Each delivery (name, size, sha256) is recorded with its run id and verdict in <lakehouse>/_watch/ledger.ndjson: a restart never runs a finished delivery again; a changed file under the same name is a new delivery.",
        "The file then moves to processed/ (exit 0) or failed/ (any other exit) next to the inbox; one line per delivery on stdout. Hidden files and *.tmp, *.part are ignored.",
        "Exit codes of watch itself: 0 stopped by SIGTERM/SIGINT; 2 bad usage (no pipeline, no inbox folder, unusable lakehouse or reports directory); 4 the watcher's own I/O failed (inbox, ledger, a move)."
      ],
      defaults: ['--pipeline  "lakegate": { "pipeline": FILE } in ./package.json', "--lakehouse lakehouse", "--reports   reports", "--interval  2 (seconds)", "--fail-on   error"],
      examples: ["lakegate watch --inbox /data/inbox --lakehouse /data/lakehouse", "lakegate watch --inbox inbox --pipeline examples/orders/pipeline.ts --interval 10 --fail-on warn"]
    })
  )
)
