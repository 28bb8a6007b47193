/**
 * Property 6: arbitrary multi-day sequences (customers coming back renamed,
 * transactions delivered again, dates run out of order and re-run).
 *
 * - Silver: each date's partition is exactly that date's batch and is never
 *   touched by runs of other dates.
 * - Gold (when `goldDownstream` has layers): after every run, gold reconciles
 *   with the silver of every merged date — one fact per transaction id ever
 *   accepted, with its amount, the earliest delivering date and its customer;
 *   every customer's current version carries the latest name and email;
 *   every product the name of the latest date that delivered it (a rename
 *   only warns, with product.name_stable);
 *   top customers' totals are the sums of their facts.
 */
import { FastCheck as fc } from "effect"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { goldDownstream } from "../../contracts/pipeline.ts"
import { overlappingDailyBatchesArbitrary, type SourceBatch } from "../../contracts/testing/arbitraries.ts"
import { inspectLakehouse, runBatchIn, silverTables, snapshotPartition, type TableSnapshot } from "../../contracts/testing/pipelineRun.ts"
import { tempDirectory } from "../../src/testing/tempDirectory.ts"
import { propertySettings, share } from "../../src/testing/runProperty.ts"
import { assertProperty, limitedTo, timeoutFor } from "./support.ts"

const settings = share(propertySettings("pipeline"), 3, 3)
const timeout = timeoutFor(settings, 15_000)

const rows = <A>(snapshot: TableSnapshot | null | undefined): ReadonlyArray<A> => (snapshot ?? []).map((r) => JSON.parse(r) as A)
const cents = (decimal: unknown) => Math.round(Number(decimal) * 100)

/** What gold must hold after some runs, from the batches alone (each date: its last run). */
const expectedGold = (runs: ReadonlyArray<SourceBatch>) => {
  const latestByDate = new Map<string, SourceBatch>()
  for (const batch of runs) latestByDate.set(batch.ingestionDate, batch)
  const dates = [...latestByDate.keys()].sort()
  const facts = new Map<number, { cents: number; date: string; customer: number }>()
  const current = new Map<number, { name: string; email: string }>()
  const products = new Map<number, string>()
  for (const date of dates) {
    for (const c of latestByDate.get(date)!.customers) {
      current.set(c.id, { name: c.name, email: c.email })
      for (const t of c.transactions) products.set(t.product_id, t.product_name)
      for (const t of c.transactions) if (!facts.has(t.transaction_id)) facts.set(t.transaction_id, { cents: Math.round(t.amount * 100), date, customer: c.id })
    }
  }
  return { facts, current, products }
}

describe("property 6: multi-day sequences", () => {
  it(
    `each date's silver is its batch and stays untouched${goldDownstream.length > 0 ? "; gold reconciles with silver after every run" : ""}`,
    () =>
      assertProperty(
        fc.asyncProperty(overlappingDailyBatchesArbitrary(), async (runs) => {
          const dir = tempDirectory()
          try {
            const lakehouse = join(dir.path, "lakehouse")
            const silverByDate = new Map<string, Readonly<Record<string, TableSnapshot | null>>>()
            for (const [k, batch] of runs.entries()) {
              const result = await runBatchIn(lakehouse, { ingestionDate: batch.ingestionDate, records: batch.customers }, { downstream: goldDownstream })
              expect(result.report.error).toBeNull()
              expect(result.report.verdict, JSON.stringify(result.report.layers.map((l) => [l.layer, l.reasons]))).toBe("published")
              const customers = rows<{ customer_id: string; name: string }>(result.silver["customers"])
              expect(customers.map((c) => Number(c.customer_id)).sort((a, b) => a - b)).toEqual(batch.customers.map((c) => c.id).sort((a, b) => a - b))
              // a re-run of a date publishes the same silver; other dates' partitions are untouched (checked at the end)
              const before = silverByDate.get(batch.ingestionDate)
              if (before !== undefined) expect(result.silver).toEqual(before)
              silverByDate.set(batch.ingestionDate, result.silver)
              if (goldDownstream.length > 0) {
                const expected = expectedGold(runs.slice(0, k + 1))
                const dimCustomer = rows<{ customer_key: string; customer_id: string; name: string; email: string; is_current: boolean }>(result.gold["dim_customer"])
                const customerOf = new Map(dimCustomer.map((c) => [c.customer_key, Number(c.customer_id)]))
                const facts = rows<{ transaction_id: string; amount: string; ingestion_date: string; customer_key: string }>(result.gold["fact_transactions"])
                expect(new Map(facts.map((f) => [Number(f.transaction_id), { cents: cents(f.amount), date: f.ingestion_date, customer: customerOf.get(f.customer_key) }]))).toEqual(expected.facts)
                expect(new Map(dimCustomer.filter((c) => c.is_current).map((c) => [Number(c.customer_id), { name: c.name, email: c.email }]))).toEqual(expected.current)
                const totals = new Map<number, number>()
                for (const f of expected.facts.values()) totals.set(f.customer, (totals.get(f.customer) ?? 0) + f.cents)
                for (const top of rows<{ customer_id: string; total_spent: string }>(result.gold["top_customers"])) expect(cents(top.total_spent)).toBe(totals.get(Number(top.customer_id)))
                expect(new Map(rows<{ product_id: string; product_name: string }>(result.gold["dim_product"]).map((p) => [Number(p.product_id), p.product_name]))).toEqual(expected.products)
                // renamed products only warn (product.name_stable); nothing else may fail or warn
                const gate = result.report.checks.filter((c) => c.layer === "gold" && c.status !== "pass" && !(c.checkId === "product.name_stable" && c.status === "warn"))
                expect(gate.map((c) => `${c.checkId}: ${c.message}`)).toEqual([])
              }
            }
            // after the whole sequence, every date still holds what its own last run published
            for (const [date, silver] of silverByDate) expect(await inspectLakehouse(lakehouse, snapshotPartition("silver", silverTables, date)), date).toEqual(silver)
          } finally {
            dir.remove()
          }
        }),
        limitedTo(settings, timeout)
      ),
    timeout
  )
})
