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
})
