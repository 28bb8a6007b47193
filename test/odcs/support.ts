/** Helpers for the ODCS tests: contracts built as values and written as YAML, parsed, refused. */
import { Effect } from "effect"
import { stringify } from "yaml"
import type { Check } from "../../src/checks/Check.ts"
import type { DeclaredTable } from "../../src/contract/tableContract.ts"
import { parseOdcs, type OdcsError } from "../../src/odcs/parse.ts"

export const FILE = "test.odcs.yaml"

/** A v3.1 contract with these schema objects, as YAML text. */
export const contract = (schema: ReadonlyArray<unknown>, top: Record<string, unknown> = {}): string =>
  stringify({ apiVersion: "v3.1.0", kind: "DataContract", id: "test", version: "1.0.0", status: "active", ...top, schema })

/** A contract with one schema object `t` of these properties (and object fields). */
export const oneTable = (properties: ReadonlyArray<unknown>, object: Record<string, unknown> = {}): string =>
  contract([{ name: "t", properties, ...object }])

/** The tables of a contract text (the test fails if it is refused). */
export const tables = (text: string): Effect.Effect<ReadonlyArray<DeclaredTable>, OdcsError> => parseOdcs(text, FILE)

/** The first table of a contract text. */
export const firstTable = (text: string): Effect.Effect<DeclaredTable, OdcsError | string> =>
  Effect.flatMap(tables(text), (ts) => (ts[0] === undefined ? Effect.fail("no table") : Effect.succeed(ts[0])))

/** The error a contract text is refused with (the test fails if it parses). */
export const refusal = (text: string): Effect.Effect<OdcsError, string> =>
  Effect.mapError(Effect.flip(tables(text)), (ts) => `parsed into ${ts.length} table(s) instead of being refused`)

/** A table's check by id (the test fails when it has none). */
export const checkOf = (t: DeclaredTable, id: string): Check => {
  const found = t.checks.find((c) => c.id === id)
  if (found === undefined) throw new Error(`no check ${id}; checks: ${t.checks.map((c) => c.id).join(", ")}`)
  return found
}

/** A property of type string named `c` with more fields. */
export const prop = (name: string, logicalType: string, more: Record<string, unknown> = {}) => ({ name, logicalType, ...more })
