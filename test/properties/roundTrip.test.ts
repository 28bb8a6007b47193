/**
 * Property 7: every contract schema round-trips on arbitrary values —
 * decode(encode(a)) = a, encode(decode(i)) = i, also through JSON text — and
 * every table contract's generated rows fit its SQL columns: stored in DuckDB
 * with the contract's types and read back, they decode to the same rows.
 */
import { FastCheck as fc } from "effect"
import { afterAll, describe, it } from "vitest"
import { deepStrictEqual } from "node:assert/strict"
import { tableContracts } from "../../contracts/testing/arbitraries.ts"
import { contractSchemas, makeDuckRunner, schemaRoundTrips } from "../../contracts/testing/properties.ts"
import { propertySettings, share } from "../../src/testing/runProperty.ts"
import { Duck, sqlIdent, sqlString } from "../../src/engine/Duck.ts"
import { Effect } from "effect"
import { assertProperty, timeoutFor } from "./support.ts"

const settings = propertySettings("inProcess")

describe("property 7: contract schemas round-trip", () => {
  for (const { id, codec, arbitrary } of contractSchemas()) {
    it(`${id}`, () => assertProperty(schemaRoundTrips(codec, arbitrary), settings), timeoutFor(settings, 5))
  }
})

/** A SQL literal of a row value for a column type. */
const literal = (value: unknown, type: string): string => (value === null ? `NULL::${type}` : typeof value === "string" ? `${sqlString(value)}::${type}` : `${String(value)}::${type}`)

/** Read a column back in the shape the row schemas describe. */
const readBack = (name: string, type: string): string => {
  const c = sqlIdent(name)
  if (type === "DATE") return `strftime(${c}, '%Y-%m-%d') as ${c}`
  if (type === "TIMESTAMP") return `strftime(${c}, '%Y-%m-%d %H:%M:%S') as ${c}`
  if (type.startsWith("DECIMAL")) return `${c}::VARCHAR as ${c}`
  if (type === "BIGINT" || type === "INTEGER") return `${c}::DOUBLE as ${c}`
  return c
}

describe("property 7: generated rows fit their table's SQL columns", () => {
  const duck = makeDuckRunner()
  afterAll(() => duck.dispose())
  const each = share(settings, 10, 10)
  for (const contract of tableContracts) {
    it(`${contract.id}: rows stored as ${contract.definition.sqlColumns.length} typed columns read back equal`, () =>
      assertProperty(
        fc.asyncProperty(fc.array(contract.definition.rows.arbitrary(), { minLength: 1, maxLength: 5 }), async (rows) => {
          const columns = contract.definition.sqlColumns
          const { encode, decode } = contract.definition.rows
          const values = rows.map((row) => {
            const encoded = encode(row) as Record<string, unknown>
            return `(${columns.map(([name, type]) => literal(encoded[name], type)).join(", ")})`
          })
          const back = await duck.run(
            Effect.flatMap(Duck, (d) =>
              d.all(`select ${columns.map(([name, type]) => readBack(name, type)).join(", ")} from (values ${values.join(", ")}) t(${columns.map(([name]) => sqlIdent(name)).join(", ")})`)
            )
          )
          deepStrictEqual(back.map((r) => decode(r)), rows)
        }),
        each
      ), timeoutFor(each, 40))
  }
})
