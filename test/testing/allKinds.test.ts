/**
 * A contract using every column kind and every check of the vocabulary: valid
 * data passes, every check is proven by its mutation, and only custom SQL and
 * row predicates are untested, with their reasons.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { ContractTestReport } from "../../src/testing/report.ts"
import { customers, labelsWith, orders, runTest, verdictOf } from "./support.ts"

let cached: Promise<ContractTestReport> | undefined
const report = (): Promise<ContractTestReport> => (cached ??= Effect.runPromise(runTest(orders, { related: [customers] })))

describe("every kind and every vocabulary check", () => {
  it("valid data passes every check the generator honours", async () => {
    const r = await report()
    expect(r.valid.untestable).toBeNull()
    expect(r.valid.runs).toBeGreaterThanOrEqual(10)
    expect(r.valid.rejectedBy).toEqual([])
  })

  it("proves every check but custom SQL and row predicates, which are untested with a reason", async () => {
    const r = await report()
    expect(labelsWith(r, "NotCaught")).toEqual([])
    expect(labelsWith(r, "Untested")).toEqual(["no_void_gift", "note_is_trimmed"])
    expect(verdictOf(r, "no_void_gift").verdict).toMatchObject({ _tag: "Untested", reason: expect.stringContaining("custom SQL") })
    expect(verdictOf(r, "note_is_trimmed").verdict).toMatchObject({ _tag: "Untested", reason: expect.stringContaining("predicate") })
    const proven = labelsWith(r, "Proven")
    expect(proven).toEqual(
      expect.arrayContaining([
        "key.unique",
        "not_null",
        "fk.reference(customer_id->customers)",
        "not_null.note",
        "unique.code",
        "accepted_values.status",
        "range.amount",
        "range.quantity",
        "range.rate",
        "range.ordered_on",
        "range.updated_at",
        "pattern.code",
        "length.note",
        "row_count",
        "freshness.ordered_on",
        "references.customer_id",
        "reconciles.amount"
      ])
    )
  })

  it("error checks are shown to fail, each with a mutation derived from its rule", async () => {
    const r = await report()
    expect(verdictOf(r, "range.amount").verdict).toMatchObject({ _tag: "Proven", expected: "fail", mutation: "a value just past a bound" })
    expect(verdictOf(r, "freshness.ordered_on").verdict).toMatchObject({ _tag: "Proven", mutation: "the latest ordered_on one day too old" })
    expect(verdictOf(r, "reconciles.amount").verdict).toMatchObject({ _tag: "Proven", mutation: "customers.credit off by 0.01" })
    expect(verdictOf(r, "row_count").verdict).toMatchObject({ _tag: "Proven", mutation: "0 rows or 31 rows" })
  })

  it("the report is replayable: it names its seed", async () => {
    const r = await report()
    expect(r.seed).toBe(20_240_601)
    expect(r.contract).toEqual({ id: "silver.orders", table: "orders", version: "1.0.0" })
  })

  // Found by this tester: sqlTypeOf wrote STRUCT("city" VARCHAR, ...) while DuckDB's DESCRIBE writes
  // STRUCT(city VARCHAR, ...), so schema.columns rejected every table with a struct column.
  it("schema.columns is proven on a table with a struct column", async () => {
    const r = await report()
    expect(verdictOf(r, "schema.columns").verdict).toMatchObject({ _tag: "Proven" })
  })
})
