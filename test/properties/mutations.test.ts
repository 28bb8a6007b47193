/**
 * Property 2, in process: every record and batch mutation of the catalogue is
 * rejected by exactly the checks it names, and the rest of the batch is
 * accepted (one property per mutation). The pipeline-level side of property 2
 * is in gateMutations.test.ts.
 */
import { afterAll, describe, it } from "vitest"
import { batchMutations } from "../../contracts/testing/mutations.ts"
import { makeDuckRunner, mutationRejected } from "../../contracts/testing/properties.ts"
import { propertySettings, share } from "../../src/testing/runProperty.ts"
import { assertProperty, timeoutFor } from "./support.ts"

// One property per mutation, each with a quarter of FC_NUM_RUNS (at least 10): the family runs about 5×FC_NUM_RUNS batches.
const perMutation = share(propertySettings("inProcess"), 4, 10)

describe("property 2 in process: each mutation is quarantined with exactly its checks", () => {
  const duck = makeDuckRunner()
  afterAll(() => duck.dispose())
  for (const mutation of batchMutations) {
    it(`${mutation.id} → ${mutation.checks.join(", ")}`, () => assertProperty(mutationRejected(duck, mutation), perMutation), timeoutFor(perMutation, 80))
  }
})
