/**
 * Property-based tests of the contracts in `contracts/`, as a library call:
 *
 * 1. every valid batch is accepted in full;
 * 2. every mutation of the catalogue is rejected by exactly the checks it names
 *    (record and batch mutations in process; table and staging mutations on
 *    the tables of real pipeline runs in a temp lakehouse);
 * 7. every contract schema round-trips;
 * 8. every check id in use has a mutation.
 *
 * @example
 * ```ts
 * const results = yield* runContractTests({ runs: 200 })
 * results.every((r) => r.passed)
 * ```
 */
import { DEFAULT_RUNS, runProperty, type PropertyOutcome, type PropertySettings } from "lakegate"
import { customersPipeline } from "../pipeline.ts"
import { Effect } from "effect"
import { batchMutations, stagingMutations } from "./mutations.ts"
import {
  completeness,
  contractSchemas,
  makeDuckRunner,
  mutationRejected,
  schemaRoundTrips,
  stagingMutationCaught,
  tableMutationsCaught,
  validBatchAccepted
} from "./properties.ts"

/** Options of a contract test run. */
export interface ContractTestOptions {
  /** Runs of each in-process property (default 100); properties running the pipeline get round(2.5·√runs)/2. */
  readonly runs?: number
  /** Seed of every property, to replay a failure. */
  readonly seed?: number
  /** With `seed`, the counterexample path to replay (use with `only`). */
  readonly path?: string
  /** Run only the cases whose name contains this text (e.g. a mutation id). */
  readonly only?: string
  /** Called after each case. */
  readonly onCase?: (property: string, caseName: string, outcome: PropertyOutcome) => void
}

/** One case of a property (a mutation, a contract) and its outcome. */
export interface ContractTestCase {
  readonly name: string
  readonly outcome: PropertyOutcome
}

/** The result of one property over all its cases. */
export interface ContractTestResult {
  readonly property: "1" | "2" | "7" | "8"
  readonly title: string
  readonly passed: boolean
  /** Runs carried out, over all cases. */
  readonly runs: number
  readonly cases: ReadonlyArray<ContractTestCase>
  readonly durationMs: number
}

const outcomeOf = (passed: boolean, report: string | null): PropertyOutcome => ({ passed, runs: 1, seed: 0, path: null, counterexample: null, report, durationMs: 0 })

/** Run properties 1, 2, 7 and 8 against the contracts; one result per property. */
export const runContractTests = (options: ContractTestOptions = {}): Effect.Effect<ReadonlyArray<ContractTestResult>> =>
  Effect.promise(async () => {
    const runs = options.runs ?? DEFAULT_RUNS
    const replay = { ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.path === undefined ? {} : { path: options.path }) }
    const inProcess: PropertySettings = { numRuns: runs, ...replay }
    const perMutation: PropertySettings = { numRuns: Math.max(10, Math.ceil(runs / 4)), ...replay }
    const pipeline: PropertySettings = { numRuns: Math.max(1, Math.round((2.5 * Math.sqrt(runs)) / 2)), ...replay }
    const duck = makeDuckRunner()
    const results: Array<ContractTestResult> = []
    const property = async (id: ContractTestResult["property"], title: string, cases: ReadonlyArray<readonly [string, () => Promise<PropertyOutcome>]>) => {
      const started = Date.now()
      const done: Array<ContractTestCase> = []
      const selected = options.only === undefined ? cases : cases.filter(([name]) => name.includes(options.only!))
      if (selected.length === 0) return
      for (const [name, run] of selected) {
        const outcome = await run()
        options.onCase?.(id, name, outcome)
        done.push({ name, outcome })
      }
      results.push({ property: id, title, passed: done.every((c) => c.outcome.passed), runs: done.reduce((n, c) => n + c.outcome.runs, 0), cases: done, durationMs: Date.now() - started })
    }
    try {
      await property("1", "valid batches are accepted in full", [["valid batches", () => runProperty(validBatchAccepted(duck), inProcess, "property 1")]])
      await property("2", "each mutation is rejected by exactly the checks it names", [
        ...batchMutations.map((m) => [m.id, () => runProperty(mutationRejected(duck, m), perMutation, `property 2, ${m.id}`)] as const),
        ["table mutations (all gates)", () => runProperty(tableMutationsCaught({ downstream: customersPipeline.downstream }), pipeline, "property 2, table mutations")] as const,
        ...stagingMutations.map((m) => [m.id, () => runProperty(stagingMutationCaught(m), pipeline, `property 2, ${m.id}`)] as const)
      ])
      await property(
        "7",
        "contract schemas round-trip",
        contractSchemas().map((c) => [c.id, () => runProperty(schemaRoundTrips(c.codec, c.arbitrary), inProcess, `property 7, ${c.id}`)] as const)
      )
      await property("8", "every check id in use has a mutation", [
        [
          "completeness",
          async () => {
            const report = completeness()
            const problems = [
              ...report.uncovered.map((id) => `${id}: used but no mutation`),
              ...report.excludedButUsed.map((id) => `${id}: excluded but used`),
              ...report.unaccounted.map((id) => `${id}: in the catalogue, neither covered nor excluded`),
              ...report.unknown.map((id) => `${id}: named by a mutation but not in the catalogue`)
            ]
            return outcomeOf(problems.length === 0, problems.length === 0 ? null : problems.join("\n"))
          }
        ]
      ])
    } finally {
      await duck.dispose()
    }
    return results
  })

const pad = (text: string, width: number) => (text.length >= width ? text : text + " ".repeat(width - text.length))

/** Render results as a plain-text table, with each failure's report below it. */
export const renderContractTests = (results: ReadonlyArray<ContractTestResult>): string => {
  const lines = [`${pad("property", 58)} ${pad("cases", 6)} ${pad("runs", 7)} ${pad("result", 7)} time`]
  for (const r of results) {
    const failed = r.cases.filter((c) => !c.outcome.passed).length
    lines.push(`${pad(`${r.property}  ${r.title}`, 58)} ${pad(String(r.cases.length), 6)} ${pad(String(r.runs), 7)} ${pad(r.passed ? "pass" : `FAIL ${failed}`, 7)} ${(r.durationMs / 1000).toFixed(1)}s`)
  }
  for (const r of results) {
    for (const c of r.cases.filter((k) => !k.outcome.passed)) {
      lines.push("", `✗ property ${r.property}, ${c.name}:`, c.outcome.report ?? "failed")
      if (r.property !== "8") lines.push(`  replay: lakegate contracts test --seed ${c.outcome.seed}${c.outcome.path === null ? "" : ` --path ${c.outcome.path}`} --only ${JSON.stringify(c.name)}`)
    }
  }
  return lines.join("\n")
}
