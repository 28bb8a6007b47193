/**
 * The reader's catalog of a lakehouse: one SQL view per table, over exactly
 * the rows a reader should see. Bronze and silver tables are the union of
 * their published partitions (a partition without `_manifest.json` is not
 * published and not read), with `ingestion_date` from the partition folder;
 * gold tables are the files the current version lists in `gold/_current.json`,
 * nothing of the retained versions.
 *
 * @example
 * ```ts
 * const views = yield* catalogViews
 * // → [{ schema: "gold", table: "fact_orders", rows: 120, sql: "select * from read_parquet([...])" }, ...]
 * for (const v of views) yield* duck.run(`create view ${v.schema}.${v.table} as ${v.sql}`)
 * ```
 */
import { Effect, Option } from "effect"
import { readdir } from "node:fs/promises"
import { join } from "node:path"
import { sqlIdent, sqlString } from "../engine/Duck.ts"
import { readCurrent, tableFileList, goldDir } from "./goldVersions.ts"
import { Lakehouse } from "./Lakehouse.ts"
import { LakehouseError } from "./LakehouseError.ts"

/** One table a reader sees: `schema.table` and the query it stands for. */
export interface CatalogView {
  readonly schema: string
  readonly table: string
  /** Rows, from the manifests (no data read). */
  readonly rows: number
  /** The Parquet files it reads (absolute). */
  readonly files: ReadonlyArray<string>
  readonly sql: string
}

/** The layers partitioned by ingestion date. */
export const PARTITIONED_LAYERS = ["bronze", "silver"] as const

const listDirs = (dir: string) =>
  Effect.tryPromise({
    try: () => readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? [] : Promise.reject(e))),
    catch: (e) => new LakehouseError({ operation: "list", path: dir, message: e instanceof Error ? e.message : String(e) })
  }).pipe(Effect.map((entries) => entries.filter((e) => e.isDirectory() && !e.name.startsWith("_") && !e.name.startsWith(".")).map((e) => e.name).sort()))

/** `read_parquet` over a list of files (hive partition columns read from the paths when asked). */
const readFiles = (files: ReadonlyArray<string>, hive: boolean): string =>
  `select * from read_parquet([${files.map(sqlString).join(", ")}], hive_partitioning = ${hive}, union_by_name = true)`

/** Every table's view: bronze and silver over published partitions, gold over the current version's files. */
export const catalogViews: Effect.Effect<ReadonlyArray<CatalogView>, LakehouseError, Lakehouse> = Effect.gen(function* () {
  const lakehouse = yield* Lakehouse
  const views: Array<CatalogView> = []
  for (const layer of PARTITIONED_LAYERS) {
    for (const table of yield* listDirs(join(lakehouse.root, layer))) {
      const files: Array<string> = []
      let rows = 0
      for (const date of yield* lakehouse.dates(layer, table)) {
        const manifest = yield* lakehouse.manifest(layer, table, date)
        if (Option.isNone(manifest)) continue
        rows += manifest.value.rows
        files.push(...(yield* lakehouse.files(layer, table, date)))
      }
      if (files.length > 0) views.push({ schema: layer, table, rows, files, sql: readFiles(files, true) })
    }
  }
  const state = yield* readCurrent(lakehouse.root)
  if (Option.isSome(state)) {
    for (const [table, ref] of Object.entries(state.value.current.tables).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const files = (yield* tableFileList(lakehouse.root, ref)).map((f) => join(goldDir(lakehouse.root), f.path))
      // A table with no file (never so today) still gets a view, of no row.
      views.push({ schema: "gold", table, rows: ref.rows, files, sql: files.length === 0 ? "select 1 as no_rows where false" : readFiles(files, false) })
    }
  }
  return views
})

/** The statements that create every view of the catalog, its schemas first, in a database (default: the current one). */
export const catalogStatements = (views: ReadonlyArray<CatalogView>, database?: string): ReadonlyArray<string> => {
  const prefix = database === undefined ? "" : `${sqlIdent(database)}.`
  const schemas = [...new Set(views.map((v) => v.schema))]
  return [
    ...schemas.map((s) => `create schema if not exists ${prefix}${sqlIdent(s)}`),
    ...views.map((v) => `create or replace view ${prefix}${sqlIdent(v.schema)}.${sqlIdent(v.table)} as ${v.sql}`)
  ]
}
