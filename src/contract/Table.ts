/**
 * A table definition: one list of columns gives both the Effect Schema of a row
 * (for decoding, arbitraries and docs) and the SQL types the staged Parquet must have.
 */
import { Schema } from "effect"

/** One column: its row schema and its DuckDB type. */
export interface Column<S extends Schema.Schema.Any> {
  readonly schema: S
  readonly sqlType: string
  readonly description: string
}

/** Declare a column. */
export const column = <S extends Schema.Schema.Any>(schema: S, sqlType: string, description: string): Column<S> => ({
  schema,
  sqlType,
  description
})

type Fields<C extends Record<string, Column<Schema.Schema.Any>>> = { readonly [K in keyof C]: C[K]["schema"] }

/** A table's columns, in order, with the row schema derived from them. */
export interface TableDefinition<C extends Record<string, Column<Schema.Schema.Any>>> {
  readonly columns: C
  readonly schema: Schema.Struct<Fields<C>>
  /** `[name, sqlType]` in declaration order, as the Parquet file must have them. */
  readonly sqlColumns: ReadonlyArray<readonly [string, string]>
}

/** Build a table definition from its columns. */
export const defineTable = <C extends Record<string, Column<Schema.Schema.Any>>>(columns: C): TableDefinition<C> => {
  const fields = Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, c.schema])) as Fields<C>
  return {
    columns,
    schema: Schema.Struct(fields),
    sqlColumns: Object.entries(columns).map(([name, c]) => [name, c.sqlType] as const)
  }
}
