/**
 * Ordinal kinds: kinds whose values are whole numbers of a unit (integers and
 * ids: 1; decimals: one unit of the scale, a cent for money; dates: a day;
 * timestamps: a second). Bounds and range literals become exact counts of
 * that unit, so "just past a bound" and "within all bounds" are computed
 * exactly, never with binary floats.
 *
 * @example
 * import { column } from "lakegate"
 * const money = ordinalOf(column.money({ min: 0 }))!
 * money.fromUnits(money.bounds.lo - 1n)   // "-0.01": one cent below the kind's minimum
 * money.literal("0.005")                  // { units: 5n, scale: 1 }: half a cent, exactly
 */
import { epochDay, fromEpochDay, isIsoDate } from "../checks/dates.ts"
import type { Literal } from "../checks/Check.ts"
import type { ColumnKind } from "../contract/kinds.ts"
import { epochSecond, FIRST_DAY, fromEpochSecond, isTimestamp, LAST_DAY } from "./values.ts"

/** An exact number: `units / 10^scale`. */
export interface Exact {
  readonly units: bigint
  readonly scale: number
}

const NUMERIC = /^(-?)(\d+)(?:\.(\d+))?$/

/** An exact decimal from its text (`"-12.50"`), or null. */
export const parseExact = (text: string): Exact | null => {
  const m = NUMERIC.exec(text)
  if (m === null) return null
  const frac = m[3] ?? ""
  const units = BigInt(`${m[2] ?? "0"}${frac}`)
  return { units: m[1] === "-" ? -units : units, scale: frac.length }
}

/** A literal as DuckDB reads it as a number (what `sqlLiteral` writes unquoted), or null. */
export const numericLiteral = (literal: Literal): Exact | null =>
  typeof literal === "boolean" ? null : typeof literal === "number" ? (Number.isFinite(literal) ? parseExact(String(literal)) : null) : parseExact(literal)

const pow10 = (n: number): bigint => 10n ** BigInt(n)

/** Compare two exact numbers. */
export const compareExact = (a: Exact, b: Exact): number => {
  const scale = Math.max(a.scale, b.scale)
  const x = a.units * pow10(scale - a.scale)
  const y = b.units * pow10(scale - b.scale)
  return x < y ? -1 : x > y ? 1 : 0
}

/** The smallest whole number at or above. */
export const ceilExact = (e: Exact): bigint => {
  const d = pow10(e.scale)
  const q = e.units / d
  return e.units % d === 0n || e.units < 0n ? q : q + 1n
}

/** The largest whole number at or below. */
export const floorExact = (e: Exact): bigint => {
  const d = pow10(e.scale)
  const q = e.units / d
  return e.units % d === 0n || e.units >= 0n ? q : q - 1n
}

/** A whole number as an exact number. */
export const whole = (units: bigint): Exact => ({ units, scale: 0 })

/** Render `units / 10^scale` with exactly `scale` decimals. */
export const renderUnits = (units: bigint, scale: number): string => {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0")
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  return negative ? `-${text}` : text
}

/** An inclusive interval of units. */
export interface Interval {
  readonly lo: bigint
  readonly hi: bigint
}

/** A kind whose values are whole numbers of a unit. */
export interface Ordinal {
  /** The unit in words: `1`, `0.01`, `day`, `second`. */
  readonly unit: string
  readonly toUnits: (value: unknown) => bigint | null
  readonly fromUnits: (units: bigint) => unknown
  /** A range literal in units, exactly; null when DuckDB would not compare it with this kind as a number or date. */
  readonly literal: (literal: Literal) => Exact | null
  /** The values of the kind (its own min and max included). */
  readonly bounds: Interval
  /** Where generators draw from when nothing narrows them (inside the bounds). */
  readonly window: Interval
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b)
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b)

