/**
 * A check's result in words a reviewer reads at a glance: its status as one
 * verb (passed, warned, blocked, error) and the observed value against its warn
 * and block levels in one phrase, e.g. `warned: 1.70% > 1% (blocks above 5%)`.
 * The levels come from the result itself: the `warn_over`/`fail_over` rates of
 * a quarantine rate, the `warn_above`/`fail_above` limits of a thresholded
 * check, else what its severity and action imply.
 */
import type { CheckResult, CheckStatus } from "../contract/CheckResult.ts"
import { VOLUME_CHECK } from "../contract/volumeCheck.ts"
import { formatInt, formatPct } from "./format.ts"

/** The status of a check as the verb a reviewer reads: the severity and the outcome in one word. */
export const STATUS_WORD: Readonly<Record<CheckStatus, string>> = { pass: "passed", warn: "warned", fail: "blocked", error: "error" }

/** A level a check's failing rows are compared with: more than `over` rows, or a share of the rows. */
export type Level =
  | { readonly unit: "rows"; readonly over: number }
  | { readonly unit: "rate"; readonly rate: number; readonly inclusive: boolean }

/** A check's warn and block levels; `null` when it has none (never warns, never blocks). */
export interface Levels {
  readonly warn: Level | null
  readonly fail: Level | null
}

/** The observed keys that only restate the levels (the phrase says them). */
export const LEVEL_KEYS: ReadonlySet<string> = new Set(["warn_over", "fail_over", "warn_above", "fail_above"])

/** `>0 rows`, `>1%`, `>=5%` (as `describeLimit` writes them), or `1.00%` (a rate exceeded when over it). */
const parseLevel = (text: string | undefined): Level | null => {
  if (text === undefined) return null
  const m = /^\s*(>=|≥|>)?\s*(\d+(?:\.\d+)?)\s*(rows?|%)\s*$/.exec(text)
  if (m === null || m[2] === undefined) return null
  const value = Number(m[2])
  if (m[3] === "%") return { unit: "rate", rate: value / 100, inclusive: m[1] === ">=" || m[1] === "≥" }
  return m[1] === undefined ? null : { unit: "rows", over: value }
}

/**
 * The warn and block levels of a check result.
 *
 * @example
 * levelsOf(quarantineRateCheck) // { warn: { unit: "rate", rate: 0.01, inclusive: false }, fail: { unit: "rate", rate: 0.05, inclusive: false } }
 */
export const levelsOf = (c: CheckResult): Levels => {
  const warn = parseLevel(c.observed["warn_over"]) ?? parseLevel(c.observed["warn_above"])
  const fail = parseLevel(c.observed["fail_over"]) ?? parseLevel(c.observed["fail_above"])
  if (warn !== null || fail !== null) return { warn, fail }
  if (c.action === "flag" || c.severity === "warn") return { warn: { unit: "rows", over: 0 }, fail: null }
  if (c.threshold !== null && c.threshold > 0 && c.threshold <= 1) return { warn: null, fail: { unit: "rate", rate: c.threshold, inclusive: false } }
  return { warn: null, fail: { unit: "rows", over: 0 } }
}

const rowsText = (n: number, noun: string): string => `${formatInt(n)} ${noun}${n === 1 ? "" : "s"}`

/** A rate level as a short percentage: `1%`, `0.5%`, `5.25%`. */
const levelPct = (rate: number): string => (rate === 0 ? "0%" : formatPct(rate).replace(/\.?0+%$/, "%"))

/** `≥ 1 row`, `> 5%`, `≥ 5%`: the level as a bound the observed value crossed. */
const bound = (level: Level, noun: string): string =>
  level.unit === "rows" ? `≥ ${rowsText(level.over + 1, noun)}` : `${level.inclusive ? "≥" : ">"} ${levelPct(level.rate)}`

/** `at 1 row`, `above 5%`, `at 5%`: where a level starts. */
const from = (level: Level, noun: string): string =>
  level.unit === "rows" ? `at ${rowsText(level.over + 1, noun)}` : `${level.inclusive ? "at" : "above"} ${levelPct(level.rate)}`

