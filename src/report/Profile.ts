/**
 * Column profiles: what a staged table holds, column by column (NULLs,
 * approximate distinct values, min and max, the most frequent values of a
 * low-cardinality column), computed beside its checks and kept in the run's
 * report, as Great Expectations' Data Docs and Elementary show them.
 *
 * @example
 * const profile: TableProfile = {
 *   rows: 3,
 *   columns: [{ column: "status", type: "VARCHAR", nulls: 0, distinct: 2, min: "new", max: "paid", top: [{ value: "paid", count: 2 }, { value: "new", count: 1 }] }]
 * }
 */
import { Schema } from "effect"

/** One of a column's most frequent values and how many rows hold it. */
export const TopValue = Schema.Struct({ value: Schema.String, count: Schema.Number })
export type TopValue = typeof TopValue.Type

/** One column's profile. Values are text, so a DECIMAL keeps its exact digits. */
export const ColumnProfile = Schema.Struct({
  column: Schema.String,
  /** The column's SQL type in the staged Parquet file. */
  type: Schema.String,
  /** Rows where the column is NULL. */
  nulls: Schema.Number,
  /** Distinct non-NULL values, approximate (HyperLogLog, `approx_count_distinct`). */
  distinct: Schema.Number,
  /** The smallest and largest value as text (cut at 200 characters); null for a nested column or when every value is NULL. */
  min: Schema.NullOr(Schema.String),
  max: Schema.NullOr(Schema.String),
  /** The most frequent values with their counts, for a low-cardinality text or boolean column; empty otherwise. */
  top: Schema.Array(TopValue)
})
export type ColumnProfile = typeof ColumnProfile.Type

/** A table's profile: its rows and every column's profile, in the table's column order. */
export const TableProfile = Schema.Struct({
  rows: Schema.Number,
  columns: Schema.Array(ColumnProfile),
  /** The table's primary key columns (the index's history shows their distinct counts). */
  key: Schema.optional(Schema.Array(Schema.String))
})
export type TableProfile = typeof TableProfile.Type

/** The NULL share of a column, 0 for an empty table. */
export const nullRate = (profile: TableProfile, column: ColumnProfile): number => (profile.rows === 0 ? 0 : column.nulls / profile.rows)
