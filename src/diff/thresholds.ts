/**
 * Compare a check's thresholds: a lower or new fail level blocks data the old
 * one let through (stricter, breaking); a warn level never blocks a run
 * unless it uses `--fail-on warn`.
 *
 * @example
 * compareLimits({ percent: 5 }, { percent: 1 }) // "stricter"
 */
import { describeLimit, type Limit, type Thresholds } from "../contract/Threshold.ts"
import { change, type Change } from "./rules.ts"

/** How a new level relates to the old one. */
export type LimitVerdict = "same" | "stricter" | "looser" | "incomparable"

/** A limit as a point on one scale when it can be: rows 0 and "more than 0%" both fail on the first failing row. */
const strictest = (l: Limit): boolean => ("rows" in l ? l.rows === 0 : l.percent === 0 && l.inclusive !== true)

/** How the new level relates to the old; `undefined` is a level never crossed. */
export const compareLimits = (before: Limit | undefined, after: Limit | undefined): LimitVerdict => {
  if (before === undefined && after === undefined) return "same"
  if (before === undefined) return "stricter"
  if (after === undefined) return "looser"
  if (strictest(before) && strictest(after)) return "same"
  if ("rows" in before && "rows" in after) return after.rows === before.rows ? "same" : after.rows < before.rows ? "stricter" : "looser"
  if ("percent" in before && "percent" in after) {
    if (after.percent !== before.percent) return after.percent < before.percent ? "stricter" : "looser"
    const b = before.inclusive === true
    const a = after.inclusive === true
    return a === b ? "same" : a ? "stricter" : "looser"
  }
  // Rows against a percentage: only the first-failing-row level compares with everything.
  if (strictest(after)) return "stricter"
  if (strictest(before)) return "looser"
  return "incomparable"
}

const show = (l: Limit | undefined): string => (l === undefined ? "never" : describeLimit(l))

/** The changes between two versions of a check's (or a quarantine's) thresholds. */
export const diffThresholds = (table: string, subject: string, before: Thresholds, after: Thresholds): ReadonlyArray<Change> => {
  const fail = compareLimits(before.fail, after.fail)
  const out: Array<Change> = []
  if (fail !== "same") out.push(change(fail === "looser" ? "threshold-looser" : "threshold-stricter", table, subject, `fail ${show(before.fail)}`, `fail ${show(after.fail)}`))
  if (compareLimits(before.warn, after.warn) !== "same") out.push(change("warn-level-changed", table, subject, `warn ${show(before.warn)}`, `warn ${show(after.warn)}`))
  return out
}
