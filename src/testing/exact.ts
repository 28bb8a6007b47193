/**
 * Sums of numeric columns, exactly: a column's values as whole units of its
 * kind (`"12.50"` in a DECIMAL(18,2) is 1250 cents), summed as BigInts, so a
 * reconciliation is balanced or broken by exactly one unit.
 *
 * @example
 * import { column } from "lakegate"
 * columnSum(column.money(), [{ a: "1.10" }, { a: null }, { a: "2.05" }], "a")  // { units: 315n, scale: 2 }
 */
import type { ColumnKind } from "../contract/kinds.ts"
import { ordinalOf, renderUnits, type Exact } from "./ordinal.ts"
import type { TestRow } from "./values.ts"

/** The scale of a numeric kind (0 for ids and integers), or null for other kinds. */
export const numericScale = (kind: ColumnKind): number | null =>
  kind.kind === "decimal" ? kind.scale : kind.kind === "id" || kind.kind === "integer" ? 0 : null

/** The sum of a numeric column's non-NULL values (`coalesce(sum(c), 0)`). */
export const columnSum = (kind: ColumnKind, rows: ReadonlyArray<TestRow>, column: string): Exact | null => {
  const scale = numericScale(kind)
  const ordinal = ordinalOf(kind)
  if (scale === null || ordinal === null) return null
  let units = 0n
  for (const row of rows) {
    const value = row[column] ?? null
    if (value === null) continue
    const u = ordinal.toUnits(value)
    if (u === null) return null
    units += u
  }
  return { units, scale }
}

const pow10 = (n: number): bigint => 10n ** BigInt(n)

/** `a - b`, exactly. */
export const subtract = (a: Exact, b: Exact): Exact => {
  const scale = Math.max(a.scale, b.scale)
  return { units: a.units * pow10(scale - a.scale) - b.units * pow10(scale - b.scale), scale }
}

/** The number in whole units of `scale`, or null when it has more decimals. */
export const atScale = (e: Exact, scale: number): bigint | null => {
  if (e.scale <= scale) return e.units * pow10(scale - e.scale)
  const d = pow10(e.scale - scale)
  return e.units % d === 0n ? e.units / d : null
}

/** A numeric kind's value of `units` whole units (a number for ids and integers, a decimal string otherwise). */
export const numericValue = (kind: ColumnKind, units: bigint): unknown =>
  kind.kind === "decimal" ? renderUnits(units, kind.scale) : Number(units)
