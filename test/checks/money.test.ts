import { FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import { formatCents, parseCents, toCents } from "../../src/checks/money.ts"
import { isIsoDate } from "../../src/checks/dates.ts"

describe("money in cents", () => {
  it("reads numbers with at most 2 decimals exactly", () => {
    expect(toCents(40.2)).toBe(4020)
    expect(toCents(0.29)).toBe(29)
    expect(toCents(1.005)).toBeUndefined()
    expect(toCents(12.345)).toBeUndefined()
    expect(toCents(Number.NaN)).toBeUndefined()
    expect(toCents(-7.05)).toBe(-705)
  })
  it("formats and parses cents", () => {
    expect(formatCents(4020)).toBe("40.20")
    expect(formatCents(-5)).toBe("-0.05")
    expect(parseCents("40.2")).toBe(4020)
    expect(parseCents("abc")).toBeUndefined()
  })
})

describe("ISO dates", () => {
  it("accepts only real calendar dates", () => {
    expect(isIsoDate("2024-02-29")).toBe(true)
    expect(isIsoDate("2023-02-29")).toBe(false)
    expect(isIsoDate("2023-02-30")).toBe(false)
    expect(isIsoDate("2023-13-01")).toBe(false)
    expect(isIsoDate("12/03/2023")).toBe(false)
  })
  it("agrees with the calendar on any day and any near-miss text", () => {
    // Reference: a date is real when UTC round-trips it to the same text.
    const reference = (text: string) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || text.startsWith("0000")) return false
      const t = Date.parse(`${text}T00:00:00Z`)
      return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text
    }
    const pad = (n: number, w: number) => String(n).padStart(w, "0")
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`
        expect(isIsoDate(text)).toBe(reference(text))
      }),
      { numRuns: 20_000 }
    )
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (text) => isIsoDate(text) === reference(text)))
  })
})
