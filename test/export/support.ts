/** Helpers of the export tests: a JSON Schema validator (draft 2020-12), a throwaway DuckDB, and sample contracts. */
import { DuckDBInstance } from "@duckdb/node-api"
import { Ajv2020 } from "ajv/dist/2020.js"
import { check, column, table } from "../../src/index.ts"

/** A strict draft 2020-12 validator; formats are annotations here (the schemas carry patterns for them). */
export const jsonValidator = () =>
  new Ajv2020({ strict: true, strictTypes: false, allowUnionTypes: true, allErrors: true, formats: { email: true, uuid: true, uri: true, date: true } })

/** Run statements in order in a fresh in-memory DuckDB; the error message of the first that fails, or null. */
export const runDuck = async (statements: ReadonlyArray<string>): Promise<ReadonlyArray<string | null>> => {
  const db = await DuckDBInstance.create(":memory:")
  const connection = await db.connect()
  const outcomes: Array<string | null> = []
  try {
    for (const s of statements) {
      outcomes.push(
        await connection.run(s).then(
          () => null,
          (e: unknown) => (e instanceof Error ? e.message : String(e))
        )
      )
    }
  } finally {
    connection.closeSync()
    db.closeSync()
  }
  return outcomes
}

/** A referenced table. */
export const accounts = table({
  name: "accounts",
  version: "2.0.0",
  description: "Accounts that orders refer to.",
  columns: { account_id: column.id(), email: column.text({ format: "email" }), opened_on: column.date() },
  key: ["account_id"]
})

/** A table with every scalar and nested kind, a key, a reference and checks of every family. */
export const orders = table({
  name: "orders",
  version: "1.0.0",
  description: "Orders, one row per order.",
  columns: {
    order_id: column.id({ description: "the order's id" }),
    account_id: column.id(),
    amount: column.money({ min: "0.01", max: "10000" }),
    status: column.enum(["new", "paid", "shipped"]),
    channel: column.text({ nullable: true, maxLength: 10 }),
    code: column.text({ pattern: "^[A-Z]{3}-\\d{2}$" }),
    quantity: column.integer({ min: 1, max: 99 }),
    gift: column.boolean({ nullable: true }),
    ordered_on: column.date(),
    ordered_at: column.timestamp({ nullable: true }),
    order: column.integer({ nullable: true }),
    tags: column.list(column.text(), { nullable: true }),
    shipping: column.struct({ city: column.text(), zip: column.text({ nullable: true }) }, { nullable: true })
  },
  key: ["order_id"],
  references: [{ columns: ["account_id"], table: "accounts", referencedColumns: ["account_id"] }],
  checks: [
    check.rowCount({ min: 1 }),
    check.acceptedValues("channel", ["web", "shop"]),
    check.range("amount", { min: "0.01", max: "10000" }),
    check.pattern("code", "[A-Z]{3}-\\d{2}"),
    check.length("channel", { min: 2, max: 10 }),
    check.notNull("channel", { severity: "warn" }),
    check.unique("code", { warn: { rows: 0 }, fail: { rows: 5 } }),
    check.freshness("ordered_on", 3),
    check.range("quantity", { min: 1 }, { fail: { percent: 5 } }),
    check.sql("no_future_order", "select * from orders where ordered_on > date '2100-01-01'")
  ]
})
