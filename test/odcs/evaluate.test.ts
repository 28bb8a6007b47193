/**
 * End to end: contracts parsed from ODCS, their checks evaluated by DuckDB on
 * real tables, pass and fail at the boundaries of each rule.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { tableChecks } from "../../src/contract/standardChecks.ts"
import type { DeclaredTable } from "../../src/contract/tableContract.ts"
import { Duck } from "../../src/engine/Duck.ts"
import { TestDuck } from "../support/duck.ts"
import { contract, firstTable, oneTable, prop, tables } from "./support.ts"

const context = { layer: "check", relation: (t: string) => `"${t}"` }

/** Each check's status (`id: status`), after running `sql` to set the tables up. */
const statuses = (t: DeclaredTable, sql: string, ids?: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    yield* duck.run(sql)
    const results: Record<string, string> = {}
    for (const c of tableChecks(t)) {
      if (ids !== undefined && !ids.includes(c.id)) continue
      const r = yield* c.evaluate(context)
      results[c.id] = r.status === "error" ? `error: ${r.message}` : r.status
    }
    return results
  })

/** `create or replace table t` of 20 rows, row i (0-based) from `value(i)` as column c of `type`. */
const twenty = (type: string, value: (i: number) => string, name = "t") =>
  `create or replace table "${name}" as select * from (values ${Array.from({ length: 20 }, (_, i) => `(${value(i)}::${type})`).join(", ")}) v(c)`

