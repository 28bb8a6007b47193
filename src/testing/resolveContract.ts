/**
 * Find the contract to test in a file: a TypeScript or JavaScript module
 * (loaded with `loadModule`; its exported table contracts, alone or in
 * arrays) or an ODCS YAML document (`parseOdcs`). The table tested is the one
 * asked for by name, else the default export, else the only one; the file's
 * other tables are its related contracts (the tables it may reference).
 *
 * @example
 * const { contract, related } = yield* resolveContract("contracts/orders.ts", "orders")
 */
import { Data, Effect } from "effect"
import { readFile } from "node:fs/promises"
import { extname } from "node:path"
import type { DeclaredTable } from "../contract/tableContract.ts"
import { loadModule } from "../load/loadModule.ts"
import { parseOdcs } from "../odcs/parse.ts"

/** The file holds no usable contract: it cannot be read, compiled or parsed, or the table asked for is not in it. */
export class ContractLoadError extends Data.TaggedError("ContractLoadError")<{
  readonly path: string
  readonly message: string
}> {}

/** The contract under test and the other tables of its file. */
export interface ResolvedContract {
  readonly contract: DeclaredTable
  readonly related: ReadonlyArray<DeclaredTable>
}

const isArrayOf = (value: unknown, key: string): boolean => {
  if (value === null || typeof value !== "object") return false
  return Array.isArray((value as Record<string, unknown>)[key])
}

/** True for a table contract made by `table()` (or shaped like one). */
export const isDeclaredTable = (value: unknown): value is DeclaredTable => {
  if (value === null || typeof value !== "object") return false
  const v = value as Record<string, unknown>
  return (
    typeof v["table"] === "string" &&
    typeof v["id"] === "string" &&
    typeof v["layer"] === "string" &&
    v["columns"] !== null &&
    typeof v["columns"] === "object" &&
    v["definition"] !== null &&
    typeof v["definition"] === "object" &&
    ["checks", "datasetChecks", "primaryKey", "required", "references"].every((key) => isArrayOf(value, key))
  )
}

const MODULE = new Set([".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"])
const YAML = new Set([".yaml", ".yml"])

interface Candidate {
  readonly exportName: string
  readonly table: DeclaredTable
}

const candidatesOf = (exports: Readonly<Record<string, unknown>>): ReadonlyArray<Candidate> => {
  const seen = new Set<DeclaredTable>()
  const found: Array<Candidate> = []
  const add = (exportName: string, value: unknown) => {
    if (isDeclaredTable(value) && !seen.has(value)) {
      seen.add(value)
      found.push({ exportName, table: value })
    }
  }
  const entries = Object.entries(exports).sort(([a], [b]) => (a === "default" ? -1 : b === "default" ? 1 : 0))
  for (const [name, value] of entries) {
    if (Array.isArray(value)) value.forEach((item) => add(name, item))
    else add(name, value)
  }
  return found
}

/** Pick the table to test among a file's tables. */
export const pickTable = (path: string, candidates: ReadonlyArray<Candidate>, table: string | undefined): Effect.Effect<ResolvedContract, ContractLoadError> => {
  const names = candidates.map((c) => c.table.table).join(", ")
  const fail = (message: string) => Effect.fail(new ContractLoadError({ path, message }))
  if (candidates.length === 0) return fail("no table contract in the file (export a value made by table())")
  const chosen =
    table !== undefined
      ? candidates.find((c) => c.table.table === table || c.exportName === table || c.table.id === table)
      : candidates.length === 1
        ? candidates[0]
        : candidates.find((c) => c.exportName === "default")
  if (chosen === undefined) return table !== undefined ? fail(`no table ${table} in the file (tables: ${names})`) : fail(`the file has ${candidates.length} tables (${names}): choose one with --table`)
  return Effect.succeed({ contract: chosen.table, related: candidates.filter((c) => c !== chosen).map((c) => c.table) })
}

/** Load the contract to test from a module or an ODCS YAML file. */
export const resolveContract = (path: string, table?: string): Effect.Effect<ResolvedContract, ContractLoadError> => {
  const extension = extname(path).toLowerCase()
  if (MODULE.has(extension)) {
    return loadModule(path).pipe(
      Effect.mapError((e) => new ContractLoadError({ path, message: e.message })),
      Effect.flatMap((exports) => pickTable(path, candidatesOf(exports), table))
    )
  }
  if (YAML.has(extension)) {
    return Effect.tryPromise({ try: () => readFile(path, "utf8"), catch: () => new ContractLoadError({ path, message: "file not found or unreadable" }) }).pipe(
      Effect.flatMap((text) => Effect.mapError(parseOdcs(text, path), (e) => new ContractLoadError({ path, message: `${e.at}: ${e.message}` }))),
      Effect.flatMap((tables) => pickTable(path, tables.map((t) => ({ exportName: t.table, table: t })), table))
    )
  }
  return Effect.fail(new ContractLoadError({ path, message: "expected a .ts or .js module, or an ODCS .yaml file" }))
}
