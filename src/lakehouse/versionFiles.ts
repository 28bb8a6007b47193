/**
 * The file list of what a version adds to a table: each Parquet file its run
 * published under `gold/_files/<table>/version=<runId>/`, with the row count,
 * size and sha256 of its manifest and per-column statistics (min, max, nulls)
 * read with DuckDB. These entries go into the version's table reference in
 * `_current.json`; later versions list them again to share the files.
 *
 * @example
 * ```ts
 * const files = yield* addedFiles(lakehouse.root, "fact_orders", run.runId)
 * // → [{ path: "_files/fact_orders/version=…/part-0.parquet", rows: 120, bytes: 2048, sha256: "…", stats: { amount: { min: "1.00", max: "9.50", nulls: 0 } } }]
 * ```
 */
import { Effect } from "effect"
import { join } from "node:path"
import { Duck, sqlIdent, sqlString } from "../engine/Duck.ts"
import { goldDir, tableManifest, versionTablePath, type ColumnStats, type GoldFile } from "./goldVersions.ts"
import { LakehouseError } from "./LakehouseError.ts"

/** Columns whose min and max are kept: scalar types (not lists, structs, maps). */
const scalar = (type: string): boolean => !/[[\]]|STRUCT|MAP|UNION/i.test(type)

/** Min, max and null count of every scalar column of one Parquet file, in one scan. */
export const fileStats = (file: string, columns: ReadonlyArray<readonly [string, string]>): Effect.Effect<Record<string, ColumnStats>, LakehouseError, Duck> =>
  Effect.gen(function* () {
    const kept = columns.filter(([, type]) => scalar(type))
    if (kept.length === 0) return {}
    const duck = yield* Duck
    const select = kept.flatMap(([name], i) => [`min(${sqlIdent(name)})::VARCHAR as min_${i}`, `max(${sqlIdent(name)})::VARCHAR as max_${i}`, `count(*) - count(${sqlIdent(name)}) as nulls_${i}`])
    const rows = yield* duck
      .all(`select ${select.join(", ")} from read_parquet(${sqlString(file)}, hive_partitioning = false)`)
      .pipe(Effect.mapError((e) => new LakehouseError({ operation: "column statistics", path: file, message: e.message })))
    const row = rows[0] ?? {}
    const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
    return Object.fromEntries(kept.map(([name], i) => [name, { min: text(row[`min_${i}`]), max: text(row[`max_${i}`]), nulls: Number(row[`nulls_${i}`] ?? 0) }]))
  })

/** The files a version published for a table (from their manifest), with column statistics. */
export const addedFiles = (root: string, table: string, version: string): Effect.Effect<ReadonlyArray<GoldFile>, LakehouseError, Duck> =>
  Effect.gen(function* () {
    const dir = versionTablePath(table, version)
    const manifest = yield* tableManifest(root, { path: dir, rows: 0, contract: { id: "", version: "" } })
    return yield* Effect.forEach(manifest.files, (f) =>
      Effect.map(fileStats(join(goldDir(root), dir, f.path), manifest.columns), (stats) => ({ path: `${dir}/${f.path}`, rows: f.rows, bytes: f.bytes, sha256: f.sha256, stats }))
    )
  })