describe("library metrics on data", () => {
  it.effect("nullValues at the 5% boundary: less than fails at 5%, less-or-equal passes at 5%", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(
        oneTable([
          prop("c", "string", {
            quality: [
              { id: "lt5", metric: "nullValues", mustBeLessThan: 5, unit: "percent" },
              { id: "le5", metric: "nullValues", mustBeLessOrEqualTo: 5, unit: "percent" },
              { id: "none", metric: "nullValues", mustBe: 0 },
              { id: "rows2", metric: "nullValues", mustBeLessThan: 2 },
              { id: "warn", metric: "nullValues", mustBe: 0, severity: "warning" }
            ]
          })
        ])
      )
      const ids = ["lt5", "le5", "none", "rows2", "warn"]
      const withNulls = (k: number) => statuses(t, twenty("varchar", (i) => (i < k ? "NULL" : `'v${i}'`)), ids)
      expect(yield* withNulls(0)).toEqual({ lt5: "pass", le5: "pass", none: "pass", rows2: "pass", warn: "pass" })
      expect(yield* withNulls(1)).toEqual({ lt5: "fail", le5: "pass", none: "fail", rows2: "pass", warn: "warn" })
      expect(yield* withNulls(2)).toEqual({ lt5: "fail", le5: "fail", none: "fail", rows2: "fail", warn: "warn" })
    }).pipe(Effect.provide(TestDuck)))

  it.effect("missingValues counts NULL and the listed values, on text and on decimals", () =>
    Effect.gen(function* () {
      const text = yield* firstTable(oneTable([prop("c", "string", { quality: [{ id: "m", metric: "missingValues", arguments: { missingValues: [null, "", "N/A"] }, mustBeLessOrEqualTo: 10, unit: "percent" }] })]))
      const missing = ["NULL", "''", "'N/A'"]
      expect(yield* statuses(text, twenty("varchar", (i) => (i < 2 ? (missing[i] ?? "") : `'n/a'`)), ["m"])).toEqual({ m: "pass" })
      expect(yield* statuses(text, twenty("varchar", (i) => (i < 3 ? (missing[i] ?? "") : `'x'`)), ["m"])).toEqual({ m: "fail" })
      const money = yield* firstTable(oneTable([prop("c", "number", { physicalType: "DECIMAL(8,2)", quality: [{ id: "m", metric: "missingValues", arguments: { missingValues: ["", -1] }, mustBe: 0 }] })]))
      expect(yield* statuses(money, twenty("decimal(8,2)", (i) => (i === 0 ? "NULL" : "-1.5")), ["m", "schema.columns"])).toEqual({ "schema.columns": "pass", m: "pass" })
      expect(yield* statuses(money, twenty("decimal(8,2)", (i) => (i === 0 ? "-1.00" : "2")), ["m"])).toEqual({ m: "fail" })
    }).pipe(Effect.provide(TestDuck)))

  it.effect("invalidValues: valid values as the column shows them (decimals at their scale), or a pattern matching anywhere", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(
        oneTable([
          prop("c", "number", { physicalType: "DECIMAL(8,2)", quality: [{ id: "v", metric: "invalidValues", arguments: { validValues: [1.5, 2] }, mustBeLessThan: 2 }] })
        ])
      )
      expect(yield* statuses(t, twenty("decimal(8,2)", (i) => (i === 0 ? "3" : i % 2 === 0 ? "1.5" : "2")), ["v"])).toEqual({ v: "pass" })
      expect(yield* statuses(t, twenty("decimal(8,2)", (i) => (i < 2 ? "3" : "NULL")), ["v"])).toEqual({ v: "fail" })
      const p = yield* firstTable(oneTable([prop("c", "string", { quality: [{ id: "p", metric: "invalidValues", arguments: { pattern: "ACC[0-9]{2}" }, mustBe: 0 }] })]))
      expect(yield* statuses(p, twenty("varchar", (i) => (i === 0 ? "'xACC12y'" : "'ACC99'")), ["p"])).toEqual({ p: "pass" })
      expect(yield* statuses(p, twenty("varchar", (i) => (i === 0 ? "'ACC1'" : "'ACC99'")), ["p"])).toEqual({ p: "fail" })
    }).pipe(Effect.provide(TestDuck)))

  it.effect("duplicateValues counts rows after the first of a value; NULLs are no value", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(oneTable([prop("c", "string", { quality: [{ id: "d", metric: "duplicateValues", mustBeLessOrEqualTo: 1 }] })]))
      expect(yield* statuses(t, twenty("varchar", (i) => (i < 5 ? "NULL" : i === 6 ? "'v5'" : `'v${i}'`)), ["d"])).toEqual({ d: "pass" })
      expect(yield* statuses(t, twenty("varchar", (i) => (i < 3 ? "'same'" : `'v${i}'`)), ["d"])).toEqual({ d: "fail" })
      const compound = yield* firstTable(
        oneTable([prop("a", "integer", { required: true }), prop("b", "string", { required: true })], { quality: [{ id: "k", metric: "duplicateValues", arguments: { properties: ["a", "b"] }, mustBe: 0 }] })
      )
      expect(yield* statuses(compound, `create or replace table t as select * from (values (1, 'x'), (1, 'y'), (2, 'x')) v(a, b)`, ["k"])).toEqual({ k: "pass" })
      expect(yield* statuses(compound, `create or replace table t as select * from (values (1, 'x'), (1, 'y'), (1, 'x')) v(a, b)`, ["k"])).toEqual({ k: "fail" })
    }).pipe(Effect.provide(TestDuck)))

  it.effect("rowCount: mustBeBetween [100, 120] holds for 101..119 rows", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(oneTable([prop("c", "integer")], { quality: [{ metric: "rowCount", mustBeBetween: [100, 120] }] }))
      const rows = (n: number) => statuses(t, `create or replace table t as select range::bigint as c from range(${n})`, ["rowCount"])
      expect(yield* rows(100)).toEqual({ rowCount: "fail" })
      expect(yield* rows(101)).toEqual({ rowCount: "pass" })
      expect(yield* rows(119)).toEqual({ rowCount: "pass" })
      expect(yield* rows(120)).toEqual({ rowCount: "fail" })
    }).pipe(Effect.provide(TestDuck)))
})

