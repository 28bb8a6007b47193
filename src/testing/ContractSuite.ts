/**
 * A contract suite: a pipeline's own property tests of its contracts (valid
 * data passes, every mutation is caught by exactly its checks, ...), as a
 * value `lakegate contracts test MODULE` can run and `lakegate contracts
 * mutations MODULE` can describe.
 *
 * @example
 * import { contractSuite } from "lakegate"
 * export default contractSuite({
 *   name: "orders",
 *   run: (options) => Effect.succeed({ passed: true, text: "1 property, 100 runs: pass" })
 * })
 */
import type { Effect } from "effect"
import type { PropertyOutcome } from "./runProperty.ts"

/** How to run a suite. */
export interface SuiteOptions {
  /** Runs of each property (suites may scale costly properties down). */
  readonly runs?: number
  /** Seed of every property, to replay a failure. */
  readonly seed?: number
  /** With `seed`, the counterexample path to replay (use with `only`). */
  readonly path?: string
  /** Run only the cases whose name contains this text. */
  readonly only?: string
  /** Called after each case. */
  readonly onCase?: (property: string, caseName: string, outcome: PropertyOutcome) => void
}

/** A suite's verdict and its rendering as text. */
export interface SuiteOutcome {
  readonly passed: boolean
  readonly text: string
}

/** A runnable contract suite. */
export interface ContractSuite {
  readonly _tag: "ContractSuite"
  readonly name: string
  readonly run: (options: SuiteOptions) => Effect.Effect<SuiteOutcome>
  /** The suite's mutation catalogue as Markdown, if it has one. */
  readonly catalogue?: () => string
}

/** Declare a contract suite. */
export const contractSuite = (suite: Omit<ContractSuite, "_tag">): ContractSuite => ({ _tag: "ContractSuite", ...suite })

/** True for a contract suite (for loading one from a user's module). */
export const isContractSuite = (value: unknown): value is ContractSuite =>
  value !== null && typeof value === "object" && "_tag" in value && (value as { _tag: unknown })._tag === "ContractSuite"
