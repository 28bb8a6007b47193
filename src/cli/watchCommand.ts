/**
 * `lakegate watch`: the trigger. Waits for deliveries in an inbox (a folder,
 * or `az://container/prefix`) and runs the pipeline once per delivery (see
 * `src/watch/watchInbox.ts`), in this process, with the public `runPipeline`
 * on a local lakehouse or `runOnObjectStore` on an `az://` one.
 */
import { Command, Options } from "@effect/cli"
import type { FileSystem, Path } from "@effect/platform"
import { Console, Effect, Either, Layer, Option } from "effect"
import { stat } from "node:fs/promises"
import { homedir } from "node:os"
import { DuckLive } from "../engine/Duck.ts"
import { ensureDirectory } from "../lakehouse/directory.ts"
import { lakehouseLayer } from "../lakehouse/Lakehouse.ts"
import { runPipeline, type RunOutcome } from "../pipeline/runPipeline.ts"
import { ExitCode, toRunReport } from "../run/exitCode.ts"
import type { Run } from "../run/Run.ts"
import { azureBlobStore, azureBlobStoreLayer } from "../storage/azureBlobStore.ts"
import { azureLocation, isStoreUrl, type AzureLocation } from "../storage/objectStoreLocation.ts"
import { runOnObjectStore } from "../storage/runOnObjectStore.ts"
import { blobInbox } from "../watch/blobInbox.ts"
import { folderInbox } from "../watch/inbox.ts"
import type { InboxShape } from "../watch/inboxPort.ts"
import { openLedger, type Ledger } from "../watch/ledger.ts"
import { FOLDER_POLL_MS, parsePollInterval, STORE_POLL_MS } from "../watch/pollInterval.ts"
import { storeLedger } from "../watch/storeLedger.ts"
import { watchInbox, type DeliveryOutcome } from "../watch/watchInbox.ts"
import { loadPipeline } from "./loadPipeline.ts"
import { exitCodeWithReports } from "./reports.ts"
import { reportsTarget, writeReportsTo } from "./reportsTarget.ts"
import { terminalSafe } from "./summary.ts"
import { commandHelp } from "./help.ts"

const firstLine = (text: string): string => text.split("\n")[0] ?? text

const inbox = Options.text("inbox").pipe(
  Options.withDescription("where deliveries land (required): a folder, or az://<container>/<prefix> on Azure Blob Storage; processed/ and failed/ are made next to it")
)
const pipelineFile = Options.text("pipeline").pipe(
  Options.optional,
  Options.withDescription('the pipeline module (default: "lakegate": { "pipeline": FILE } in ./package.json)')
)
const lakehouse = Options.text("lakehouse").pipe(
  Options.withDefault("lakehouse"),
  Options.withDescription("lakehouse root directory, or az://<container>/<prefix> (as for run); the ledger is <lakehouse>/_watch/ledger.ndjson (default: lakehouse)")
)
const cache = Options.text("cache").pipe(Options.optional, Options.withDescription("with an az:// lakehouse: the local cache lakehouse the runs work in (default as for run)"))
const reports = Options.text("reports").pipe(Options.withDefault("reports"), Options.withDescription("reports directory, or az://<container>/<prefix> (written locally, then uploaded) (default: reports)"))
const pollInterval = Options.text("poll-interval").pipe(
  Options.optional,
  Options.withDescription("time between scans of the inbox: 500ms, 5s, 1m, or seconds (default: 2s for a folder, 10s for az://)")
)
const interval = Options.float("interval").pipe(Options.optional, Options.withDescription("the same as --poll-interval, in seconds"))
const failOn = Options.choice("fail-on", ["error", "warn"]).pipe(
  Options.withDefault("error" as const),
  Options.withDescription("a delivery fails (moves to failed/) on blocking errors only (error), or on warnings too (warn) (default: error)")
)

const setExit = (code: number) => Effect.sync(() => (process.exitCode = code))

/** An `az://` location, or the reason it cannot be used, for the option `flag`. */
const storeLocation = (flag: string, location: string): Either.Either<AzureLocation, string> =>
  Either.mapLeft(azureLocation(location, process.env, homedir()), (e) => `${flag} ${location}: ${e.reason}`)

