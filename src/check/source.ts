/**
 * The data `lakegate check` reads: files and globs, their format (from the
 * extension or given), CSV dialect options. A source is resolved once into
 * the concrete list of files (globs expanded by DuckDB, each file checked to
 * exist), so a glob matching nothing or a missing file is said before any
 * reading, in one line.
 *
 * @example
 * import { resolveSource } from "./source.ts"
 * const source = yield* resolveSource({ paths: ["landing/2024-05-*.csv"], csv: { delimiter: ";" } }) // needs Duck
 * source.files // ["landing/2024-05-01.csv", "landing/2024-05-02.csv"]
 */
import { Effect } from "effect"
import { stat } from "node:fs/promises"
import { Duck, sqlString } from "../engine/Duck.ts"
import { gzipProblem, isGzip } from "../stages/ingest/openInput.ts"
import { DataError, FormatError } from "./errors.ts"

/** The formats `check` reads. `csv` covers `.tsv` (with a tab delimiter); `json` is one top-level array of records. */
export type DataFormat = "csv" | "tsv" | "parquet" | "ndjson" | "json"

/** Every format, for the command line. */
export const dataFormats: ReadonlyArray<DataFormat> = ["csv", "tsv", "parquet", "ndjson", "json"]

/** CSV dialect: delimiter (default `,`, tab for `.tsv`), quote (default `"`), and whether the first line names the columns. */
export interface CsvOptions {
  readonly delimiter?: string
  readonly quote?: string
  /** Default true; without a header, columns are the contract's, in order. */
  readonly header?: boolean
}

/** What the user named: paths or globs, an optional format, CSV options. */
export interface SourceSpec {
  readonly paths: ReadonlyArray<string>
  readonly format?: DataFormat
  readonly csv?: CsvOptions
}

/** A resolved source: the files to read, in a stable order, and how. */
export interface DataSource {
  /** The paths and globs as given. */
  readonly given: ReadonlyArray<string>
  readonly format: DataFormat
  readonly files: ReadonlyArray<{ readonly path: string; readonly bytes: number; readonly modifiedMs: number }>
  /** Resolved CSV dialect (meaningful for csv and tsv only). */
  readonly csv: { readonly delimiter: string; readonly quote: string; readonly header: boolean }
}

const EXTENSIONS: ReadonlyArray<readonly [RegExp, DataFormat]> = [
  [/\.csv$/i, "csv"],
  [/\.tsv$/i, "tsv"],
  [/\.parquet$/i, "parquet"],
  [/\.(ndjson|jsonl)$/i, "ndjson"],
  [/\.json$/i, "json"]
]

/** The format a file's name says (`.csv`, `.tsv`, `.parquet`, `.ndjson`, `.jsonl`, `.json`, each optionally `.gz` or `.zst` for the text formats). */
export const formatOfPath = (path: string): DataFormat | null => {
  const compressed = /\.(gz|zst)$/i.test(path)
  const name = path.replace(/\.(gz|zst)$/i, "")
  const found = EXTENSIONS.find(([pattern]) => pattern.test(name))?.[1] ?? null
  return compressed && found === "parquet" ? null : found
}

