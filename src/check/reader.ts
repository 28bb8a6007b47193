/**
 * How DuckDB reads a source, as SQL: `read_csv` (every column as text, so
 * each value's type is judged by the contract, not guessed), `read_parquet`
 * (its own types), `read_json` (every column as JSON, for the same reason as
 * CSV). Each is a table function over the file list, so every query over it
 * streams the files: nothing is loaded into a table. A JSON file's columns
 * are the keys DuckDB finds in its sample of the records (the first 20,480
 * of each file): a key first seen after it is not read.
 *
 * @example
 * const columns = yield* describeSource(source)           // [{ name: "id", type: "VARCHAR" }, ...]
 * const sql = readerSql(source, columns, ["id", "amount"])  // read_csv([...], header = true, ...)
 */
import { Effect } from "effect"
import { Duck, sqlString } from "../engine/Duck.ts"
import { DataError } from "./errors.ts"
import type { DataSource } from "./source.ts"

/** A column of the data as DuckDB reads it. */
export interface DataColumn {
  readonly name: string
  readonly type: string
}

const fileList = (source: DataSource): string => `[${source.files.map((f) => sqlString(f.path)).join(", ")}]`

/**
 * DuckDB's CSV reader with the dialect fixed rather than sniffed where
 * sniffing can lose rows: no comment lines (a value starting with `#` would
 * drop its row) and no skipped leading lines (a malformed line must be an
 * error, not taken for the header).
 */
const csvReader = (source: DataSource, names: ReadonlyArray<string> | null): string =>
  `read_csv(${fileList(source)}, header = ${source.csv.header}, delim = ${sqlString(source.csv.delimiter)}, quote = ${sqlString(source.csv.quote)}, skip = 0, comment = '', all_varchar = true` +
  (names === null ? "" : `, names = [${names.map(sqlString).join(", ")}]`) +
  // Columns by name across files; without a header, names come from positions, so files must agree on them.
  (source.csv.header && source.files.length > 1 ? ", union_by_name = true" : "") +
  ")"

const jsonFormat = (source: DataSource): string => (source.format === "json" ? "array" : "newline_delimited")

/** The reader that lets DuckDB find the columns (and, for Parquet, their types). */
const detectingReader = (source: DataSource): string => {
  switch (source.format) {
    case "csv":
    case "tsv":
      return csvReader(source, null)
    case "parquet":
      return `read_parquet(${fileList(source)}, union_by_name = true)`
    case "ndjson":
    case "json":
      return `read_json(${fileList(source)}, format = '${jsonFormat(source)}', union_by_name = true)`
  }
}

/**
 * The data's columns: names (and Parquet types) from the files' metadata,
 * CSV headers, or a sample of the JSON records. Fails with an `unreadable`
 * DataError when DuckDB cannot read the files at all.
 */
export const describeSource = (source: DataSource): Effect.Effect<ReadonlyArray<DataColumn>, DataError, Duck> =>
  Effect.flatMap(Duck, (duck) => duck.all(`describe select * from ${detectingReader(source)}`)).pipe(
    Effect.map((rows) => rows.map((r) => ({ name: String(r["column_name"]), type: String(r["column_type"]) }))),
    Effect.mapError((e) => new DataError({ kind: "unreadable", path: source.given.join(", "), message: readErrorLine(e.message) }))
  )

/**
 * The SQL table function that reads the data for the checks. Without a CSV
 * header, the columns take the contract's names in order (`contractNames`);
 * JSON columns are read as JSON values, whatever their records hold.
 */
export const readerSql = (source: DataSource, columns: ReadonlyArray<DataColumn>, contractNames: ReadonlyArray<string>): string => {
  switch (source.format) {
    case "csv":
    case "tsv":
      return source.csv.header ? csvReader(source, null) : csvReader(source, columns.map((c, i) => contractNames[i] ?? c.name))
    case "parquet":
      return detectingReader(source)
    case "ndjson":
    case "json":
      return `read_json(${fileList(source)}, format = '${jsonFormat(source)}', columns = {${columns.map((c) => `${sqlString(c.name)}: 'JSON'`).join(", ")}})`
  }
}

/** The data's columns as the checks see them: renamed after the contract's when a CSV has no header. */
export const readColumns = (source: DataSource, columns: ReadonlyArray<DataColumn>, contractNames: ReadonlyArray<string>): ReadonlyArray<DataColumn> =>
  (source.format === "csv" || source.format === "tsv") && !source.csv.header ? columns.map((c, i) => ({ ...c, name: contractNames[i] ?? c.name })) : columns

/** Lines of DuckDB's read errors worth keeping after the first: what was wrong. */
const DETAIL = /^(Expected Number of Columns.*|It was not possible to automatically detect.*|Could not convert.*)$/

/**
 * A DuckDB read error in one line: its first line, what was wrong (the
 * field count of a malformed CSV line, a dialect that could not be found),
 * and the file when DuckDB names it only further down.
 *
 * @example
 * readErrorLine("Invalid Input Error: CSV Error on Line: 7\nOriginal Line: 1,2,3\nExpected Number of Columns: 2 Found: 3\n  file = a.csv")
 * // "Invalid Input Error: CSV Error on Line: 7: Expected Number of Columns: 2 Found: 3 (file a.csv)"
 */
export const readErrorLine = (message: string): string => {
  const lines = message.split("\n").map((l) => l.trim())
  const first = lines[0] ?? message
  const detail = lines.slice(1).find((l) => DETAIL.test(l))
  const file = lines.find((l) => l.startsWith("file = "))?.slice("file = ".length)
  return `${first.replace(/\.$/, "")}${detail === undefined ? "" : `: ${detail}`}${file === undefined || first.includes(file) ? "" : ` (file ${file})`}`
}

/**
 * True when a DuckDB error is about the data rather than the query: a
 * malformed file (`Invalid Input Error`) or one that cannot be opened (`IO Error`).
 */
export const isDataReadError = (message: string): boolean => /^(Invalid Input Error|IO Error)\b/.test(message)
