/**
 * Property 1: every valid batch is accepted in full — nothing quarantined,
 * every gate passes. Many runs in process, fewer through the whole pipeline.
 */
import { afterAll, describe, expect, it } from "vitest"
import { FastCheck as fc } from "effect"
import { sourceBatchArbitrary } from "../../contracts/testing/arbitraries.ts"
import { makeDuckRunner, validBatchAccepted } from "../../contracts/testing/properties.ts"
import { runBatch } from "../../contracts/testing/pipelineRun.ts"
import { propertySettings } from "../../src/testing/runProperty.ts"
import { assertProperty, timeoutFor } from "./support.ts"
import { goldDownstream } from "../../contracts/pipeline.ts"

const inProcess = propertySettings("inProcess")
const pipeline = propertySettings("pipeline")

describe("property 1: valid batches are accepted in full", () => {
  const duck = makeDuckRunner()
  afterAll(() => duck.dispose())

  it("in process: every record decodes, no row or batch check fires, quarantine rates pass", () => assertProperty(validBatchAccepted(duck), inProcess), timeoutFor(inProcess, 50))

  it("in process: also with large batches of long histories", () => assertProperty(validBatchAccepted(duck, { minCustomers: 20, maxCustomers: 60, maxTransactions: 12 }), { ...inProcess, numRuns: Math.max(5, Math.ceil(inProcess.numRuns / 10)) }), timeoutFor(inProcess, 50))

  it(
    `through the pipeline: published, every check of every gate passes, silver${goldDownstream.length > 0 ? " and gold hold" : " holds"} every record and transaction`,
    () =>
      assertProperty(
        fc.asyncProperty(sourceBatchArbitrary(), async (batch) => {
          const { report, silver, bronze, gold } = await runBatch({ ingestionDate: batch.ingestionDate, records: batch.customers }, { downstream: goldDownstream })
          expect(report.error).toBeNull()
          expect(report.verdict).toBe("published")
          expect(report.exitCode).toBe(0)
          expect(report.checks.filter((c) => c.status !== "pass").map((c) => `${c.checkId} ${c.table}: ${c.message}`)).toEqual([])
          const transactions = batch.customers.reduce((n, c) => n + c.transactions.length, 0)
          expect(bronze["customers_raw"]).toHaveLength(batch.customers.length)
          expect(silver["customers"]).toHaveLength(batch.customers.length)
          expect(silver["transactions"]).toHaveLength(transactions)
          expect(silver["denormalized"]).toHaveLength(transactions)
          expect(silver["quarantine"]).toEqual([])
          expect(silver["products"]).toHaveLength(new Set(batch.customers.flatMap((c) => c.transactions.map((t) => t.product_id))).size)
          // silver keeps the source values: names, emails, ids and amounts as delivered
          const customers = (silver["customers"] ?? []).map((row) => JSON.parse(row) as Record<string, unknown>)
          const byId = new Map(customers.map((c) => [Number(c["customer_id"]), c]))
          for (const c of batch.customers) {
            const row = byId.get(c.id)
            expect(row, `customer ${c.id}`).toMatchObject({ name: c.name, email: c.email, signup_date: c.signup_date, last_purchase: c.last_purchase, transaction_count: c.transactions.length })
            expect(Number(row?.["total_spent"])).toBe(c.total_spent)
          }
          const sanitation = (silver["sanitation"] ?? []).map((row) => JSON.parse(row) as Record<string, unknown>)
          expect(sanitation.every((r) => r["outcome"] === "accepted" && r["failed_checks"] === "")).toBe(true)
          // gold (when the pipeline has it) takes every transaction once
          if (goldDownstream.length > 0) expect(gold["fact_transactions"]).toHaveLength(transactions)
        }),
        pipeline
      ),
    timeoutFor(pipeline, 2_000)
  )
})
