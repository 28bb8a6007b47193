/**
 * Money is compared in integer cents, never as binary floats. A JSON number is
 * accepted as money only when it is exactly representable with 2 decimals.
 */
import { Schema } from "effect"

/** Largest amount handled exactly in cents (about 90 billion). */
const MAX_CENTS = Number.MAX_SAFE_INTEGER / 1000

/**
 * The whole number of cents a JSON number stands for, or `undefined` when it has
 * more than 2 decimals (or is not finite / too large). `40.2` → 4020, `12.345` → undefined.
 */
export const toCents = (value: number): number | undefined => {
  if (!Number.isFinite(value)) return undefined
  const cents = Math.round(value * 100)
  // The double nearest c/100 equals `value` only if `value` was written with at most 2 decimals.
  return Math.abs(cents) <= MAX_CENTS && cents / 100 === value ? cents : undefined
}

/** Render cents as a decimal string with exactly 2 decimals: 4020 → "40.20", -5 → "-0.05". */
export const formatCents = (cents: number): string => {
  const sign = cents < 0 ? "-" : ""
  const abs = Math.abs(cents)
  const units = Math.floor(abs / 100)
  const rest = abs % 100
  return `${sign}${units}.${rest < 10 ? "0" : ""}${rest}`
}

/** Parse a decimal string with at most 2 decimals into cents ("40.2" → 4020); undefined if not money. */
export const parseCents = (text: string): number | undefined => {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text)
  if (match === null) return undefined
  const cents = Number(match[2]) * 100 + Number((match[3] ?? "0").padEnd(2, "0"))
  return match[1] === "-" ? -cents : cents
}

/**
 * DECIMAL(18,2) as it reads back from DuckDB (`amount::VARCHAR`): a string with exactly 2 decimals.
 * Generates realistic positive amounts.
 */
export const Decimal2 = Schema.String.pipe(
  Schema.pattern(/^-?\d{1,16}\.\d{2}$/),
  Schema.annotations({
    identifier: "Decimal2",
    description: "a DECIMAL(18,2) value with exactly 2 decimals",
    arbitrary: () => (fc) => fc.integer({ min: 1, max: 500_000 }).map(formatCents)
  })
)
