/**
 * Thresholds: how many failing rows a check tolerates before it warns, and
 * before it blocks. Each level is a count of rows or a percentage of the rows
 * the check looked at; a level is crossed when the observed value is above it.
 *
 * @example
 * import { threshold } from "lakegate"
 * threshold.failAbove({ percent: 5 }, { warn: { percent: 1 } }) // warn over 1%, block over 5%
 * threshold.any()                                               // block on the first failing row (the default)
 * threshold.failAbove({ percent: 5, inclusive: true })          // block at 5% or more
 */
import type { CheckStatus, Severity } from "./CheckResult.ts"

/**
 * A level: more than `rows` failing rows, or more than `percent` % of the rows
 * (`inclusive`: at or above `percent` %, so "less than 5%" fails at exactly 5%).
 */
export type Limit = { readonly rows: number } | { readonly percent: number; readonly inclusive?: boolean }

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

/**
 * How `failed` of `total` rows, as a percentage, compares with `percent`: -1, 0
 * or 1. Exact for a percent written in decimal (`7`, `0.3`, `1e-7`): 7 of 100
 * rows is exactly 7%, where `7 / 100 * 100` is 7.000000000000001 in floating point.
 */
export const comparePercent = (failed: number, total: number, percent: number): -1 | 0 | 1 => {
  const exact = decimalOf(percent)
  if (exact === null || !Number.isSafeInteger(failed) || !Number.isSafeInteger(total)) {
    const share = (failed / total) * 100
    return share < percent ? -1 : share > percent ? 1 : 0
  }
  // failed * 100 / total <=> digits / 10^scale, cross-multiplied (total > 0).
  const left = BigInt(failed) * 100n * 10n ** BigInt(exact.scale)
  const right = exact.digits * BigInt(total)
  return left < right ? -1 : left > right ? 1 : 0
}

/** A finite number as `digits / 10^scale`, from its shortest decimal form; null for NaN and infinities. */
const decimalOf = (n: number): { readonly digits: bigint; readonly scale: number } | null => {
  if (!Number.isFinite(n)) return null
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n))
  if (match === null) return null
  const [, sign = "", whole = "0", fraction = "", exponent = "0"] = match
  const e = Number(exponent)
  const digits = BigInt(`${sign}${whole}${fraction}`)
  const scale = fraction.length - e
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 }
}

/** True when `failed` of `total` is above the level (at or above it for an inclusive percent). */
export const crosses = (limit: Limit, failed: number, total: number): boolean =>
  "rows" in limit ? failed > limit.rows : total > 0 && comparePercent(failed, total, limit.percent) >= (limit.inclusive === true ? 0 : 1)

/** The status of a check that found `failed` of `total` rows failing. */
export const statusOf = (thresholds: Thresholds, failed: number, total: number): CheckStatus =>
  thresholds.fail !== undefined && crosses(thresholds.fail, failed, total)
    ? "fail"
    : failed > 0 && thresholds.warn !== undefined && crosses(thresholds.warn, failed, total)
      ? "warn"
      : "pass"

/** The severity a check's thresholds amount to: error when it can block. */
export const severityOf = (thresholds: Thresholds): Severity => (thresholds.fail === undefined ? "warn" : "error")

/** A level as text: `>0 rows`, `>1%`, `>=5%`. */
export const describeLimit = (limit: Limit): string =>
  "rows" in limit ? `>${limit.rows} rows` : `${limit.inclusive === true ? ">=" : ">"}${limit.percent}%`

/** Both levels as text, for reports: `warn >1%, fail >5%`. */
export const describeThresholds = (t: Thresholds): string =>
  [t.warn === undefined ? null : `warn ${describeLimit(t.warn)}`, t.fail === undefined ? null : `fail ${describeLimit(t.fail)}`].filter((s) => s !== null).join(", ") ||
  "never fails"
