/**
 * The JSON Schema export is a valid draft 2020-12 schema that a real validator
 * (Ajv) compiles; every row the contract's row schema generates is valid, and
 * records breaking a column's type, a required column, a kind's options or a
 * blocking row check are rejected.
 */
import { FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import { exportModel, toJsonSchema, JSON_SCHEMA_DRAFT } from "../../src/index.ts"
import { jsonValidator, orders } from "./support.ts"

const exported = toJsonSchema(exportModel(orders))
const schema = JSON.parse(exported.text) as Record<string, unknown>
const ajv = jsonValidator()
const validate = ajv.compile(schema)

const valid = {
  order_id: 1,
  account_id: 7,
  amount: "12.50",
  status: "paid",
  channel: "web",
  code: "ABC-12",
  quantity: 3,
  gift: null,
  ordered_on: "2026-01-02",
  ordered_at: "2026-01-02 10:11:12",
  order: null,
  tags: ["a", "b"],
  shipping: { city: "Lyon", zip: null }
}

describe("JSON Schema export", () => {
  it("is a draft 2020-12 schema of a row that the validator accepts", () => {
    expect(schema["$schema"]).toBe(JSON_SCHEMA_DRAFT)
    expect(ajv.validateSchema(schema)).toBe(true)
    expect(validate(valid)).toBe(true)
  })

  it("accepts every row the contract's own row schema generates", () => {
    // The blocking row checks (accepted values, length, range, pattern) say no more than the kinds do, except channel's values.
    fc.assert(
      fc.property(orders.definition.rows.arbitrary(), (row) => {
        const r = { ...(row as Record<string, unknown>), channel: (row as Record<string, unknown>)["channel"] === null ? null : "web" }
        expect(validate(r), JSON.stringify(validate.errors)).toBe(true)
      }),
      { numRuns: Number(process.env["FC_NUM_RUNS"] ?? 200) }
    )
  })

  it.each([
    ["a required column missing", { ...valid, order_id: undefined }],
    ["NULL in a required column", { ...valid, code: null }],
    ["a column the contract does not have", { ...valid, extra: 1 }],
    ["a text id", { ...valid, order_id: "1" }],
    ["an id below 1", { ...valid, order_id: 0 }],
    ["an amount below its minimum", { ...valid, amount: 0 }],
    ["an amount with three decimals", { ...valid, amount: "1.234" }],
    ["a status outside the enum", { ...valid, status: "lost" }],
    ["a code not matching its pattern", { ...valid, code: "abc-12" }],
    ["a channel outside its accepted values (a blocking check)", { ...valid, channel: "mail" }],
    ["a quantity above the kind's maximum", { ...valid, quantity: 100 }],
    ["a malformed date", { ...valid, ordered_on: "02/01/2026" }],
    ["a malformed timestamp", { ...valid, ordered_at: "yesterday" }],
    ["a list of numbers where text is due", { ...valid, tags: [1] }],
    ["a struct missing a required field", { ...valid, shipping: { zip: "1" } }],
    ["a struct with another field", { ...valid, shipping: { city: "Lyon", zip: null, country: "FR" } }]
  ])("rejects %s", (_, record) => {
    const r = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined))
    expect(validate(r)).toBe(false)
  })

  it("accepts NULL or no value in a nullable column, and the NULL a warn-only NOT NULL check tolerates", () => {
    const { channel: _channel, gift: _gift, ...without } = valid
    expect(validate(without)).toBe(true)
    expect(validate({ ...valid, channel: null, tags: null, shipping: null })).toBe(true)
  })

  it("lists what a row schema cannot say, by check id", () => {
    const subjects = exported.omitted.map((o) => o.subject)
    expect(subjects).toEqual(["row_count", "not_null.channel", "unique.code", "freshness.ordered_on", "range.quantity", "no_future_order", "key", "references account_id"])
    expect(exported.omitted.find((o) => o.subject === "range.quantity")?.reason).toMatch(/tolerates/)
  })
})
