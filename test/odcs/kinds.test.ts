import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { column, describeKind } from "../../src/contract/kinds.ts"
import { checkOf, contract, firstTable, oneTable, prop, tables } from "./support.ts"

const kindsOf = (properties: ReadonlyArray<unknown>) => Effect.map(firstTable(oneTable(properties)), (t) => Object.fromEntries(Object.entries(t.columns).map(([n, k]) => [n, describeKind(k)])))

describe("ODCS types to column kinds", () => {
  it.effect("logical types, with physical types refining them", () =>
    Effect.gen(function* () {
      expect(
        yield* kindsOf([
          prop("s", "string"),
          prop("i", "integer"),
          prop("n", "number", { physicalType: "DECIMAL(12,2)" }),
          prop("n2", "number", { physicalType: "numeric( 5 , 0 )" }),
          prop("n3", "number", { physicalType: "DECIMAL" }),
          prop("n4", "number", { physicalType: "INT" }),
          prop("b", "boolean"),
          prop("d", "date"),
          prop("ts", "timestamp", { physicalType: "TIMESTAMP WITHOUT TIME ZONE" })
        ])
      ).toEqual({ s: "text?", i: "integer?", n: "decimal(12,2)?", n2: "decimal(5,0)?", n3: "decimal(18,3)?", n4: "integer?", b: "boolean?", d: "date?", ts: "timestamp?" })
    }))

  it.effect("a physical type alone stands in for the logical type", () =>
    Effect.gen(function* () {
      expect(
        yield* kindsOf(
          ["VARCHAR(10)", "TEXT", "BIGINT", "smallint", "DECIMAL(10,4)", "BOOLEAN", "DATE", "TIMESTAMP", "DATETIME"].map((physicalType, i) => ({ name: `c${i}`, physicalType }))
        )
      ).toEqual({ c0: "text?", c1: "text?", c2: "integer?", c3: "integer?", c4: "decimal(10,4)?", c5: "boolean?", c6: "date?", c7: "timestamp?", c8: "timestamp?" })
    }))

  it.effect("required and primary-key columns are NOT NULL; descriptions are kept", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(oneTable([prop("a", "integer", { required: true, description: "the a" }), prop("b", "integer", { primaryKey: true }), prop("c", "integer", { required: false })]))
      expect(t.columns["a"]).toEqual(column.integer({ description: "the a" }))
      expect(t.columns["b"]?.nullable).toBe(false)
      expect(t.columns["c"]?.nullable).toBe(true)
      expect(t.required).toEqual(["a", "b"])
    }))

  it.effect("physicalName names the column and the table", () =>
    Effect.gen(function* () {
      const [t] = yield* tables(contract([{ name: "Orders", physicalName: "orders_v2", properties: [prop("Order Id", "integer", { physicalName: "order_id" })] }]))
      expect(t?.table).toBe("orders_v2")
      expect(t?.id).toBe("check.orders_v2")
      expect(t?.layer).toBe("check")
      expect(Object.keys(t?.columns ?? {})).toEqual(["order_id"])
    }))

  it.effect("objects become structs and arrays lists, recursively", () =>
    Effect.gen(function* () {
      const kinds = yield* kindsOf([
        prop("address", "object", { required: true, properties: [prop("street", "string", { required: true }), prop("zip", "string")] }),
        prop("tags", "array", { items: { logicalType: "string" } }),
        prop("lines", "array", { items: { logicalType: "object", required: true, properties: [prop("sku", "string"), prop("qty", "integer", { required: true })] } })
      ])
      expect(kinds).toEqual({
        address: "struct<street: text, zip: text?>",
        tags: "list<text?>?",
        lines: "list<struct<sku: text?, qty: integer>>?"
      })
    }))

  it.effect("an object's logicalTypeOptions.required makes its nested properties required", () =>
    Effect.gen(function* () {
      expect(yield* kindsOf([prop("o", "object", { logicalTypeOptions: { required: ["b"] }, properties: [prop("a", "string"), prop("b", "string")] })])).toEqual({ o: "struct<a: text?, b: text>?" })
    }))
})

