/**
 * Thresholds: a mutation breaks just enough rows to cross the level the check
 * is aimed at (fail when it can block, warn when it only warns), and one row
 * fewer must give the status the thresholds give that count. An
 * implementation that ignores its thresholds is caught there.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, FastCheck as fc } from "effect"
import { check, column, crosses, table, toDatasetCheck } from "../../src/index.ts"
import type { Check } from "../../src/checks/Check.ts"
import { mainTable } from "../../src/testing/dataset.ts"
import { mutationsOf } from "../../src/testing/mutationsOf.ts"
import { labelsWith, runTest, verdictOf } from "./support.ts"

const tickets = table({
  name: "tickets",
  version: "1.0.0",
  columns: { ticket_id: column.id(), note: column.text({ nullable: true }), status: column.enum(["open", "closed", "spam"]), score: column.integer() },
  key: ["ticket_id"],
  checks: [
    check.notNull("note", { fail: { percent: 20 } }),
    check.acceptedValues("status", ["open", "closed"], { severity: "warn" }),
    check.range("score", { min: 0, max: 10 }, { warn: { percent: 5 }, fail: { percent: 30 } }),
    check.rowCount({ min: 10, max: 40 })
  ]
})

const cases = (label: string) => {
  const derived = mutationsOf(tickets).find((m) => m.check.label === label)
  if (derived === undefined || derived._tag !== "Derived") throw new Error(`no mutation for ${label}`)
  return fc.sample(derived.mutation.cases, { numRuns: 30, seed: 7 }).flatMap((c) => (Either.isRight(c) ? [c.right] : []))
}

const limitOf = (c: Check) => c.thresholds.fail ?? c.thresholds.warn!

describe("thresholds", () => {
  it("a percent threshold gets just more than its share of the rows broken; one row fewer does not cross it", () => {
    const notNull = tickets.checks[0]!
    const drawn = cases("not_null.note")
    expect(drawn.length).toBe(30)
    for (const c of drawn) {
      const n = mainTable(c.mutated).rows.length
      const nulls = mainTable(c.mutated).rows.filter((r) => r["note"] === null).length
      expect(crosses(limitOf(notNull), nulls, n)).toBe(true)
      expect(crosses(limitOf(notNull), nulls - 1, n)).toBe(false)
      expect(c.expected).toBe("fail")
      if (nulls >= 2) expect(c.below?.expected).toBe("pass")
    }
  })

  it("warn-only checks must warn, checks that can block must fail; between warn and fail levels the status is warn", () => {
    expect(cases("accepted_values.status").every((c) => c.expected === "warn")).toBe(true)
    const range = cases("range.score")
    expect(range.every((c) => c.expected === "fail")).toBe(true)
    // 30% of 10..40 rows is at least 4 rows: one fewer is still above 5%, a warning.
    expect(range.every((c) => c.below?.expected === "warn")).toBe(true)
  })

  it.effect("thresholds hold on DuckDB: every check is proven with the status its thresholds aim at", () =>
    Effect.gen(function* () {
      const report = yield* runTest(tickets)
      expect(labelsWith(report, "Proven")).toEqual(["schema.columns", "key.unique", "not_null", "range.ticket_id", "not_null.note", "accepted_values.status", "range.score", "row_count"])
      expect(verdictOf(report, "accepted_values.status").verdict).toMatchObject({ expected: "warn" })
      expect(verdictOf(report, "not_null.note").verdict).toMatchObject({ expected: "fail" })
    }))

  it.effect("an implementation that ignores its declared percent threshold is caught one row under it", () =>
    Effect.gen(function* () {
      const target = { layer: tickets.layer, table: tickets.table, key: tickets.primaryKey }
      const strict = { ...tickets, datasetChecks: [toDatasetCheck(check.notNull("note"), target), ...tickets.datasetChecks.slice(1)] }
      const report = yield* runTest(strict)
      expect(verdictOf(report, "not_null.note").verdict).toMatchObject({ _tag: "NotCaught", belowThreshold: true, expected: "pass", observed: "fail" })
    }))

  it.effect("a check whose thresholds never warn nor fail is untested", () =>
    Effect.gen(function* () {
      const silent: Check = { ...check.notNull("note"), id: "silent.note", thresholds: {} }
      const contract = table({ name: "quiet", version: "1.0.0", columns: { id: column.id(), note: column.text({ nullable: true }) }, checks: [silent] })
      const report = yield* runTest(contract)
      expect(verdictOf(report, "silent.note").verdict).toMatchObject({ _tag: "Untested", reason: "its thresholds never warn nor fail" })
    }))
})
