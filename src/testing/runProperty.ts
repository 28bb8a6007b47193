/**
 * Running fast-check properties the lakegate way: the number of runs comes
 * from `FC_NUM_RUNS` (scaled down for properties that run the whole
 * pipeline), a failure can be replayed with `FC_SEED` and `FC_PATH`, and the
 * outcome is a value (for `lakegate contracts test` and the library) that
 * tests turn into an assertion.
 */
import { FastCheck as fc } from "effect"

/** How expensive one run of a property is. */
export type PropertyCost = "inProcess" | "pipeline"

/** Runs and replay settings of one property. */
export interface PropertySettings {
  readonly numRuns: number
  readonly seed?: number
  readonly path?: string
  /**
   * Stop after this long, searching and shrinking included, and report what
   * was found so far (an unfinished run counts as a failure), so a slow
   * shrink still prints its seed before a test runner's time-out kills it.
   */
  readonly timeLimitMs?: number
}

/** In-process properties run this many times unless `FC_NUM_RUNS` says otherwise. */
export const DEFAULT_RUNS = 100

const positiveInt = (text: string | undefined): number | undefined => {
  if (text === undefined || text.trim() === "") return undefined
  const n = Number(text)
  return Number.isSafeInteger(n) && n > 0 ? n : undefined
}

/**
 * The runs of a property: `FC_NUM_RUNS` (default 100) for in-process ones;
 * for pipeline ones `FC_PIPELINE_RUNS`, else `round(2.5·√FC_NUM_RUNS)`
 * (25 by default, 250 for a deep run of 10 000). `FC_SEED`/`FC_PATH` replay a failure.
 */
export const propertySettings = (cost: PropertyCost, env: Readonly<Record<string, string | undefined>> = process.env): PropertySettings => {
  const base = positiveInt(env["FC_NUM_RUNS"]) ?? DEFAULT_RUNS
  const numRuns = cost === "inProcess" ? base : (positiveInt(env["FC_PIPELINE_RUNS"]) ?? Math.max(1, Math.round(2.5 * Math.sqrt(base))))
  const seed = env["FC_SEED"] !== undefined && env["FC_SEED"].trim() !== "" && Number.isSafeInteger(Number(env["FC_SEED"])) ? Number(env["FC_SEED"]) : undefined
  const path = env["FC_PATH"] !== undefined && env["FC_PATH"].trim() !== "" ? env["FC_PATH"] : undefined
  return { numRuns, ...(seed === undefined ? {} : { seed }), ...(path === undefined ? {} : { path }) }
}

/** Settings divided among several properties (at least `min` runs each). */
export const share = (settings: PropertySettings, parts: number, min = 5): PropertySettings => ({ ...settings, numRuns: Math.max(min, Math.ceil(settings.numRuns / parts)) })

/** What running a property found. */
export interface PropertyOutcome {
  readonly passed: boolean
  /** Runs carried out (fewer than asked when it failed early). */
  readonly runs: number
  readonly seed: number
  /** The counterexample's path, to replay with `FC_PATH` (with `FC_SEED`). */
  readonly path: string | null
  readonly counterexample: string | null
  /** The failure as fast-check reports it, plus how to replay it. */
  readonly report: string | null
  readonly durationMs: number
}

/** The shell prefix that replays a failure. */
export const replayHint = (seed: number, path: string | null): string => `FC_SEED=${seed}${path === null ? "" : ` FC_PATH=${path}`}`

/** Run a (sync or async) property with the settings; never throws for a failing property. */
export const runProperty = async <Ts>(
  property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>,
  settings: PropertySettings,
  label = "property"
): Promise<PropertyOutcome> => {
  const started = Date.now()
  const params: fc.Parameters<Ts> = {
    numRuns: settings.numRuns,
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    ...(settings.path === undefined ? {} : { path: settings.path, endOnFailure: true }),
    ...(settings.timeLimitMs === undefined ? {} : { interruptAfterTimeLimit: settings.timeLimitMs, markInterruptAsFailure: true })
  }
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, params)
  const path = details.counterexamplePath ?? null
  return {
    passed: !details.failed,
    runs: details.numRuns,
    seed: details.seed,
    path,
    counterexample: details.counterexample === null ? null : fc.stringify(details.counterexample),
    report: details.failed ? `${fc.defaultReportMessage(details) ?? "property failed"}\n\nReplay: ${replayHint(details.seed, path)} (${label})` : null,
    durationMs: Date.now() - started
  }
}