/** A generator window inside `bounds`: the default window where it fits, else one as wide next to the bounds. */
export const windowWithin = (bounds: Interval, preferred: Interval): Interval => {
  const lo = max(bounds.lo, preferred.lo)
  const hi = min(bounds.hi, preferred.hi)
  if (lo <= hi) return { lo, hi }
  const span = preferred.hi - preferred.lo
  return bounds.lo > preferred.hi ? { lo: bounds.lo, hi: min(bounds.hi, bounds.lo + span) } : { lo: max(bounds.lo, bounds.hi - span), hi: bounds.hi }
}

const integerLike = (bounds: Interval, preferred: Interval): Ordinal => ({
  unit: "1",
  toUnits: (v) => (typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : null),
  fromUnits: (u) => Number(u),
  literal: numericLiteral,
  bounds,
  window: windowWithin(bounds, preferred)
})

/** The ordinal view of a kind, or null for text, enums, booleans, lists and structs. */
export const ordinalOf = (kind: ColumnKind): Ordinal | null => {
  switch (kind.kind) {
    case "id":
      return integerLike({ lo: 1n, hi: MAX_SAFE }, { lo: 1n, hi: 2_000_000_000n })
    case "integer":
      return integerLike(
        { lo: kind.min === undefined ? -MAX_SAFE : BigInt(Math.ceil(kind.min)), hi: kind.max === undefined ? MAX_SAFE : BigInt(Math.floor(kind.max)) },
        { lo: -1_000_000_000n, hi: 1_000_000_000n }
      )
    case "decimal": {
      const scale = kind.scale
      const limit = pow10(kind.precision) - 1n
      const kindMin = kind.min === undefined ? null : parseExact(kind.min)
      const kindMax = kind.max === undefined ? null : parseExact(kind.max)
      const inUnits = (e: Exact): Exact => ({ units: e.units * pow10(scale), scale: e.scale })
      const bounds = {
        lo: kindMin === null ? -limit : max(-limit, ceilExact(inUnits(kindMin))),
        hi: kindMax === null ? limit : min(limit, floorExact(inUnits(kindMax)))
      }
      const span = pow10(Math.min(kind.precision - scale, 7)) * pow10(scale) - 1n
      return {
        unit: renderUnits(1n, scale),
        toUnits: (v) => {
          if (typeof v !== "string") return null
          const e = parseExact(v)
          return e === null || e.scale !== scale ? null : e.units
        },
        fromUnits: (u) => renderUnits(u, scale),
        literal: (l) => {
          const e = numericLiteral(l)
          return e === null ? null : inUnits(e)
        },
        bounds,
        window: windowWithin(bounds, { lo: -span, hi: span })
      }
    }
    case "date":
      return {
        unit: "day",
        toUnits: (v) => (typeof v === "string" && isIsoDate(v) ? BigInt(epochDay(v)) : null),
        fromUnits: (u) => fromEpochDay(Number(u)),
        literal: (l) => (typeof l === "string" && isIsoDate(l) ? whole(BigInt(epochDay(l))) : null),
        bounds: { lo: BigInt(FIRST_DAY), hi: BigInt(LAST_DAY) },
        window: { lo: BigInt(epochDay("2015-01-01")), hi: BigInt(epochDay("2026-10-31")) }
      }
    case "timestamp":
      return {
        unit: "second",
        toUnits: (v) => (typeof v === "string" && isTimestamp(v) ? BigInt(epochSecond(v)) : null),
        fromUnits: (u) => fromEpochSecond(Number(u)),
        literal: (l) => {
          if (typeof l !== "string") return null
          if (isIsoDate(l)) return whole(BigInt(epochDay(l)) * 86_400n)
          const normal = l.replace("T", " ")
          return isTimestamp(normal) ? whole(BigInt(epochSecond(normal))) : null
        },
        bounds: { lo: BigInt(FIRST_DAY) * 86_400n, hi: BigInt(LAST_DAY) * 86_400n + 86_399n },
        window: { lo: 1_500_000_000n, hi: 1_780_000_000n }
      }
    case "text":
    case "enum":
    case "boolean":
    case "list":
    case "struct":
      return null
  }
}
