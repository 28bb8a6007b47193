/**
 * `lakegate run`: the daily pipeline with its quality gates.
 */
import { Command, Options } from "@effect/cli"
import { Console, Effect, Layer, Option } from "effect"
import { todayUtc } from "../checks/dates.ts"
import { DuckLive } from "../engine/Duck.ts"
import { lakehouseLayer } from "../lakehouse/Lakehouse.ts"
import { runPipeline } from "../pipeline/runPipeline.ts"
import { makeRun } from "../run/Run.ts"
import { dateOption } from "./dateOption.ts"
import { loadPipeline } from "./loadPipeline.ts"
import { renderProgress, renderSummary, terminalSafe } from "./summary.ts"
import { ensureDirectory, removeCreated } from "../lakehouse/directory.ts"
import { exitCodeWithReports, writeRunReports } from "./reports.ts"
import { randomBytes } from "node:crypto"
import { ExitCode, toRunReport } from "../run/exitCode.ts"
import { commandHelp } from "./help.ts"

const firstLine = (text: string): string => text.split("\n")[0] ?? text

const pipelineFile = Options.text("pipeline").pipe(
  Options.optional,
  Options.withDescription('the pipeline module (TypeScript or JavaScript) (default: "lakegate": { "pipeline": FILE } in ./package.json)')
)
// Paths as text: checked by lakegate itself (a symlink loop or a dangling link is one clear line, not a crash in the flag parser).
const input = Options.text("input").pipe(Options.optional, Options.withDescription("the delivery: a file, - for standard input; .gz files are decompressed as they are read (default: the pipeline's own input)"))
const date = dateOption("ingestion date YYYY-MM-DD (default: today in UTC, fixed once per run)").pipe(Options.optional)
const lakehouse = Options.text("lakehouse").pipe(Options.withDefault("lakehouse"), Options.withDescription("lakehouse root directory (default: lakehouse)"))
const reports = Options.text("reports").pipe(Options.withDefault("reports"), Options.withDescription("reports directory: quality.html, quality.json, junit.xml under <reports>/<date>/ (default: reports)"))
const failOn = Options.choice("fail-on", ["error", "warn"]).pipe(
  Options.withDefault("error" as const),
  Options.withDescription("exit 1 on blocking errors only (error), or on warnings too (warn) (default: error)")
)
const quiet = Options.boolean("quiet").pipe(Options.withDescription("no progress line (it shows only on a terminal)"))

/** The `run` command; it sets the process exit code from the run's report. */
export const runCommand = Command.make("run", { pipeline: pipelineFile, input, date, lakehouse, reports, failOn, quiet }, (options) =>
  Effect.gen(function* () {
    const loaded = yield* Effect.either(loadPipeline(Option.getOrNull(options.pipeline)))
    if (loaded._tag === "Left") {
      yield* Console.error(`lakegate: ${loaded.left.message}`)
      return yield* Effect.sync(() => (process.exitCode = ExitCode.usage))
    }
    const { pipeline, module } = loaded.right
    const inputFile = Option.getOrUndefined(options.input) ?? pipeline.defaults?.input
    if (inputFile === undefined) {
      yield* Console.error(`lakegate: no input: give --input FILE (pipeline ${pipeline.name} has no default input)`)
      return yield* Effect.sync(() => (process.exitCode = ExitCode.usage))
    }
    // Both output directories are made sure of before anything runs: one that cannot be used is bad usage (exit 2), found in seconds.
    const directories = yield* Effect.either(Effect.all([ensureDirectory(options.lakehouse, "lakehouse"), ensureDirectory(options.reports, "reports")]))
    if (directories._tag === "Left") {
      yield* Console.error(`lakegate: ${terminalSafe(directories.left.message)}`)
      return yield* Effect.sync(() => (process.exitCode = ExitCode.usage))
    }
    const now = new Date()
    const run = makeRun(inputFile, Option.getOrElse(options.date, () => todayUtc(now)), now, randomBytes(3).toString("hex"))
    const started = Date.now()
    const interactive = process.stderr.isTTY === true && !options.quiet
    let lastPrint = 0
    const onProgress = (bytes: number, records: number) => {
      const t = Date.now()
      if (!interactive || t - lastPrint < 250) return
      lastPrint = t
      process.stderr.write(`\r${renderProgress(bytes, records, t - started)}`)
    }
    const outcome = yield* runPipeline(pipeline, run, { onProgress, sourceModule: module }).pipe(
      Effect.provide(Layer.merge(lakehouseLayer(options.lakehouse), DuckLive)),
      Effect.catchTag("DuckError", (e) => Effect.die(e)),
      Effect.catchTag("ConfigError", (e) => Effect.die(e))
    )
    const report = toRunReport(outcome, options.failOn)
    if (interactive) process.stderr.write("\r\x1b[K")
    if (report.exitCode === ExitCode.busy) {
      // The run never started: it writes no report, which would race with the running one's.
      yield* Console.error(`lakegate: ${terminalSafe(firstLine(report.error?.message ?? "the lakehouse is in use"))}`)
      yield* removeCreated(directories.right[1])
      return yield* Effect.sync(() => (process.exitCode = ExitCode.busy))
    }
    const written = yield* writeRunReports(report, options.reports)
    // One exit code for the summary's verdict line and the process: reports that could not be written make a passing run exit 4.
    const exitCode = exitCodeWithReports(report, written.cause)
    yield* Console.log(
      renderSummary(report, { lakehouse: options.lakehouse, reports: written.paths.filter((p) => p.endsWith(".html")), reportsError: written.cause, exitCode })
    )
    if (report.error !== null) yield* Console.error(`lakegate: ${terminalSafe(firstLine(report.error.message))}`)
    if (written.error !== null) yield* Console.error(`lakegate: ${terminalSafe(written.error)}`)
    yield* Effect.sync(() => {
      process.exitCode = exitCode
    })
  })
).pipe(
  Command.withDescription(
    commandHelp("Run the gated pipeline: source → bronze → silver → gold, each write checked and published only if its gate passes, with quality reports.", {
      defaults: [
        '--pipeline  "lakegate": { "pipeline": FILE } in ./package.json',
        "--input     the pipeline's own input (its defaults.input)",
        "--date      today in UTC",
        "--lakehouse lakehouse",
        "--reports   reports",
        "--fail-on   error"
      ],
      examples: [
        "lakegate run",
        "lakegate run --pipeline examples/orders/pipeline.ts --input orders-2026-11-23.ndjson.gz --date 2026-11-23",
        "curl -sf https://example.com/deliveries/today.json | lakegate run --input - --lakehouse /data/lakehouse --reports /data/reports"
      ]
    })
  )
)

