/**
 * Money is integer cents inside the generator and is printed as a JSON number
 * with exactly two decimals (`4020` → `40.20`, `0` → `0.00`).
 */

const TWO_DIGITS: ReadonlyArray<string> = Array.from({ length: 100 }, (_, i) => (i < 10 ? "0" + i : String(i)))

/**
 * Cents as a decimal with exactly 2 decimals.
 *
 * @example
 * formatCents(705) // "7.05"
 * formatCents(-1234) // "-12.34"
 */
export const formatCents = (cents: number): string => {
  const abs = cents < 0 ? -cents : cents
  const units = Math.floor(abs / 100)
  const text = units + "." + TWO_DIGITS[abs - units * 100]
  return cents < 0 ? "-" + text : text
}

/**
 * Thousandths of a unit as a decimal with exactly 3 decimals (`12345` →
 * `12.345`), for the three-decimal defect.
 */
export const formatMilli = (milli: number): string => {
  const abs = milli < 0 ? -milli : milli
  const units = Math.floor(abs / 1000)
  const rest = abs - units * 1000
  const text = units + "." + (rest < 10 ? "00" : rest < 100 ? "0" : "") + rest
  return milli < 0 ? "-" + text : text
}
