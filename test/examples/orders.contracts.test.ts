/**
 * The orders example's contracts in process: the source contract judges the
 * generator's planted defects exactly as its truth file says, money is judged
 * in cents, and the gold contracts block revenue that is one cent off.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Duck, compileGuard, makeJudge, tableChecks } from "lakegate"
import { DEFECTS, generateOrders } from "../../examples/orders/generate.ts"
import { dailyRevenue } from "../../examples/orders/gold.ts"
import { Order, ordersContract } from "../../examples/orders/source.ts"
import { TestDuck } from "../support/duck.ts"

const DATE = "2026-11-20"
const judge = makeJudge(ordersContract)
const checksOf = (record: unknown) => [...new Set(judge(record, { ingestionDate: DATE }).violations.map((v) => v.checkId))].sort()

const order = (lines: ReadonlyArray<{ readonly quantity: number; readonly unit_price: number; readonly amount: number }>, total: number) => ({
  order_id: 1, customer_id: 2, order_date: DATE, status: "paid", total, lines: lines.map((l) => ({ sku: "SKU-0001", ...l }))
})

describe("the orders source contract", () => {
  it("judges plain records on the fast path (the schema compiles to a guard)", () => {
    expect(compileGuard(Order.ast)).not.toBeNull()
  })

  it("compares money in cents: 0.10 + 0.20 is a total of 0.30, and 0.30000000000000004 (3 × 0.1 in floats) is not money", () => {
    const lines = [{ quantity: 1, unit_price: 0.1, amount: 0.1 }, { quantity: 2, unit_price: 0.1, amount: 0.2 }]
    expect(checksOf(order(lines, 0.3))).toEqual([])
    expect(checksOf(order(lines, 0.1 + 0.2))).toEqual(["order.total_matches"])
    expect(checksOf(order([{ quantity: 3, unit_price: 19.99, amount: 59.97 }], 59.97))).toEqual([])
    expect(checksOf(order([{ quantity: 3, unit_price: 0.1, amount: 3 * 0.1 }], 0.3))).toEqual(["line.money_valid"])
  })

  it("rejects an order without lines, and an order dated after the ingestion date", () => {
    expect(checksOf(order([], 0))).toEqual(["schema"])
    expect(checksOf({ ...order([{ quantity: 1, unit_price: 1, amount: 1 }], 1), order_date: "2026-11-21" })).toEqual(["order.date_not_in_future"])
  })

  it("trips exactly the checks the truth file names for every planted defect, and none on clean orders", () => {
    const { ndjson, truth } = generateOrders({ orders: 120, seed: 11, date: DATE, defectRate: 0.5, firstId: 1 })
    const records = ndjson.trim().split("\n").map((line) => JSON.parse(line) as unknown)
    const expected = new Map(truth.defects.map((d) => [d.record_index, d]))
    expect(new Set(truth.defects.map((d) => d.defect))).toEqual(new Set(Object.keys(DEFECTS)))
    records.forEach((record, i) => {
      const defect = expected.get(i)
      // A duplicate id is the batch check's to find: alone, the record is clean.
      const rowChecks = defect === undefined || defect.defect === "duplicate_id" ? [] : [...defect.expected_checks].sort()
      expect(checksOf(record), `record ${i} (${defect?.defect ?? "clean"})`).toEqual(rowChecks)
    })
  })

  it.effect("key.order_id_unique keeps the first occurrence of an id and rejects every later one", () =>
    Effect.gen(function* () {
      const duck = yield* Duck
      yield* duck.run(`create table o as select * from (values (0, '7', 7), (1, '8', 8), (2, '7', 7), (3, '7', 7)) t(record_index, source_id, order_id)`)
      const found = yield* duck.all(`select record_index, message from (${ordersContract.batchChecks[0]!.violationsSql(() => "o")}) order by 1`)
      expect(found).toEqual([
        { record_index: 2, message: "order id already in record 0" },
        { record_index: 3, message: "order id already in record 0" }
      ])
    }).pipe(Effect.provide(TestDuck)))
})

describe("the gold contracts", () => {
  const reconciles = (revenue: string) =>
    Effect.gen(function* () {
      const duck = yield* Duck
      yield* duck.run(`create or replace table dr as select DATE '${DATE}' as order_date, 2::BIGINT as orders, ${revenue}::DECIMAL(18,2) as revenue`)
      yield* duck.run(`create or replace table ol as select * from (values (19.99::DECIMAL(18,2)), (0.02::DECIMAL(18,2))) t(amount)`)
      const relation = (table: string) => (table === "daily_revenue" ? "dr" : table === "order_lines" ? "ol" : table)
      const results = yield* Effect.forEach(tableChecks(dailyRevenue), (c) => c.evaluate({ layer: "gold", relation }))
      return results.find((r) => r.checkId === "reconciles.revenue")?.status
    })

  it.effect("daily_revenue reconciles with the silver lines to the cent, and one cent off blocks", () =>
    Effect.gen(function* () {
      expect(yield* reconciles("20.01")).toBe("pass")
      expect(yield* reconciles("20.02")).toBe("fail")
      expect(yield* reconciles("20.00")).toBe("fail")
    }).pipe(Effect.provide(TestDuck)))
})
