/**
 * `lakegate run`: the daily pipeline with its quality gates.
 */
import { Command, Options } from "@effect/cli"
import { Console, Effect, Layer, Option } from "effect"
import { todayUtc } from "../checks/dates.ts"
import { DuckLive, duckSettingSources } from "../engine/Duck.ts"
import { settingsLine, thisMachine } from "../engine/machineSettings.ts"
import { workersSetting } from "../stages/ingest/landSource.ts"
import { lakehouseLayer } from "../lakehouse/Lakehouse.ts"
import { runPipeline, type StageEvent } from "../pipeline/runPipeline.ts"
import { makeRun } from "../run/Run.ts"
import { dateOption } from "./dateOption.ts"
import { loadPipeline } from "./loadPipeline.ts"
import { renderProgress, renderSummary, terminalSafe } from "./summary.ts"
import { ensureDirectory, removeCreated } from "../lakehouse/directory.ts"
import { exitCodeWithReports } from "./reports.ts"
import { reportsTarget, writeReportsTo } from "./reportsTarget.ts"
import { randomBytes } from "node:crypto"
import { statSync } from "node:fs"
import { join } from "node:path"
import { ExitCode, interruptedExitCode, toRunReport } from "../run/exitCode.ts"
import { firstStopSignal, reportInterruption } from "./stopSignals.ts"
import { commandHelp } from "./help.ts"
import { makeProgress, secondsSince } from "./progress.ts"
import { redactData } from "../report/cause.ts"
import { homedir } from "node:os"
import { Either } from "effect"
import { azureBlobStoreLayer } from "../storage/azureBlobStore.ts"
import { azureLocation, isStoreUrl } from "../storage/objectStoreLocation.ts"
import { runOnObjectStore } from "../storage/runOnObjectStore.ts"

const firstLine = (text: string): string => text.split("\n")[0] ?? text

/** The input's size as landing plans with it (standard input: 0). */
const plannedSize = (inputFile: string) => Effect.try(() => (inputFile === "-" ? 0 : statSync(inputFile).size)).pipe(Effect.orElseSucceed(() => 0))

/** The run's settings line (DuckDB threads, memory limit, workers, each from the machine or the environment); null when the environment's values are not valid (the run has said so). */
const effectiveSettingsLine = (inputFile: string, hasSourceModule: boolean) => {
  const machine = thisMachine()
  return Effect.all({ duck: duckSettingSources(machine), workers: Effect.flatMap(plannedSize(inputFile), (bytes) => workersSetting(bytes, hasSourceModule, machine.cores)) }).pipe(
    Effect.map(({ duck, workers }) => settingsLine({ ...duck, workers }, machine)),
    Effect.orElseSucceed(() => null)
  )
}

/** The lakehouse's own directories, which a publish renames between: they must be on the lakehouse's filesystem. */
const RENAMED_DIRECTORIES = [".staging", "_journal", "bronze", "silver", "gold"]

/**
 * Why a lakehouse cannot publish atomically, or null: a publish is a rename,
 * which cannot cross filesystems, so a `.staging` (or layer) directory mounted
 * from another filesystem would fail every publish half-way (EXDEV) and every
 * recovery after it. Found before the run starts.
 */
const otherFilesystem = (lakehouse: string): string | null => {
  const device = (path: string): number | null => {
    try {
      return statSync(path).dev
    } catch {
      return null
    }
  }
  const root = device(lakehouse)
  const other = RENAMED_DIRECTORIES.find((name) => {
    const dev = device(join(lakehouse, name))
    return root !== null && dev !== null && dev !== root
  })
  return other === undefined
    ? null
    : `the lakehouse directory ${lakehouse} cannot be used: ${join(lakehouse, other)} is on another filesystem, and a publish renames within one filesystem`
}

/**
 * When the run is interrupted (the runtime interrupts it on SIGINT and
 * SIGTERM) after its pipeline started: one line on stderr saying what the
 * interruption left, and the exit code 128 + the signal's number. Before the
 * pipeline started (loading the pipeline module, checking directories) the
 * CLI's teardown prints its general line. While the run stops, a second
 * signal waits for the rollback instead of ending the process.
 */
