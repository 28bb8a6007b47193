/**
 * DuckDB's allocator. On Linux DuckDB allocates through its own bundled
 * jemalloc, which by default keeps freed pages for a while and then hands them
 * back lazily (`MADV_FREE`: still counted in the process's RSS until the
 * kernel needs them), in several arenas. Over a run that frees and allocates
 * hundreds of MiB per statement, that retained memory was ~100 MiB of the peak.
 *
 * jemalloc reads its options once, from `DUCKDB_JE_MALLOC_CONF`, when
 * DuckDB's native library is loaded; so this must be set before the process
 * first imports `@duckdb/node-api` (`Duck.ts` imports it only after calling
 * {@link configureAllocator}), and later changes have no effect.
 */
import { Effect } from "effect"

/** The environment variable DuckDB's bundled jemalloc reads its options from. */
export const ALLOCATOR_ENV = "DUCKDB_JE_MALLOC_CONF"

/**
 * One arena (two query threads share it without measurable contention) and
 * freed pages given back for good when they decay, not marked lazily free.
 * At 1 GB: peak RSS −55 MiB, the same wall time (see docs/performance.md).
 */
export const DEFAULT_ALLOCATOR_CONF = "narenas:1,muzzy_decay_ms:0"

/**
 * Set DuckDB's allocator options for this process, unless the environment
 * already names some (the user's choice wins). Effective only before DuckDB's
 * native library is loaded.
 */
export const configureAllocator = (conf: string = DEFAULT_ALLOCATOR_CONF): Effect.Effect<void> =>
  Effect.sync(() => {
    if (process.env[ALLOCATOR_ENV] === undefined) process.env[ALLOCATOR_ENV] = conf
  })
