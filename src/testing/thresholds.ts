/**
 * How much a mutation must break to cross a check's thresholds: a check that
 * blocks above 5% of the rows needs more than 5% of them broken, a warn-only
 * check must be shown to warn, an error check to fail. Counts come from the
 * framework's own `crosses`, so the tester and the gate cannot disagree on
 * rounding.
 *
 * @example
 * import { threshold } from "lakegate"
 * aim(threshold.failAbove({ percent: 5 }))  // { expected: "fail", limit: { percent: 5 } }
 * rowsToCross({ percent: 5 }, 20, 0)        // 2: 2 of 20 rows is 10% > 5%, 1 is only 5%
 */
import type { CheckStatus } from "../contract/CheckResult.ts"
import { crosses, statusOf, type Limit, type Thresholds } from "../contract/Threshold.ts"
import { MAX_ROWS } from "./tablePlan.ts"

/** The status a broken check must reach, and the level to cross for it. */
export interface Aim {
  readonly expected: "fail" | "warn"
  readonly limit: Limit
}

/** Fail when the check can block, else warn; null when it can do neither. */
export const aim = (thresholds: Thresholds): Aim | null =>
  thresholds.fail !== undefined ? { expected: "fail", limit: thresholds.fail } : thresholds.warn !== undefined ? { expected: "warn", limit: thresholds.warn } : null

/** What the gate's own checks (key, required columns, references, columns) must do: fail on the first failing row. */
export const standardAim: Aim = { expected: "fail", limit: { rows: 0 } }

/**
 * The fewest failing rows that cross the limit in a table of `total` rows,
 * leaving `reserve` rows untouched (a duplicated key needs its original), or
 * null when no count does.
 */
export const rowsToCross = (limit: Limit, total: number, reserve: number): number | null => {
  for (let k = 1; k <= total - reserve; k++) if (crosses(limit, k, total)) return k
  return null
}

/** The smallest table in which some count of failing rows crosses the limit, or null up to the tester's largest table. */
export const rowsNeeded = (limit: Limit, reserve: number): number | null => {
  for (let n = 1; n <= MAX_ROWS; n++) if (rowsToCross(limit, n, reserve) !== null) return n
  return null
}

/** True when a check judging the whole table (one verdict, counted as 1 of 1) can reach the aimed status. */
export const crossesAsOne = (limit: Limit): boolean => crosses(limit, 1, 1)

/** The status the check's thresholds give `failed` of `total` rows. */
export const expectedStatus = (thresholds: Thresholds, failed: number, total: number): CheckStatus => statusOf(thresholds, failed, total)
