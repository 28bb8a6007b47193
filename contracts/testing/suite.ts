/**
 * The customers contracts' property suite: `lakegate contracts test`
 * (package.json names this module) runs it; `lakegate contracts mutations`
 * prints its mutation catalogue.
 */
import { contractSuite } from "lakegate"
import { Effect } from "effect"
import { mutationTable } from "./mutationsDoc.ts"
import { renderContractTests, runContractTests } from "./runContractTests.ts"

export default contractSuite({
  name: "customers",
  run: (options) => Effect.map(runContractTests(options), (results) => ({ passed: results.every((r) => r.passed), text: renderContractTests(results) })),
  catalogue: mutationTable
})
