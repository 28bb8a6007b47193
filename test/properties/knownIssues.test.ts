/**
 * Known issues found by the property tests, kept as failing expectations
 * (`it.fails`): the suite stays green while they stand, and a fix makes the
 * test fail, prompting its promotion to a plain test (and, for the carriage
 * return, turning `GENERATE_CARRIAGE_RETURNS` on). See docs/mutations.md.
 */
import { Effect, FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import { sourceBatchArbitrary } from "../../src/properties/arbitraries.ts"
import { applyTableMutation, publishedTables } from "../../src/properties/gates.ts"
import { judgeBatch } from "../../src/properties/judgeBatch.ts"
import type { TableMutation } from "../../src/properties/mutations.ts"
import { runBatch } from "../../src/properties/pipelineRun.ts"
import { validCustomer } from "../support/fixtures.ts"

describe("known issues", () => {
  it.fails("a carriage return inside a JSON string is staged like any other character (today: the run fails, exit 4)", async () => {
    const { report } = await runBatch({ ingestionDate: "2024-06-01", records: [{ ...validCustomer(), name: "Ann\rLee" }] })
    expect(report.error).toBeNull()
    expect(report.verdict).toBe("published")
  })

  it.fails("a source pretty-printed with CRLF line breaks is read (today: the run fails, exit 4)", async () => {
    const records = [validCustomer(), { ...validCustomer(), id: 2, transactions: [], last_purchase: null, total_spent: 0 }]
    const document = JSON.stringify({ customers: records }, null, 2).replace(/\n/g, "\r\n")
    const { report } = await runBatch({ ingestionDate: "2024-06-01", records, document })
    expect(report.error).toBeNull()
    expect(report.verdict).toBe("published")
  })

  it.fails("valid batches with carriage returns in names are accepted in full (property 1 with GENERATE_CARRIAGE_RETURNS on)", async () => {
    // Whether a run fails depends on the first line break DuckDB's sniffer meets in a staging file, so let fast-check look.
    await fc.assert(
      fc.asyncProperty(sourceBatchArbitrary({ minCustomers: 1, maxCustomers: 4, oddText: 1, carriageReturns: true }), async (batch) => {
        const { report } = await runBatch({ ingestionDate: batch.ingestionDate, records: batch.customers })
        expect(report.error).toBeNull()
      }),
      { numRuns: 30, seed: 7, endOnFailure: true }
    )
  }, 120_000)

  it.fails("schema.columns rejects a staged table whose columns are in another order than the contract's (today: only names and types are compared)", async () => {
    const reorder: TableMutation = {
      kind: "table",
      id: "table.columns_reordered",
      title: "the columns of silver products in another order",
      checks: ["schema.columns"],
      gate: "silver",
      tamper: (v) => ({ products: `select product_name, product_id from ${v.relation("products")}` })
    }
    const customer = validCustomer()
    const { inspected } = await runBatch(
      { ingestionDate: "2024-06-01", records: [customer] },
      {
        inspect: () =>
          Effect.gen(function* () {
            yield* judgeBatch([customer], "2024-06-01")
            return yield* applyTableMutation(reorder, yield* publishedTables("2024-06-01"), 0)
          })
      }
    )
    expect(inspected?.blocking).toEqual(["schema.columns"])
  })
})
