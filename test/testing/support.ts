/** Contracts and helpers shared by the contract tester's tests. */
import { Effect } from "effect"
import { check, column, table } from "../../src/index.ts"
import type { DeclaredTable } from "../../src/contract/tableContract.ts"
import type { CheckReport, ContractTestReport } from "../../src/testing/report.ts"
import { testContract, type TestContractOptions } from "../../src/testing/testContract.ts"
import { TestDuck } from "../support/duck.ts"

/** A referenced table. */
export const customers = table({
  name: "customers",
  version: "1.0.0",
  columns: { customer_id: column.id(), segment: column.enum(["retail", "pro"]), credit: column.money() },
  key: ["customer_id"]
})

/** Every column kind and every check of the vocabulary. */
export const orders = table({
  name: "orders",
  version: "1.0.0",
  columns: {
    order_id: column.id(),
    customer_id: column.id(),
    quantity: column.integer({ min: 0, max: 1000 }),
    amount: column.money({ min: 0 }),
    rate: column.decimal(6, 3, { nullable: true }),
    code: column.text({ pattern: "^[A-Z]{2}[0-9]{3}$" }),
    email: column.text({ format: "email", nullable: true }),
    note: column.text({ nullable: true, maxLength: 30 }),
    status: column.enum(["new", "paid", "shipped", "void"]),
    gift: column.boolean(),
    ordered_on: column.date(),
    updated_at: column.timestamp(),
    tags: column.list(column.text({ maxLength: 8 })),
    shipping: column.struct({ city: column.text(), zip: column.text({ nullable: true }) })
  },
  key: ["order_id"],
  references: [{ columns: ["customer_id"], table: "customers" }],
  checks: [
    check.notNull("note"),
    check.unique("code"),
    check.acceptedValues("status", ["new", "paid", "shipped"]),
    check.range("amount", { min: "0.01", max: "5000" }),
    check.range("quantity", { min: 1, max: 100, exclusiveMax: true }),
    check.range("rate", { min: "-1", exclusiveMin: true }),
    check.range("ordered_on", { min: "2020-01-01" }),
    check.range("updated_at", { max: "2026-06-30" }),
    check.pattern("code", "[A-Z]{2}\\d{3}"),
    check.length("note", { min: 3, max: 20 }),
    check.rowCount({ min: 1, max: 30 }),
    check.freshness("ordered_on", 2),
    check.references("customer_id", "customers"),
    check.sumReconciles("amount", "customers", "credit"),
    check.sql("no_void_gift", "select * from orders where gift and status = 'void'"),
    check.row("note_is_trimmed", (row) => row["note"] === null || String(row["note"]).trim() === row["note"])
  ]
})

/** Test a contract on a fresh engine. */
export const runTest = (contract: DeclaredTable, options: TestContractOptions = {}): Effect.Effect<ContractTestReport> =>
  testContract(contract, { runs: 10, seed: 20_240_601, ...options }).pipe(Effect.provide(TestDuck), Effect.orDie)

/** A check's report by label. */
export const verdictOf = (report: ContractTestReport, label: string): CheckReport => {
  const found = report.checks.find((c) => c.label === label)
  if (found === undefined) throw new Error(`no check ${label} in the report: ${report.checks.map((c) => c.label).join(", ")}`)
  return found
}

/** Labels by verdict. */
export const labelsWith = (report: ContractTestReport, tag: CheckReport["verdict"]["_tag"]): ReadonlyArray<string> =>
  report.checks.filter((c) => c.verdict._tag === tag).map((c) => c.label)
