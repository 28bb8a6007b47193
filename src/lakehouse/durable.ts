/**
 * Durability: make what a commit makes visible reach the disk before the step
 * that makes it visible. A rename is atomic but not durable: after a power
 * loss, a manifest could name a file whose bytes never reached the disk, and a
 * renamed directory could be back under its old name. So a commit syncs each
 * file it wrote, then the directory that holds the new name.
 *
 * @example
 * yield* syncPaths(["/lakehouse/.staging/r1/silver/t/ingestion_date=2026-01-01/part-0.parquet"]) // the file's bytes
 * yield* syncPaths(["/lakehouse/silver/t"])                                                         // a rename into it
 */
import { Effect } from "effect"
import { open } from "node:fs/promises"
import { LakehouseError } from "./LakehouseError.ts"

/** fsync one file or directory (a directory is opened read-only, which Linux and macOS allow). */
const syncPath = (path: string): Effect.Effect<void, LakehouseError> =>
  Effect.tryPromise({
    try: async () => {
      const handle = await open(path, "r")
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
    },
    catch: (e) => new LakehouseError({ operation: "fsync", path, message: e instanceof Error ? e.message : String(e) })
  })

/** fsync each path once, in order. */
export const syncPaths = (paths: Iterable<string>): Effect.Effect<void, LakehouseError> =>
  Effect.forEach(new Set(paths), syncPath, { discard: true })
