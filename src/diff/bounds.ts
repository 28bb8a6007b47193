/**
 * Bounds compared exactly: numbers and decimal strings as scaled integers
 * (`"0.10"` equals `0.1`), ISO dates and timestamps as text. A pair of bounds
 * is tighter, looser, the same, or neither when one side tightens and the
 * other loosens (still breaking: some old valid value now fails).
 *
 * @example
 * compareBounds({ min: "0.01" }, { min: "1" }) // "tightened"
 */

/** A bound as contracts write it. */
export type BoundValue = string | number | boolean

/** Lower and upper bounds, each inclusive unless marked exclusive. */
export interface Bounds {
  readonly min?: BoundValue | undefined
  readonly max?: BoundValue | undefined
  readonly exclusiveMin?: boolean | undefined
  readonly exclusiveMax?: boolean | undefined
}

/** How new bounds relate to old ones. */
export type BoundsVerdict = "same" | "tightened" | "loosened" | "both" | "incomparable"

const DECIMAL = /^-?\d+(\.\d+)?$/
const ISO = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?$/

const decimalText = (v: BoundValue): string | null => {
  if (typeof v === "number") return Number.isFinite(v) ? (Number.isInteger(v) ? v.toFixed(0) : String(v)) : null
  return typeof v === "string" && DECIMAL.test(v.trim()) ? v.trim() : null
}

const scaled = (text: string, scale: number): bigint => {
  const negative = text.startsWith("-")
  const [whole = "0", fraction = ""] = (negative ? text.slice(1) : text).split(".")
  const digits = BigInt(whole + fraction.padEnd(scale, "0"))
  return negative ? -digits : digits
}

/** -1, 0 or 1 when two bounds compare (both numbers, or both ISO dates/timestamps); null otherwise. */
export const compareValues = (a: BoundValue, b: BoundValue): -1 | 0 | 1 | null => {
  const x = decimalText(a)
  const y = decimalText(b)
  if (x !== null && y !== null && !/e/i.test(x + y)) {
    const scale = Math.max((x.split(".")[1] ?? "").length, (y.split(".")[1] ?? "").length)
    const p = scaled(x, scale)
    const q = scaled(y, scale)
    return p < q ? -1 : p > q ? 1 : 0
  }
  if (typeof a === "string" && typeof b === "string" && ISO.test(a) && ISO.test(b)) {
    const p = a.replace("T", " ")
    const q = b.replace("T", " ")
    return p < q ? -1 : p > q ? 1 : 0
  }
  return a === b ? 0 : null
}

type Side = "same" | "tightened" | "loosened" | "incomparable"

/** One side: `sign` 1 for a minimum (higher is tighter), -1 for a maximum. */
const side = (before: BoundValue | undefined, beforeExclusive: boolean, after: BoundValue | undefined, afterExclusive: boolean, sign: 1 | -1): Side => {
  if (before === undefined && after === undefined) return "same"
  if (before === undefined) return "tightened"
  if (after === undefined) return "loosened"
  const c = compareValues(before, after)
  if (c === null) return "incomparable"
  if (c !== 0) return c * sign < 0 ? "tightened" : "loosened"
  return beforeExclusive === afterExclusive ? "same" : afterExclusive ? "tightened" : "loosened"
}

/** How the new bounds relate to the old ones. */
export const compareBounds = (before: Bounds, after: Bounds): BoundsVerdict => {
  const sides = [
    side(before.min, before.exclusiveMin === true, after.min, after.exclusiveMin === true, 1),
    side(before.max, before.exclusiveMax === true, after.max, after.exclusiveMax === true, -1)
  ]
  if (sides.includes("incomparable")) return "incomparable"
  const tight = sides.includes("tightened")
  const loose = sides.includes("loosened")
  return tight && loose ? "both" : tight ? "tightened" : loose ? "loosened" : "same"
}

/** Bounds as text: `>= 0.01 and < 100`, or `(none)`. */
export const showBounds = (b: Bounds): string =>
  [
    b.min === undefined ? null : `${b.exclusiveMin === true ? ">" : ">="} ${String(b.min)}`,
    b.max === undefined ? null : `${b.exclusiveMax === true ? "<" : "<="} ${String(b.max)}`
  ]
    .filter((s) => s !== null)
    .join(" and ") || "(none)"
