/**
 * Property 2 through the pipeline: record and batch mutations run through
 * `runPipeline` (the mutated records end in silver quarantine with exactly
 * their checks, the rest in silver); table mutations tamper with the tables of
 * real runs and are judged by the gates' own checks; staging mutations plant
 * faults the stages' inline checks must catch.
 */
import { FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import { goldDownstream } from "../../contracts/pipeline.ts"
import { batchMutations, customersFailThreshold, stagingMutations } from "../../contracts/testing/mutations.ts"
import { batchesFor, expectedRateStatus, stagingMutationCaught, tableMutationsCaught } from "../../contracts/testing/properties.ts"
import { runBatch } from "../../contracts/testing/pipelineRun.ts"
import { propertySettings, share } from "../../src/testing/runProperty.ts"
import { assertProperty, timeoutFor } from "./support.ts"

const pipeline = propertySettings("pipeline")

/**
 * Every record and batch mutation gets its own property: the mutations are
 * enumerated, not drawn (drawing 25 times from 21 mutations left several
 * untried under a given seed), so each is run through the pipeline under every
 * seed. Together they take the pipeline budget (`FC_PIPELINE_RUNS`, 25 by
 * default; at least one run each): 21 runs by default, 11 each in a deep run of
 * FC_NUM_RUNS=10000. The in-process side (mutations.test.ts) runs each one
 * with many more batches.
 */
const perMutation = { ...pipeline, numRuns: Math.max(1, Math.floor(pipeline.numRuns / batchMutations.length)) }

describe("property 2 through the pipeline: a mutated record lands in silver quarantine with exactly its checks, the rest of the batch in silver; the gate blocks only on quarantine.rate", () => {
  for (const mutation of batchMutations) {
    it(`${mutation.id} → ${mutation.checks.join(", ")}`, () =>
      assertProperty(
        fc.asyncProperty(
          batchesFor(mutation, { maxCustomers: 30 }).chain((b) => mutation.mutate(b)),
          async (mutated) => {
            const { report, silver } = await runBatch({ ingestionDate: mutated.ingestionDate, records: mutated.records })
            expect(report.error).toBeNull()
            // the report counts every quarantined record under each of its checks
            const expectedByCheck = new Map<string, number>()
            for (const ids of mutated.expected.values()) for (const id of ids) expectedByCheck.set(id, (expectedByCheck.get(id) ?? 0) + 1)
            expect(new Map(report.quarantineByCheck.map((q) => [q.checkId, q.records]))).toEqual(expectedByCheck)
            for (const check of report.checks.filter((c) => c.kind === "row")) {
              expect(check.samples.map((s) => s.recordIndex).every((i) => i !== null && mutated.expected.get(i)?.includes(check.checkId) === true), check.checkId).toBe(true)
            }
            const quarantined = mutated.expected.size
            const silverLayer = report.layers.find((l) => l.layer === "silver")!
            const rateFails = expectedRateStatus(quarantined, mutated.records.length) === "fail"
            const blockers = [...new Set(silverLayer.reasons.map((r) => r.checkId))]
            expect(blockers.every((id) => id === "quarantine.rate"), JSON.stringify(silverLayer.reasons)).toBe(true)
            if (rateFails) expect(silverLayer.status).toBe("blocked")
            if (silverLayer.status === "published") {
              const rows = (silver["quarantine"] ?? []).map((r) => JSON.parse(r) as { _record_index: number; check: string })
              const actual = new Map<number, Array<string>>()
              for (const r of rows) actual.set(Number(r._record_index), [...new Set([...(actual.get(Number(r._record_index)) ?? []), r.check])].sort())
              expect(actual).toEqual(new Map([...mutated.expected].map(([i, ids]) => [i, [...ids]])))
              expect(silver["customers"]).toHaveLength(mutated.records.length - quarantined)
              const accepted = (silver["customers"] ?? []).map((r) => Number((JSON.parse(r) as { _record_index: number })._record_index)).sort((a, b) => a - b)
              expect(accepted).toEqual(mutated.records.flatMap((_, i) => (mutated.expected.has(i) ? [] : [i])))
            }
          }
        ),
        perMutation
      ), timeoutFor(perMutation, 2_000))
  }
})

describe("property 2 through the pipeline: the quarantine rate", () => {
  it("quarantine.over_limit blocks silver exactly on quarantine.rate", async () => {
    const { report } = await runBatch({
      ingestionDate: "2024-06-01",
      records: Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: "N", email: i < Math.floor(customersFailThreshold * 20) + 1 ? "bad" : "a@b.co", signup_date: "2024-01-01", last_purchase: null, total_spent: 0, transactions: [] }))
    })
    const silver = report.layers.find((l) => l.layer === "silver")!
    expect(silver.status).toBe("blocked")
    expect([...new Set(silver.reasons.map((r) => r.checkId))]).toEqual(["quarantine.rate"])
  })
})

describe("property 2 for the dataset gates: tampered tables are blocked by exactly the named checks", () => {
  // The table mutations are enumerated, not drawn: each run applies every one of them (bronze, silver and gold)
  // to the tables of one valid run, so every run covers the whole catalogue and more runs only vary the batch
  // underneath. A fifth of the pipeline budget (at least 3 runs; 5 by default, 50 in a deep run) tampers with
  // every table mutation on 5 different valid runs, and `lakegate contracts test` (runContractTests.test.ts) on 3 more.
  const settings = share(pipeline, 5, 3)
  it(`every table mutation, on the published tables of a valid run${goldDownstream.length > 0 ? " (bronze, silver and gold)" : " (bronze and silver; no gold layer)"}`, () => assertProperty(tableMutationsCaught({ downstream: goldDownstream }), settings), timeoutFor(settings, 6_000))
})

describe("property 2 for the checks stages compute inline: faults planted in staging", () => {
  const settings = share(pipeline, 5, 3)
  for (const mutation of stagingMutations) {
    it(`${mutation.id} → ${mutation.checks.join(", ")}`, () => assertProperty(stagingMutationCaught(mutation), settings), timeoutFor(settings, 3_000))
  }
})
