/**
 * Exact arithmetic on plain decimal text (`"-12.50"`), for bounds and values
 * that must never round through a binary float: a DECIMAL(18,2) column's
 * `exclusiveMinimum: 0` is exactly `>= 0.01`.
 *
 * @example
 * import { ceilAt, renderAt } from "./decimal.ts"
 * renderAt(ceilAt("0.005", 2), 2) // "0.01"
 */

/** `digits / 10^scale`. */
interface Scaled {
  readonly digits: bigint
  readonly scale: number
}

const scaledOf = (text: string): Scaled => {
  const negative = text.startsWith("-")
  const [whole = "0", fraction = ""] = (negative ? text.slice(1) : text).split(".")
  const digits = BigInt(`${whole}${fraction}` || "0")
  return { digits: negative ? -digits : digits, scale: fraction.length }
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export const compareDecimals = (a: string, b: string): -1 | 0 | 1 => {
  const x = scaledOf(a)
  const y = scaledOf(b)
  const scale = Math.max(x.scale, y.scale)
  const l = x.digits * 10n ** BigInt(scale - x.scale)
  const r = y.digits * 10n ** BigInt(scale - y.scale)
  return l < r ? -1 : l > r ? 1 : 0
}

/** `floor(value * 10^scale)`: the largest multiple of 10^-scale at or below the value, scaled. */
export const floorAt = (text: string, scale: number): bigint => {
  const { digits, scale: own } = scaledOf(text)
  if (own <= scale) return digits * 10n ** BigInt(scale - own)
  const divisor = 10n ** BigInt(own - scale)
  const quotient = digits / divisor
  return digits < 0n && quotient * divisor !== digits ? quotient - 1n : quotient
}

/** `ceil(value * 10^scale)`. */
export const ceilAt = (text: string, scale: number): bigint => {
  const floor = floorAt(text, scale)
  return floor * 10n ** BigInt(scaledOf(text).scale) === scaledOf(text).digits * 10n ** BigInt(scale) ? floor : floor + 1n
}

/** A scaled integer as text with `scale` decimals: `renderAt(1250n, 2)` is `"12.50"`. */
export const renderAt = (scaled: bigint, scale: number): string => {
  const negative = scaled < 0n
  const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, "0")
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  return negative ? `-${text}` : text
}

/** True when the decimal has no fractional part (`"3"`, `"3.00"`). */
export const isWhole = (text: string): boolean => floorAt(text, 0) === ceilAt(text, 0)

/** How many decimals the text is written with, trailing zeros excluded (`"1.50"` has 1). */
export const decimalsOf = (text: string): number => (text.split(".")[1] ?? "").replace(/0+$/, "").length
