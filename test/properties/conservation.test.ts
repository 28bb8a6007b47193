/**
 * Property 3, conservation: on mixed batches (valid records and mutated ones,
 * duplicates included), nothing is lost and nothing invented — every bronze
 * record is accepted or quarantined, never both, and the amounts split exactly,
 * to the cent, into accepted and quarantined. The expected figures are computed
 * here from the batch, independently of the pipeline.
 */
import { FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import { sourceBatchArbitrary } from "../../contracts/testing/arbitraries.ts"
import { mixedBatchArbitrary, type MutatedBatch } from "../../contracts/testing/mutations.ts"
import { runBatch } from "../../contracts/testing/pipelineRun.ts"
import { propertySettings } from "../../src/testing/runProperty.ts"
import { assertProperty, timeoutFor } from "./support.ts"

const settings = propertySettings("pipeline")

/** Whole cents of the amounts of the records that decode, accepted or not (staging rounds sub-cent amounts). */
const expectedCents = (mutated: MutatedBatch) => {
  let decoded = 0
  let accepted = 0
  mutated.records.forEach((record, i) => {
    if (mutated.expected.get(i)?.includes("schema") === true) return
    const sum = (record as { transactions: ReadonlyArray<{ amount: number }> }).transactions.reduce((s, t) => s + Math.round(t.amount * 100), 0)
    decoded += sum
    if (!mutated.expected.has(i)) accepted += sum
  })
  return { decoded, accepted, quarantined: decoded - accepted }
}

const cents = (decimal: string | undefined) => Math.round(Number(decimal ?? "0") * 100)

describe("property 3: conservation", () => {
  it(
    "bronze = accepted + quarantined, and the amounts reconcile to the cent",
    () =>
      assertProperty(
        fc.asyncProperty(mixedBatchArbitrary(sourceBatchArbitrary({ minCustomers: 1, maxCustomers: 25 })), async (mutated) => {
          const { report, silver, bronze } = await runBatch({ ingestionDate: mutated.ingestionDate, records: mutated.records })
          expect(report.error).toBeNull()
          const n = mutated.records.length
          const q = mutated.expected.size
          expect(report.input.records).toBe(n)
          expect(bronze["customers_raw"]).toHaveLength(n)
          const reconcile = report.checks.find((c) => c.checkId === "reconcile.bronze_silver")!
          expect(reconcile.status, reconcile.message).toBe("pass")
          const money = expectedCents(mutated)
          expect({
            bronze: Number(reconcile.observed["bronze_records"]),
            accepted: Number(reconcile.observed["accepted"]),
            quarantined: Number(reconcile.observed["quarantined"]),
            decoded: cents(reconcile.observed["amount_decoded"]),
            acceptedCents: cents(reconcile.observed["amount_accepted"]),
            quarantinedCents: cents(reconcile.observed["amount_quarantined"]),
            totalSpent: cents(reconcile.observed["total_spent_accepted"])
          }).toEqual({ bronze: n, accepted: n - q, quarantined: q, decoded: money.decoded, acceptedCents: money.accepted, quarantinedCents: money.quarantined, totalSpent: money.accepted })
          const silverLayer = report.layers.find((l) => l.layer === "silver")!
          expect(silverLayer.tables.find((t) => t.table === "customers")).toMatchObject({ rowsIn: n, quarantined: q })
          if (silverLayer.status === "published") {
            const accepted = (silver["customers"] ?? []).map((r) => Number((JSON.parse(r) as { _record_index: number })._record_index))
            const quarantined = [...new Set((silver["quarantine"] ?? []).map((r) => Number((JSON.parse(r) as { _record_index: number })._record_index)))]
            expect([...accepted, ...quarantined].sort((a, b) => a - b)).toEqual([...Array(n).keys()])
            const txCents = (silver["transactions"] ?? []).reduce((s, r) => s + cents((JSON.parse(r) as { amount: string }).amount), 0)
            expect(txCents).toBe(money.accepted)
            const outcomes = (silver["sanitation"] ?? []).map((r) => JSON.parse(r) as { _record_index: number; outcome: string })
            // One sanitation row per bronze record.
            expect(outcomes.map((o) => Number(o._record_index)).sort((a, b) => a - b)).toEqual([...Array(n).keys()])
            expect(outcomes.filter((o) => o.outcome === "quarantined").map((o) => Number(o._record_index)).sort((a, b) => a - b)).toEqual([...mutated.expected.keys()].sort((a, b) => a - b))
          }
        }),
        settings
      ),
    timeoutFor(settings, 2_000)
  )
})
