/**
 * A check's thresholds as the comparator of an ODCS rule on a count of failing
 * rows, so that `parseOdcs` reads back the same thresholds: `{ fail: { rows: 0 } }`
 * is `mustBe: 0`, `{ warn: { percent: 5 } }` is `mustBeLessOrEqualTo: 5`,
 * `unit: percent`, `severity: warning`. A check with both a warn and a fail
 * level (one ODCS rule has one) or with none has no rule.
 *
 * @example
 * import { thresholdRule } from "./thresholdRule.ts"
 * thresholdRule({ fail: { percent: 5, inclusive: true } }) // { mustBeLessThan: 5, unit: "percent" }
 */
import { Either } from "effect"
import type { Limit, Thresholds } from "../contract/Threshold.ts"
import { blocksOnFirstRow } from "./model.ts"
import { exactNumber } from "./yamlText.ts"

/** The comparator, unit and severity of a rule. */
export type RuleLevel = Readonly<Record<string, unknown>>

const limitRule = (limit: Limit): Either.Either<RuleLevel, string> => {
  if ("rows" in limit) return Either.right(limit.rows === 0 ? { mustBe: 0 } : { mustBeLessOrEqualTo: limit.rows })
  const p = exactNumber(limit.percent)
  if (typeof p === "string") return Either.left(`the percentage ${limit.percent} is not a plain decimal`)
  if (limit.inclusive === true) return limit.percent <= 0 ? Either.left("a level of >=0% can never pass") : Either.right({ mustBeLessThan: p, unit: "percent" })
  return Either.right({ mustBeLessOrEqualTo: p, unit: "percent" })
}

/**
 * The rule fields of the thresholds, or why one ODCS rule cannot carry them.
 *
 * @example
 * thresholdRule({ warn: { rows: 3 } }) // Either.right({ mustBeLessOrEqualTo: 3, severity: "warning" })
 */
export const thresholdRule = (t: Thresholds): Either.Either<RuleLevel, string> => {
  if (blocksOnFirstRow(t) && (t.warn === undefined || ("rows" in t.warn && t.warn.rows === 0))) return Either.right({ mustBe: 0 })
  if (t.fail !== undefined && t.warn !== undefined) return Either.left("a warn and a fail level: an ODCS rule has one level (its severity)")
  if (t.fail !== undefined) return limitRule(t.fail)
  if (t.warn !== undefined) return Either.map(limitRule(t.warn), (rule) => ({ ...rule, severity: "warning" }))
  return Either.left("the check never fails: no ODCS rule says that")
}
