/**
 * `lakegate contracts export CONTRACT --format odcs|jsonschema|sql|dbt
 * [--table T] [--dialect duckdb|postgres] [--out FILE] [--strict]`: write a
 * contract (a TypeScript module or an ODCS YAML file) in another format, to
 * FILE or stdout. What the format cannot express is listed on stderr in one
 * line; with `--strict` it is refused instead (exit 2, nothing written).
 *
 *   lakegate contracts export contracts/orders.ts --format odcs --out orders.odcs.yaml
 *   lakegate contracts export shop.odcs.yaml --table orders --format sql --dialect postgres
 *
 * Exit codes: 0 written; 2 bad usage, a contract that cannot be loaded, or
 * something not exported with `--strict`; 4 the file cannot be written.
 */
import { Args, Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { mkdir, writeFile } from "node:fs/promises"
import { dirname } from "node:path"
import { DIALECTS } from "../export/ddl.ts"
import { EXPORT_FORMATS, exportContract } from "../export/exportContract.ts"
import { describeOmission } from "../export/model.ts"
import { ExitCode } from "../run/exitCode.ts"
import { commandHelp } from "./help.ts"

const contract = Args.text({ name: "CONTRACT" }).pipe(Args.withDescription("a table contract: a .ts/.js module exporting table(...) (or any table contract), or an ODCS .yaml"))
const format = Options.choice("format", EXPORT_FORMATS).pipe(Options.withDescription("odcs (ODCS v3.1 YAML), jsonschema (JSON Schema 2020-12 of a row), sql (CREATE TABLE), dbt (schema.yml)"))
const dialect = Options.choice("dialect", DIALECTS).pipe(Options.optional, Options.withDescription("the SQL dialect of sql and of dbt data types (default duckdb)"))
const table = Options.text("table").pipe(Options.optional, Options.withDescription("export only this table (default: every table of the file; jsonschema needs one)"))
const out = Options.text("out").pipe(Options.optional, Options.withDescription("write to this file (default: stdout)"))
const strict = Options.boolean("strict").pipe(Options.withDescription("refuse (exit 2, nothing written) when the format cannot express part of the contract"))

const setExit = (code: number) => Effect.sync(() => (process.exitCode = code))

/** `contracts export`: write the contract in another format; list (or, with --strict, refuse) what it cannot express. */
export const contractsExportCommand = Command.make("export", { contract, format, dialect, table, out, strict }, (options) =>
  Effect.gen(function* () {
    if (Option.isSome(options.dialect) && options.format !== "sql" && options.format !== "dbt") {
      yield* Console.error(`lakegate: --dialect applies to --format sql and dbt, not ${options.format}`)
      return yield* setExit(ExitCode.usage)
    }
    const exported = yield* Effect.either(
      exportContract(options.contract, {
        format: options.format,
        ...Option.match(options.dialect, { onNone: () => ({}), onSome: (d) => ({ dialect: d }) }),
        ...Option.match(options.table, { onNone: () => ({}), onSome: (t) => ({ table: t }) })
      })
    )
    if (exported._tag === "Left") {
      yield* Console.error(`lakegate: ${exported.left.path}: ${exported.left.message}`)
      return yield* setExit(ExitCode.usage)
    }
    const { text, omitted } = exported.right
    if (omitted.length > 0) {
      const line = `${omitted.length} not expressible in ${options.format}, not exported: ${omitted.map(describeOmission).join("; ")}`
      yield* Console.error(`lakegate: ${options.strict ? "refused (--strict): " : ""}${line}`)
      if (options.strict) return yield* setExit(ExitCode.usage)
    }
    if (Option.isNone(options.out)) return yield* Console.log(text.replace(/\n$/, ""))
    const file = options.out.value
    const written = yield* Effect.either(
      Effect.tryPromise({
        try: async () => {
          await mkdir(dirname(file), { recursive: true })
          await writeFile(file, text)
        },
        catch: (e) => (e instanceof Error ? e.message : String(e))
      })
    )
    if (written._tag === "Left") {
      yield* Console.error(`lakegate: cannot write ${file}: ${written.left}`)
      return yield* setExit(ExitCode.internal)
    }
    yield* Console.error(`lakegate: wrote ${file}`)
  })
).pipe(
  Command.withDescription(
    commandHelp("Write a table contract (TypeScript or ODCS) as ODCS v3.1, JSON Schema, SQL DDL or a dbt schema.yml; what the format cannot express is listed, or refused with --strict.", {
      defaults: ["--out     stdout", "--table   every table of the file", "--dialect duckdb"],
      notes: ["Exit 2 with --strict when the format cannot express part of the contract (nothing written)."],
      examples: ["lakegate contracts export orders.contract.ts --format odcs --out orders.odcs.yaml", "lakegate contracts export orders.odcs.yaml --format sql --dialect postgres"]
    })
  )
)
