/**
 * Calendar dates as day numbers (days since 1970-01-01, UTC), with pure integer
 * conversions (Howard Hinnant's civil-date algorithms) and a cache of the
 * `YYYY-MM-DD` strings, so formatting millions of dates costs an array lookup.
 */

/** The default as-of date of a generated file. */
export const DEFAULT_AS_OF = "2026-11-01"

/** A calendar date split into its parts (month and day 1-based). */
export interface CivilDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export const dayFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The calendar date of a day number. */
export const civilFromDay = (dayNumber: number): CivilDate => {
  const z = dayNumber + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** Number of days in a month (month 1-based). */
export const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28)
    : month === 4 || month === 6 || month === 9 || month === 11
    ? 30
    : 31

const pad2 = (n: number): string => (n < 10 ? "0" + n : String(n))

const pad4 = (n: number): string => (n < 10 ? "000" + n : n < 100 ? "00" + n : n < 1000 ? "0" + n : String(n))

const formatUncached = (dayNumber: number): string => {
  const { day, month, year } = civilFromDay(dayNumber)
  return pad4(year) + "-" + pad2(month) + "-" + pad2(day)
}

// Cache covers 1900-01-01 .. 2199-12-31, which holds every date the generator writes.
const CACHE_FIRST = dayFromCivil(1900, 1, 1)
const CACHE_SIZE = dayFromCivil(2200, 1, 1) - CACHE_FIRST
const cache: Array<string | undefined> = new Array<string | undefined>(CACHE_SIZE)

/**
 * `YYYY-MM-DD` of a day number.
 *
 * @example
 * formatDay(0) // "1970-01-01"
 */
export const formatDay = (dayNumber: number): string => {
  const slot = dayNumber - CACHE_FIRST
  if (slot < 0 || slot >= CACHE_SIZE) return formatUncached(dayNumber)
  const hit = cache[slot]
  if (hit !== undefined) return hit
  const text = formatUncached(dayNumber)
  cache[slot] = text
  return text
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * The day number of a strict `YYYY-MM-DD` calendar date, or `undefined` when
 * the text is not one (`2023-02-30`, `2023-13-01` and `12/03/2023` are not).
 */
export const parseDay = (text: string): number | undefined => {
  const match = ISO_DATE.exec(text)
  if (match === null) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return dayFromCivil(year, month, day)
}
