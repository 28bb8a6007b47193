/**
 * Every table contract of a file: a TypeScript or JavaScript module (its
 * exported table contracts, alone or in arrays; the same contract exported
 * twice counts once) or an ODCS YAML document (one per schema object).
 *
 * @example
 * const tables = yield* loadContractTables("contracts/orders.ts")
 */
import { Effect } from "effect"
import { readFile } from "node:fs/promises"
import { isTableSpec } from "../check/contractTable.ts"
import { contractKind } from "../check/loadContract.ts"
import type { TableSpec } from "../contract/Contract.ts"
import { loadModule } from "../load/loadModule.ts"
import { parseOdcs } from "../odcs/parse.ts"
import { DiffLoadError } from "./DiffError.ts"

/** The table contracts of a module's exports, in export order, each table name once. */
export const exportedTables = (exports: Readonly<Record<string, unknown>>): ReadonlyArray<TableSpec> => {
  const found: Array<TableSpec> = []
  const add = (value: unknown) => {
    if (isTableSpec(value) && !found.some((t) => t === value || t.table === value.table)) found.push(value)
  }
  const entries = Object.entries(exports).sort(([a], [b]) => (a === "default" ? -1 : b === "default" ? 1 : 0))
  for (const [, value] of entries) {
    if (Array.isArray(value)) value.forEach(add)
    else add(value)
  }
  return found
}

/** Every table contract of a contract file, perhaps none (a module of helpers). */
export const readContractTables = (path: string, shownAs: string = path): Effect.Effect<ReadonlyArray<TableSpec>, DiffLoadError> => {
  const fail = (message: string) => new DiffLoadError({ path: shownAs, message })
  return contractKind(path) === "module"
      ? loadModule(path).pipe(Effect.mapBoth({ onFailure: (e) => fail(e.message), onSuccess: exportedTables }))
      : contractKind(path) === "odcs"
        ? Effect.tryPromise({ try: () => readFile(path, "utf8"), catch: () => fail("file not found or unreadable") }).pipe(
            Effect.flatMap((text) => Effect.mapError(parseOdcs(text, shownAs), (e) => fail(`${e.line === undefined ? "" : `line ${e.line}: `}${e.at}: ${e.message}`)))
          )
        : Effect.fail(fail("not a contract file: expected .ts, .mts, .js, .mjs, .yaml or .yml"))
}

/** Every table contract of a contract file; a file with none is not a contract. */
export const loadContractTables = (path: string, shownAs: string = path): Effect.Effect<ReadonlyArray<TableSpec>, DiffLoadError> =>
  Effect.flatMap(readContractTables(path, shownAs), (found) =>
    found.length === 0
      ? Effect.fail(new DiffLoadError({ path: shownAs, message: "exports no table contract (a value made with table() from lakegate, or any TableSpec)" }))
      : Effect.succeed(found)
  )