describe("sql rules on data", () => {
  it.effect("the query's value is compared; a NULL value fails", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(
        oneTable([
          prop("c", "number", {
            physicalType: "DECIMAL(8,2)",
            quality: [
              { id: "sum", type: "sql", query: "SELECT SUM({property}) FROM {object}", mustBeLessOrEqualTo: 0.3 },
              { id: "between", type: "sql", query: "SELECT COUNT(*) FROM ${table} WHERE ${column} > 0", mustBeBetween: [1, 3] },
              { id: "all", type: "sql", query: "SELECT bool_and(c IS NOT NULL) FROM t;", mustBe: true, severity: "warning" }
            ]
          })
        ])
      )
      const ids = ["sum", "between", "all"]
      // 0.1 + 0.2 is exactly 0.3 in DECIMAL (never a binary float).
      expect(yield* statuses(t, `create or replace table t as select * from (values (0.1::decimal(8,2)), (0.2), (0)) v(c)`, ids)).toEqual({ sum: "pass", between: "pass", all: "pass" })
      expect(yield* statuses(t, `create or replace table t as select * from (values (0.1::decimal(8,2)), (0.21), (NULL)) v(c)`, ids)).toEqual({ sum: "fail", between: "pass", all: "warn" })
      expect(yield* statuses(t, `create or replace table t as select * from (values (0.1::decimal(8,2)), (0.1), (0.1)) v(c)`, ids)).toEqual({ sum: "pass", between: "fail", all: "pass" })
      expect(yield* statuses(t, `create or replace table t as select * from (values (NULL::decimal(8,2))) v(c)`, ids)).toEqual({ sum: "fail", between: "fail", all: "warn" })
    }).pipe(Effect.provide(TestDuck)))
})

