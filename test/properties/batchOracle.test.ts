/**
 * Property 2, batch checks against a reference model: on batches full of
 * duplicate keys and disagreeing product names (ties included), the records
 * refine quarantines, and why, are exactly those an independent model of
 * "first occurrence in file order wins" and "majority name, ties to the name
 * seen first" says.
 */
import { FastCheck as fc } from "effect"
import { afterAll, describe, it } from "vitest"
import { deepStrictEqual } from "node:assert/strict"
import { conflictProneBatchArbitrary } from "../../contracts/testing/arbitraries.ts"
import { judgeBatch } from "../../contracts/testing/judgeBatch.ts"
import { expectedBatchViolations } from "../../contracts/testing/oracle.ts"
import { makeDuckRunner } from "../../contracts/testing/properties.ts"
import { propertySettings } from "../../src/testing/runProperty.ts"
import { assertProperty, timeoutFor } from "./support.ts"

const settings = propertySettings("inProcess")

describe("property 2: the batch checks agree with a reference model", () => {
  const duck = makeDuckRunner()
  afterAll(() => duck.dispose())

  it("found by this property: a tie between two names first seen in the same record goes to the one at the earlier position", async () => {
    const tx = (id: number, name: string) => ({ transaction_id: id, date: "2024-01-02", amount: 1, product_id: 7, product_name: name })
    const record = (id: number, transactions: ReadonlyArray<ReturnType<typeof tx>>) => ({
      id, name: "N", email: "n@example.com", signup_date: "2024-01-01", last_purchase: "2024-01-02", total_spent: transactions.length, transactions
    })
    // "B" and "A" both have 2 uses and are both first seen in record 0; "B" comes first there.
    const customers = [record(1, [tx(1, "B"), tx(2, "A")]), record(2, [tx(3, "A")]), record(3, [tx(4, "B")])]
    const verdict = await duck.run(judgeBatch(customers, "2024-06-01"))
    deepStrictEqual([...verdict.quarantined], [[0, ["product.name_consistent"]], [1, ["product.name_consistent"]]])
    deepStrictEqual([...expectedBatchViolations(customers)].map(([i, ids]) => [i, [...ids]]), [[0, ["product.name_consistent"]], [1, ["product.name_consistent"]]])
  })

  it(
    "duplicate ids and product names: exactly the records and checks the model predicts",
    () =>
      assertProperty(
        fc.asyncProperty(conflictProneBatchArbitrary(), async (batch) => {
          const verdict = await duck.run(judgeBatch(batch.customers, batch.ingestionDate))
          deepStrictEqual(new Map([...verdict.quarantined].map(([i, ids]) => [i, [...ids]])), new Map([...expectedBatchViolations(batch.customers)].map(([i, ids]) => [i, [...ids]])))
        }),
        settings
      ),
    timeoutFor(settings, 60)
  )
})
