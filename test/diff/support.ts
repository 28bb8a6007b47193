/** Helpers for the `contracts diff` tests: a base contract to vary, and the changes between two versions as `rule subject`. */
import { Schema } from "effect"
import { check, column, type Check, columnOf, defineTable, diffTable, table, type DeclaredTable, type TableDeclaration, type TableSpec } from "../../src/index.ts"

/** The contract every rule's test varies: one change at a time. */
export const BASE: TableDeclaration = {
  name: "orders",
  version: "1.0.0",
  description: "One row per order.",
  columns: {
    order_id: column.id({ description: "the order's id" }),
    amount: column.money({ min: "0.01" }),
    status: column.enum(["new", "paid", "shipped"]),
    email: column.text({ format: "email" }),
    note: column.text({ nullable: true, maxLength: 200 }),
    placed_on: column.date()
  },
  key: ["order_id"],
  checks: [
    check.rowCount({ min: 1 }),
    check.freshness("placed_on", 2),
    check.acceptedValues("note", ["gift", "rush"], { severity: "warn" }),
    check.range("amount", { max: "10000" }, { warn: { rows: 0 }, fail: { percent: 5 } }),
    check.unique(["email", "placed_on"]),
    check.sql("no_future_orders", "select * from orders where placed_on > current_date")
  ]
}

/** The base contract with some fields replaced. */
export const orders = (changes: Partial<TableDeclaration> = {}): DeclaredTable => table({ ...BASE, ...changes })

/** The base columns with some replaced (a value of `null` removes the column). */
export const columns = (changes: Readonly<Record<string, ReturnType<typeof column.id> | null>>): TableDeclaration["columns"] =>
  Object.fromEntries(
    Object.entries({ ...BASE.columns, ...changes }).filter((entry): entry is [string, ReturnType<typeof column.id>] => entry[1] !== null)
  )

/** The base checks with one replaced by id (a value of `null` removes it), others appended. */
export const checks = (changes: Readonly<Record<string, ReturnType<typeof check.unique> | null>>): ReadonlyArray<Check> => {
  const base = BASE.checks ?? []
  const replaced = base.flatMap((c) => (c.id in changes ? (changes[c.id] === null ? [] : [changes[c.id]!]) : [c]))
  const added = Object.entries(changes).filter(([id, c]) => c !== null && !base.some((b) => b.id === id)).map(([, c]) => c!)
  return [...replaced, ...added]
}

/** The changes from one contract to another, as `rule subject` (or `rule` for the table itself). */
export const rules = (before: TableSpec, after: TableSpec): ReadonlyArray<string> =>
  diffTable(before, after).map((c) => (c.subject === "" ? c.rule : `${c.rule} ${c.subject}`))

/** A contract known only by SQL types and required columns (as `defineTable` contracts are). */
export const sqlContract = (sqlColumns: Readonly<Record<string, string>>, required: ReadonlyArray<string>, version = "1.0.0"): TableSpec => {
  const definition = defineTable(Object.fromEntries(Object.entries(sqlColumns).map(([name, type]) => [name, columnOf(Schema.Unknown, type, name)])))
  return {
    id: "silver.measures",
    version,
    layer: "silver",
    table: "measures",
    description: "",
    definition,
    primaryKey: [],
    required,
    references: [],
    quarantine: null,
    datasetChecks: []
  }
}
