/** Read published lakehouse tables back with DuckDB, as an analyst would. */
import { DuckDBInstance } from "@duckdb/node-api"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"

/** Rows of a SQL query, JSON-safe. */
export const query = async (sql: string): Promise<Array<Record<string, unknown>>> => {
  const instance = await DuckDBInstance.create(":memory:")
  const connection = await instance.connect()
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson()
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/** The published partition directory of a table. */
export const partitionDir = (lakehouse: string, layer: string, table: string, date: string) =>
  join(lakehouse, layer, table, `ingestion_date=${date}`)

/** The manifest of a published partition, or undefined when it is not published. */
export const manifestOf = (lakehouse: string, layer: string, table: string, date: string): { runId: string; rows: number; files: Array<{ path: string; sha256: string }> } | undefined => {
  const path = join(partitionDir(lakehouse, layer, table, date), "_manifest.json")
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined
}

/** `read_parquet` over a published partition. */
export const parquetOf = (lakehouse: string, layer: string, table: string, date: string) =>
  `read_parquet('${partitionDir(lakehouse, layer, table, date)}/*.parquet', hive_partitioning = false)`