describe("keys", () => {
  it.effect("a compound key is ordered by primaryKeyPosition, not by declaration", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(
        oneTable([
          prop("line", "integer", { primaryKey: true, primaryKeyPosition: 3 }),
          prop("order", "integer", { primaryKey: true, primaryKeyPosition: 2 }),
          prop("tenant", "string", { primaryKey: true, primaryKeyPosition: 1 }),
          prop("note", "string", { primaryKey: false, primaryKeyPosition: -1 })
        ])
      )
      expect(t.primaryKey).toEqual(["tenant", "order", "line"])
      expect(t.datasetChecks.map((c) => c.id)).toEqual([])
    }))

  it.effect("without positions a compound key keeps declaration order; a single key needs none", () =>
    Effect.gen(function* () {
      expect((yield* firstTable(oneTable([prop("a", "integer", { primaryKey: true }), prop("b", "integer", { primaryKey: true })]))).primaryKey).toEqual(["a", "b"])
      expect((yield* firstTable(oneTable([prop("a", "integer"), prop("b", "integer", { primaryKey: true, primaryKeyPosition: 1 })]))).primaryKey).toEqual(["b"])
    }))

  it.effect("unique columns get a uniqueness check (not the sole key: key.unique covers it)", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(oneTable([prop("id", "integer", { primaryKey: true, unique: true }), prop("email", "string", { unique: true, required: true }), prop("nick", "string", { unique: true })]))
      expect(t.checks.map((c) => c.id)).toEqual(["unique.email", "unique.nick"])
      expect(checkOf(t, "unique.email").rule).toMatchObject({ _tag: "Unique", columns: ["email"] })
      // A nullable column leaves its NULLs out, as SQL's UNIQUE does.
      expect(checkOf(t, "unique.nick").rule).toMatchObject({ _tag: "Sql" })
    }))

  it.effect("relationships become references checks, resolved to the referenced object's SQL names", () =>
    Effect.gen(function* () {
      const ts = yield* tables(
        contract([
          { name: "customers", physicalName: "dim_customers", properties: [prop("id", "integer", { physicalName: "customer_key", primaryKey: true }), prop("tenant", "string")] },
          {
            name: "orders",
            properties: [prop("customer_id", "integer", { relationships: [{ to: "customers.id", type: "foreignKey" }] }), prop("tenant", "string"), prop("product", "string", { relationships: [{ to: "products.sku" }] })],
            relationships: [{ from: ["orders.customer_id", "orders.tenant"], to: ["customers.id", "customers.tenant"] }]
          }
        ])
      )
      const references = (ts[1]?.checks ?? []).map((c) => [c.id, c.rule])
      expect(references).toEqual([
        ["references.customer_id", expect.objectContaining({ _tag: "References", columns: ["customer_id"], table: "dim_customers", referencedColumns: ["customer_key"] })],
        ["references.product", expect.objectContaining({ columns: ["product"], table: "products", referencedColumns: ["sku"] })],
        ["references.customer_id_tenant", expect.objectContaining({ columns: ["customer_id", "tenant"], table: "dim_customers", referencedColumns: ["customer_key", "tenant"] })]
      ])
      expect(ts[1]?.references).toEqual([])
    }))
})

