/**
 * Property 4, idempotency: running the same batch twice (on the same
 * lakehouse, the second run replacing the date's partitions) publishes the
 * same content and reaches the same verdicts. Gold is included when
 * `goldDownstream` has layers: a re-run of a date must leave gold's content as it was.
 */
import { FastCheck as fc } from "effect"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { sourceBatchArbitrary } from "../../contracts/testing/arbitraries.ts"
import { mixedBatchArbitrary } from "../../contracts/testing/mutations.ts"
import { runBatchIn } from "../../contracts/testing/pipelineRun.ts"
import { tempDirectory } from "../../src/testing/tempDirectory.ts"
import { propertySettings, share } from "../../src/testing/runProperty.ts"
import { goldDownstream } from "../../contracts/pipeline.ts"
import { assertProperty, timeoutFor } from "./support.ts"

const settings = share(propertySettings("pipeline"), 2, 3)

describe("property 4: idempotency", () => {
  it(
    "the same batch twice: same verdicts, same bronze, silver and gold content",
    () =>
      assertProperty(
        fc.asyncProperty(mixedBatchArbitrary(sourceBatchArbitrary({ minCustomers: 1, maxCustomers: 25 }), { maxMutations: 2 }), async (mutated) => {
          const dir = tempDirectory()
          try {
            const lakehouse = join(dir.path, "lakehouse")
            const batch = { ingestionDate: mutated.ingestionDate, records: mutated.records }
            const first = await runBatchIn(lakehouse, batch, { downstream: goldDownstream })
            const second = await runBatchIn(lakehouse, batch, { downstream: goldDownstream, now: new Date(Date.parse(`${mutated.ingestionDate}T06:00:00Z`) + 3_600_000) })
            expect(second.report.verdict).toBe(first.report.verdict)
            expect(second.report.quarantineByCheck).toEqual(first.report.quarantineByCheck)
            expect(second.report.checks.map((c) => [c.checkId, c.table, c.status, c.failed])).toEqual(first.report.checks.map((c) => [c.checkId, c.table, c.status, c.failed]))
            expect(second.silver).toEqual(first.silver)
            expect(second.bronze).toEqual(first.bronze)
            // gold (when the pipeline has it): re-running a date changes nothing
            expect(second.gold).toEqual(first.gold)
          } finally {
            dir.remove()
          }
        }),
        settings
      ),
    timeoutFor(settings, 4_000)
  )
})