/** The inbox `--inbox` names, or why it cannot be used. */
const inboxOf = (location: string): Effect.Effect<Either.Either<InboxShape, string>> =>
  Effect.gen(function* () {
    if (!isStoreUrl(location)) {
      const isFolder = yield* Effect.promise(() => stat(location).then((s) => s.isDirectory(), () => false))
      return isFolder ? Either.right(folderInbox(location)) : Either.left(`--inbox ${location} is not a folder`)
    }
    return Either.flatMap(storeLocation("--inbox", location), ({ settings }) => {
      // The inbox is the prefix's last folder; processed/ and failed/ go beside it, in the folder above.
      const parts = settings.prefix.split("/").filter((p) => p !== "")
      const folder = parts.pop()
      return folder === undefined
        ? Either.left(`--inbox ${location}: give the inbox a folder in the container, az://<container>/<folder> (processed/ and failed/ go beside it)`)
        : Either.right(blobInbox(azureBlobStore({ ...settings, prefix: parts.join("/") }), folder))
    })
  })

/**
 * `LAKEGATE_FAULT_KILL_AT=<step>` (with `LAKEGATE_FAULT_KILL_RUN=<n>`, default 1):
 * the process kills itself (SIGKILL) at that step of the n-th object-store
 * commit it makes; for the fault tests.
 */
const faultHook = () => {
  let runs = 0
  const at = process.env["LAKEGATE_FAULT_KILL_AT"]
  const nth = Number(process.env["LAKEGATE_FAULT_KILL_RUN"] ?? "1")
  return {
    started: () => void runs++,
    onStep: (step: string) =>
      Effect.sync(() => {
        if (at === step && runs === nth) process.kill(process.pid, "SIGKILL")
      })
  }
}

