/**
 * `lakegate init DATA...`: profile a dataset and write a starting contract,
 * every suggested check true of that data.
 *
 *   lakegate init exports/orders.csv --out orders.contract.ts
 *   lakegate init 'landing/2024-05-*.ndjson' --format odcs --out orders.odcs.yaml --name orders
 *
 * Without --out the contract is printed. Exit codes: 0 written (or printed);
 * 2 bad usage (an unknown format, CSV options on Parquet, an existing --out
 * without --force); 3 data that cannot be read (missing file, glob matching
 * nothing, malformed file) or without any column a contract can declare;
 * 4 an internal error (or a file that cannot be written). Errors are one line on stderr, never a stack trace.
 */
import { Args, Command, Options } from "@effect/cli"
import { Clock, Console, Effect, Option } from "effect"
import { todayUtc } from "../checks/dates.ts"
import { describeError } from "../check/errors.ts"
import { dataFormats, type SourceSpec } from "../check/source.ts"
import { DuckLive } from "../engine/Duck.ts"
import { contractFormatOf, contractFormats, initContract, type InitResult } from "../init/initContract.ts"
import { ExitCode } from "../run/exitCode.ts"
import { commandHelp } from "./help.ts"

const data = Args.text({ name: "data" }).pipe(Args.atLeast(1), Args.withDescription("data files or globs to profile (.csv .tsv .parquet .ndjson .jsonl .json)"))
const format = Options.choice("format", contractFormats).pipe(
  Options.optional,
  Options.withDescription("write a TypeScript module (ts) or ODCS v3.1 YAML (odcs); default from --out's extension, else ts")
)
const out = Options.text("out").pipe(Options.optional, Options.withDescription("write the contract to FILE (default: print it)"))
const force = Options.boolean("force").pipe(Options.withDescription("overwrite --out when it exists"))
const name = Options.text("name").pipe(Options.optional, Options.withDescription("the table's name (default: from the first file's name)"))
const tableFormat = Options.choice("table-format", dataFormats).pipe(Options.optional, Options.withDescription("the data's format, when the extension does not say"))
const delimiter = Options.text("delimiter").pipe(Options.optional, Options.withDescription("CSV delimiter (default , and a tab for .tsv)"))
const quote = Options.text("quote").pipe(Options.optional, Options.withDescription("CSV quote character (default \")"))
const noHeader = Options.boolean("no-header").pipe(Options.withDescription("the CSV has no header line: its columns are named column0, column1, ..."))

const setExit = (code: number) => Effect.sync(() => (process.exitCode = code))

const summary = (result: InitResult, file: string, data: ReadonlyArray<string>): string => {
  const { inferred } = result
  const checks = inferred.suggestions.length + (inferred.key.length > 0 ? 1 : 0)
  const quoted = data.map((d) => (/[\s*?[\]'"]/.test(d) ? `'${d.replaceAll("'", "'\\''")}'` : d)).join(" ")
  return [
    `lakegate init: wrote ${file}: table ${inferred.name}, ${inferred.columns.length} column(s)${inferred.key.length > 0 ? `, key ${inferred.key.join(", ")}` : ", no key"}, ${checks} suggested check(s), from ${inferred.from.files.length} file(s) and ${inferred.from.rows} row(s)`,
    ...inferred.skipped.map((s) => `  left out ${s.name}: ${s.reason}`),
    `review it, then: lakegate check ${file} ${quoted}`
  ].join("\n")
}

/** The `init` command. */
export const initCommand = Command.make("init", { data, format, out, force, name, tableFormat, delimiter, quote, noHeader }, (options) =>
  Effect.gen(function* () {
    const chosenName = Option.getOrUndefined(options.name)
    if (chosenName !== undefined && chosenName.trim() === "") {
      yield* Console.error("lakegate: --name must not be empty")
      return yield* setExit(ExitCode.usage)
    }
    const outPath = Option.getOrUndefined(options.out)
    const spec: SourceSpec = {
      paths: options.data,
      ...Option.match(options.tableFormat, { onNone: () => ({}), onSome: (f) => ({ format: f }) }),
      csv: {
        ...Option.match(options.delimiter, { onNone: () => ({}), onSome: (d) => ({ delimiter: d }) }),
        ...Option.match(options.quote, { onNone: () => ({}), onSome: (q) => ({ quote: q }) }),
        ...(options.noHeader ? { header: false } : {})
      }
    }
    const date = todayUtc(new Date(yield* Clock.currentTimeMillis))
    const result = yield* Effect.either(
      initContract(spec, {
        format: Option.getOrElse(options.format, () => (outPath === undefined ? "ts" : contractFormatOf(outPath))),
        date,
        force: options.force,
        ...(chosenName === undefined ? {} : { name: chosenName }),
        ...(outPath === undefined ? {} : { out: outPath })
      }).pipe(Effect.provide(DuckLive))
    )
    if (result._tag === "Right") {
      const written = result.right.written
      return yield* written === null ? Console.log(result.right.text.trimEnd()) : Console.log(summary(result.right, written, options.data))
    }
    const error = result.left
    switch (error._tag) {
      case "FormatError":
        yield* Console.error(`lakegate: ${describeError(error)}`)
        return yield* setExit(ExitCode.usage)
      case "DataError":
        yield* Console.error(`lakegate: ${describeError(error)}`)
        return yield* setExit(ExitCode.input)
      case "InitError":
        yield* Console.error(`lakegate: ${error.path}: ${error.message}`)
        return yield* setExit(error.reason === "no-columns" ? ExitCode.input : error.reason === "exists" ? ExitCode.usage : ExitCode.internal)
      case "DuckError":
        yield* Console.error(`lakegate: internal error: ${error.message.split("\n")[0] ?? ""}`)
        return yield* setExit(ExitCode.internal)
      case "ConfigError":
        yield* Console.error(`lakegate: ${String(error)}`)
        return yield* setExit(ExitCode.usage)
    }
  })
).pipe(
  Command.withDescription(
    commandHelp("Profile data files (CSV, Parquet, NDJSON, JSON) and write a starting contract (TypeScript or ODCS) whose every check passes on them.", {
      defaults: ["--out    print the contract on stdout", "--format from --out's extension, else ts", "--name   from the first file's name"],
      notes: ["Exit 3 when no column can be declared."],
      examples: ["lakegate init exports/orders.csv --out contracts/orders.ts", "lakegate init 'feed/*.ndjson' --format odcs --out orders.odcs.yaml"]
    })
  )
)
