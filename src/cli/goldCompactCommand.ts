/**
 * `lakegate gold compact`: merge the small files of the current gold
 * version's tables into a new, audited version (see `compactVersion.ts`).
 * Holds the lakehouse like a run; exit 0 compacted or nothing to do, 1 the
 * merged files would change a table's rows (nothing switched), 2 bad usage,
 * 4 an I/O or engine error, 5 the lakehouse is busy or a run switched gold meanwhile.
 */
import { Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { randomBytes } from "node:crypto"
import { existsSync } from "node:fs"
import { DuckLive } from "../engine/Duck.ts"
import { compactTable, defaultCompaction, type Compacted } from "../lakehouse/compactVersion.ts"
import { readCurrent } from "../lakehouse/goldVersions.ts"
import { holdLakehouse } from "../lakehouse/RunLock.ts"
import { ExitCode } from "../run/exitCode.ts"
import { commandHelp } from "./help.ts"
import { terminalSafe } from "./summary.ts"

const lakehouse = Options.directory("lakehouse").pipe(Options.withDefault("lakehouse"), Options.withDescription("lakehouse root directory (default: lakehouse)"))
const tables = Options.text("table").pipe(Options.repeated, Options.withDescription("a table to compact (repeatable; default: every table of the current version)"))
const maxFiles = Options.integer("max-files").pipe(
  Options.withDefault(defaultCompaction.maxFiles),
  Options.withDescription(`compact a table only when it lists more files than this (default ${defaultCompaction.maxFiles})`)
)
const smallMb = Options.integer("small-mb").pipe(
  Options.withDefault(defaultCompaction.smallBytes / 1e6),
  Options.withDescription(`merge the files smaller than this many MB (default ${defaultCompaction.smallBytes / 1e6})`)
)

const setExit = (code: number) =>
  Effect.sync(() => {
    process.exitCode = code
  })
const fail = (code: number, message: string) => Console.error(`lakegate: ${terminalSafe(message.split("\n")[0] ?? message)}`).pipe(Effect.zipRight(setExit(code)))

const done = (c: Compacted) => `compacted ${c.table}: ${c.merged} files merged into ${c.written} (${c.rows} rows); gold version ${c.version.version} is current`

export const goldCompactCommand = Command.make("compact", { lakehouse, tables, maxFiles, smallMb }, (options) =>
  Effect.gen(function* () {
    if (!existsSync(options.lakehouse)) return yield* fail(ExitCode.usage, `no lakehouse at ${options.lakehouse}`)
    if (options.maxFiles < 1 || options.smallMb < 1) return yield* fail(ExitCode.usage, "--max-files and --small-mb must be at least 1")
    const state = yield* readCurrent(options.lakehouse)
    if (Option.isNone(state)) return yield* fail(ExitCode.usage, `no gold version in ${options.lakehouse} to compact`)
    const known = Object.keys(state.value.current.tables)
    const unknown = options.tables.filter((t) => !known.includes(t))
    if (unknown.length > 0) return yield* fail(ExitCode.usage, `unknown gold table ${unknown.join(", ")}; the current version has ${known.join(", ")}`)
    const wanted = options.tables.length > 0 ? options.tables : known
    const settings = { maxFiles: options.maxFiles, smallBytes: options.smallMb * 1e6 }
    // One version per compacted table, each switched in turn, all under one hold of the lakehouse.
    yield* Effect.scoped(
      Effect.zipRight(
        holdLakehouse(options.lakehouse, `compact-${randomBytes(3).toString("hex")}`),
        Effect.forEach(wanted, (table) =>
          compactTable(options.lakehouse, table, settings).pipe(
            Effect.flatMap((result) => Console.log(Option.match(result, { onNone: () => `${table}: nothing to compact (at most ${settings.maxFiles} files, or fewer than 2 under ${options.smallMb} MB)`, onSome: done })))
          )
        )
      )
    )
  }).pipe(
    Effect.provide(DuckLive),
    Effect.catchTags({
      CompactionMismatch: (e) => fail(ExitCode.violation, e.message),
      GoldConflict: (e) => fail(ExitCode.busy, e.message),
      LakehouseBusy: (e) => fail(ExitCode.busy, e.message),
      UnusableDirectory: (e) => fail(ExitCode.usage, e.message),
      LakehouseError: (e) => fail(ExitCode.internal, `${e.operation} ${e.path}: ${e.message}`),
      DuckError: (e) => fail(ExitCode.internal, e.message),
      ConfigError: (e) => fail(ExitCode.usage, `invalid DuckDB setting: ${String(e)}`)
    })
  )
).pipe(
  Command.withDescription(
    commandHelp("Merge the small files of the current gold version's tables into a new version, audited (the same rows: count and a fingerprint of every row) and switched like a run's. The compacted version stays retained for a rollback.", {
      defaults: ["--lakehouse lakehouse", "--table     every table of the current version", `--max-files ${defaultCompaction.maxFiles}`, `--small-mb  ${defaultCompaction.smallBytes / 1e6}`],
      notes: ["Exit codes: 0 compacted, or nothing to compact; 1 the merged files would change a table's rows (nothing switched); 2 bad usage; 4 an I/O or engine error; 5 a run holds the lakehouse, or switched gold meanwhile."],
      examples: ["lakegate gold compact", "lakegate gold compact --table fact_orders --max-files 16 --lakehouse /data/lakehouse"]
    })
  )
)
