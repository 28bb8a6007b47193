/**
 * The first guess at a column's type, from the type DuckDB sniffed (CSV,
 * JSON) or read from the file (Parquet), and what to try when the data
 * proves the guess wrong. Parquet columns keep their physical type (a
 * contract type must read it without loss); text formats are judged value
 * by value, so a guess is only a candidate the profile verifies. Binary
 * floats become *pending* decimals in CSV and JSON, whose scale is measured
 * on the data: lakegate has no float kind, so Parquet DOUBLE columns are
 * left out with a reason.
 *
 * @example
 * candidateOf(parseDuckType("DOUBLE").value, "csv")              // pending decimal
 * candidateOf(parseDuckType("STRUCT(a BIGINT)[]").value, "ndjson") // list of struct
 * candidateOf(parseDuckType("FLOAT").value, "parquet")            // a reason to leave it out
 */
import type { DuckType } from "../check/duckType.ts"
import type { DataFormat } from "../check/source.ts"
import { PENDING_DECIMAL, TYPED_PENDING_DECIMAL, type Shape } from "./shape.ts"

/** A candidate shape, or why the column cannot be a contract column. */
export type Candidate = { readonly _tag: "Shape"; readonly shape: Shape } | { readonly _tag: "Skip"; readonly reason: string }

const shape = (s: Shape): Candidate => ({ _tag: "Shape", shape: s })
const skip = (reason: string): Candidate => ({ _tag: "Skip", reason })

const SMALL_INTEGERS = ["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"]
const FLOATS = ["FLOAT", "DOUBLE", "REAL"]
const TIMESTAMPS = ["TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS"]

const scalarCandidate = (name: string, params: ReadonlyArray<string>, format: DataFormat): Candidate => {
  const parquet = format === "parquet"
  if (SMALL_INTEGERS.includes(name)) return shape({ tag: "scalar", name: "BIGINT" })
  if (name === "UBIGINT") return parquet ? shape({ tag: "decimal", precision: 20, scale: 0, pending: false }) : shape(PENDING_DECIMAL)
  if (name === "HUGEINT" || name === "UHUGEINT") return parquet ? skip(`${name} is wider than any contract type`) : shape(PENDING_DECIMAL)
  if (name === "DECIMAL") {
    if (!parquet) return shape(PENDING_DECIMAL)
    const [p = 18, s = 3] = params.map(Number)
    return s === 2 && p <= 18 ? shape({ tag: "decimal", precision: 18, scale: 2, pending: false }) : shape({ tag: "decimal", precision: p, scale: s, pending: false })
  }
  if (FLOATS.includes(name)) return parquet ? skip(`${name} is a binary float, and lakegate compares numbers exactly: declare a DECIMAL by hand`) : shape(PENDING_DECIMAL)
  if (name === "VARCHAR" || name === "ENUM") return shape({ tag: "scalar", name: "VARCHAR" })
  if (name === "BOOLEAN") return shape({ tag: "scalar", name: "BOOLEAN" })
  if (name === "DATE") return shape({ tag: "scalar", name: "DATE" })
  if (TIMESTAMPS.includes(name) || (!parquet && name === "TIMESTAMP_NS")) return shape({ tag: "scalar", name: "TIMESTAMP" })
  // Text formats: anything else DuckDB recognised (times, zoned timestamps, UUIDs, mixed JSON, all NULL) stays text.
  return parquet ? skip(`${name} has no contract kind`) : shape({ tag: "scalar", name: "VARCHAR" })
}

/** The candidate shape of a column of DuckDB type `type` in data of `format`. */
export const candidateOf = (type: DuckType, format: DataFormat): Candidate => {
  switch (type.tag) {
    case "scalar":
      return scalarCandidate(type.name, type.params, format)
    case "list": {
      if (type.size !== null) return skip("a fixed-size array has no contract kind")
      const of = candidateOf(type.of, format)
      return of._tag === "Skip" ? of : shape({ tag: "list", of: of.shape })
    }
    case "struct": {
      const fields: Array<readonly [string, Shape]> = []
      for (const [name, t] of type.fields) {
        const field = candidateOf(t, format)
        if (field._tag === "Skip") return skip(`field ${name}: ${field.reason}`)
        fields.push([name, field.shape])
      }
      return fields.length === 0 ? skip("an empty struct has no contract kind") : shape({ tag: "struct", fields })
    }
    case "map":
      return skip("a MAP (an object with varying keys) has no contract kind")
    case "union":
      return skip("a UNION has no contract kind")
  }
}

/**
 * What to try after a shape failed on the data: an integer column may hold
 * decimals; a decimal column numbers that are not plain decimal text (`1e3`);
 * CSV text always reads as VARCHAR, and a JSON date or timestamp column may
 * hold other strings; nothing else has a fallback.
 */
export const fallbackOf = (failed: Shape, format: DataFormat): Shape | null => {
  const csv = format === "csv" || format === "tsv"
  if (format === "parquet") return null
  if (failed.tag === "scalar" && failed.name === "BIGINT") return PENDING_DECIMAL
  if (failed.tag === "decimal" && failed.pending && failed.typed !== true) return TYPED_PENDING_DECIMAL
  if (csv) return failed.tag === "scalar" && failed.name === "VARCHAR" ? null : { tag: "scalar", name: "VARCHAR" }
  if (failed.tag === "scalar" && (failed.name === "DATE" || failed.name === "TIMESTAMP")) return { tag: "scalar", name: "VARCHAR" }
  return null
}
