/**
 * ODCS comparators (`mustBe`, `mustBeLessThan`, `mustBeBetween`, ...) on a
 * rule's number, and what they become in lakegate: the level above which
 * failing rows fail a check, a row count's bounds, or a SQL condition.
 *
 * Several comparators on one rule all apply. `mustBeBetween: [a, b]` is
 * exclusive, as ODCS defines it ("equivalent to mustBeGreaterThan a and
 * mustBeLessThan b"); `mustNotBeBetween` is its negation.
 *
 * @example
 * import { failureLimit } from "./comparators.ts"
 * // mustBeLessThan: 5, unit: rows       → { rows: 4 }            (5 failing rows fail)
 * // mustBeLessOrEqualTo: 5, unit: percent → { percent: 5 }       (5% passes, more fails)
 * // mustBeLessThan: 5, unit: percent    → { percent: 5, inclusive: true } (5% fails)
 */
import { Effect } from "effect"
import type { Limit } from "../contract/Threshold.ts"
import { sqlString } from "../engine/Duck.ts"
import { ceilAt, compareDecimals, floorAt, isWhole } from "./decimal.ts"
import { describeValue, numberAt, refuse, type Mapping, type Refusal } from "./read.ts"
import { YamlNumber, type Path } from "./yamlTree.ts"

/** The comparator keys of ODCS. */
export const OPERATORS = [
  "mustBe",
  "mustNotBe",
  "mustBeGreaterThan",
  "mustBeGreaterOrEqualTo",
  "mustBeLessThan",
  "mustBeLessOrEqualTo",
  "mustBeBetween",
  "mustNotBeBetween"
] as const
export type Operator = (typeof OPERATORS)[number]

/** One comparator with its value; numbers as plain decimal text. */
export type Comparison =
  | { readonly op: "mustBe" | "mustNotBe"; readonly value: string | boolean; readonly numeric: boolean; readonly at: Path }
  | { readonly op: "mustBeGreaterThan" | "mustBeGreaterOrEqualTo" | "mustBeLessThan" | "mustBeLessOrEqualTo"; readonly value: string; readonly at: Path }
  | { readonly op: "mustBeBetween" | "mustNotBeBetween"; readonly low: string; readonly high: string; readonly at: Path }

/** The unit of a library metric. */
export type Unit = "rows" | "percent"

const decimalOf = (n: YamlNumber): string => n.decimal ?? n.source

/**
 * The comparators of a rule (at least one). `textValues`: `mustBe`/`mustNotBe`
 * may compare with text or booleans (a SQL rule's result), not only numbers.
 */
export const readComparisons = (rule: Mapping, path: Path, textValues: boolean): Effect.Effect<ReadonlyArray<Comparison>, Refusal> =>
  Effect.gen(function* () {
    const found: Array<Comparison> = []
    for (const op of OPERATORS) {
      const value = rule[op]
      if (value === undefined) continue
      const at = [...path, op]
      if (op === "mustBe" || op === "mustNotBe") {
        if (value instanceof YamlNumber) found.push({ op, value: decimalOf(yield* numberAt(value, at)), numeric: true, at })
        else if (textValues && (typeof value === "string" || typeof value === "boolean")) found.push({ op, value, numeric: false, at })
        else return yield* refuse(at, `${op} needs a number${textValues ? ", text or a boolean" : ""}, found ${describeValue(value)}`)
      } else if (op === "mustBeBetween" || op === "mustNotBeBetween") {
        if (!Array.isArray(value) || value.length !== 2) return yield* refuse(at, `${op} needs a list of two numbers, found ${describeValue(value)}`)
        const low = decimalOf(yield* numberAt(value[0], [...at, 0]))
        const high = decimalOf(yield* numberAt(value[1], [...at, 1]))
        if (compareDecimals(low, high) >= 0) return yield* refuse(at, `${op} needs the smaller number first, found [${low}, ${high}]`)
        found.push({ op, low, high, at })
      } else {
        found.push({ op, value: decimalOf(yield* numberAt(value, at)), at })
      }
    }
    return found.length > 0 ? found : yield* refuse(path, `the rule has no comparator (one of ${OPERATORS.join(", ")})`)
  })

