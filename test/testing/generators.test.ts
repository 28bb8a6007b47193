/**
 * The generators without DuckDB: valid tables satisfy every constraint the
 * contract declares, and each mutation breaks its check exactly as its
 * definition says (one cent past a money bound, exactly at an exclusive
 * bound, a day before a date bound, one character past a length).
 */
import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"
import { epochDay } from "../../src/checks/dates.ts"
import { checksUnderTest } from "../../src/testing/checksUnderTest.ts"
import { mainTable, tableNamed, type Dataset } from "../../src/testing/dataset.ts"
import type { MutationCase } from "../../src/testing/mutation.ts"
import { mutationsOf } from "../../src/testing/mutationsOf.ts"
import { datasetPlan, latestDay, validRows } from "../../src/testing/validRows.ts"
import { codePoints, loadable } from "../../src/testing/values.ts"
import { customers, orders } from "./support.ts"

const plan = datasetPlan(orders, [customers])
const mutations = mutationsOf(orders, { related: [customers], plan })

/** Cases of a check's mutation, with the rows each changed. */
const casesOf = (label: string, runs = 25): ReadonlyArray<MutationCase> => {
  const derived = mutations.find((m) => m.check.label === label)
  if (derived === undefined || derived._tag !== "Derived") throw new Error(`no mutation for ${label}`)
  return fc.sample(derived.mutation.cases, { numRuns: runs, seed: 11 }).flatMap((c) => (Either.isRight(c) ? [c.right] : []))
}

/** Values of a column that the mutation changed. */
const changed = (c: MutationCase, column: string): ReadonlyArray<unknown> => {
  const before = c.base === null ? [] : mainTable(c.base).rows
  return mainTable(c.mutated).rows.flatMap((row, i) => (JSON.stringify(row[column]) === JSON.stringify(before[i]?.[column]) ? [] : [row[column] ?? null]))
}

const sum = (d: Dataset, table: string, column: string): number =>
  Math.round((tableNamed(d, table)?.rows ?? []).reduce((total, r) => total + Number(r[column] ?? 0) * 100, 0))

describe("valid data", () => {
  it("every generated dataset satisfies every constraint of the contract", () => {
    const datasets = Either.getOrThrow(plan.valid())
    fc.assert(
      fc.property(datasets, (d) => {
        expect(plan.violations(d)).toEqual([])
        const rows = mainTable(d).rows
        expect(rows.length).toBeGreaterThanOrEqual(1)
        expect(rows.length).toBeLessThanOrEqual(30)
        expect(new Set(rows.map((r) => r["order_id"])).size).toBe(rows.length)
        expect(new Set(rows.map((r) => r["code"])).size).toBe(rows.length)
        for (const r of rows) {
          for (const [name, kind] of Object.entries(orders.columns)) expect(loadable(kind, r[name] ?? null)).toBe(true)
          expect(Number(r["amount"])).toBeGreaterThanOrEqual(0.01)
          expect(Number(r["amount"])).toBeLessThanOrEqual(5000)
          expect(r["quantity"]).toBeGreaterThanOrEqual(1)
          expect(r["quantity"]).toBeLessThan(100)
          expect(["new", "paid", "shipped"]).toContain(r["status"])
          expect(String(r["code"])).toMatch(/^[A-Z]{2}\d{3}$/)
          expect(codePoints(String(r["note"]))).toBeGreaterThanOrEqual(3)
          expect(codePoints(String(r["note"]))).toBeLessThanOrEqual(20)
          expect(String(r["ordered_on"]) >= "2020-01-01").toBe(true)
          expect(r["rate"] === null || Number(r["rate"]) > -1).toBe(true)
        }
        const customerIds = new Set(tableNamed(d, "customers")!.rows.map((r) => r["customer_id"]))
        expect(rows.every((r) => customerIds.has(r["customer_id"]))).toBe(true)
        expect(sum(d, "orders", "amount")).toBe(sum(d, "customers", "credit"))
        expect(latestDay(rows, "ordered_on")!).toBeGreaterThanOrEqual(epochDay(d.ingestionDate) - 2)
      }),
      { numRuns: 100, seed: 3 }
    )
  })

  it("validRows gives the contract's table alone", () => {
    const tables = Either.getOrThrow(validRows(orders, [customers]))
    for (const rows of fc.sample(tables, { numRuns: 20, seed: 5 })) expect(rows.every((r) => Object.keys(r).length === Object.keys(orders.columns).length)).toBe(true)
  })

  it("a contract no data can satisfy is reported, not looped on", () => {
    const impossible = { ...orders, checks: [...orders.checks, ...orders.checks.filter((c) => c.id === "row_count").map((c) => ({ ...c, rule: { ...c.rule, min: 50 } }))] }
    const result = datasetPlan(impossible, [customers]).valid()
    expect(Either.isLeft(result) && result.left.reason).toContain("at most 30")
  })
})

