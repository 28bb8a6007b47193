/**
 * `lakegate sql [QUERY]`: query a lakehouse as a reader sees it, in DuckDB,
 * with one view per table (`bronze.*`, `silver.*` over published partitions,
 * `gold.*` over the current version's files only; unqualified names look in
 * gold, then silver, then bronze). Without a query, list the tables.
 * Rows stream out tab-separated with a header (`--json`: one JSON object a line).
 * On an `az://` lakehouse, bronze, silver and gold's current version are
 * pulled into `--cache` first (`readableLakehouse.ts`) and queried there.
 */
import { Args, Command, Options } from "@effect/cli"
import { Console, Effect } from "effect"
import { existsSync } from "node:fs"
import { Duck, DuckLive, type Row } from "../engine/Duck.ts"
import { catalogStatements, catalogViews } from "../lakehouse/catalog.ts"
import { lakehouseLayer } from "../lakehouse/Lakehouse.ts"
import { ExitCode } from "../run/exitCode.ts"
import { commandHelp } from "./help.ts"
import { readableLakehouse, readableLakehouseOption, readCacheOption } from "./readableLakehouse.ts"
import { isStoreUrl } from "../storage/objectStoreLocation.ts"

const json = Options.boolean("json").pipe(Options.withDescription("print one JSON object per row instead of tab-separated text"))
const query = Args.text({ name: "QUERY" }).pipe(Args.optional, Args.withDescription("the SQL query (without one: list the tables)"))

const setExit = (code: number) =>
  Effect.sync(() => {
    process.exitCode = code
  })
const fail = (code: number, message: string) => Console.error(`lakegate: ${message.split("\n")[0]}`).pipe(Effect.zipRight(setExit(code)))

const cell = (value: Row[string]): string => (value === null ? "NULL" : typeof value === "object" ? JSON.stringify(value) : String(value))

/** Create the views of every current table in the session, unqualified names resolving in gold, silver, bronze. */
export const openCatalog = Effect.gen(function* () {
  const duck = yield* Duck
  const views = yield* catalogViews
  for (const statement of catalogStatements(views)) yield* duck.run(statement)
  yield* duck.run(`set search_path = 'gold,silver,bronze,main'`)
  return views
})

const runQuery = (sql: string, asJson: boolean) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    let header = false
    let rows = 0
    yield* duck.forEachChunk(sql, (chunk) => {
      const lines: Array<string> = []
      for (const row of chunk) {
        if (!asJson && !header) {
          lines.push(Object.keys(row).join("\t"))
          header = true
        }
        lines.push(asJson ? JSON.stringify(row) : Object.values(row).map(cell).join("\t"))
      }
      rows += chunk.length
      if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`)
    })
    if (rows === 0) yield* Console.error("(no rows)")
  }).pipe(Effect.catchTag("DuckError", (e) => fail(ExitCode.usage, `the query failed: ${e.message}`)))

export const sqlCommand = Command.make("sql", { lakehouse: readableLakehouseOption, cache: readCacheOption, json, query }, (options) =>
  isStoreUrl(options.lakehouse) || existsSync(options.lakehouse)
    ? Effect.gen(function* () {
        const root = yield* readableLakehouse(options.lakehouse, options.cache, { layers: ["bronze", "silver"] })
        const views = yield* openCatalog.pipe(Effect.provide(lakehouseLayer(root)))
        if (options.query._tag === "Some") return yield* runQuery(options.query.value, options.json)
        if (views.length === 0) return yield* Console.log(`no published table in ${options.lakehouse}`)
        yield* Console.log(views.map((v) => `${v.schema}.${v.table}\t${v.rows} rows\t${v.files.length} files`).join("\n"))
      }).pipe(
        Effect.provide(DuckLive),
        Effect.catchTags({
          UnreadableLakehouse: (e) => fail(e.exitCode, e.message),
          DuckError: (e) => fail(ExitCode.internal, e.message),
          LakehouseError: (e) => fail(ExitCode.internal, `${e.operation} ${e.path}: ${e.message}`),
          ConfigError: (e) => fail(ExitCode.usage, `invalid DuckDB setting: ${String(e)}`)
        })
      )
    : fail(ExitCode.usage, `no lakehouse at ${options.lakehouse}`)
).pipe(
  Command.withDescription(
    commandHelp("Query the lakehouse in DuckDB: a view per table (bronze.*, silver.* over published partitions, gold.* over the current version only). Without QUERY, list the tables.", {
      defaults: ["--lakehouse lakehouse", "--cache     with az://: the run's default cache folder with .read added", "output      tab-separated text (--json: one JSON object per row)"],
      notes: ["On an az:// lakehouse the published bronze and silver partitions and gold's current version are downloaded into --cache first (a file already there with the same sha256 is not)."],
      examples: ["lakegate sql", "lakegate sql \"select count(*) from gold.fact_orders\" --lakehouse az://lake/prod", "lakegate sql \"select check_id, count(*) from silver.quarantine group by 1\" --json"]
    })
  )
)