/** True when a path holds glob characters (DuckDB's globs: `*`, `?`, `[...]`). */
export const isGlob = (path: string): boolean => /[*?[]/.test(path)

/** The one format of all the given paths, or the one asked for. */
const chooseFormat = (spec: SourceSpec): Effect.Effect<DataFormat, FormatError> => {
  if (spec.format !== undefined) return Effect.succeed(spec.format)
  const formats = spec.paths.map((p) => [p, formatOfPath(p)] as const)
  const unknown = formats.find(([, f]) => f === null)
  if (unknown !== undefined) {
    return Effect.fail(new FormatError({ path: unknown[0], message: "cannot tell the format from the file name; pass --format csv|tsv|parquet|ndjson|json" }))
  }
  const distinct = [...new Set(formats.map(([, f]) => f))]
  if (distinct.length > 1) {
    return Effect.fail(
      new FormatError({ path: spec.paths.join(", "), message: `the files are of different formats (${distinct.join(", ")}); check them one format at a time or pass --format` })
    )
  }
  return Effect.succeed(distinct[0] ?? "csv")
}

const isCsv = (format: DataFormat) => format === "csv" || format === "tsv"

/** One character, as DuckDB's CSV reader wants a delimiter or quote (`\t` accepted for a tab). */
const oneChar = (name: string, value: string, path: string): Effect.Effect<string, FormatError> => {
  const text = value === "\\t" ? "\t" : value
  return text.length === 1 ? Effect.succeed(text) : Effect.fail(new FormatError({ path, message: `--${name} must be one character, got ${JSON.stringify(value)}` }))
}

/**
 * A file's size and time, once it is known to exist; a gzip file is also read
 * through once to its end, since DuckDB takes one cut short for a shorter file
 * (the rows before the cut, no error): a truncated `.csv.gz` is unreadable data.
 */
const fileInfo = (path: string) =>
  Effect.tryPromise({
    try: () => stat(path),
    catch: () => new DataError({ kind: "missing", path, message: "no such file" })
  }).pipe(
    Effect.filterOrFail(
      (info) => info.isFile(),
      () => new DataError({ kind: "missing", path, message: "not a file" })
    ),
    Effect.tap(() =>
      isGzip(path)
        ? Effect.flatMap(gzipProblem(path), (problem) =>
            problem === null ? Effect.void : Effect.fail(new DataError({ kind: "unreadable", path, message: `not a readable gzip file: ${problem}` }))
          )
        : Effect.void
    ),
    Effect.map((info) => ({ path, bytes: info.size, modifiedMs: info.mtimeMs }))
  )

/** Expand a glob with DuckDB's own `glob()` (the readers would expand it the same way); sorted. */
const expandGlob = (pattern: string): Effect.Effect<ReadonlyArray<string>, DataError, Duck> =>
  Effect.flatMap(Duck, (duck) => duck.all(`select file from glob(${sqlString(pattern)}) order by file`)).pipe(
    Effect.mapError((e) => new DataError({ kind: "unreadable", path: pattern, message: e.message })),
    Effect.map((rows) => rows.map((r) => String(r["file"]))),
    Effect.filterOrFail(
      (files) => files.length > 0,
      () => new DataError({ kind: "no-match", path: pattern, message: "no file matches this pattern" })
    )
  )

/**
 * Resolve what the user named into files: the format (from the names, or
 * given), globs expanded, every file checked to exist. A file named twice
 * (by two globs) is read once.
 */
export const resolveSource = (spec: SourceSpec): Effect.Effect<DataSource, FormatError | DataError, Duck> =>
  Effect.gen(function* () {
    const where = spec.paths.join(", ")
    if (spec.paths.length === 0) return yield* new FormatError({ path: "(none)", message: "no data file given" })
    const format = yield* chooseFormat(spec)
    const csvOptions = spec.csv ?? {}
    if (!isCsv(format) && (csvOptions.delimiter !== undefined || csvOptions.quote !== undefined || csvOptions.header === false)) {
      return yield* new FormatError({ path: where, message: `--delimiter, --quote and --no-header apply to CSV only, and the data is ${format}` })
    }
    const delimiter = yield* oneChar("delimiter", csvOptions.delimiter ?? (format === "tsv" ? "\t" : ","), where)
    const quote = yield* oneChar("quote", csvOptions.quote ?? '"', where)
    const paths: Array<string> = []
    for (const given of spec.paths) paths.push(...(isGlob(given) ? yield* expandGlob(given) : [given]))
    const unique = [...new Set(paths)]
    const files = yield* Effect.forEach(unique, fileInfo, { concurrency: 8 })
    return { given: spec.paths, format, files, csv: { delimiter, quote, header: csvOptions.header ?? true } }
  })
