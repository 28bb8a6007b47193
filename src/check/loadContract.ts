/**
 * Load the table contract to check data against, from a TypeScript or
 * JavaScript module (its default export, or its only exported table, or the
 * one `--table` names) or from an ODCS YAML document.
 *
 * @example
 * const orders = yield* loadContract("contracts/orders.ts")
 * const one = yield* loadContract("contracts/shop.odcs.yaml", { table: "orders" })
 */
import { Effect } from "effect"
import { readFile } from "node:fs/promises"
import type { TableSpec } from "../contract/Contract.ts"
import { loadModule } from "../load/loadModule.ts"
import { parseOdcs } from "../odcs/parse.ts"
import { isTableSpec } from "./contractTable.ts"
import { ContractError } from "./errors.ts"

/** How a contract file is read, by its extension. */
export const contractKind = (path: string): "module" | "odcs" | null =>
  /\.(ts|mts|cts|js|mjs|cjs)$/i.test(path) ? "module" : /\.ya?ml$/i.test(path) ? "odcs" : null

/** Options of {@link loadContract}. */
export interface LoadContractOptions {
  /** Which table, when the file declares several: its table name, its export name or its id. */
  readonly table?: string
}

/** A table found in a contract file, with the name it is exported or declared under. */
interface Found {
  readonly name: string
  readonly table: TableSpec
}

const describeFound = (found: ReadonlyArray<Found>): string => found.map((f) => (f.name === f.table.table ? f.name : `${f.name} (table ${f.table.table})`)).join(", ")

/** Pick the table to check: the one named, else the default export, else the only one. */
const pick = (path: string, found: ReadonlyArray<Found>, preferred: Found | undefined, options: LoadContractOptions): Effect.Effect<TableSpec, ContractError> => {
  if (options.table !== undefined) {
    const name = options.table
    const chosen = found.find((f) => f.table.table === name || f.name === name || f.table.id === name)
    return chosen !== undefined
      ? Effect.succeed(chosen.table)
      : Effect.fail(new ContractError({ path, at: "$", message: found.length === 0 ? `no table contract named ${name}: the file declares none` : `no table contract named ${name}; the file declares ${describeFound(found)}` }))
  }
  if (preferred !== undefined) return Effect.succeed(preferred.table)
  const distinct = found.filter((f, i) => found.findIndex((g) => g.table === f.table) === i)
  if (distinct.length === 1) return Effect.succeed(distinct[0]!.table)
  return Effect.fail(
    new ContractError({
      path,
      at: "$",
      message:
        distinct.length === 0
          ? "exports no table contract (a value made with table() from lakegate)"
          : `declares ${distinct.length} table contracts (${describeFound(distinct)}); choose one with --table NAME`
    })
  )
}

const fromModule = (path: string, options: LoadContractOptions): Effect.Effect<TableSpec, ContractError> =>
  Effect.gen(function* () {
    const exports = yield* loadModule(path).pipe(Effect.mapError((e) => new ContractError({ path, at: "$", message: e.message })))
    const found = Object.entries(exports).flatMap(([name, value]): ReadonlyArray<Found> => (isTableSpec(value) ? [{ name, table: value }] : []))
    return yield* pick(path, found, found.find((f) => f.name === "default"), options)
  })

const fromOdcs = (path: string, options: LoadContractOptions): Effect.Effect<TableSpec, ContractError> =>
  Effect.gen(function* () {
    const text = yield* Effect.tryPromise({
      try: () => readFile(path, "utf8"),
      catch: (e) => new ContractError({ path, at: "$", message: e instanceof Error && "code" in e && e.code === "ENOENT" ? "file not found" : `cannot read: ${String(e)}` })
    })
    const tables = yield* parseOdcs(text, path).pipe(Effect.mapError((e) => new ContractError({ path, at: e.at, message: e.message })))
    return yield* pick(
      path,
      tables.map((t) => ({ name: t.table, table: t })),
      undefined,
      options
    )
  })

/**
 * Load a table contract from a file: `.ts/.mts/.js/.mjs` modules (compiled
 * and evaluated with their `lakegate` imports served by this lakegate) or
 * `.yaml/.yml` ODCS documents. Fails with a ContractError naming the file
 * (and, for ODCS, the path inside it).
 */
export const loadContract = (path: string, options: LoadContractOptions = {}): Effect.Effect<TableSpec, ContractError> => {
  switch (contractKind(path)) {
    case "module":
      return fromModule(path, options)
    case "odcs":
      return fromOdcs(path, options)
    case null:
      return Effect.fail(new ContractError({ path, at: "$", message: "not a contract file: expected .ts, .mts, .js, .mjs, .yaml or .yml" }))
  }
}