describe("logicalTypeOptions", () => {
  it.effect("numeric bounds: v3.1 exclusive values and v3.0 exclusive flags, as kinds and range checks", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(
        oneTable([
          prop("a", "number", { physicalType: "DECIMAL(12,2)", logicalTypeOptions: { exclusiveMinimum: 0, maximum: 100 } }),
          prop("b", "integer", { logicalTypeOptions: { minimum: 1, maximum: 10, exclusiveMaximum: true } }),
          prop("c", "integer", { logicalTypeOptions: { minimum: 0, exclusiveMinimum: 5, exclusiveMaximum: 9.5 } }),
          prop("d", "number", { physicalType: "DECIMAL(6,2)", logicalTypeOptions: { minimum: 0.005 } })
        ])
      )
      expect(t.columns["a"]).toMatchObject({ kind: "decimal", min: "0.01", max: "100.00" })
      expect(checkOf(t, "range.a").rule).toMatchObject({ min: "0", exclusiveMin: true, max: "100" })
      expect(t.columns["b"]).toMatchObject({ kind: "integer", min: 1, max: 9 })
      expect(checkOf(t, "range.b").rule).toMatchObject({ min: 1, max: 10, exclusiveMax: true })
      // exclusiveMinimum 5 is tighter than minimum 0.
      expect(t.columns["c"]).toMatchObject({ min: 6, max: 9 })
      expect(checkOf(t, "range.c").rule).toMatchObject({ min: 5, exclusiveMin: true, max: "9.5", exclusiveMax: true })
      expect(t.columns["d"]).toMatchObject({ min: "0.01" })
    }))

  it.effect("bounds keep their decimals as written, never through a float", () =>
    Effect.gen(function* () {
      const text = oneTable([prop("a", "number", { physicalType: "DECIMAL(20,2)", logicalTypeOptions: { maximum: 1 } })]).replace("maximum: 1", "maximum: 99999999999999999.99")
      const t = yield* firstTable(text)
      expect(checkOf(t, "range.a").rule).toMatchObject({ max: "99999999999999999.99" })
      expect(t.columns["a"]).toMatchObject({ max: "99999999999999999.99" })
    }))

  it.effect("date and timestamp bounds", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(
        oneTable([
          prop("d", "date", { logicalTypeOptions: { minimum: "2024-01-01", exclusiveMaximum: "2025-01-01", format: "yyyy-MM-dd" } }),
          prop("ts", "timestamp", { logicalTypeOptions: { exclusiveMinimum: "2024-01-01T00:00:00Z", maximum: "2024-12-31 23:59", timezone: false, defaultTimezone: "UTC" } })
        ])
      )
      expect(checkOf(t, "range.d").rule).toMatchObject({ min: "2024-01-01", max: "2025-01-01", exclusiveMax: true })
      expect(checkOf(t, "range.ts").rule).toMatchObject({ min: "2024-01-01 00:00:00", exclusiveMin: true, max: "2024-12-31 23:59:00" })
    }))

  it.effect("string lengths (also from VARCHAR(n)), patterns and formats", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(
        oneTable([
          prop("code", "string", { physicalType: "VARCHAR(8)", logicalTypeOptions: { minLength: 2, maxLength: 10, pattern: "^[A-Z]+" } }),
          prop("email", "string", { logicalTypeOptions: { format: "email" } }),
          prop("id", "string", { logicalTypeOptions: { format: "uuid" } }),
          prop("site", "string", { logicalTypeOptions: { format: "uri" } })
        ])
      )
      expect(t.columns["code"]).toMatchObject({ minLength: 2, maxLength: 8, pattern: "^[A-Z]+" })
      expect(checkOf(t, "length.code").rule).toMatchObject({ min: 2, max: 8 })
      // ODCS patterns match anywhere unless anchored (JSON Schema); the check matches the whole value.
      expect(checkOf(t, "pattern.code").rule).toMatchObject({ pattern: "[\\s\\S]*(?:^[A-Z]+)[\\s\\S]*" })
      expect(t.columns["email"]).toMatchObject({ format: "email" })
      expect(checkOf(t, "format.email").rule).toMatchObject({ _tag: "Pattern" })
      expect(checkOf(t, "format.id").rule).toMatchObject({ _tag: "Pattern" })
      expect(checkOf(t, "format.site").rule).toMatchObject({ _tag: "Pattern" })
    }))

  it.effect("constraints inside objects and arrays become one SQL check per column", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(
        oneTable([
          prop("address", "object", { properties: [prop("city", "string", { required: true }), prop("zip", "string", { physicalType: "VARCHAR(5)" })] }),
          prop("lines", "array", { logicalTypeOptions: { minItems: 1 }, items: { logicalType: "integer", logicalTypeOptions: { minimum: 1 } } }),
          prop("plain", "object", { properties: [prop("x", "string")] })
        ])
      )
      expect(t.checks.map((c) => c.id)).toEqual(["nested.address", "nested.lines"])
    }))
})