/** The `watch` command. */
export const watchCommand = Command.make("watch", { inbox, pipeline: pipelineFile, lakehouse, cache, reports, pollInterval, interval, failOn }, (options) =>
  Effect.gen(function* () {
    const loaded = yield* Effect.either(loadPipeline(Option.getOrNull(options.pipeline)))
    if (loaded._tag === "Left") {
      yield* Console.error(`lakegate: ${loaded.left.message}`)
      return yield* setExit(ExitCode.usage)
    }
    const { pipeline, module } = loaded.right
    const usage = (message: string) => Effect.zipRight(Console.error(`lakegate: ${terminalSafe(message)}`), setExit(ExitCode.usage))
    const theInbox = yield* inboxOf(options.inbox)
    if (Either.isLeft(theInbox)) return yield* usage(theInbox.left)
    const givenMs = Option.isSome(options.pollInterval)
      ? parsePollInterval(options.pollInterval.value)
      : Option.isSome(options.interval)
        ? options.interval.value > 0 && Number.isFinite(options.interval.value)
          ? Math.max(1, Math.round(options.interval.value * 1000))
          : null
        : isStoreUrl(options.inbox)
          ? STORE_POLL_MS
          : FOLDER_POLL_MS
    if (givenMs === null) return yield* usage("--poll-interval must be a duration above 0: 500ms, 5s, 1m, or a number of seconds")
    const remote = isStoreUrl(options.lakehouse) ? storeLocation("--lakehouse", options.lakehouse) : null
    if (remote !== null && Either.isLeft(remote)) return yield* usage(remote.left)
    const reportsTo = yield* reportsTarget(options.reports)
    if (Either.isLeft(reportsTo)) return yield* usage(reportsTo.left)
    const workDir = remote === null ? options.lakehouse : Option.getOrElse(options.cache, () => remote.right.cache)
    const directories = yield* Effect.either(Effect.all([ensureDirectory(workDir, remote === null ? "lakehouse" : "lakehouse cache"), ensureDirectory(reportsTo.right.local, "reports")]))
    if (directories._tag === "Left") return yield* usage(directories.left.message)
    const opened = yield* Effect.either(remote === null ? openLedger(options.lakehouse) : Effect.succeed<Ledger>(storeLedger(azureBlobStore(remote.right.settings))))
    if (opened._tag === "Left") return yield* usage(`${opened.left.operation} ${opened.left.path}: ${opened.left.message}`)

    const platform = yield* Effect.context<FileSystem.FileSystem | Path.Path>()
    const fault = faultHook()
    const runOne = (run: Run): Effect.Effect<RunOutcome, { readonly message: string }, FileSystem.FileSystem | Path.Path> => {
      const pipelineOptions = { sourceModule: module }
      if (remote === null) return runPipeline(pipeline, run, pipelineOptions).pipe(Effect.provide(Layer.merge(lakehouseLayer(options.lakehouse), DuckLive)))
      fault.started()
      return runOnObjectStore(pipeline, run, { cache: workDir, pipeline: pipelineOptions, onStep: fault.onStep }).pipe(
        Effect.provide(Layer.merge(azureBlobStoreLayer(remote.right.settings), DuckLive))
      )
    }
    const runDelivery = (input: string, ingestionDate: string, runId: string, startedAt: Date) =>
      Effect.gen(function* () {
        const outcome = yield* runOne({ runId, ingestionDate, input, startedAt: startedAt.toISOString() })
        const report = toRunReport(outcome, options.failOn)
        if (report.exitCode === ExitCode.busy) return { verdict: report.verdict, exitCode: report.exitCode, error: null } satisfies DeliveryOutcome
        const written = yield* writeReportsTo(report, reportsTo.right)
        const error = report.error !== null ? terminalSafe(firstLine(report.error.message)) : written.error
        const exitCode = exitCodeWithReports(report, written.cause)
        return { verdict: report.verdict, exitCode, error } satisfies DeliveryOutcome
      }).pipe(
        // An engine that cannot start (DuckDB, its configuration) fails this delivery, not the watcher.
        Effect.catchAll((e) => Effect.succeed({ verdict: "failed", exitCode: ExitCode.internal, error: terminalSafe(firstLine(e.message)) } satisfies DeliveryOutcome)),
        Effect.provide(platform)
      )
    yield* Console.error(
      `lakegate watch: watching ${terminalSafe(theInbox.right.location)} every ${givenMs / 1000} s for pipeline ${pipeline.name}, lakehouse ${terminalSafe(options.lakehouse)}`
    )
    const watched = yield* Effect.either(
      watchInbox({ inbox: theInbox.right, ledger: opened.right, intervalMs: givenMs, runDelivery, log: (line) => Console.log(terminalSafe(line)) })
    )
    if (watched._tag === "Left") {
      yield* Console.error(`lakegate: watch: ${watched.left.operation} ${terminalSafe(watched.left.path)}: ${terminalSafe(watched.left.message)}`)
      return yield* setExit(ExitCode.internal)
    }
  })
).pipe(
  Command.withDescription(
    commandHelp(
      "Watch an inbox (a folder, or az://<container>/<prefix>) and run the pipeline once per delivered file (.gz files too), in arrival order, until SIGTERM (which waits for the current run).",
      {
        notes: [
          "The ingestion date is the file name's -YYYY-MM-DD before its extension (orders-2026-11-23.json), else the day the file arrived (its modification time, UTC; a blob's last-modified time).",
          "Each delivery (name, size, sha256) is recorded with its run id and verdict in <lakehouse>/_watch/ledger.ndjson (a blob, rewritten with conditional writes, on an az:// lakehouse): a restart never runs a finished delivery again; a changed file under the same name is a new delivery.",
          "The file then moves to processed/ (exit 0) or failed/ (any other exit) next to the inbox (on az://: copied there, then deleted from the inbox; a blob is downloaded to a temporary file for its run); one line per delivery on stdout. Hidden files and *.tmp, *.part are ignored.",
          "On an az:// lakehouse each delivery runs as `lakegate run --lakehouse az://...` does (lease, pull into --cache, push and commit); one that finds the lease held stays in the inbox for the next scan.",
          "Exit codes of watch itself: 0 stopped by SIGTERM/SIGINT; 2 bad usage (no pipeline, no inbox, a bad az:// location or poll interval, unusable lakehouse or reports directory); 4 the watcher's own I/O failed (inbox, ledger, a move)."
        ],
        defaults: [
          '--pipeline       "lakegate": { "pipeline": FILE } in ./package.json',
          "--lakehouse      lakehouse",
          "--cache          with an az:// lakehouse: as for run",
          "--reports        reports",
          "--poll-interval  2s for a folder, 10s for az://",
          "--fail-on        error"
        ],
        examples: [
          "lakegate watch --inbox /data/inbox --lakehouse /data/lakehouse",
          "AZURE_STORAGE_ACCOUNT_URL=https://acct.blob.core.windows.net lakegate watch --inbox az://drop/orders/inbox --lakehouse az://lake/prod --poll-interval 30s",
          "lakegate watch --inbox inbox --pipeline examples/orders/pipeline.ts --poll-interval 10s --fail-on warn"
        ]
      }
    )
  )
)