/** The observed value in the unit of a level. */
const observed = (c: CheckResult, level: Level | null, noun: string): string => (level?.unit === "rate" ? formatPct(c.rate) : rowsText(c.failed, noun))

/**
 * The phrase of a check that compares a table's rows with the median of its
 * recent published dates (`volume.recent`), or null for any other check.
 *
 * @example
 * volumePhrase(dropped) // "warned: 0 rows < 1,000 (50% of the median 2,000 of the last 3 dates; never blocks)"
 */
export const volumePhrase = (c: CheckResult): string | null => {
  const rows = c.observed["rows"]
  const dates = c.observed["dates"]
  if (c.checkId !== VOLUME_CHECK || rows === undefined || dates === undefined) return null
  const verb = STATUS_WORD[c.status]
  const n = Number(rows)
  if (dates === "0") return `${verb}: ${rowsText(n, "row")}, no earlier published date to compare with`
  const median = Number(c.observed["median"])
  const minRows = Number(c.observed["min_rows"] ?? "0")
  const basis = `${c.observed["min_share"] ?? ""} of the median ${exactCount(median)} of the last ${plural(Number(dates), "date")}`
  const blocks = c.severity === "error" ? "blocks" : "never blocks"
  const bound = exactCount(minRows)
  const below = `below ${bound} rows: ${basis}`
  switch (c.status) {
    case "pass":
      return `${verb}: ${rowsText(n, "row")}, ${c.observed["share_of_median"] ?? ""} of the median (${c.severity === "error" ? "blocks" : "warns"} ${below})`
    case "warn":
      return `${verb}: ${rowsText(n, "row")} < ${bound} (${basis}; ${blocks})`
    default:
      return `${verb}: ${rowsText(n, "row")} < ${bound} (${basis})`
  }
}

/** A count that may be a half or a share of one: `1,000`, `4.75`. */
const exactCount = (n: number): string => (Number.isInteger(n) ? formatInt(n) : String(Number(n.toFixed(2))))

const plural = (n: number, noun: string): string => `${formatInt(n)} ${noun}${n === 1 ? "" : "s"}`

/**
 * One phrase: the status verb and the observed value against the levels.
 *
 * @example
 * checkPhrase(rate170)  // "warned: 1.70% > 1% (blocks above 5%)"
 * checkPhrase(rate563)  // "blocked: 5.63% > 5%"
 * checkPhrase(keyCheck) // "passed: 0 rows (blocks at 1 row)"
 */
export const checkPhrase = (c: CheckResult): string => {
  const verb = STATUS_WORD[c.status]
  if (c.status === "error") return `${verb}: the check could not be evaluated, which blocks like a failure`
  const volume = volumePhrase(c)
  if (volume !== null) return volume
  if (c.action === "quarantine" && (c.status === "pass" || c.status === "warn")) {
    // A record-level check: each failing record goes to quarantine and publishing goes on; the table's quarantine rate decides a block.
    return c.failed === 0
      ? `${verb}: 0 records quarantined`
      : `${verb}: ${rowsText(c.failed, "record")} quarantined (${formatPct(c.rate)})`
  }
  const { warn, fail } = levelsOf(c)
  const noun = "row"
  const blocks = fail === null ? "never blocks" : `blocks ${from(fail, noun)}`
  switch (c.status) {
    case "fail":
      return fail === null ? `${verb}: ${rowsText(c.failed, noun)}` : `${verb}: ${observed(c, fail, noun)} ${bound(fail, noun)}`
    case "warn":
      return warn === null ? `${verb}: ${observed(c, fail, noun)} (${blocks})` : `${verb}: ${observed(c, warn, noun)} ${bound(warn, noun)} (${blocks})`
    case "pass": {
      const redundant = warn !== null && fail?.unit === "rows" && warn.unit === "rows" && warn.over >= fail.over
      const warns = warn === null || redundant ? null : `warns ${from(warn, noun)}`
      return `${verb}: ${observed(c, warn ?? fail, noun)} (${[warns, blocks].filter((s) => s !== null).join(", ")})`
    }
  }
}