/** An upper bound on a count: `value`, strict (`<`) or not (`<=`). */
interface Upper {
  readonly value: string
  readonly strict: boolean
}

const tighter = (a: Upper | undefined, b: Upper): Upper => {
  if (a === undefined) return b
  const order = compareDecimals(b.value, a.value)
  return order < 0 || (order === 0 && b.strict) ? b : a
}

/**
 * The level above which failing rows violate the comparisons on a count of
 * failing rows (nulls, missing, invalid or duplicate values). A check can only
 * fail when failures are above a level, so comparators that demand failures
 * (a lower bound above zero, `mustNotBe`, `mustNotBeBetween`) are refused.
 */
export const failureLimit = (comparisons: ReadonlyArray<Comparison>, unit: Unit, metric: string, path: Path): Effect.Effect<Limit, Refusal> =>
  Effect.gen(function* () {
    let upper: Upper | undefined
    const fromAbove = "a lakegate check fails when failing rows are above a level; bound the count from above (mustBeLessThan, mustBeLessOrEqualTo, mustBe: 0)"
    for (const c of comparisons) {
      switch (c.op) {
        case "mustNotBe":
        case "mustNotBeBetween":
          return yield* refuse(c.at, `${c.op} on ${metric} is not supported: ${fromAbove}`)
        case "mustBe":
          if (typeof c.value !== "string") return yield* refuse(c.at, `${metric} is a number`)
          if (compareDecimals(c.value, "0") > 0) return yield* refuse(c.at, `mustBe: ${c.value} on ${metric} demands failing rows; ${fromAbove}`)
          upper = tighter(upper, { value: c.value, strict: false })
          break
        case "mustBeGreaterThan":
          if (compareDecimals(c.value, "0") >= 0) return yield* refuse(c.at, `mustBeGreaterThan: ${c.value} on ${metric} demands failing rows; ${fromAbove}`)
          break
        case "mustBeGreaterOrEqualTo":
          if (compareDecimals(c.value, "0") > 0) return yield* refuse(c.at, `mustBeGreaterOrEqualTo: ${c.value} on ${metric} demands failing rows; ${fromAbove}`)
          break
        case "mustBeLessThan":
          upper = tighter(upper, { value: c.value, strict: true })
          break
        case "mustBeLessOrEqualTo":
          upper = tighter(upper, { value: c.value, strict: false })
          break
        case "mustBeBetween":
          if (compareDecimals(c.low, "0") >= 0) {
            return yield* refuse(
              c.at,
              `mustBeBetween [${c.low}, ${c.high}] is exclusive in ODCS (> ${c.low} and < ${c.high}), so on ${metric} it demands failing rows; ${fromAbove}`
            )
          }
          upper = tighter(upper, { value: c.high, strict: true })
          break
      }
    }
    if (upper === undefined) return yield* refuse(path, `the comparators on ${metric} are always true (a count is never negative); give an upper bound`)
    if (unit === "rows") {
      const rows = upper.strict ? ceilAt(upper.value, 0) - 1n : floorAt(upper.value, 0)
      return rows < 0n ? yield* refuse(path, `${metric} can never be ${upper.strict ? "below" : "at most"} ${upper.value}: the rule can never pass`) : { rows: Number(rows) }
    }
    const sign = compareDecimals(upper.value, "0")
    if (sign < 0 || (sign === 0 && upper.strict)) return yield* refuse(path, `${metric} can never be ${upper.strict ? "below" : "at most"} ${upper.value}%: the rule can never pass`)
    return upper.strict ? { percent: Number(upper.value), inclusive: true } : { percent: Number(upper.value) }
  })

