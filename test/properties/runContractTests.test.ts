/**
 * The library entry point `runContractTests` and the `lakegate contracts`
 * command built on it (as the lead wires it into the CLI).
 */
import { Command } from "@effect/cli"
import { NodeContext } from "@effect/platform-node"
import { Effect } from "effect"
import { afterEach, describe, expect, it, vi } from "vitest"
import { contractsCommand } from "../../src/cli/contractsCommand.ts"
import { mutationTable } from "../../contracts/testing/mutationsDoc.ts"
import { renderContractTests, runContractTests, type ContractTestResult } from "../../contracts/testing/runContractTests.ts"

const cli = (args: ReadonlyArray<string>) =>
  Effect.runPromise(Command.run(contractsCommand, { name: "lakegate", version: "test" })(["node", "lakegate", ...args]).pipe(Effect.provide(NodeContext.layer)))

describe("runContractTests", () => {
  afterEach(() => {
    vi.restoreAllMocks()
    process.exitCode = undefined
  })

  it("runs properties 1, 2, 7 and 8 and returns one passing result per property", async () => {
    const results = await Effect.runPromise(runContractTests({ runs: 4, seed: 42 }))
    expect(results.map((r) => r.property)).toEqual(["1", "2", "7", "8"])
    for (const r of results) {
      expect(r.passed, renderContractTests([r])).toBe(true)
      expect(r.cases.length).toBeGreaterThan(0)
    }
    expect(results.find((r) => r.property === "2")!.cases.map((c) => c.name)).toEqual(expect.arrayContaining(["email.malformed", "table mutations (all gates)", "bronze.stray_staged_file"]))
    expect(renderContractTests(results)).toMatch(/^property\s+cases\s+runs\s+result\s+time/)
  }, 300_000)

  it("runs only the cases asked for, with the seed given", async () => {
    const results = await Effect.runPromise(runContractTests({ runs: 10, seed: 7, only: "email.malformed" }))
    expect(results).toHaveLength(1)
    expect(results[0]!.cases.map((c) => [c.name, c.outcome.seed, c.outcome.runs])).toEqual([["email.malformed", 7, 10]])
  }, 120_000)

  it("renders a failure with its report and the command that replays it", () => {
    const failed: ContractTestResult = {
      property: "2",
      title: "each mutation is rejected by exactly the checks it names",
      passed: false,
      runs: 3,
      durationMs: 1200,
      cases: [{ name: "email.malformed", outcome: { passed: false, runs: 3, seed: 99, path: "2:0", counterexample: "[]", report: "Property failed after 3 tests", durationMs: 1200 } }]
    }
    const text = renderContractTests([failed])
    expect(text).toContain("FAIL 1")
    expect(text).toContain("Property failed after 3 tests")
    expect(text).toContain('replay: lakegate contracts test --seed 99 --path 2:0 --only "email.malformed"')
  })

  it("`contracts test` prints the table and leaves the exit code 0 when every property passes", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    await cli(["test", "--runs", "10", "--seed", "3", "--only", "total.mismatch"])
    expect(String(log.mock.calls.flat().join("\n"))).toMatch(/2 {2}each mutation is rejected by exactly the checks it names\s+1\s+10\s+pass/)
    expect(process.exitCode ?? 0).toBe(0)
  }, 120_000)

  it("`contracts mutations` prints the catalogue table", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    await cli(["mutations"])
    expect(log.mock.calls.flat().join("\n")).toContain(mutationTable())
  })
})
