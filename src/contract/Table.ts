/**
 * A table definition: one list of columns gives both the Effect Schema of a row
 * (for decoding, arbitraries and docs) and the SQL types the staged Parquet must have.
 */
import { Arbitrary, type FastCheck, Schema } from "effect"

/** One column: its row schema and its DuckDB type. */
export interface Column<S extends Schema.Schema.AnyNoContext> {
  readonly schema: S
  readonly sqlType: string
  readonly description: string
}

/** Declare a column. */
export const column = <S extends Schema.Schema.AnyNoContext>(schema: S, sqlType: string, description: string): Column<S> => ({
  schema,
  sqlType,
  description
})

type Fields<C extends Record<string, Column<Schema.Schema.AnyNoContext>>> = { readonly [K in keyof C]: C[K]["schema"] }

/**
 * A row schema seen through `unknown`, for code that handles many tables at
 * once (the property tests): Effect's schemas are invariant in their types, so
 * a list of tables cannot keep each one's row type. `encode` and `decode` check
 * what they are given instead of trusting a type; `arbitrary` gives valid rows.
 */
export interface RowCodec {
  readonly encode: (row: unknown) => unknown
  readonly decode: (input: unknown) => unknown
  readonly arbitrary: () => FastCheck.Arbitrary<unknown>
}

/** The {@link RowCodec} of a schema, built where its types are known. */
export const rowCodec = <A, I>(schema: Schema.Schema<A, I, never>): RowCodec => ({
  encode: Schema.encodeUnknownSync(schema),
  decode: Schema.decodeUnknownSync(schema),
  arbitrary: () => Arbitrary.make(schema)
})

/** A table's columns, in order, with the row schema derived from them. */
export interface TableDefinition<C extends Record<string, Column<Schema.Schema.AnyNoContext>>> {
  readonly columns: C
  readonly schema: Schema.Struct<Fields<C>>
  /** The row schema through `unknown` (see {@link RowCodec}). */
  readonly rows: RowCodec
  /** `[name, sqlType]` in declaration order, as the Parquet file must have them. */
  readonly sqlColumns: ReadonlyArray<readonly [string, string]>
}

/** Build a table definition from its columns. */
export const defineTable = <C extends Record<string, Column<Schema.Schema.AnyNoContext>>>(columns: C): TableDefinition<C> => {
  const fields = Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, c.schema])) as Fields<C>
  // The same fields, seen as a record of context-free schemas: the row codec is built from a Struct whose
  // types the compiler can settle here (it cannot reduce the generic Struct's context to `never`).
  const untyped: Record<string, Schema.Schema.AnyNoContext> = fields
  return {
    columns,
    schema: Schema.Struct(fields),
    rows: rowCodec(Schema.Struct(untyped)),
    sqlColumns: Object.entries(columns).map(([name, c]) => [name, c.sqlType] as const)
  }
}
