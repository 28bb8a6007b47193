/**
 * Checks whose implementation disagrees with their declaration: one that
 * misses what its definition says it catches is NOT CAUGHT (with a replayable
 * counterexample), one stricter than its declaration rejects valid data, and
 * checks no mutation can be derived for are untested with their reason.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { check, column, customDatasetCheck, datasetResult, table, toDatasetCheck } from "../../src/index.ts"
import type { DeclaredTable } from "../../src/contract/tableContract.ts"
import { renderReport } from "../../src/testing/report.ts"
import { labelsWith, runTest, verdictOf } from "./support.ts"

const payments = table({
  name: "payments",
  version: "1.0.0",
  columns: { payment_id: column.id(), order_id: column.id(), amount: column.money(), note: column.text({ nullable: true }) },
  key: ["payment_id"],
  references: [{ columns: ["order_id"], table: "orders" }],
  checks: [check.range("amount", { max: "100" }), check.notNull("note"), check.sql("big_notes", "select * from payments where length(note) > 1000")]
})

const target = { layer: payments.layer, table: payments.table, key: payments.primaryKey }

/** The same contract with its vocabulary checks evaluated by other implementations (same ids). */
const implementedBy = (...datasetChecks: DeclaredTable["datasetChecks"]): DeclaredTable => ({ ...payments, datasetChecks })

const neverFails = customDatasetCheck(
  { id: "not_null.note", layer: payments.layer, table: payments.table, severity: "error", description: "note is never NULL (but looks at nothing)" },
  () => Effect.succeed(datasetResult({ id: "not_null.note", layer: payments.layer, table: payments.table, severity: "error", description: "" }, { failed: 0, total: 0 }))
)

describe("broken checks", () => {
  it.effect("a range check whose SQL tests another bound, and a check that never fails, are NOT CAUGHT with a counterexample", () =>
    Effect.gen(function* () {
      const broken = implementedBy(toDatasetCheck(check.range("amount", { max: "1000" }), target), neverFails)
      const report = yield* runTest(broken)
      expect(report.ok).toBe(false)
      expect(labelsWith(report, "NotCaught")).toEqual(["range.amount", "not_null.note"])
      const range = verdictOf(report, "range.amount").verdict
      if (range._tag !== "NotCaught") throw new Error("expected NotCaught")
      expect(range).toMatchObject({ expected: "fail", observed: "pass", belowThreshold: false })
      // Just past the declared bound: one cent.
      expect(range.counterexample.edits.join(" ")).toContain('-> "100.01"')
      expect(range.counterexample.rows.some((r) => r["amount"] === "100.01")).toBe(true)
      expect(range.counterexample.replay).toMatch(/^--seed \d+ --path \S+ --check range\.amount$/)
      expect(renderReport(report)).toContain("NOT CAUGHT      range.amount")
    }))

  it.effect("a counterexample replays from its seed and path", () =>
    Effect.gen(function* () {
      const broken = implementedBy(toDatasetCheck(check.range("amount", { max: "1000" }), target), neverFails)
      const first = verdictOf(yield* runTest(broken), "range.amount").verdict
      if (first._tag !== "NotCaught") throw new Error("expected NotCaught")
      const { seed, path } = first.counterexample
      const again = verdictOf(yield* runTest(broken, { seed, only: "range.amount", ...(path === null ? {} : { path }) }), "range.amount").verdict
      expect(again).toMatchObject({ _tag: "NotCaught", counterexample: { rows: first.counterexample.rows, edits: first.counterexample.edits } })
    }))

  it.effect("a check stricter than its declaration rejects valid data, with the valid table that it rejected", () =>
    Effect.gen(function* () {
      const strict = implementedBy(toDatasetCheck(check.range("amount", { max: "10" }), target), toDatasetCheck(check.notNull("note"), target))
      const report = yield* runTest(strict)
      expect(report.ok).toBe(false)
      expect(report.valid.rejectedBy).toEqual(["range.amount"])
      const verdict = verdictOf(report, "range.amount").verdict
      if (verdict._tag !== "RejectsValid") throw new Error("expected RejectsValid")
      expect(verdict.status).toBe("fail")
      expect(verdict.counterexample.rows.some((r) => Number(r["amount"]) > 10)).toBe(true)
      expect(verdictOf(report, "not_null.note").verdict._tag).toBe("Proven")
    }))

  it.effect("a check on a column the contract does not have rejects valid data (it cannot be evaluated)", () =>
    Effect.gen(function* () {
      const typo = table({ name: "typo", version: "1.0.0", columns: { id: column.id(), amount: column.money() }, key: ["id"], checks: [check.notNull("amout")] })
      const report = yield* runTest(typo)
      expect(verdictOf(report, "not_null.amout").verdict).toMatchObject({ _tag: "RejectsValid", status: "error" })
      expect(verdictOf(report, "key.unique").verdict._tag).toBe("Proven")
    }))

  it.effect("a check no value of its column's kind can pass leaves no valid data: reported, not looped on", () =>
    Effect.gen(function* () {
      const contradiction = table({ name: "stock", version: "1.0.0", columns: { sku: column.id(), qty: column.integer({ min: 0, max: 100 }) }, checks: [check.range("qty", { min: 200 })] })
      const report = yield* runTest(contradiction)
      expect(report.ok).toBe(false)
      expect(report.valid.untestable).toBe("no row of stock is valid: no value of qty satisfies its kind and checks")
      expect(report.notes).toContainEqual({ checkId: "range.qty", how: "unsatisfiable", detail: "no integer value of qty satisfies every rule on it" })
      expect(labelsWith(report, "Untested")).toEqual(["schema.columns", "not_null", "range.sku", "range.qty"])
    }))

  it.effect("references to a table whose contract is not given, custom SQL and custom dataset checks are untested, with the reason", () =>
    Effect.gen(function* () {
      const extra = customDatasetCheck({ id: "custom.audit", layer: payments.layer, table: payments.table, severity: "error", description: "an audit" }, () =>
        Effect.succeed(datasetResult({ id: "custom.audit", layer: payments.layer, table: payments.table, severity: "error", description: "" }, { failed: 0, total: 1 }))
      )
      const report = yield* runTest({ ...payments, datasetChecks: [...payments.datasetChecks, extra] })
      expect(verdictOf(report, "fk.reference(order_id->orders)").verdict).toMatchObject({ _tag: "Untested", reason: "the contract of orders is not given" })
      expect(verdictOf(report, "big_notes").verdict).toMatchObject({ _tag: "Untested", reason: expect.stringContaining("custom SQL") })
      expect(verdictOf(report, "custom.audit").verdict).toMatchObject({ _tag: "Untested", reason: expect.stringContaining("written as an Effect") })
      expect(labelsWith(report, "Proven")).toEqual(["schema.columns", "key.unique", "not_null", "range.payment_id", "range.order_id", "range.amount", "not_null.note"])
      expect(report.ok).toBe(true)
      expect(report.valid.opaque).toEqual([
        { label: "big_notes", passed: report.valid.runs, of: report.valid.runs },
        { label: "custom.audit", passed: report.valid.runs, of: report.valid.runs }
      ])
    }))
})
