/**
 * `lakegate check CONTRACT DATA...`: check files against a table contract,
 * in place, without a pipeline.
 *
 *   lakegate check contracts/orders.ts landing/orders.csv
 *   lakegate check contracts/shop.yaml --table orders 'landing/2024-05-*.parquet' --quarantine quarantine
 *
 * Exit codes: 0 every check passed (warnings allowed unless --fail-on warn);
 * 1 a check failed; 2 bad usage, or a contract that cannot be loaded or
 * checked; 3 data that cannot be read (missing file, glob matching nothing,
 * malformed file); 4 an internal error (or reports that could not be written).
 * Errors are one line on stderr, never a stack trace.
 */
import { Args, Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { todayUtc } from "../checks/dates.ts"
import { checkData } from "../check/checkData.ts"
import { describeError } from "../check/errors.ts"
import { loadContract } from "../check/loadContract.ts"
import { dataFormats, type SourceSpec } from "../check/source.ts"
import { renderCheckSummary } from "../check/summary.ts"
import { DuckLive } from "../engine/Duck.ts"
import { ExitCode } from "../run/exitCode.ts"
import { dateOption } from "./dateOption.ts"
import { writeRunReports } from "./reports.ts"
import { commandHelp } from "./help.ts"

const contract = Args.text({ name: "contract" }).pipe(Args.withDescription("the contract: a .ts/.js module exporting table(...), or an ODCS .yaml"))
const data = Args.text({ name: "data" }).pipe(Args.atLeast(1), Args.withDescription("data files or globs (.csv .tsv .parquet .ndjson .jsonl .json; the text formats also gzip-compressed, .csv.gz ...)"))
const table = Options.text("table").pipe(Options.optional, Options.withDescription("the table to check, when the contract declares several"))
const format = Options.choice("format", dataFormats).pipe(Options.optional, Options.withDescription("the data's format, when the extension does not say"))
const delimiter = Options.text("delimiter").pipe(Options.optional, Options.withDescription("CSV delimiter (default , and a tab for .tsv)"))
const quote = Options.text("quote").pipe(Options.optional, Options.withDescription("CSV quote character (default \")"))
const noHeader = Options.boolean("no-header").pipe(Options.withDescription("the CSV has no header line: its columns are the contract's, in order"))
const quarantine = Options.text("quarantine").pipe(Options.optional, Options.withDescription("write the failing rows to DIR/quarantine.parquet"))
const reports = Options.text("reports").pipe(Options.withDefault("reports"), Options.withDescription("reports directory: quality.json, .html, junit.xml under DIR/<date>/ (default: reports)"))
const date = dateOption("report date YYYY-MM-DD, also the date freshness is judged against (default: today in UTC)").pipe(Options.optional)
const failOn = Options.choice("fail-on", ["error", "warn"]).pipe(
  Options.withDefault("error" as const),
  Options.withDescription("exit 1 on failing checks only (error), or on warnings too (warn) (default: error)")
)

const setExit = (code: number) => Effect.sync(() => (process.exitCode = code))

/** The `check` command. */
export const checkCommand = Command.make("check", { contract, data, table, format, delimiter, quote, noHeader, quarantine, reports, date, failOn }, (options) =>
  Effect.gen(function* () {
    const loaded = yield* Effect.either(loadContract(options.contract, Option.match(options.table, { onNone: () => ({}), onSome: (t) => ({ table: t }) })))
    if (loaded._tag === "Left") {
      yield* Console.error(`lakegate: ${describeError(loaded.left)}`)
      return yield* setExit(ExitCode.usage)
    }
    const spec: SourceSpec = {
      paths: options.data,
      ...Option.match(options.format, { onNone: () => ({}), onSome: (f) => ({ format: f }) }),
      csv: {
        ...Option.match(options.delimiter, { onNone: () => ({}), onSome: (d) => ({ delimiter: d }) }),
        ...Option.match(options.quote, { onNone: () => ({}), onSome: (q) => ({ quote: q }) }),
        ...(options.noHeader ? { header: false } : {})
      }
    }
    const checked = yield* Effect.either(
      checkData(loaded.right, spec, {
        ingestionDate: Option.getOrElse(options.date, () => todayUtc(new Date())),
        failOn: options.failOn,
        contractPath: options.contract,
        ...Option.match(options.quarantine, { onNone: () => ({}), onSome: (dir) => ({ quarantine: dir }) })
      }).pipe(
        Effect.provide(DuckLive),
        Effect.catchTag("DuckError", (e) => Effect.die(e)),
        Effect.catchTag("ConfigError", (e) => Effect.die(e))
      )
    )
    if (checked._tag === "Left") {
      yield* Console.error(`lakegate: ${describeError(checked.left)}`)
      return yield* setExit(ExitCode.usage)
    }
    const { report } = checked.right
    const written = yield* writeRunReports(report, options.reports)
    const quarantined = checked.right.quarantine
    const quarantineFile = quarantined !== null && "path" in quarantined ? quarantined : null
    yield* Console.log(renderCheckSummary(report, { reports: written.paths.filter((p) => p.endsWith(".html")), quarantine: quarantineFile }))
    if (report.error !== null) yield* Console.error(`lakegate: ${report.error.message.split("\n")[0] ?? ""}`)
    const problems = [
      ...(quarantined !== null && "error" in quarantined ? [`could not write the quarantine: ${quarantined.error}`] : []),
      ...(written.error !== null ? [written.error] : [])
    ]
    for (const p of problems) yield* Console.error(`lakegate: ${p}`)
    yield* setExit(problems.length > 0 && report.exitCode === ExitCode.ok ? ExitCode.internal : report.exitCode)
  })
).pipe(
  Command.withDescription(
    commandHelp("Check data files (CSV, Parquet, NDJSON, JSON; gzip-compressed text too) against a table contract, in place: no pipeline, nothing published.", {
      defaults: ["--date    today in UTC", "--reports reports", "--fail-on error", "--format  from the file names"],
      examples: ["lakegate check orders.contract.ts 'exports/orders-*.csv' --quarantine out/", "lakegate check examples/odcs/orders.odcs.yaml exports/orders.csv.gz --fail-on warn"]
    })
  )
)
