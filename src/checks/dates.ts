/**
 * Calendar dates as ISO `YYYY-MM-DD` strings. Valid ISO dates compare
 * correctly as strings, so no Date objects or time zones are involved.
 */
import { Schema } from "effect"

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

/** True for a real calendar date written `YYYY-MM-DD` (so `2023-02-30` is false). */
export const isIsoDate = (text: string): boolean => {
  const match = ISO_DATE.exec(text)
  if (match === null) return false
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
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
