/**
 * Calendar dates as ISO `YYYY-MM-DD` strings. Valid ISO dates compare
 * correctly as strings, so no Date objects or time zones are involved.
 */
import { Schema } from "effect"

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

/** The value of the decimal digit at `at`, or -1 (called for every date of every record: no regex, no allocation). */
const digit = (text: string, at: number): number => {
  const d = text.charCodeAt(at) - 48
  return d >= 0 && d <= 9 ? d : -1
}

/** True for a real calendar date written `YYYY-MM-DD` (so `2023-02-30` is false). */
export const isIsoDate = (text: string): boolean => {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false
  const y0 = digit(text, 0), y1 = digit(text, 1), y2 = digit(text, 2), y3 = digit(text, 3)
  const m0 = digit(text, 5), m1 = digit(text, 6), d0 = digit(text, 8), d1 = digit(text, 9)
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return false
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3
  const month = m0 * 10 + m1
  const day = d0 * 10 + d1
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

/** Day number since 1970-01-01 of a valid ISO date (for arbitraries and date arithmetic). */
export const epochDay = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000)

/** The ISO date of a day number since 1970-01-01. */
export const fromEpochDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10)

/** Today's date in UTC. */
export const todayUtc = (now: Date = new Date()): string => now.toISOString().slice(0, 10)

/** A calendar date as `YYYY-MM-DD`; generates dates from 2015 to 2026. */
export const IsoDate = Schema.String.pipe(
  Schema.filter((text) => isIsoDate(text) || `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(text)}`),
  Schema.annotations({
    identifier: "IsoDate",
    description: "a calendar date written YYYY-MM-DD",
    arbitrary: () => (fc) => fc.integer({ min: epochDay("2015-01-01"), max: epochDay("2026-10-31") }).map(fromEpochDay)
  })
)
