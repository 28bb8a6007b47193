/**
 * One definition of the transactions quarantine rate (issue 19, case 9): a
 * rejected record's transactions count, in rows in and in rows quarantined,
 * whatever check rejected it. A record that does not decode has its
 * transactions counted from its raw JSON in bronze (the length of its
 * `transactions` array; 0 when that is not an array). The pipeline's
 * `quarantine.rate` and the in-process oracle (`judgeBatch`) must agree.
 */
import type { CheckResult } from "lakegate"
import { afterAll, describe, expect, it } from "vitest"
import { judgeBatch } from "../../contracts/testing/judgeBatch.ts"
import { makeDuckRunner } from "../../contracts/testing/properties.ts"
import { runBatch } from "../../contracts/testing/pipelineRun.ts"

const DATE = "2026-11-20"

/** A valid customer with `n` transactions of 2.50 each, totals that match. */
const customer = (id: number, n: number, fields: Record<string, unknown> = {}) => ({
  id,
  name: `Customer ${id}`,
  email: `customer${id}@example.com`,
  signup_date: "2025-01-01",
  last_purchase: n === 0 ? null : "2026-01-02",
  total_spent: 2.5 * n,
  transactions: Array.from({ length: n }, (_, k) => ({ transaction_id: id * 100 + k + 1, date: "2026-01-02", amount: 2.5, product_id: 7, product_name: "Widget" })),
  ...fields
})

/** 20 valid customers with 4 transactions each: 80 transactions. */
const valid = Array.from({ length: 20 }, (_, i) => customer(i + 1, 4))

/** The same bad customer, with 6 transactions, rejected by `schema` (its id is text: it does not decode). */
const undecodable = customer(900, 6, { id: "nine hundred" })
/** The same bad customer, with 6 transactions, rejected by `amount.positive` (it decodes). */
const negativeAmount = (() => {
  const c = customer(900, 6)
  return { ...c, total_spent: 2.5 * 5 - 2.5, transactions: c.transactions.map((t, k) => (k === 0 ? { ...t, amount: -2.5 } : t)) }
})()

const transactionsRate = (checks: ReadonlyArray<CheckResult>): readonly [number, number] => {
  const rate = checks.find((c) => c.checkId === "quarantine.rate" && c.table === "transactions")
  expect(rate, "no quarantine.rate for transactions").toBeDefined()
  return [rate!.failed, rate!.total]
}

const pipelineRate = async (records: ReadonlyArray<unknown>): Promise<readonly [number, number]> => {
  const { report } = await runBatch({ ingestionDate: DATE, records })
  expect(report.error, report.error?.message).toBeNull()
  return transactionsRate(report.checks)
}

describe("the transactions quarantine rate counts a rejected record's transactions whatever check rejected it (case 9)", () => {
  const duck = makeDuckRunner()
  afterAll(() => duck.dispose())

  it("a record that fails schema counts its 6 transactions from its raw JSON: 6 of 86, in the pipeline and in the oracle", async () => {
    const records = [...valid, undecodable]
    expect(await pipelineRate(records)).toEqual([6, 86])
    const verdict = await duck.run(judgeBatch(records, DATE))
    expect([...verdict.quarantined]).toEqual([[20, ["schema"]]])
    expect(transactionsRate(verdict.rates)).toEqual([6, 86])
  }, 60_000)

  it("the same record failing amount.positive instead counts the same: 6 of 86", async () => {
    const records = [...valid, negativeAmount]
    expect(await pipelineRate(records)).toEqual([6, 86])
    const verdict = await duck.run(judgeBatch(records, DATE))
    expect([...verdict.quarantined]).toEqual([[20, ["amount.positive"]]])
    expect(transactionsRate(verdict.rates)).toEqual([6, 86])
  }, 60_000)

  it("a record that does not decode and whose transactions are not an array counts none: 0 of 80", async () => {
    const records = [...valid, customer(901, 0, { transactions: "none", email: 42 }), customer(902, 0, { transactions: { transaction_id: 1 } })]
    expect(await pipelineRate(records)).toEqual([0, 80])
    const verdict = await duck.run(judgeBatch(records, DATE))
    expect(verdict.quarantined.size).toBe(2)
    expect(transactionsRate(verdict.rates)).toEqual([0, 80])
  }, 60_000)

  it("a record with a repeated key (rejected under schema without decoding) counts the transactions of its raw JSON", async () => {
    // A repeated key does not decode (readers disagree on its value): quarantined under schema with its 3 transactions.
    const text = JSON.stringify(customer(903, 3)).replace('"name":', '"name":"first","name":')
    const document = `{"customers": [\n${[...valid.map((r) => JSON.stringify(r)), text].join(",\n")}\n]}\n`
    const { report } = await runBatch({ ingestionDate: DATE, records: [], document })
    expect(report.error, report.error?.message).toBeNull()
    expect(transactionsRate(report.checks)).toEqual([3, 83])
  }, 60_000)
})
