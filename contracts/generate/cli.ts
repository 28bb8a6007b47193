/**
 * The generator's command line as a value: flags (@effect/cli, with `--help`),
 * the handler that calls the library ({@link writeSnapshotFile} or
 * {@link writeDailySnapshots}), and {@link runGenerate}, which maps the outcome
 * to an exit code: 0 done, 2 bad usage, 1 anything else (e.g. an unwritable
 * path). `main.ts` only runs it.
 */
import { Command, Options, ValidationError } from "@effect/cli"
import type { CliApp } from "@effect/cli/CliApp"
import { Console, Data, Effect, Option } from "effect"
import { DEFAULT_AS_OF } from "./dates.ts"
import { DEFAULT_HABITS } from "./history.ts"
import { InvalidOptionsError, type SnapshotFileResult, writeDailySnapshots, writeSnapshotFile } from "./files.ts"
import { WriteError } from "./write.ts"

/** Flags that do not make a valid request together. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

const customers = Options.integer("customers").pipe(
  Options.withDescription("Number of customers (in daily mode: customers on the start day).")
)
const seed = Options.integer("seed").pipe(
  Options.withDefault(42),
  Options.withDescription("Seed; the same flags always give byte-identical files.")
)
const defectRate = Options.float("defect-rate").pipe(
  Options.optional,
  Options.withDescription("Probability that a record gets exactly one defect (default 0.02; 0 in daily mode).")
)
const out = Options.text("out").pipe(
  Options.optional,
  Options.withDescription("Data file to write; the truth sidecar goes beside it (x.json -> x.truth.json).")
)
const asOf = Options.text("as-of").pipe(
  Options.optional,
  Options.withDescription(`As-of date YYYY-MM-DD: no valid date is later (default ${DEFAULT_AS_OF}).`)
)
const days = Options.integer("days").pipe(
  Options.optional,
  Options.withDescription("Daily mode: number of daily full snapshots to write into --out-dir.")
)
const outDir = Options.text("out-dir").pipe(
  Options.optional,
  Options.withDescription("Daily mode: directory for customers-YYYY-MM-DD.json files and changes.json.")
)
const feed = Options.choice("feed", ["snapshot", "increment"]).pipe(
  Options.optional,
  Options.withDescription("Daily mode: snapshot (default: every day every customer and transaction) or increment (day 1 a full load, then each day only new customers, changed customers and that day's transactions).")
)
const signupWindow = Options.integer("signup-window").pipe(
  Options.optional,
  Options.withDescription(`Daily mode: the start day's customers signed up within this many days before it (default ${DEFAULT_HABITS.signupWindowDays}).`)
)
const meanGap = Options.text("mean-gap").pipe(
  Options.optional,
  Options.withDescription(`Daily mode: MIN,MAX: each buyer's mean days between purchases, drawn log-uniform between them (default ${DEFAULT_HABITS.meanGapDays.join(",")}). A young, busy shop (--signup-window 30 --mean-gap 2,30) makes increments of mostly new transactions.`)
)
const start = Options.text("start").pipe(
  Options.optional,
  Options.withDescription(`Daily mode: date of the first snapshot (default ${DEFAULT_AS_OF}).`)
)

const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(1) + " MB"

const report = (result: SnapshotFileResult): string =>
  `${result.path}: ${result.customers} customers, ${result.defects} defects, ${megabytes(result.bytes)} (truth: ${result.truthPath})`

/** The `generate` command: flags, help text and handler. */
export const generateCommand = Command.make(
  "generate",
  { customers, seed, defectRate, out, asOf, days, outDir, start, feed, signupWindow, meanGap },
  (flags) =>
    Effect.gen(function*() {
      const began = performance.now()
      const elapsed = (bytes: number): string => {
        const seconds = (performance.now() - began) / 1000
        return `${seconds.toFixed(2)} s, ${(bytes / 1e6 / Math.max(seconds, 1e-9)).toFixed(1)} MB/s`
      }
      if (Option.isSome(flags.days)) {
        if (Option.isNone(flags.outDir)) return yield* new UsageError({ message: "--days needs --out-dir" })
        if (Option.isSome(flags.out)) return yield* new UsageError({ message: "--out cannot be used with --days (use --out-dir)" })
        if (Option.isSome(flags.asOf)) return yield* new UsageError({ message: "--as-of cannot be used with --days (use --start)" })
        const gaps = Option.map(flags.meanGap, (text) => text.split(",").map(Number))
        if (Option.isSome(gaps) && (gaps.value.length !== 2 || gaps.value.some((n) => !Number.isFinite(n)))) {
          return yield* new UsageError({ message: `--mean-gap needs MIN,MAX (two numbers of days), got ${JSON.stringify(Option.getOrElse(flags.meanGap, () => ""))}` })
        }
        const result = yield* writeDailySnapshots({
          seed: flags.seed,
          customers: flags.customers,
          defectRate: Option.getOrElse(flags.defectRate, () => 0),
          days: flags.days.value,
          start: Option.getOrUndefined(flags.start),
          outDir: flags.outDir.value,
          feed: Option.getOrUndefined(flags.feed),
          habits: {
            signupWindowDays: Option.getOrElse(flags.signupWindow, () => DEFAULT_HABITS.signupWindowDays),
            meanGapDays: Option.match(gaps, { onNone: () => DEFAULT_HABITS.meanGapDays, onSome: ([min, max]) => [min!, max!] as const })
          }
        })
        const bytes = result.snapshots.reduce((sum, s) => sum + s.bytes, 0)
        for (const snapshot of result.snapshots) yield* Console.log(report(snapshot))
        yield* Console.log(`${result.changesPath}: ${result.changes} name/email changes`)
        yield* Console.log(`${result.snapshots.length} snapshots, ${megabytes(bytes)} in ${elapsed(bytes)}`)
        return
      }
      if (Option.isNone(flags.out)) return yield* new UsageError({ message: "--out FILE is required (or --days with --out-dir)" })
      if (Option.isSome(flags.outDir)) return yield* new UsageError({ message: "--out-dir needs --days" })
      if (Option.isSome(flags.start)) return yield* new UsageError({ message: "--start needs --days (use --as-of)" })
      if (Option.isSome(flags.feed)) return yield* new UsageError({ message: "--feed needs --days" })
      if (Option.isSome(flags.signupWindow) || Option.isSome(flags.meanGap)) return yield* new UsageError({ message: "--signup-window and --mean-gap need --days" })
      const result = yield* writeSnapshotFile({
        seed: flags.seed,
        customers: flags.customers,
        defectRate: Option.getOrElse(flags.defectRate, () => 0.02),
        asOf: Option.getOrUndefined(flags.asOf),
        out: flags.out.value
      })
      yield* Console.log(`${report(result)} in ${elapsed(result.bytes)}`)
    })
).pipe(Command.withDescription("Generate deterministic source data {\"customers\": [...]} with injected defects and a truth sidecar."))

const cli = Command.run(generateCommand, { name: "lakegate-generate", version: "0.1.0" })

/**
 * Run the generator for a full argv (`[node, script, ...flags]`) and return
 * the process exit code: 0 success, 2 bad usage (after a one-line message on
 * stderr; @effect/cli prints its own for unknown or malformed flags), 1 other
 * failures. Never fails.
 *
 * @example
 * runGenerate(["node", "generate", "--customers", "10", "--out", "x.json"]).pipe(Effect.provide(NodeContext.layer))
 */
export const runGenerate = (argv: ReadonlyArray<string>): Effect.Effect<number, never, CliApp.Environment> =>
  cli(argv).pipe(
    Effect.as(0),
    Effect.catchAll((error) => {
      if (ValidationError.isValidationError(error)) return Effect.succeed(2)
      if (error instanceof UsageError || error instanceof InvalidOptionsError) {
        return Console.error(`generate: ${error.message}`).pipe(Effect.as(2))
      }
      if (error instanceof WriteError) return Console.error(`generate: cannot write ${error.path}: ${error.message}`).pipe(Effect.as(1))
      return Console.error(`generate: ${String(error)}`).pipe(Effect.as(1))
    })
  )
