/**
 * A column kind's options are checks: an id's positivity, integer and
 * decimal bounds, text lengths, patterns and formats, an enum's values judge
 * the data in `lakegate check` (and the pipeline's gates), not only the
 * generated data; a declared check with the same id replaces the implied one;
 * `contracts diff` reports a kind's change once, as a column change.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { checkData } from "../../src/check/checkData.ts"
import { check, column, diffTables, table } from "../../src/index.ts"
import { impliedChecks } from "../../src/contract/kindChecks.ts"
import { tempDir } from "../support/cli.ts"
import { TestDuck } from "../support/duck.ts"
import { csv, write } from "./support.ts"

const orders = (checks: Parameters<typeof table>[0]["checks"] = []) =>
  table({
    name: "orders",
    version: "1.0.0",
    columns: {
      order_id: column.id(),
      amount: column.money({ min: "0.01" }),
      qty: column.integer({ min: 1, max: 99, nullable: true }),
      status: column.enum(["new", "paid"]),
      email: column.text({ format: "email", maxLength: 20 }),
      code: column.text({ pattern: "^[A-Z]{2}$", nullable: true })
    },
    key: ["order_id"],
    checks
  })

const HEADER = ["order_id", "amount", "qty", "status", "email", "code"]
const GOOD = [1, "10.00", 2, "new", "ann@example.com", "AB"]

const statuses = (contract: ReturnType<typeof orders>, rows: ReadonlyArray<ReadonlyArray<string | number | null>>) =>
  Effect.gen(function* () {
    const file = write(tempDir("lakegate-kind-checks-"), "orders.csv", csv(HEADER, rows))
    const run = yield* checkData(contract, { paths: [file] }, { ingestionDate: "2026-01-01" })
    return Object.fromEntries(run.report.checks.map((r) => [r.checkId, r.status]))
  }).pipe(Effect.provide(TestDuck))

describe("the checks a column's kind implies", () => {
  it("are one per option, in column order, with the ids of the vocabulary", () => {
    expect(orders().impliedChecks.map((c) => c.id)).toEqual([
      "range.order_id",
      "range.amount",
      "range.qty",
      "accepted_values.status",
      "length.email",
      "format.email",
      "pattern.code"
    ])
    expect(impliedChecks({ note: column.text(), on: column.date(), tags: column.list(column.text({ maxLength: 3 })) })).toEqual([])
  })

  it.effect("pass on data that honours the kinds", () =>
    Effect.gen(function* () {
      const got = yield* statuses(orders(), [GOOD, [2, "0.01", null, "paid", "bo@example.org", null]])
      expect(Object.values(got).every((s) => s === "pass")).toBe(true)
      expect(Object.keys(got)).toContain("format.email")
    }))

  it.effect("fail on each value a kind's option forbids, and only that check", () =>
    Effect.gen(function* () {
      const bad: ReadonlyArray<[string, number, string | number]> = [
        ["range.order_id", 0, 0],
        ["range.amount", 1, "0.00"],
        ["range.qty", 2, 100],
        ["accepted_values.status", 3, "lost"],
        ["length.email", 4, "a-very-long-name@example.com"],
        ["format.email", 4, "not an email"],
        ["pattern.code", 5, "abc"]
      ]
      for (const [id, at, value] of bad) {
        const got = yield* statuses(orders(), [GOOD, GOOD.map((v, i) => (i === at ? value : i === 0 ? 2 : v))])
        expect([id, Object.entries(got).filter(([, s]) => s !== "pass").map(([c]) => c)]).toEqual([id, [id]])
      }
    }))

  it.effect("give way to a declared check with the same id (here, one that only warns)", () =>
    Effect.gen(function* () {
      const lenient = orders([check.range("amount", { min: "0.01" }, { severity: "warn" })])
      expect(lenient.impliedChecks.map((c) => c.id)).not.toContain("range.amount")
      expect(lenient.datasetChecks.filter((c) => c.id === "range.amount")).toHaveLength(1)
      const got = yield* statuses(lenient, [GOOD, [2, "0.00", 2, "new", "ann@example.com", "AB"]])
      expect(got["range.amount"]).toBe("warn")
    }))

  it("are diffed as the kind's change, once", () => {
    const before = orders()
    const after = table({ ...{ name: "orders", version: "2.0.0", key: ["order_id"] }, columns: { ...before.columns, amount: column.money({ min: "1.00" }) } })
    const changes = diffTables([before], [after])
    expect(changes.filter((c) => c.table === "orders" && c.subject.includes("amount"))).toHaveLength(1)
  })
})
