/**
 * Where a lakehouse lives in an object store, and the protocol's own records.
 * The layout is the local one, readable the same way (DuckDB, Spark), except
 * that a partition's data files are never overwritten: each publish puts
 * them under a new folder named after its run, and the partition's
 * `_manifest.json` (the pointer a reader resolves) names them:
 *
 *   <layer>/<table>/ingestion_date=D/_manifest.json          pointer: files "_v=<runId>/part-0.parquet", ...
 *   <layer>/<table>/ingestion_date=D/_v=<runId>/part-0.parquet
 *   gold/_current.json                                       pointer: gold's current version and its file lists
 *   gold/_files/<table>/version=<runId>/part-0.parquet       (already immutable)
 *   _lock                                                    the writers' lease
 *   _journal/<runId>.json                                    pointer switches still to do (roll forward)
 *   _garbage/<runId>.json                                    data keys to delete once no reader can be on them
 *
 * @example
 * partitionDataKey("silver", "orders", "2026-11-23", "r1", "part-0.parquet")
 * // → "silver/orders/ingestion_date=2026-11-23/_v=r1/part-0.parquet"
 */
import { Schema } from "effect"

/** The lease key that serializes writers. */
export const LOCK_KEY = "_lock"
/** The journal folder. */
export const JOURNAL_PREFIX = "_journal/"
/** The garbage records' folder. */
export const GARBAGE_PREFIX = "_garbage/"
/** Gold's pointer. */
export const GOLD_POINTER_KEY = "gold/_current.json"

/** The folder of a partition (bronze, silver), relative to the lakehouse. */
export const partitionPath = (layer: string, table: string, ingestionDate: string): string => `${layer}/${table}/ingestion_date=${ingestionDate}`

/** The key of a partition's pointer. */
export const manifestKey = (layer: string, table: string, ingestionDate: string): string => `${partitionPath(layer, table, ingestionDate)}/_manifest.json`

/** The folder, inside a partition, of the data files one run published (relative to the partition). */
export const runFolder = (runId: string): string => `_v=${runId}`

/** The key of a data file a run publishes into a partition. */
export const partitionDataKey = (layer: string, table: string, ingestionDate: string, runId: string, file: string): string =>
  `${partitionPath(layer, table, ingestionDate)}/${runFolder(runId)}/${file}`

/** A partition pointer key's parts, or null for any other key. */
export const parseManifestKey = (key: string): { readonly layer: string; readonly table: string; readonly ingestionDate: string } | null => {
  const match = /^(bronze|silver)\/([^/]+)\/ingestion_date=([^/]+)\/_manifest\.json$/.exec(key)
  return match === null ? null : { layer: match[1] ?? "", table: match[2] ?? "", ingestionDate: match[3] ?? "" }
}

/** One pointer switch: write `body` at `key` if it still has the etag read (`ifMatch`), or is still absent (null). */
export const Switch = Schema.Struct({ key: Schema.String, ifMatch: Schema.NullOr(Schema.String), body: Schema.String })
export type Switch = typeof Switch.Type

/** A commit in progress: its switches, in order, and the data keys they make unreferenced. */
export const Journal = Schema.Struct({ runId: Schema.String, switches: Schema.Array(Switch), replaced: Schema.Array(Schema.String) })
export type Journal = typeof Journal.Type

/** Data keys that no pointer references (or will), deletable once `since` is older than the retention. */
export const Garbage = Schema.Struct({ runId: Schema.String, since: Schema.Number, keys: Schema.Array(Schema.String) })
export type Garbage = typeof Garbage.Type

const encoder = new TextEncoder()
/** A record as the bytes stored. */
export const encodeRecord = <A, I>(schema: Schema.Schema<A, I>, value: A): Uint8Array => encoder.encode(`${JSON.stringify(Schema.encodeSync(schema)(value))}\n`)
/** A stored record's bytes decoded. */
export const decodeRecord = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknownEither(Schema.parseJson(schema))
  return (bytes: Uint8Array) => decode(new TextDecoder().decode(bytes))
}
