/**
 * CSV and Parquet sources land through NDJSON: DuckDB reads the file (as a
 * stream, spilling if it must) and writes one JSON object per row, which
 * landing then splits like any NDJSON feed. CSV fields stay text exactly as
 * delivered (`all_varchar`), so a source contract decodes them itself (e.g.
 * `Schema.NumberFromString`) and a bad value is a row violation, not a
 * DuckDB cast error.
 */
import { Effect } from "effect"
import { stat } from "node:fs/promises"
import { join } from "node:path"
import { Duck, sqlString } from "../../engine/Duck.ts"
import type { RecordFormat } from "../../pipeline/Source.ts"
import { InputError } from "./InputError.ts"

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

/**
 * The file landing reads: the input itself for JSON and NDJSON, else an NDJSON
 * rendering of it in `workDir`. A file DuckDB cannot read is bad input (exit 3).
 */
export const landingInput = (format: RecordFormat, input: string, workDir: string): Effect.Effect<string, InputError, Duck> =>
  Effect.gen(function* () {
    const relation = reader(format, input)
    if (relation === null) return input
    const info = yield* Effect.either(Effect.tryPromise(() => stat(input)))
    if (info._tag === "Left") return yield* new InputError({ file: input, reason: "file not found" })
    if (info.right.isDirectory()) return yield* new InputError({ file: input, reason: "is a directory, not a file" })
    const duck = yield* Duck
    const out = join(workDir, "source.ndjson")
    yield* duck
      .run(`copy (select * from ${relation}) to ${sqlString(out)} (format json)`)
      .pipe(Effect.mapError((e) => new InputError({ file: input, reason: `not readable as ${format._tag === "Csv" ? "CSV" : "Parquet"}: ${e.message.split("\n")[0] ?? e.message}` })))
    return out
  })
