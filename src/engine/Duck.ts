/**
 * The SQL engine: one DuckDB database per run, in a scoped temporary directory
 * so it can spill to disk and memory stays bounded whatever the input size.
 */
import type { DuckDBConnection, Json } from "@duckdb/node-api"
import { Config, Context, Data, Effect, Layer, Option } from "effect"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { configureAllocator } from "./allocator.ts"
import { machineMemoryLimit, machineThreads, settingOf, thisMachine, type Machine, type Setting } from "./machineSettings.ts"

/** A SQL statement failed. Carries the statement so the report can show it. */
export class DuckError extends Data.TaggedError("DuckError")<{
  readonly sql: string
  readonly message: string
}> {}

/** A result row with JSON-safe values (BIGINT and DECIMAL as strings, DATE as `YYYY-MM-DD`). */
export type Row = Record<string, Json>

/** The engine's operations. */
export interface DuckShape {
  /** Run statements for their effect. */
  readonly run: (sql: string) => Effect.Effect<void, DuckError>
  /** Run a query and read all its rows (keep results small: counts, samples). */
  readonly all: (sql: string) => Effect.Effect<ReadonlyArray<Row>, DuckError>
  /**
   * Stream a query's rows in chunks (about 2,048 rows each), so memory holds
   * one chunk at a time whatever the result's size.
   */
  readonly forEachChunk: (sql: string, onRows: (rows: ReadonlyArray<Row>) => void) => Effect.Effect<void, DuckError>
}

/** The DuckDB service. */
export class Duck extends Context.Tag("lakegate/Duck")<Duck, DuckShape>() {}

/** Engine settings; read from `LAKEGATE_DUCKDB_*` environment variables by default. */
export interface DuckSettings {
  readonly threads: number
  /**
   * DuckDB's buffer pool limit. It bounds tables, joins and sorts (they spill
   * to the temp directory beyond it), not everything: the process also holds
   * Node (about 110 MiB, more while landing), DuckDB's own buffers outside the
   * pool and what its allocator has not yet given back (see `allocator.ts`).
   * The default on 2 cores, 160MB, passes every gate at 5 GB; 128MB ran out
   * of memory there (more cores: see `machineMemoryLimit`).
   */
  readonly memoryLimit: string
  /**
   * Where the run's working tables live: `memory` (the default; they still
   * spill to the temp directory past the memory limit, and skip the
   * compression a database file's checkpoints cost) or `file`.
   */
  readonly storage?: "memory" | "file"
}

/**
 * The threads and memory limit a run uses and where each came from:
 * `LAKEGATE_DUCKDB_THREADS` and `LAKEGATE_DUCKDB_MEMORY` when set, else
 * derived from the machine (see `machineSettings.ts`: one thread per core,
 * 160MB on 2 cores).
 */
export const duckSettingSources = (machine: Machine = thisMachine()): Config.Config<{ readonly threads: Setting<number>; readonly memoryLimit: Setting<string> }> =>
  Config.all({
    threads: Config.option(Config.integer("LAKEGATE_DUCKDB_THREADS")).pipe(Config.map((o) => settingOf(Option.getOrUndefined(o), () => machineThreads(machine)))),
    memoryLimit: Config.option(Config.string("LAKEGATE_DUCKDB_MEMORY")).pipe(Config.map((o) => settingOf(Option.getOrUndefined(o), () => machineMemoryLimit(machine))))
  })

/** Settings from the environment, with defaults derived from the machine (2 threads and 160MB on a 2-core machine, for a 500 MiB process). */
export const DuckSettingsConfig: Config.Config<DuckSettings> = Config.all({
  sources: duckSettingSources(),
  storage: Config.literal("memory", "file")("LAKEGATE_DUCKDB_STORAGE").pipe(Config.withDefault("memory" as const))
}).pipe(Config.map(({ sources, storage }) => ({ threads: sources.threads.value, memoryLimit: sources.memoryLimit.value, storage })))

/** Quote a SQL string literal. */
export const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`

/** Quote a SQL identifier. */
export const sqlIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`

const errorMessage = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))

/**
 * DuckDB's native library, loaded on first use rather than imported with this
 * module: its allocator reads its options when the library loads, so they are
 * set first (see `allocator.ts`).
 */
