/**
 * The single aggregate scan of `lakegate check` gives the same results as
 * evaluating each check on its own, the way the pipeline does (`tableChecks`,
 * `toDatasetCheck`): same ids, statuses, counts, messages, observed values and
 * samples (as sets, when every failing row fits in the samples).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import { check } from "../../src/checks/Check.ts"
import { column } from "../../src/contract/kinds.ts"
import { table } from "../../src/contract/tableContract.ts"
import { tempDir } from "../support/cli.ts"
import { TestDuck } from "../support/duck.ts"
import { comparable, csv, perCheck, prepare, singleScan, write } from "./support.ts"

const orders = table({
  name: "orders",
  version: "1.0.0",
  layer: "check",
  columns: {
    order_id: column.id(),
    parent_id: column.id({ nullable: true }),
    amount: column.money(),
    status: column.enum(["new", "paid", "shipped"]),
    note: column.text({ nullable: true }),
    ordered_on: column.date()
  },
  key: ["order_id"],
  references: [{ columns: ["parent_id"], table: "orders", referencedColumns: ["order_id"] }],
  checks: [
    check.notNull(["note", "status"], { severity: "warn" }),
    check.unique("order_id", { id: "unique.order_id_again" }),
    check.unique(["status", "note"], { fail: { percent: 50 } }),
    check.acceptedValues("status", ["new", "paid"], { warn: { rows: 0 }, fail: { percent: 30 } }),
    check.range("amount", { min: "0.01", max: 500, exclusiveMax: true }),
    check.range("ordered_on", { min: "2024-01-01" }),
    check.pattern("note", /^[a-z]+$/),
    check.length("note", { min: 2, max: 5 }, { severity: "warn" }),
    check.rowCount({ min: 3, max: 30 }),
    check.freshness("ordered_on", 60),
    check.sql("big_paid", "select * from orders where status = 'paid' and amount > 400"),
    check.row("even_ids", (row) => Number(row["order_id"]) % 2 === 0 || "odd id"),
    check.references("parent_id", "orders", "order_id")
  ]
})

const header = ["order_id", "parent_id", "amount", "status", "note", "ordered_on"]

const row = fc.tuple(
  fc.integer({ min: 1, max: 12 }),
  fc.option(fc.integer({ min: 1, max: 14 }), { nil: null }),
  fc.oneof(fc.constantFrom("0.00", "0.01", "12.50", "499.99", "500.00", "-3.10"), fc.constant(null)),
  fc.oneof(fc.constantFrom("new", "paid", "shipped", "lost"), fc.constant(null)),
  fc.oneof(fc.constantFrom("ab", "abc", "abcdef", "a", "AB", "x y"), fc.constant(null)),
  fc.oneof(fc.constantFrom("2023-12-31", "2024-01-01", "2024-03-15", "2024-04-30"), fc.constant(null))
)

const agree = (rows: ReadonlyArray<ReadonlyArray<string | number | null>>) =>
  Effect.gen(function* () {
    const dir = tempDir("lakegate-check-scan-")
    const inputs = yield* prepare(orders, { paths: [write(dir, "orders.csv", csv(header, rows))] })
    const single = yield* singleScan(inputs)
    const each = yield* perCheck(inputs)
    expect(single.map(comparable)).toEqual(each.map(comparable))
  }).pipe(Effect.provide(TestDuck))

const lines = table({
  name: "lines",
  version: "1.0.0",
  layer: "check",
  columns: { order_id: column.id(), line: column.integer({ nullable: true }), sku: column.text({ nullable: true }) },
  key: ["order_id", "line"],
  checks: [check.unique(["sku", "line"]), check.unique(["order_id", "line"], { id: "unique.again" }), check.notNull(["line", "sku"])]
})

const lineRow = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }), fc.option(fc.constantFrom("A", "B"), { nil: null }))

describe("the single scan agrees with the per-check evaluation", () => {
  it("on compound keys with NULLs in them", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineRow, { maxLength: 30 }), (rows) =>
        Effect.runPromise(
          Effect.gen(function* () {
            const dir = tempDir("lakegate-check-scan-")
            const inputs = yield* prepare(lines, { paths: [write(dir, "lines.csv", csv(["order_id", "line", "sku"], rows))] })
            expect((yield* singleScan(inputs)).map(comparable)).toEqual((yield* perCheck(inputs)).map(comparable))
          }).pipe(Effect.provide(TestDuck))
        )
      ),
      { numRuns: 25 }
    )
  })

  it.effect("on a clean table", () =>
    agree([
      [2, null, "10.00", "new", "ab", "2024-04-01"],
      [4, 2, "20.00", "paid", "abc", "2024-04-02"],
      [6, 4, "30.00", "new", "abcd", "2024-04-03"]
    ]))

  it.effect("on a table where every check fails", () =>
    agree([
      [1, 9, "0.00", "lost", "AB", "2023-01-01"],
      [1, 9, "500.00", null, null, null],
      [3, null, "450.00", "paid", "abcdefg", "2023-06-01"]
    ]))

  it.effect("on an empty table", () => agree([]))

  it("on random tables", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 0, maxLength: 40 }), (rows) => Effect.runPromise(agree(rows))),
      { numRuns: 40 }
    )
  })
})