/** The inclusive bounds on a table's row count the comparisons allow; `mustNotBe` and `mustNotBeBetween` are refused. */
export const countBounds = (comparisons: ReadonlyArray<Comparison>, path: Path): Effect.Effect<{ readonly min?: number; readonly max?: number }, Refusal> =>
  Effect.gen(function* () {
    let min: bigint | undefined
    let max: bigint | undefined
    const atLeast = (n: bigint) => (min = min === undefined || n > min ? n : min)
    const atMost = (n: bigint) => (max = max === undefined || n < max ? n : max)
    for (const c of comparisons) {
      switch (c.op) {
        case "mustNotBe":
        case "mustNotBeBetween":
          return yield* refuse(c.at, `${c.op} on rowCount is not supported: a row count check has one range (use mustBeBetween, mustBeGreaterThan, ...)`)
        case "mustBe":
          if (typeof c.value !== "string" || !isWhole(c.value)) return yield* refuse(c.at, `a row count is a whole number; mustBe: ${String(c.value)} can never hold`)
          atLeast(floorAt(c.value, 0))
          atMost(floorAt(c.value, 0))
          break
        case "mustBeGreaterThan":
          atLeast(floorAt(c.value, 0) + 1n)
          break
        case "mustBeGreaterOrEqualTo":
          atLeast(ceilAt(c.value, 0))
          break
        case "mustBeLessThan":
          atMost(ceilAt(c.value, 0) - 1n)
          break
        case "mustBeLessOrEqualTo":
          atMost(floorAt(c.value, 0))
          break
        case "mustBeBetween":
          atLeast(floorAt(c.low, 0) + 1n)
          atMost(ceilAt(c.high, 0) - 1n)
          break
      }
    }
    const low = min !== undefined && min > 0n ? min : undefined
    if (max !== undefined && (max < 0n || (low !== undefined && low > max))) return yield* refuse(path, "no row count satisfies these comparators: the rule can never pass")
    if (low === undefined && max === undefined) return yield* refuse(path, "the comparators on rowCount are always true (a count is never negative); give a bound")
    return { ...(low === undefined ? {} : { min: Number(low) }), ...(max === undefined ? {} : { max: Number(max) }) }
  })

const sqlValue = (value: string | boolean, numeric: boolean): string => (typeof value === "boolean" ? String(value) : numeric ? value : sqlString(value))

/** The comparisons as a SQL condition on `expr` (numbers as exact DECIMAL literals). */
export const sqlCondition = (comparisons: ReadonlyArray<Comparison>, expr: string): string =>
  comparisons
    .map((c) => {
      switch (c.op) {
        case "mustBe":
          return `${expr} = ${sqlValue(c.value, c.numeric)}`
        case "mustNotBe":
          return `${expr} <> ${sqlValue(c.value, c.numeric)}`
        case "mustBeGreaterThan":
          return `${expr} > ${c.value}`
        case "mustBeGreaterOrEqualTo":
          return `${expr} >= ${c.value}`
        case "mustBeLessThan":
          return `${expr} < ${c.value}`
        case "mustBeLessOrEqualTo":
          return `${expr} <= ${c.value}`
        case "mustBeBetween":
          return `(${expr} > ${c.low} and ${expr} < ${c.high})`
        case "mustNotBeBetween":
          return `not (${expr} > ${c.low} and ${expr} < ${c.high})`
      }
    })
    .join(" and ")

/** The comparisons as text for a check's description: `< 5%`, `> 100 and < 120`. */
export const describeComparisons = (comparisons: ReadonlyArray<Comparison>, unit: Unit | null): string => {
  const u = unit === "percent" ? "%" : ""
  return comparisons
    .map((c) => {
      switch (c.op) {
        case "mustBe":
          return `= ${String(c.value)}${u}`
        case "mustNotBe":
          return `≠ ${String(c.value)}${u}`
        case "mustBeGreaterThan":
          return `> ${c.value}${u}`
        case "mustBeGreaterOrEqualTo":
          return `>= ${c.value}${u}`
        case "mustBeLessThan":
          return `< ${c.value}${u}`
        case "mustBeLessOrEqualTo":
          return `<= ${c.value}${u}`
        case "mustBeBetween":
          return `> ${c.low}${u} and < ${c.high}${u}`
        case "mustNotBeBetween":
          return `<= ${c.low}${u} or >= ${c.high}${u}`
      }
    })
    .join(" and ")
}