const loadDuckDB = Effect.zipRight(
  configureAllocator(),
  Effect.tryPromise({
    try: () => import("@duckdb/node-api"),
    catch: (cause) => new DuckError({ sql: "<load duckdb>", message: errorMessage(cause) })
  })
)

const make = (settings: DuckSettings) =>
  Effect.gen(function* () {
    const { DuckDBInstance } = yield* loadDuckDB
    const dir = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => mkdtemp(join(tmpdir(), "lakegate-duck-")),
        catch: (cause) => new DuckError({ sql: "<create temp dir>", message: errorMessage(cause) })
      }),
      (path) => Effect.promise(() => rm(path, { recursive: true, force: true }))
    )
    const instance = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () =>
          DuckDBInstance.create(settings.storage === "file" ? join(dir, "work.duckdb") : ":memory:", {
            threads: String(settings.threads),
            memory_limit: settings.memoryLimit,
            temp_directory: join(dir, "spill"),
            preserve_insertion_order: "false",
            // Give freed memory back to the system as the run goes, so the process's peak stays near the limit.
            allocator_background_threads: "true"
          }),
        catch: (cause) => new DuckError({ sql: "<open database>", message: errorMessage(cause) })
      }),
      (db) => Effect.sync(() => db.closeSync())
    )
    // The queries under way. An interrupted fiber (SIGINT, SIGTERM) leaves its query running: closing the
    // connection under it would leave the query's promise pending for ever and the process hanging, so the
    // release interrupts the query and waits for it to stop (well under a second) before closing. A query asked
    // for once the release began (by code outside the interrupted fiber) is refused: it would use a freed connection.
    const pending = new Set<Promise<unknown>>()
    const state = { closing: false }
    const tracked = <A>(query: () => Promise<A>): (() => Promise<A>) => () => {
      if (state.closing) return Promise.reject(new Error("the engine is closed: the command was stopped"))
      const promise = query()
      const settled = promise.then(
        () => undefined,
        () => undefined
      )
      pending.add(settled)
      void settled.then(() => pending.delete(settled))
      return promise
    }
    const connection: DuckDBConnection = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => instance.connect(),
        catch: (cause) => new DuckError({ sql: "<connect>", message: errorMessage(cause) })
      }),
      (c) =>
        Effect.promise(async () => {
          state.closing = true
          if (pending.size > 0) {
            c.interrupt()
            await Promise.all(pending)
          }
          c.closeSync()
        })
    )
    const run = (sql: string) =>
      Effect.tryPromise({
        try: tracked(() => connection.run(sql)),
        catch: (cause) => new DuckError({ sql, message: errorMessage(cause) })
      }).pipe(Effect.asVoid, Effect.withSpan("duck.run"))
    const all = (sql: string) =>
      Effect.tryPromise({
        try: tracked(async () => (await connection.runAndReadAll(sql)).getRowObjectsJson()),
        catch: (cause) => new DuckError({ sql, message: errorMessage(cause) })
      })
    const forEachChunk = (sql: string, onRows: (rows: ReadonlyArray<Row>) => void) =>
      Effect.tryPromise({
        try: tracked(async () => {
          const result = await connection.stream(sql)
          for await (const rows of result.yieldRowObjectJson()) onRows(rows)
        }),
        catch: (cause) => new DuckError({ sql, message: errorMessage(cause) })
      })
    return Duck.of({ run, all, forEachChunk })
  })

/** A fresh engine per scope, configured from the environment. */
export const DuckLive: Layer.Layer<Duck, DuckError | import("effect").ConfigError.ConfigError> = Layer.scoped(
  Duck,
  Effect.flatMap(DuckSettingsConfig, make)
)

/** A fresh engine per scope with explicit settings. */
export const duckLayer = (settings: DuckSettings): Layer.Layer<Duck, DuckError> => Layer.scoped(Duck, make(settings))

/** Read a single number from a one-row query, e.g. `select count(*) as n`. */
export const scalar = (sql: string, column = "n"): Effect.Effect<string, DuckError, Duck> =>
  Effect.flatMap(Duck, (duck) => duck.all(sql)).pipe(
    Effect.map((rows) => {
      const value = rows[0]?.[column]
      return value === null || value === undefined ? "0" : String(value)
    })
  )
