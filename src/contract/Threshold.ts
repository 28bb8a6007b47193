/**
 * Thresholds: how many failing rows a check tolerates before it warns, and
 * before it blocks. Each level is a count of rows or a percentage of the rows
 * the check looked at; a level is crossed when the observed value is above it.
 *
 * @example
 * import { threshold } from "lakegate"
 * threshold.failAbove({ percent: 5 }, { warn: { percent: 1 } }) // warn over 1%, block over 5%
 * threshold.any()                                               // block on the first failing row (the default)
 */
import type { CheckStatus, Severity } from "./CheckResult.ts"

/** A level: more than `rows` failing rows, or more than `percent` % of the rows. */
export type Limit = { readonly rows: number } | { readonly percent: number }

/** The warn and fail levels of a check; a missing level is never crossed. */
export interface Thresholds {
  readonly warn?: Limit
  readonly fail?: Limit
}

/** Threshold constructors. */
export const threshold = {
  /** Block on the first failing row (the default of an error-severity check). */
  any: (): Thresholds => ({ fail: { rows: 0 } }),
  /** Warn on the first failing row, never block (a warn-severity check). */
  warnOnly: (warn: Limit = { rows: 0 }): Thresholds => ({ warn }),
  /** Block above `fail`, warn above `warn` (default: the first failing row). */
  failAbove: (fail: Limit, options: { readonly warn?: Limit } = {}): Thresholds => ({ fail, warn: options.warn ?? { rows: 0 } })
}

/** The default thresholds of a severity: error blocks on any failure, warn only warns. */
export const thresholdsOf = (severity: Severity): Thresholds => (severity === "error" ? threshold.any() : threshold.warnOnly())

/** True when `failed` of `total` is above the level. */
export const crosses = (limit: Limit, failed: number, total: number): boolean =>
  "rows" in limit ? failed > limit.rows : total > 0 && (failed / total) * 100 > limit.percent

/** The status of a check that found `failed` of `total` rows failing. */
export const statusOf = (thresholds: Thresholds, failed: number, total: number): CheckStatus =>
  thresholds.fail !== undefined && crosses(thresholds.fail, failed, total)
    ? "fail"
    : failed > 0 && thresholds.warn !== undefined && crosses(thresholds.warn, failed, total)
      ? "warn"
      : "pass"

/** The severity a check's thresholds amount to: error when it can block. */
export const severityOf = (thresholds: Thresholds): Severity => (thresholds.fail === undefined ? "warn" : "error")

/** A level as text: `>0 rows`, `>1%`. */
export const describeLimit = (limit: Limit): string => ("rows" in limit ? `>${limit.rows} rows` : `>${limit.percent}%`)

/** Both levels as text, for reports: `warn >1%, fail >5%`. */
export const describeThresholds = (t: Thresholds): string =>
  [t.warn === undefined ? null : `warn ${describeLimit(t.warn)}`, t.fail === undefined ? null : `fail ${describeLimit(t.fail)}`].filter((s) => s !== null).join(", ") ||
  "never fails"
