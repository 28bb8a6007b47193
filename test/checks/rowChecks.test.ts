import { describe, expect, it } from "vitest"
import { sourceCustomers } from "../../contracts/source/customers.ts"
import { makeJudge } from "../../src/stages/refine/judgeRecord.ts"
import { validCustomer, type FixtureCustomer } from "../support/fixtures.ts"

const judge = makeJudge(sourceCustomers)
const context = { ingestionDate: "2024-06-01" }
const failedChecks = (record: unknown) => [...new Set(judge(record, context).violations.map((v) => v.checkId))].sort()
const mutate = (f: (c: FixtureCustomer) => unknown) => f(validCustomer())

describe("row checks of the source contract", () => {
  it("a valid customer passes every check", () => {
    expect(failedChecks(validCustomer())).toEqual([])
  })

  it("a customer without transactions needs a null last_purchase and a zero total", () => {
    expect(failedChecks({ ...validCustomer(), transactions: [], last_purchase: null, total_spent: 0 })).toEqual([])
    expect(failedChecks({ ...validCustomer(), transactions: [], total_spent: 0 })).toEqual(["date.last_purchase_matches"])
  })

  it("a last purchase on the signup day is fine (no strict >)", () => {
    const c = validCustomer()
    expect(failedChecks({ ...c, signup_date: "2024-03-01", transactions: [{ ...c.transactions[1]! }], total_spent: 10.1 })).toEqual([])
  })

  describe("schema", () => {
    it.each([
      ["missing field", () => mutate(({ email: _, ...rest }) => rest), "email"],
      ["wrong type", () => mutate((c) => ({ ...c, id: "1" })), "id"],
      ["number as string", () => mutate((c) => ({ ...c, transactions: [{ ...c.transactions[0]!, amount: "30.10" }, c.transactions[1]] })), "transactions[0].amount"],
      ["impossible date", () => mutate((c) => ({ ...c, signup_date: "2023-02-30" })), "signup_date"],
      ["unparseable date", () => mutate((c) => ({ ...c, signup_date: "12/03/2023" })), "signup_date"],
      ["not an object", () => 42, "$"]
    ])("rejects a record with a %s and reports the path", (_name, make, path) => {
      const verdict = judge(make(), context)
      expect(verdict.decoded).toBeUndefined()
      expect(verdict.violations.map((v) => v.checkId)).toContain("schema")
      expect(verdict.violations.map((v) => v.path)).toContain(path)
    })
  })

  it("email.format", () => {
    expect(failedChecks(mutate((c) => ({ ...c, email: "a.b@example.co.uk" })))).toEqual([])
    for (const bad of ["jane.doe.example.com", "jane@", "@x.com", "a b@x.com"]) {
      expect(failedChecks(mutate((c) => ({ ...c, email: bad })))).toEqual(["email.format"])
    }
  })

  it("amount.positive: zero, negative and 3 decimals", () => {
    const withAmount = (amount: number, total: number) =>
      mutate((c) => ({ ...c, total_spent: total, transactions: [{ ...c.transactions[0]!, amount }, c.transactions[1]] }))
    expect(failedChecks(withAmount(0.01, 10.11))).toEqual([])
    expect(failedChecks(withAmount(0, 10.1))).toEqual(["amount.positive"])
    expect(failedChecks(withAmount(-5, 5.1))).toEqual(["amount.positive"])
    expect(failedChecks(withAmount(12.345, 22.45))).toEqual(["amount.positive"])
  })

  it("amount.total_spent_matches compares whole cents, not floats", () => {
    // 0.1 + 0.2 !== 0.3 in binary floats; in cents it matches.
    const c = validCustomer()
    const tx = [{ ...c.transactions[0]!, amount: 0.1 }, { ...c.transactions[1]!, amount: 0.2 }]
    expect(failedChecks({ ...c, transactions: tx, total_spent: 0.3 })).toEqual([])
    expect(failedChecks({ ...c, transactions: tx, total_spent: 0.31 })).toEqual(["amount.total_spent_matches"])
    expect(failedChecks({ ...c, total_spent: 40.205 })).toEqual(["amount.total_spent_matches"])
  })

  it("date.not_in_future is relative to the ingestion date", () => {
    const future = mutate((c) => ({ ...c, last_purchase: "2024-06-02", transactions: [c.transactions[0], { ...c.transactions[1]!, date: "2024-06-02" }] }))
    expect(failedChecks(future)).toEqual(["date.not_in_future"])
    expect([...new Set(judge(future, { ingestionDate: "2024-06-02" }).violations.map((v) => v.checkId))]).toEqual([])
  })

  it("date.transaction_after_signup", () => {
    const early = mutate((c) => ({ ...c, transactions: [{ ...c.transactions[0]!, date: "2023-12-31" }, c.transactions[1]] }))
    expect(failedChecks(early)).toEqual(["date.transaction_after_signup"])
  })

  it("date.last_purchase_matches", () => {
    expect(failedChecks(mutate((c) => ({ ...c, last_purchase: "2024-02-01" })))).toEqual(["date.last_purchase_matches"])
    expect(failedChecks(mutate((c) => ({ ...c, last_purchase: null })))).toEqual(["date.last_purchase_matches"])
  })

  it("reports the path of the offending transaction", () => {
    const verdict = judge(mutate((c) => ({ ...c, total_spent: 30.1, transactions: [c.transactions[0], { ...c.transactions[1]!, amount: 0 }] })), context)
    expect(verdict.violations).toEqual([
      expect.objectContaining({ checkId: "amount.positive", path: "transactions[1].amount", value: "0" })
    ])
  })
})
