/**
 * `lakegate export-catalog FILE.duckdb`: write a DuckDB database holding one
 * view per table of the lakehouse (`bronze.*`, `silver.*` over published
 * partitions, `gold.*` over the current gold version's files), for BI tools
 * and analysts. The views name absolute file paths: they show the lakehouse
 * as it was at export; export again after a run. Written to a temporary file
 * and renamed, so FILE is whole or untouched. On an `az://` lakehouse the
 * tables are pulled into `--cache` first and the views name the cached files:
 * the database reads the local cache, not the store.
 */
import { Args, Command } from "@effect/cli"
import { Console, Effect } from "effect"
import { existsSync } from "node:fs"
import { rename, rm } from "node:fs/promises"
import { randomBytes } from "node:crypto"
import { dirname, resolve } from "node:path"
import { Duck, DuckLive, sqlString } from "../engine/Duck.ts"
import { catalogStatements, catalogViews } from "../lakehouse/catalog.ts"
import { lakehouseLayer } from "../lakehouse/Lakehouse.ts"
import { LakehouseError } from "../lakehouse/LakehouseError.ts"
import { ExitCode } from "../run/exitCode.ts"
import { commandHelp } from "./help.ts"
import { readableLakehouse, readableLakehouseOption, readCacheOption } from "./readableLakehouse.ts"
import { isStoreUrl } from "../storage/objectStoreLocation.ts"

const file = Args.text({ name: "FILE" }).pipe(Args.withDescription("the DuckDB database to write (replaced if it exists)"))

const setExit = (code: number) =>
  Effect.sync(() => {
    process.exitCode = code
  })
const fail = (code: number, message: string) => Console.error(`lakegate: ${message.split("\n")[0]}`).pipe(Effect.zipRight(setExit(code)))

const CATALOG = "lakegate_export"

/** Write the catalog database to `target` through a temporary file in the same folder. */
const exportTo = (target: string) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const views = yield* catalogViews
    const temp = `${target}.tmp-${randomBytes(4).toString("hex")}`
    const write = Effect.gen(function* () {
      yield* duck.run(`attach ${sqlString(temp)} as ${CATALOG}`)
      for (const statement of catalogStatements(views, CATALOG)) yield* duck.run(statement)
      yield* duck.run(`detach ${CATALOG}`)
      yield* Effect.tryPromise({
        try: () => rename(temp, target),
        catch: (e) => new LakehouseError({ operation: "write catalog", path: target, message: e instanceof Error ? e.message : String(e) })
      })
    })
    yield* write.pipe(Effect.tapError(() => Effect.promise(() => Promise.all([rm(temp, { force: true }), rm(`${temp}.wal`, { force: true })]))))
    return views
  })

export const exportCatalogCommand = Command.make("export-catalog", { lakehouse: readableLakehouseOption, cache: readCacheOption, file }, (options) => {
  const target = resolve(options.file)
  if (!isStoreUrl(options.lakehouse) && !existsSync(options.lakehouse)) return fail(ExitCode.usage, `no lakehouse at ${options.lakehouse}`)
  if (!existsSync(dirname(target))) return fail(ExitCode.usage, `cannot write ${options.file}: no folder ${dirname(target)}`)
  return readableLakehouse(options.lakehouse, options.cache, { layers: ["bronze", "silver"] }).pipe(
    Effect.flatMap((root) => exportTo(target).pipe(Effect.provide(lakehouseLayer(root)))),
    Effect.flatMap((views) => Console.log(`wrote ${options.file}: ${views.length} views (${views.map((v) => `${v.schema}.${v.table}`).join(", ")})`)),
    Effect.provide(DuckLive),
    Effect.catchTags({
      UnreadableLakehouse: (e) => fail(e.exitCode, e.message),
      DuckError: (e) => fail(ExitCode.internal, e.message),
      LakehouseError: (e) => fail(ExitCode.internal, `${e.operation} ${e.path}: ${e.message}`),
      ConfigError: (e) => fail(ExitCode.usage, `invalid DuckDB setting: ${String(e)}`)
    })
  )
}).pipe(
  Command.withDescription(
    commandHelp("Write a DuckDB database with a view per table (gold: the current version only) for BI tools.", {
      defaults: ["--lakehouse lakehouse", "--cache     with az://: the run's default cache folder with .read added"],
      notes: ["On an az:// lakehouse the tables are downloaded into --cache first; the views then name the files in the cache (keep it, or export again)."],
      examples: ["lakegate export-catalog catalog.duckdb", "lakegate export-catalog catalog.duckdb --lakehouse az://lake/prod --cache /data/lake-cache", "lakegate export-catalog /data/bi/lakehouse.duckdb --lakehouse /data/lakehouse"]
    })
  )
)
