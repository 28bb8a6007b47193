/** Helpers of the property tests: run a property with the env's settings and fail the test with a replayable report. */
import { FastCheck as fc } from "effect"
import { expect } from "vitest"
import { propertySettings, runProperty, type PropertyCost, type PropertySettings } from "../../src/testing/runProperty.ts"

/** Run a property; on failure, fail the test with fast-check's report and the command that replays it. */
export const assertProperty = async <Ts>(property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>, settings: PropertySettings | PropertyCost = "inProcess"): Promise<void> => {
  const resolved = typeof settings === "string" ? propertySettings(settings) : settings
  const state = expect.getState()
  const file = state.testPath === undefined ? "test/properties" : state.testPath.slice(state.testPath.indexOf("test/"))
  const outcome = await runProperty(property, resolved, `npx vitest run ${file} -t ${JSON.stringify(state.currentTestName ?? "")}`)
  if (!outcome.passed) throw new Error(outcome.report ?? "property failed")
}

/** Test timeout for a property: generous, scaled with its runs. */
export const timeoutFor = (settings: PropertySettings, msPerRun: number): number => Math.max(120_000, settings.numRuns * msPerRun * 3)

/** The settings with a time limit 30 s short of the test's time-out, so fast-check reports (seed, path, counterexample) before the runner kills the test. */
export const limitedTo = (settings: PropertySettings, timeoutMs: number): PropertySettings => ({ ...settings, timeLimitMs: Math.max(10_000, timeoutMs - 30_000) })