const reportingInterruption = <A, E, R>(started: () => boolean, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.acquireUseRelease(
    Effect.sync(() => {
      const wait = () => {}
      process.on("SIGINT", wait)
      process.on("SIGTERM", wait)
      return () => (process.off("SIGINT", wait), process.off("SIGTERM", wait))
    }),
    () =>
      Effect.onInterrupt(effect, () =>
        Effect.sync(() => {
          if (!started()) return
          const signal = firstStopSignal() ?? "SIGTERM"
          const code = interruptedExitCode(signal)
          process.exitCode = code
          reportInterruption()
          process.stderr.write(
            `lakegate: interrupted by ${signal}: the layer in progress was not published (layers published before it stay), staging removed, lock released (exit ${code})\n`
          )
        })
      ),
    (remove) => Effect.sync(remove)
  )

const pipelineFile = Options.text("pipeline").pipe(
  Options.optional,
  Options.withDescription('the pipeline module (TypeScript or JavaScript) (default: "lakegate": { "pipeline": FILE } in ./package.json)')
)
// Paths as text: checked by lakegate itself (a symlink loop or a dangling link is one clear line, not a crash in the flag parser).
const input = Options.text("input").pipe(Options.optional, Options.withDescription("the delivery: a file, - for standard input; .gz files are decompressed as they are read (default: the pipeline's own input)"))
const date = dateOption("ingestion date YYYY-MM-DD (default: today in UTC, fixed once per run)").pipe(Options.optional)
const lakehouse = Options.text("lakehouse").pipe(
  Options.withDefault("lakehouse"),
  Options.withDescription(
    "lakehouse root directory, or az://<container>/<prefix> on Azure Blob Storage (credentials: AZURE_STORAGE_CONNECTION_STRING, else AZURE_STORAGE_ACCOUNT_URL or AZURE_STORAGE_ACCOUNT with the default Azure credential) (default: lakehouse)"
  )
)
const cache = Options.text("cache").pipe(
  Options.optional,
  Options.withDescription("with an az:// lakehouse: the local cache lakehouse the run works in (default: $XDG_CACHE_HOME or ~/.cache, then lakegate/<account>/<container>/<prefix>)")
)

/** `LAKEGATE_FAULT_KILL_AT=<step>`: the process kills itself (SIGKILL) at that step of an object-store commit; for the fault tests. */
const faultHook = (step: string) =>
  Effect.sync(() => {
    if (process.env["LAKEGATE_FAULT_KILL_AT"] === step) process.kill(process.pid, "SIGKILL")
  })
const reports = Options.text("reports").pipe(Options.withDefault("reports"), Options.withDescription("reports directory, or az://<container>/<prefix>: quality.html, quality.json, junit.xml under <reports>/<date>/ (default: reports)"))
const failOn = Options.choice("fail-on", ["error", "warn"]).pipe(
  Options.withDefault("error" as const),
  Options.withDescription("exit 1 on blocking errors only (error), or on warnings too (warn) (default: error)")
)
const quiet = Options.boolean("quiet").pipe(
  Options.withDescription("no progress on standard error (on a terminal a live line; otherwise one line per finished stage: land, bronze, silver, gold..., reports, with its verdict and seconds)")
)

/** The `run` command; it sets the process exit code from the run's report. */
export const runCommand = Command.make("run", { pipeline: pipelineFile, input, date, lakehouse, cache, reports, failOn, quiet }, (options) => {
  // SIGINT or SIGTERM: the run stops where it is (a publish under way finishes first), its staging goes, its lock is released.
  let pipelineStarted = false
  return Effect.gen(function* () {
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
    // An object-store lakehouse: the run works in a local cache lakehouse, wrapped in the store's protocol.
    const remote = isStoreUrl(options.lakehouse) ? azureLocation(options.lakehouse, process.env, homedir()) : null
    if (remote !== null && Either.isLeft(remote)) {
      yield* Console.error(`lakegate: ${terminalSafe(remote.left.message)}`)
      return yield* Effect.sync(() => (process.exitCode = ExitCode.usage))
    }
    const cacheDir = remote === null ? options.lakehouse : Option.getOrElse(options.cache, () => remote.right.cache)
    // Reports on az:// are written in a local temporary folder, then uploaded.
    const reportsTo = yield* reportsTarget(options.reports)
    if (Either.isLeft(reportsTo)) {
      yield* Console.error(`lakegate: ${terminalSafe(reportsTo.left)}`)
      return yield* Effect.sync(() => (process.exitCode = ExitCode.usage))
    }
    // Both output directories are made sure of before anything runs: one that cannot be used is bad usage (exit 2), found in seconds.
    const directories = yield* Effect.either(Effect.all([ensureDirectory(cacheDir, remote === null ? "lakehouse" : "lakehouse cache"), ensureDirectory(reportsTo.right.local, "reports")]))
    if (directories._tag === "Left") {
      yield* Console.error(`lakegate: ${terminalSafe(directories.left.message)}`)
      return yield* Effect.sync(() => (process.exitCode = ExitCode.usage))
    }
    const split = otherFilesystem(directories.right[0].path)
    if (split !== null) {
      yield* Console.error(`lakegate: ${terminalSafe(split)}`)
      yield* removeCreated(directories.right[1])
      return yield* Effect.sync(() => (process.exitCode = ExitCode.usage))
    }
    const now = new Date()
    const run = makeRun(inputFile, Option.getOrElse(options.date, () => todayUtc(now)), now, randomBytes(3).toString("hex"))
    const started = Date.now()
    // On a terminal a live line; piped, one line per finished stage; nothing with --quiet.
    const progress = makeProgress("run", { quiet: options.quiet })
    let lastPrint = 0
    const onProgress = (bytes: number, records: number) => {
      const t = Date.now()
      if (t - lastPrint < 250) return
      lastPrint = t
      progress.live(`land: ${renderProgress(bytes, records, t - started).trim()}`)
    }
    const onStage = (event: StageEvent) =>
      event._tag === "Started" ? progress.live(`${event.stage}…`) : progress.step(`${event.stage}: ${event.verdict} (${(event.ms / 1000).toFixed(1)} s)`)
    const pipelineOptions = { onProgress, onStage, sourceModule: module }
    pipelineStarted = true
    const outcome = yield* (
      remote === null
        ? runPipeline(pipeline, run, pipelineOptions).pipe(Effect.provide(Layer.merge(lakehouseLayer(options.lakehouse), DuckLive)))
        : runOnObjectStore(pipeline, run, { cache: cacheDir, pipeline: pipelineOptions, onStep: faultHook }).pipe(Effect.provide(Layer.merge(azureBlobStoreLayer(remote.right.settings), DuckLive)))
    ).pipe(
      Effect.catchTag("DuckError", (e) => Effect.die(e)),
      Effect.catchTag("ConfigError", (e) => Effect.die(e))
    )
    const judged = toRunReport(outcome, options.failOn)
    // What is printed never quotes the data (a record, a value the engine could not convert); the reports redact the same way.
    const report = judged.error === null ? judged : { ...judged, error: { ...judged.error, message: redactData(judged.error.message) } }
    if (report.exitCode === ExitCode.busy) {
      progress.done()
      // The run never started: it writes no report, which would race with the running one's.
      yield* Console.error(`lakegate: ${terminalSafe(firstLine(report.error?.message ?? "the lakehouse is in use"))}`)
      yield* removeCreated(directories.right[1])
      return yield* Effect.sync(() => (process.exitCode = ExitCode.busy))
    }
    const reportsStarted = Date.now()
    progress.live("reports…")
    const written = yield* writeReportsTo(report, reportsTo.right)
    progress.step(`reports: ${written.cause === null ? "written" : "failed"} (${secondsSince(reportsStarted)})`)
    progress.done()
    const settings = yield* effectiveSettingsLine(inputFile, module !== undefined)
    // One exit code for the summary's verdict line and the process: reports that could not be written make a passing run exit 4.
    const exitCode = exitCodeWithReports(report, written.cause)
    yield* Console.log(
      renderSummary(report, { lakehouse: options.lakehouse, reports: written.paths.filter((p) => p.endsWith(".html")), reportsError: written.cause, exitCode, ...(settings === null ? {} : { settings }) })
    )
    if (report.error !== null) yield* Console.error(`lakegate: ${terminalSafe(firstLine(report.error.message))}`)
    if (written.error !== null) yield* Console.error(`lakegate: ${terminalSafe(written.error)}`)
    yield* Effect.sync(() => {
      process.exitCode = exitCode
    })
  }).pipe((effect) => reportingInterruption(() => pipelineStarted, effect))
}).pipe(
  Command.withDescription(
    commandHelp("Run the gated pipeline: source → bronze → silver → gold, each write checked and published only if its gate passes, with quality reports.", {
      notes: [
        "Progress goes to standard error: a live line on a terminal; when piped, one line per finished stage (land, bronze, silver, gold..., reports) with its verdict and seconds, before the summary (run: silver: blocked (1.1 s)); none with --quiet."
      ],
      defaults: [
        '--pipeline  "lakegate": { "pipeline": FILE } in ./package.json',
        "--input     the pipeline's own input (its defaults.input)",
        "--date      today in UTC",
        "--lakehouse lakehouse",
        "--cache     with an az:// lakehouse: $XDG_CACHE_HOME/lakegate/<account>/<container>/<prefix> (else ~/.cache/...)",
        "--reports   reports",
        "--fail-on   error"
      ],
      examples: [
        "AZURE_STORAGE_CONNECTION_STRING=... lakegate run --lakehouse az://lake/prod --input orders-2026-11-23.ndjson",
        "lakegate run",
        "lakegate run --pipeline examples/orders/pipeline.ts --input orders-2026-11-23.ndjson.gz --date 2026-11-23",
        "curl -sf https://example.com/deliveries/today.json | lakegate run --input - --lakehouse /data/lakehouse --reports /data/reports"
      ]
    })
  )
)

