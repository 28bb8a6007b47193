/**
 * Runs and replay settings of a contract test: explicit options first, then
 * `FC_NUM_RUNS`, `FC_SEED` and `FC_PATH` from the environment (as for every
 * property of the project), then defaults: 100 runs and a fresh seed, which
 * the report prints so any run can be replayed.
 *
 * @example
 * resolveSettings({ runs: 20 }, { FC_SEED: "42" })  // { runs: 20, seed: 42, path: undefined, mutationRuns: 5 }
 */
import { Effect, Random } from "effect"

/** Runs when neither the options nor `FC_NUM_RUNS` say. */
const DEFAULT_RUNS = 100

/** Runs, seed and path of a contract test. */
export interface TestSettings {
  /** Valid datasets checked. */
  readonly runs: number
  /** Mutated datasets per check. */
  readonly mutationRuns: number
  readonly seed: number
  /** A counterexample path to replay (with `only`). */
  readonly path: string | undefined
}

const positiveInt = (text: string | undefined): number | undefined => {
  if (text === undefined || text.trim() === "") return undefined
  const n = Number(text)
  return Number.isSafeInteger(n) && n > 0 ? n : undefined
}

const integer = (text: string | undefined): number | undefined => {
  if (text === undefined || text.trim() === "") return undefined
  const n = Number(text)
  return Number.isSafeInteger(n) ? n : undefined
}

/** Mutated datasets per check for a number of valid runs: a quarter, at least 5 (never more than the runs). */
export const mutationRunsFor = (runs: number): number => Math.min(runs, Math.max(5, Math.ceil(runs / 4)))

/** Settings from options and the environment, with the seed fixed when none is given. */
export const resolveSettings = (
  options: { readonly runs?: number; readonly seed?: number; readonly path?: string },
  env: Readonly<Record<string, string | undefined>> = process.env
): Effect.Effect<TestSettings> =>
  Effect.gen(function* () {
    const runs = Math.max(1, options.runs ?? positiveInt(env["FC_NUM_RUNS"]) ?? DEFAULT_RUNS)
    const seed = options.seed ?? integer(env["FC_SEED"]) ?? (yield* Random.nextIntBetween(0, 2 ** 31 - 1))
    const path = options.path ?? (env["FC_PATH"]?.trim() === "" ? undefined : env["FC_PATH"])
    return { runs, mutationRuns: mutationRunsFor(runs), seed, path }
  })
