/**
 * The gate: a pure function from check results to a publish decision.
 */
import { Data } from "effect"
import type { CheckResult } from "./CheckResult.ts"

/** Why a layer was blocked: one line per blocking check. */
export interface BlockReason {
  readonly checkId: string
  readonly table: string
  readonly message: string
}

/** The gate's decision for one layer. */
export type GateDecision = Data.TaggedEnum<{
  Publish: { readonly warnings: ReadonlyArray<CheckResult> }
  Block: { readonly reasons: ReadonlyArray<BlockReason> }
}>
export const GateDecision = Data.taggedEnum<GateDecision>()

/** A check blocks when it failed, or could not be evaluated. */
export const isBlocking = (result: CheckResult): boolean => result.status === "fail" || result.status === "error"

/** Decide whether the checked, staged data of one layer may be published. */
export const decide = (results: ReadonlyArray<CheckResult>): GateDecision => {
  const blocking = results.filter(isBlocking)
  if (blocking.length > 0) {
    return GateDecision.Block({
      reasons: blocking.map((r) => ({ checkId: r.checkId, table: r.table, message: r.message }))
    })
  }
  return GateDecision.Publish({ warnings: results.filter((r) => r.status === "warn") })
}
