/**
 * A generated dataset: the contract's table, the tables it references (when
 * their contracts are known), and the ingestion date freshness is judged
 * against. Values are JavaScript values of each column's kind (see
 * `values.ts`); loading turns them into typed DuckDB tables.
 *
 * @example
 * const d: Dataset = { ingestionDate: "2024-06-01", tables: [{ name: "orders", columns: [["order_id", column.id()]], rows: [{ order_id: 1 }] }] }
 * mainTable(d).rows.length  // 1
 */
import type { ColumnKind } from "../contract/kinds.ts"
import type { TestRow } from "./values.ts"

/** One table's columns (in order, with their kinds) and rows. */
export interface TableData {
  readonly name: string
  readonly columns: ReadonlyArray<readonly [string, ColumnKind]>
  readonly rows: ReadonlyArray<TestRow>
}

/** The tables of one test case; the first is the contract's table. */
export interface Dataset {
  readonly tables: readonly [TableData, ...Array<TableData>]
  /** `YYYY-MM-DD`, the date freshness checks compare with. */
  readonly ingestionDate: string
}

/** The contract's table of a dataset. */
export const mainTable = (dataset: Dataset): TableData => dataset.tables[0]

/** A table of the dataset by name. */
export const tableNamed = (dataset: Dataset, name: string): TableData | undefined => dataset.tables.find((t) => t.name === name)

/** The same dataset with the contract's table replaced. */
export const withMain = (dataset: Dataset, main: TableData): Dataset => ({ ...dataset, tables: [main, ...dataset.tables.slice(1)] })

/** The same dataset with one table (by name) replaced. */
export const withTable = (dataset: Dataset, table: TableData): Dataset => {
  const [first, ...rest] = dataset.tables
  return first.name === table.name ? withMain(dataset, table) : { ...dataset, tables: [first, ...rest.map((t) => (t.name === table.name ? table : t))] }
}

/** The same table with some rows changed (by index). */
export const editRows = (table: TableData, edits: ReadonlyMap<number, TestRow>): TableData => ({
  ...table,
  rows: table.rows.map((row, i) => edits.get(i) ?? row)
})
