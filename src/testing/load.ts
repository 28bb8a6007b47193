/**
 * Load a generated dataset into DuckDB: one temporary table per table of the
 * dataset, named like the contract's table (so custom SQL checks that name it
 * find it), each column typed with its kind's SQL type (nested lists and
 * structs included), every value written as a typed literal. The checks then
 * run against these tables through the {@link DatasetContext} of the dataset.
 *
 * @example
 * yield* loadDataset(dataset)
 * const result = yield* check.evaluate(datasetContext(dataset, "silver"))
 */
import { Effect } from "effect"
import { sqlTypeOf } from "../contract/kinds.ts"
import type { DatasetContext } from "../contract/DatasetCheck.ts"
import { Duck, sqlIdent, type DuckError } from "../engine/Duck.ts"
import type { Dataset, TableData } from "./dataset.ts"
import { valueSql } from "./values.ts"

/** Rows per INSERT statement. */
const CHUNK = 200

/** The SQL relation a table of a loaded dataset is read through. */
export const relationOf = (table: string): string => `temp.main.${sqlIdent(table)}`

/** The statements that (re)create one table with its rows. */
export const tableStatements = (table: TableData): ReadonlyArray<string> => {
  const create = `create or replace temp table ${sqlIdent(table.name)} (${table.columns.map(([name, kind]) => `${sqlIdent(name)} ${sqlTypeOf(kind)}`).join(", ")})`
  const inserts: Array<string> = []
  for (let at = 0; at < table.rows.length; at += CHUNK) {
    const values = table.rows
      .slice(at, at + CHUNK)
      .map((row) => `(${table.columns.map(([name, kind]) => valueSql(kind, row[name] ?? null)).join(", ")})`)
      .join(",\n")
    inserts.push(`insert into ${relationOf(table.name)} values ${values}`)
  }
  return [create, ...inserts]
}

/** (Re)create the dataset's tables in DuckDB. */
export const loadDataset = (dataset: Dataset): Effect.Effect<void, DuckError, Duck> =>
  Effect.flatMap(Duck, (duck) => Effect.forEach(dataset.tables.flatMap(tableStatements), (sql) => duck.run(sql), { discard: true }))

/** Drop the tables a test loaded (when its scope closes). */
export const dropTables = (names: Iterable<string>): Effect.Effect<void, never, Duck> =>
  Effect.flatMap(Duck, (duck) =>
    Effect.forEach([...names], (name) => Effect.ignore(duck.run(`drop table if exists ${relationOf(name)}`)), { discard: true })
  )

/** The context checks of a loaded dataset run in: its tables by name, its ingestion date. */
export const datasetContext = (dataset: Dataset, layer: string): DatasetContext => ({
  layer,
  relation: relationOf,
  ingestionDate: dataset.ingestionDate
})