describe("declared constraints on data", () => {
  it.effect("bounds (exclusive at the scale), dates, timestamps, lengths, patterns and formats", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(
        oneTable([
          prop("amount", "number", { physicalType: "DECIMAL(8,2)", logicalTypeOptions: { exclusiveMinimum: 0, maximum: 100 } }),
          prop("day", "date", { logicalTypeOptions: { minimum: "2024-01-01", exclusiveMaximum: "2025-01-01" } }),
          prop("at", "timestamp", { logicalTypeOptions: { exclusiveMinimum: "2024-01-01T00:00:00Z" } }),
          prop("code", "string", { physicalType: "VARCHAR(5)", logicalTypeOptions: { pattern: "^[A-Z]" } }),
          prop("email", "string", { logicalTypeOptions: { format: "email" } })
        ])
      )
      const row = (amount: string, day: string, at: string, code: string, email: string) =>
        `create or replace table t as select ${amount}::decimal(8,2) as amount, date '${day}' as day, timestamp '${at}' as at, '${code}'::varchar as code, '${email}'::varchar as email`
      const ids = ["schema.columns", "range.amount", "range.day", "range.at", "length.code", "pattern.code", "format.email"]
      expect(yield* statuses(t, row("0.01", "2024-01-01", "2024-01-01 00:00:01", "ABCDE", "a@b.co"), ids)).toEqual(Object.fromEntries(ids.map((id) => [id, "pass"])))
      expect(yield* statuses(t, row("100.00", "2024-12-31", "2030-01-01 00:00:00", "Zz", "x.y@z.example"), ids)).toEqual(Object.fromEntries(ids.map((id) => [id, "pass"])))
      expect(yield* statuses(t, row("0.00", "2023-12-31", "2024-01-01 00:00:00", "ABCDEF", "nope"), ids)).toEqual({
        "schema.columns": "pass",
        "range.amount": "fail",
        "range.day": "fail",
        "range.at": "fail",
        "length.code": "fail",
        "pattern.code": "pass",
        "format.email": "fail"
      })
      expect(yield* statuses(t, row("100.01", "2025-01-01", "2024-06-01 00:00:00", "aBC", "a@b.co"), ids)).toMatchObject({ "range.amount": "fail", "range.day": "fail", "pattern.code": "fail" })
    }).pipe(Effect.provide(TestDuck)))

  it.effect("inside objects and arrays: required fields, lengths, bounds, array sizes", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(
        oneTable([
          prop("address", "object", { properties: [prop("city", "string", { required: true }), prop("zip", "string", { physicalType: "VARCHAR(5)" })] }),
          prop("lines", "array", {
            logicalTypeOptions: { minItems: 1, maxItems: 2 },
            items: { logicalType: "object", required: true, properties: [prop("sku", "string", { required: true }), prop("qty", "integer", { logicalTypeOptions: { minimum: 1 } })] }
          })
        ])
      )
      const row = (address: string, lines: string) =>
        `create or replace table t as select ${address}::STRUCT(city VARCHAR, zip VARCHAR) as address, ${lines}::STRUCT(sku VARCHAR, qty BIGINT)[] as lines`
      // Not schema.columns: lakegate writes STRUCT("city" VARCHAR, ...) where DuckDB describes STRUCT(city VARCHAR, ...).
      const ids = ["nested.address", "nested.lines"]
      const ok = "[{'sku': 'a', 'qty': 1}]"
      expect(yield* statuses(t, row("{'city': 'Lyon', 'zip': '69001'}", ok), ids)).toEqual({ "nested.address": "pass", "nested.lines": "pass" })
      // A missing object or array is not judged inside (its own required-ness is not_null's).
      expect(yield* statuses(t, row("NULL", "NULL"), ids)).toEqual({ "nested.address": "pass", "nested.lines": "pass" })
      expect(yield* statuses(t, row("{'city': NULL, 'zip': NULL}", ok), ids)).toMatchObject({ "nested.address": "fail" })
      expect(yield* statuses(t, row("{'city': 'Lyon', 'zip': '690011'}", ok), ids)).toMatchObject({ "nested.address": "fail" })
      expect(yield* statuses(t, row("{'city': 'Lyon', 'zip': NULL}", "[]"), ids)).toMatchObject({ "nested.address": "pass", "nested.lines": "fail" })
      expect(yield* statuses(t, row("{'city': 'Lyon', 'zip': NULL}", "[{'sku': 'a', 'qty': 1}, {'sku': 'b', 'qty': 2}, {'sku': 'c', 'qty': 3}]"), ids)).toMatchObject({ "nested.lines": "fail" })
      expect(yield* statuses(t, row("{'city': 'Lyon', 'zip': NULL}", "[{'sku': 'a', 'qty': 0}]"), ids)).toMatchObject({ "nested.lines": "fail" })
      expect(yield* statuses(t, row("{'city': 'Lyon', 'zip': NULL}", "[{'sku': NULL, 'qty': 1}]"), ids)).toMatchObject({ "nested.lines": "fail" })
      expect(yield* statuses(t, row("{'city': 'Lyon', 'zip': NULL}", "[NULL]"), ids)).toMatchObject({ "nested.lines": "fail" })
    }).pipe(Effect.provide(TestDuck)))

  it.effect("keys, unique columns and foreign keys", () =>
    Effect.gen(function* () {
      const ts = yield* tables(
        contract([
          { name: "customers", properties: [prop("id", "integer", { primaryKey: true }), prop("email", "string", { unique: true })] },
          {
            name: "orders",
            properties: [
              prop("tenant", "string", { primaryKey: true, primaryKeyPosition: 1 }),
              prop("order_id", "integer", { primaryKey: true, primaryKeyPosition: 2 }),
              prop("customer_id", "integer", { relationships: [{ to: "customers.id" }] })
            ]
          }
        ])
      )
      const [customers, orders] = ts
      if (customers === undefined || orders === undefined) return yield* Effect.fail("two tables expected")
      const setup = (customerRows: string, orderRows: string) =>
        `create or replace table customers as select * from (values ${customerRows}) v(id, email); create or replace table orders as select * from (values ${orderRows}) v(tenant, order_id, customer_id)`
      const c = (id: number, email: string) => `(${id}::bigint, ${email}::varchar)`
      const o = (tenant: string, id: number, customer: string) => `('${tenant}'::varchar, ${id}::bigint, ${customer}::bigint)`
      const good = setup([c(1, "'a@x'"), c(2, "NULL"), c(3, "NULL")].join(", "), [o("a", 1, "1"), o("b", 1, "2"), o("a", 2, "NULL")].join(", "))
      expect(yield* statuses(customers, good)).toEqual({ "schema.columns": "pass", "key.unique": "pass", not_null: "pass", "unique.email": "pass" })
      // A NULL customer_id references nothing: it passes, as with a SQL foreign key.
      expect(yield* statuses(orders, good)).toEqual({ "schema.columns": "pass", "key.unique": "pass", not_null: "pass", "references.customer_id": "pass" })
      const bad = setup([c(1, "'a@x'"), c(2, "'a@x'")].join(", "), [o("a", 1, "1"), o("a", 1, "9")].join(", "))
      expect(yield* statuses(customers, bad)).toMatchObject({ "unique.email": "fail" })
      expect(yield* statuses(orders, bad)).toMatchObject({ "key.unique": "fail", "references.customer_id": "fail" })
    }).pipe(Effect.provide(TestDuck)))
})