describe("mutations derived from each check's definition", () => {
  it("every check has one, but custom SQL and row predicates", () => {
    expect(mutations.filter((m) => m._tag === "Underivable").map((m) => m.check.label)).toEqual(["no_void_gift", "note_is_trimmed"])
    expect(checksUnderTest(orders).map((c) => c.label)).toEqual(mutations.map((m) => m.check.label))
  })

  it("money: one cent past each bound", () => {
    const values = casesOf("range.amount").flatMap((c) => changed(c, "amount"))
    expect(new Set(values)).toEqual(new Set(["0.00", "5000.01"]))
  })

  it("an exclusive bound: exactly at it; decimals by one unit of their scale", () => {
    expect(new Set(casesOf("range.quantity").flatMap((c) => changed(c, "quantity")))).toEqual(new Set([0, 100]))
    expect(new Set(casesOf("range.rate").flatMap((c) => changed(c, "rate")))).toEqual(new Set(["-1.000"]))
  })

  it("dates by a day, timestamps by a second", () => {
    expect(new Set(casesOf("range.ordered_on").flatMap((c) => changed(c, "ordered_on")))).toEqual(new Set(["2019-12-31"]))
    expect(new Set(casesOf("range.updated_at").flatMap((c) => changed(c, "updated_at")))).toEqual(new Set(["2026-06-30 00:00:01"]))
  })

  it("lengths: one character too long or too short; patterns: a value that does not match", () => {
    const lengths = casesOf("length.note").flatMap((c) => changed(c, "note").map((v) => codePoints(String(v))))
    expect(lengths.every((n) => n === 2 || n === 21)).toBe(true)
    const codes = casesOf("pattern.code").flatMap((c) => changed(c, "code"))
    expect(codes.length).toBeGreaterThan(0)
    expect(codes.every((v) => typeof v === "string" && !/^[A-Z]{2}\d{3}$/.test(v))).toBe(true)
  })

  it("accepted values: a value outside the set, preferably one the kind allows", () => {
    expect(new Set(casesOf("accepted_values.status").flatMap((c) => changed(c, "status")))).toEqual(new Set(["void"]))
  })

  it("a NULL, a duplicated key, an orphan", () => {
    expect(casesOf("not_null.note").every((c) => changed(c, "note").every((v) => v === null))).toBe(true)
    for (const c of casesOf("unique.code")) {
      const codes = mainTable(c.mutated).rows.map((r) => r["code"])
      expect(new Set(codes).size).toBe(codes.length - 1)
    }
    for (const c of casesOf("references.customer_id")) {
      const known = new Set(tableNamed(c.mutated, "customers")!.rows.map((r) => r["customer_id"]))
      expect(mainTable(c.mutated).rows.filter((r) => !known.has(r["customer_id"])).length).toBe(1)
    }
  })

  it("freshness: the latest date one day too old; reconciliation: off by one cent; row count: one row past a bound", () => {
    for (const c of casesOf("freshness.ordered_on")) expect(latestDay(mainTable(c.mutated).rows, "ordered_on")).toBe(epochDay(c.mutated.ingestionDate) - 3)
    for (const c of casesOf("reconciles.amount")) expect(Math.abs(sum(c.mutated, "orders", "amount") - sum(c.mutated, "customers", "credit"))).toBe(1)
    expect(new Set(casesOf("row_count").map((c) => mainTable(c.mutated).rows.length))).toEqual(new Set([0, 31]))
  })

  it("schema.columns: the column the fewest checks judge is dropped", () => {
    // Every scalar column has a check naming it (email the format its kind implies); the struct shipping has none.
    for (const c of casesOf("schema.columns", 3)) {
      expect(mainTable(c.mutated).columns.map(([name]) => name)).toEqual(Object.keys(orders.columns).filter((name) => name !== "shipping"))
    }
  })
})
