/**
 * Property 5, order independence: a shuffled batch publishes the same content.
 * Batches here have no cross-record conflicts (unique keys, one name per
 * product, only record-local mutations), since with duplicates which record is
 * "first" depends on the order by design. Rows are compared without their
 * position columns (`_record_index`).
 */
import { FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import { sourceBatchArbitrary } from "../../contracts/testing/arbitraries.ts"
import { mixedBatchArbitrary } from "../../contracts/testing/mutations.ts"
import { runBatch, type TableSnapshot } from "../../contracts/testing/pipelineRun.ts"
import { propertySettings, share } from "../../src/testing/runProperty.ts"
import { goldDownstream } from "../../contracts/pipeline.ts"
import { assertProperty, timeoutFor } from "./support.ts"

const settings = share(propertySettings("pipeline"), 2, 3)

/** Rows without position columns, as a sorted multiset. */
const unpositioned = (rows: TableSnapshot | null | undefined) =>
  (rows ?? [])
    .map((r) => {
      const { _record_index: _, ...rest } = JSON.parse(r) as Record<string, unknown>
      return JSON.stringify(rest)
    })
    .sort()

describe("property 5: order independence", () => {
  it(
    "a shuffled batch publishes the same silver (and gold) content and quarantines the same records for the same reasons",
    () =>
      assertProperty(
        fc.asyncProperty(
          mixedBatchArbitrary(sourceBatchArbitrary({ minCustomers: 2, maxCustomers: 25 }), { localOnly: true, maxMutations: 2 }).chain((mutated) =>
            fc.shuffledSubarray([...mutated.records.keys()], { minLength: mutated.records.length, maxLength: mutated.records.length }).map((order) => ({ mutated, order }))
          ),
          async ({ mutated, order }) => {
            const first = await runBatch({ ingestionDate: mutated.ingestionDate, records: mutated.records }, { downstream: goldDownstream })
            const second = await runBatch({ ingestionDate: mutated.ingestionDate, records: order.map((i) => mutated.records[i]) }, { downstream: goldDownstream })
            expect(second.report.verdict).toBe(first.report.verdict)
            expect(second.report.quarantineByCheck).toEqual(first.report.quarantineByCheck)
            expect(second.report.layers.map((l) => [l.layer, l.status, l.reasons.map((r) => r.checkId)])).toEqual(first.report.layers.map((l) => [l.layer, l.status, l.reasons.map((r) => r.checkId)]))
            for (const table of Object.keys(first.silver)) expect(unpositioned(second.silver[table]), table).toEqual(unpositioned(first.silver[table]))
            expect(unpositioned(second.bronze["customers_raw"])).toEqual(unpositioned(first.bronze["customers_raw"]))
            for (const table of Object.keys(first.gold)) expect(unpositioned(second.gold[table]), `gold ${table}`).toEqual(unpositioned(first.gold[table]))
            expect(Object.keys(second.gold)).toEqual(Object.keys(first.gold))
          }
        ),
        settings
      ),
    timeoutFor(settings, 4_000)
  )
})
