/**
 * Export the table contracts of a file (a TypeScript or JavaScript module, or
 * an ODCS YAML document) as ODCS, JSON Schema, SQL DDL or a dbt `schema.yml`:
 * every table the file declares, or the one asked for. The text comes with
 * what the format could not express, for the caller to report.
 *
 * @example
 * import { Effect } from "effect"
 * import { exportContract } from "lakegate"
 * const program = exportContract("contracts/orders.ts", { format: "sql", dialect: "postgres" })
 * // Effect<Exported, ExportError>: { text: "CREATE TABLE orders (...);", omitted: [...] }
 */
import { Data, Effect } from "effect"
import { readFile } from "node:fs/promises"
import { isTableSpec } from "../check/contractTable.ts"
import { contractKind } from "../check/loadContract.ts"
import type { TableSpec } from "../contract/Contract.ts"
import { loadModule } from "../load/loadModule.ts"
import { parseOdcs } from "../odcs/parse.ts"
import { toDbt } from "./dbt.ts"
import { toDdl, type Dialect } from "./ddl.ts"
import { toJsonSchema } from "./jsonSchema.ts"
import { exportModel, type Exported } from "./model.ts"
import { toOdcs } from "./odcs.ts"

/** The formats a contract is exported to. */
export const EXPORT_FORMATS = ["odcs", "jsonschema", "sql", "dbt"] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** The contract cannot be exported: unreadable, no table in it, the table asked for is not in it. */
export class ExportError extends Data.TaggedError("ExportError")<{
  readonly path: string
  readonly message: string
}> {}

/** Options of {@link exportContract}. */
export interface ExportOptions {
  readonly format: ExportFormat
  /** The SQL dialect of `sql` and of `dbt` data types (default `duckdb`). */
  readonly dialect?: Dialect
  /** Only this table (its name, export name or id); default every table of the file. */
  readonly table?: string
}

/** A table found in a file, with the name it is exported under. */
interface Found {
  readonly name: string
  readonly table: TableSpec
}

/** Every table contract among a module's exports: values, arrays of them, and builds holding one (`{ contract }`), default export first. */
const tablesOfModule = (exports: Readonly<Record<string, unknown>>): ReadonlyArray<Found> => {
  const found: Array<Found> = []
  const add = (name: string, value: unknown) => {
    const table = isTableSpec(value) ? value : typeof value === "object" && value !== null && "contract" in value && isTableSpec(value.contract) ? value.contract : null
    if (table !== null && !found.some((f) => f.table === table)) found.push({ name, table })
  }
  const entries = Object.entries(exports).sort(([a], [b]) => (a === "default" ? -1 : b === "default" ? 1 : 0))
  for (const [name, value] of entries) {
    if (Array.isArray(value)) value.forEach((v) => add(name, v))
    else add(name, value)
  }
  return found
}

/**
 * Every table contract of a file.
 *
 * @example
 * const found = yield* loadTables("examples/odcs/orders.odcs.yaml") // [{ name: "orders", table }]
 */
export const loadTables = (path: string): Effect.Effect<ReadonlyArray<{ readonly name: string; readonly table: TableSpec }>, ExportError> => {
  switch (contractKind(path)) {
    case "module":
      return loadModule(path).pipe(
        Effect.mapError((e) => new ExportError({ path, message: e.message })),
        Effect.map(tablesOfModule)
      )
    case "odcs":
      return Effect.tryPromise({
        try: () => readFile(path, "utf8"),
        catch: (e) => new ExportError({ path, message: e instanceof Error && "code" in e && e.code === "ENOENT" ? "file not found" : `cannot read: ${String(e)}` })
      }).pipe(
        Effect.flatMap((text) => Effect.mapError(parseOdcs(text, path), (e) => new ExportError({ path, message: `${e.line === undefined ? "" : `line ${e.line}: `}${e.at}: ${e.message}` }))),
        Effect.map((tables) => tables.map((t) => ({ name: t.table, table: t })))
      )
    case null:
      return Effect.fail(new ExportError({ path, message: "not a contract file: expected .ts, .mts, .js, .mjs, .yaml or .yml" }))
  }
}

/**
 * Table contracts in a format, with what it could not express.
 *
 * @example
 * exportTables([orders], { format: "dbt", dialect: "postgres" }).text
 */
export const exportTables = (tables: ReadonlyArray<TableSpec>, options: Omit<ExportOptions, "table">): Exported => {
  const models = tables.map(exportModel)
  const dialect = options.dialect ?? "duckdb"
  switch (options.format) {
    case "odcs":
      return toOdcs(models)
    case "sql":
      return toDdl(models, dialect)
    case "dbt":
      return toDbt(models, dialect)
    case "jsonschema": {
      const texts = models.map(toJsonSchema)
      return { text: texts.map((t) => t.text).join(""), omitted: texts.flatMap((t) => t.omitted) }
    }
  }
}

/**
 * Export the table contracts of a file; fails with an {@link ExportError} naming the file.
 *
 * @example
 * const { text, omitted } = yield* exportContract("orders.contract.ts", { format: "odcs" })
 */
export const exportContract = (path: string, options: ExportOptions): Effect.Effect<Exported, ExportError> =>
  Effect.gen(function* () {
    const found = yield* loadTables(path)
    const names = found.map((f) => f.table.table).join(", ")
    if (found.length === 0) return yield* new ExportError({ path, message: "no table contract in the file (export a value made by table())" })
    const wanted = options.table
    const chosen = wanted === undefined ? found : found.filter((f) => f.table.table === wanted || f.name === wanted || f.table.id === wanted)
    if (chosen.length === 0) return yield* new ExportError({ path, message: `no table ${wanted} in the file (tables: ${names})` })
    if (options.format === "jsonschema" && chosen.length > 1) {
      return yield* new ExportError({ path, message: `a JSON Schema describes the row of one table; the file has ${chosen.length} (${names}): choose one with --table` })
    }
    return exportTables(
      chosen.map((f) => f.table),
      options
    )
  })
