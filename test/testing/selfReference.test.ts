/**
 * Constraints within one table: a reference to the table itself and a
 * reconciliation of two of its columns are honoured by valid data and broken
 * by their mutations; compound keys are duplicated whole.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { check, column, table } from "../../src/index.ts"
import { labelsWith, runTest, verdictOf } from "./support.ts"

const employees = (managerNullable: boolean) =>
  table({
    name: "employees",
    version: "1.0.0",
    columns: {
      employee_id: column.id(),
      manager_id: column.id({ nullable: managerNullable }),
      team: column.enum(["ops", "dev", "fin"]),
      seat: column.integer({ min: 0, max: 99 }),
      salary: column.money({ min: 0 }),
      budget: column.money()
    },
    key: ["employee_id"],
    references: [{ columns: ["manager_id"], table: "employees", referencedColumns: ["employee_id"] }],
    checks: [
      check.unique(["team", "seat"]),
      check.references("manager_id", "employees", "employee_id", { fail: { percent: 50 } }),
      check.sumReconciles("salary", "employees", "budget")
    ]
  })

describe("constraints within one table", () => {
  it.effect("a self-reference, a reconciliation of two columns and a compound unique key are all proven", () =>
    Effect.gen(function* () {
      const report = yield* runTest(employees(false))
      expect(report.valid.rejectedBy).toEqual([])
      expect(labelsWith(report, "Proven")).toEqual([
        "schema.columns",
        "key.unique",
        "not_null",
        "fk.reference(manager_id->employees)",
        "range.employee_id",
        "range.manager_id",
        "accepted_values.team",
        "range.seat",
        "range.salary",
        "unique.team_seat",
        "references.manager_id",
        "reconciles.salary"
      ])
      expect(verdictOf(report, "reconciles.salary").verdict).toMatchObject({ mutation: "employees.budget off by 0.01" })
      expect(report.ok).toBe(true)
    }))

  // Found by this tester: check.references (and ODCS relationships) let a NULL foreign key pass, and the
  // fk.reference check derived from a table's `references` failed it. Both now follow SQL's MATCH SIMPLE.
  it("a nullable foreign key declared in `references` accepts NULL, as check.references does", async () => {
    const report = await Effect.runPromise(runTest(employees(true)))
    expect(report.valid.rejectedBy).toEqual([])
  })
})
