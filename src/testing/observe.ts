/**
 * Run checks on a generated dataset: load it, evaluate each check as the gate
 * would, and keep what each said. A dataset that cannot be loaded, or a check
 * that fails to evaluate (a SQL error, a defect in a custom check), is an
 * `error` observation, never a crash of the test.
 *
 * @example
 * const seen = yield* observe(dataset, [rangeCheck], "silver")
 * seen.get(rangeCheck.label)?.status  // "fail"
 */
import { Cause, Effect } from "effect"
import type { CheckStatus } from "../contract/CheckResult.ts"
import type { Duck } from "../engine/Duck.ts"
import type { CheckUnderTest } from "./checksUnderTest.ts"
import type { Dataset } from "./dataset.ts"
import { datasetContext, loadDataset } from "./load.ts"

/** What a check said of a dataset. */
export interface Observation {
  readonly status: CheckStatus
  readonly message: string
  readonly failed: number
  readonly total: number
}

const firstLine = (text: string): string => text.split("\n")[0] ?? text

const errored = (message: string): Observation => ({ status: "error", message, failed: 0, total: 0 })

/** Load the dataset and evaluate the checks on it; observations by check label. */
export const observe = (
  dataset: Dataset,
  checks: ReadonlyArray<CheckUnderTest>,
  layer: string
): Effect.Effect<ReadonlyMap<string, Observation>, never, Duck> =>
  Effect.gen(function* () {
    const loaded = yield* Effect.either(loadDataset(dataset))
    if (loaded._tag === "Left") {
      const failure = errored(`the dataset could not be loaded: ${firstLine(loaded.left.message)}`)
      return new Map(checks.map((c) => [c.label, failure] as const))
    }
    const context = datasetContext(dataset, layer)
    const seen = new Map<string, Observation>()
    for (const check of checks) {
      const result = yield* check.dataset.evaluate(context).pipe(
        Effect.map((r): Observation => ({ status: r.status, message: r.message, failed: r.failed, total: r.total })),
        Effect.catchAllCause((cause) => Effect.succeed(errored(`could not evaluate: ${firstLine(Cause.pretty(cause))}`)))
      )
      seen.set(check.label, result)
    }
    return seen
  })
