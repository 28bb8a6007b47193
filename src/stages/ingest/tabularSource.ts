/**
 * CSV and Parquet sources land through NDJSON: DuckDB reads the file (as a
 * stream, spilling if it must) and writes one JSON object per row, which
 * landing then splits like any NDJSON feed. CSV fields stay text exactly as
 * delivered (`all_varchar`), so a source contract decodes them itself (e.g.
 * `Schema.NumberFromString`) and a bad value is a row violation, not a
 * DuckDB cast error.
 *
 * A gzip-compressed CSV (`.csv.gz`) is read by DuckDB as it is, decompressing
 * as it goes, once it is known to be whole (DuckDB would read a truncated one
 * as a shorter file: see `gzipProblem`). Standard input (`--input -`) is first copied, as a stream, to a
 * file in the landing directory, since DuckDB reads files (and Parquet needs
 * to seek): disk, not memory, holds it.
 */
import { Effect } from "effect"
import { createWriteStream } from "node:fs"
import { stat } from "node:fs/promises"
import { pipeline } from "node:stream/promises"
import { join } from "node:path"
import { Duck, sqlString } from "../../engine/Duck.ts"
import type { RecordFormat } from "../../pipeline/Source.ts"
import { InputError } from "./InputError.ts"
import { displayName, gzipProblem, isGzip, isStdin } from "./openInput.ts"

/** The relation DuckDB reads a tabular file through. */
const reader = (format: RecordFormat, input: string): string | null => {
  switch (format._tag) {
    case "Csv":
      return `read_csv(${sqlString(input)}, all_varchar = true, header = ${format.header ?? true}, delim = ${sqlString(format.delimiter ?? ",")}, quote = ${sqlString(format.quote ?? '"')}, escape = ${sqlString(format.quote ?? '"')}, auto_detect = true)`
    case "Parquet":
      return `read_parquet(${sqlString(input)})`
    default:
      return null
  }
}

/** Copy standard input to `file`, as a stream. */
const copyStdin = (file: string): Effect.Effect<string, InputError> =>
  process.stdin.isTTY === true
    ? Effect.fail(new InputError({ file: "<stdin>", reason: "standard input is a terminal: pipe the delivery in (… | lakegate run --input -)" }))
    : Effect.tryPromise({
        try: () => pipeline(process.stdin, createWriteStream(file)),
        catch: (e) => new InputError({ file: "<stdin>", reason: `cannot read: ${e instanceof Error ? e.message : String(e)}` })
      }).pipe(Effect.as(file))

/**
 * The file landing reads: the input itself for JSON and NDJSON, else an NDJSON
 * rendering of it in `workDir`. A file DuckDB cannot read is bad input (exit 3).
 */
export const landingInput = (format: RecordFormat, input: string, workDir: string): Effect.Effect<string, InputError, Duck> =>
  Effect.gen(function* () {
    if (reader(format, input) === null) return input
    if (format._tag === "Parquet" && isGzip(input)) return yield* new InputError({ file: input, reason: "Parquet is not read gzip-compressed (it compresses itself): deliver the .parquet file" })
    const shown = displayName(input)
    const file = isStdin(input) ? yield* copyStdin(join(workDir, format._tag === "Csv" ? "stdin.csv" : "stdin.parquet")) : input
    const relation = reader(format, file)
    if (relation === null) return input
    const info = yield* Effect.either(Effect.tryPromise(() => stat(file)))
    if (info._tag === "Left") return yield* new InputError({ file: shown, reason: "file not found" })
    if (info.right.isDirectory()) return yield* new InputError({ file: shown, reason: "is a directory, not a file" })
    if (isGzip(input)) {
      const problem = yield* gzipProblem(input)
      if (problem !== null) return yield* new InputError({ file: shown, reason: `not a readable gzip file: ${problem}` })
    }
    const duck = yield* Duck
    const out = join(workDir, "source.ndjson")
    yield* duck
      .run(`copy (select * from ${relation}) to ${sqlString(out)} (format json)`)
      .pipe(Effect.mapError((e) => new InputError({ file: shown, reason: `not readable as ${format._tag === "Csv" ? "CSV" : "Parquet"}: ${e.message.split("\n")[0] ?? e.message}` })))
    return out
  })
