/**
 * The dbt export: a `schema.yml` with one model per table, an enforced
 * contract, data types, and the checks dbt's generic tests express as
 * `data_tests` with their severity and row thresholds.
 */
import { describe, expect, it } from "vitest"
import { parse } from "yaml"
import { check, column, exportModel, table, toDbt, toJsonSchema, toOdcs } from "../../src/index.ts"
import { accounts, orders } from "./support.ts"

interface Model {
  readonly name: string
  readonly config: { readonly contract: { readonly enforced: boolean } }
  readonly columns: ReadonlyArray<{ readonly name: string; readonly data_type: string; readonly constraints?: ReadonlyArray<unknown>; readonly data_tests?: ReadonlyArray<unknown> }>
}

const exported = toDbt([orders, accounts].map(exportModel), "duckdb")
const doc = parse(exported.text) as { version: number; models: ReadonlyArray<Model> }
const model = doc.models.find((m) => m.name === "orders")
const columnNamed = (name: string) => model?.columns.find((c) => c.name === name)

describe("dbt export", () => {
  it("writes a version 2 schema.yml with one enforced-contract model per table and every column's data type", () => {
    expect(doc.version).toBe(2)
    expect(doc.models.map((m) => m.name)).toEqual(["orders", "accounts"])
    expect(doc.models.every((m) => m.config.contract.enforced)).toBe(true)
    expect(model?.columns.map((c) => [c.name, c.data_type])).toEqual(orders.definition.sqlColumns.map(([n, t]) => [n, t.toLowerCase()]))
    const postgres = toDbt([exportModel(orders)], "postgres")
    expect(postgres.text).toContain("data_type: numeric(18,2)")
    expect(postgres.text).toContain("data_type: text[]")
    expect(postgres.text).toContain("data_type: jsonb")
    expect(postgres.omitted.find((o) => o.subject === "shipping")?.reason).toMatch(/jsonb/)
  })

  it("tests required columns, the key, accepted values and references with dbt's generic tests", () => {
    expect(columnNamed("order_id")?.data_tests).toEqual(["not_null", "unique"])
    expect(columnNamed("order_id")?.constraints).toEqual([{ type: "not_null" }, { type: "primary_key" }])
    expect(columnNamed("account_id")?.data_tests).toEqual(["not_null", { relationships: { to: "ref('accounts')", field: "account_id" } }])
    expect(columnNamed("channel")?.data_tests).toEqual([{ accepted_values: { values: ["web", "shop"] } }, { not_null: { config: { severity: "warn" } } }])
    expect(columnNamed("code")?.data_tests).toEqual(["not_null", { unique: { config: { error_if: ">5", warn_if: ">0" } } }])
    expect(columnNamed("gift")?.data_tests).toBeUndefined()
  })

  it("lists the checks dbt's built-in tests cannot express", () => {
    expect(exported.omitted.map((o) => o.subject)).toEqual([
      // orders: its ids' positivity (implied by the id kind), then its own checks; accounts: its id's positivity and the email format
      "range.order_id", "range.account_id", "row_count", "range.amount", "pattern.code", "length.channel", "freshness.ordered_on", "range.quantity", "no_future_order",
      "range.account_id", "format.email"
    ])
    expect(exported.omitted.find((o) => o.subject === "range.quantity")?.reason).toMatch(/percentage/)
  })
})

describe("exports of a check on a column the table does not have", () => {
  it("report it in every format instead of dropping it", () => {
    const t = exportModel(table({ name: "t", version: "1", columns: { a: column.text() }, checks: [check.notNull("gone"), check.acceptedValues("gone", ["x"])] }))
    for (const exported of [toDbt([t], "duckdb"), toJsonSchema(t), toOdcs([t])]) {
      expect(exported.omitted.map((o) => o.subject)).toEqual(["not_null.gone", "accepted_values.gone"])
    }
  })
})
