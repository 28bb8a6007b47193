import { describe, expect, it } from "vitest"
import { ByteBuffer } from "../../contracts/generate/bytes.ts"
import { conflictingName, PRODUCTS } from "../../contracts/generate/catalogue.ts"
import { civilFromDay, dayFromCivil, formatDay, parseDay } from "../../contracts/generate/dates.ts"
import { formatCents, formatMilli } from "../../contracts/generate/money.ts"
import { asciiFold, displayName, emailAddress, FIRST_COUNT, LAST_COUNT } from "../../contracts/generate/names.ts"
import { hash32, seedKey, streamFor } from "../../contracts/generate/prng.ts"
import { truthPathFor } from "../../contracts/generate/truth.ts"

describe("prng", () => {
  it("is pinned: these values never change (same seed ⇒ same data on every Node version)", () => {
    expect(seedKey(42)).toBe(1612446537)
    expect(seedKey(2 ** 40 + 5)).toBe(717696218)
    expect(hash32(1, 2, 3, 4)).toBe(292882846)
    const r = streamFor(seedKey(42), 1, 1)
    expect([r.nextU32(), r.nextU32(), r.nextU32()]).toEqual([381995879, 3920541227, 4146616779])
  })

  it("gives independent streams per key and sane distributions", () => {
    const a = streamFor(seedKey(1), 1, 1)
    const b = streamFor(seedKey(1), 1, 2)
    expect(a.nextU32()).not.toBe(b.nextU32())
    const r = streamFor(seedKey(9), 3)
    const counts = new Array<number>(10).fill(0)
    let sum = 0
    for (let i = 0; i < 100_000; i++) {
      const k = r.int(10)
      counts[k] = (counts[k] ?? 0) + 1
      sum += r.exponential(5)
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500)
    expect(Math.abs(sum / 100_000 - 5)).toBeLessThan(0.1)
    expect(seedKey(-1)).not.toBe(seedKey(1))
  })
})

describe("dates", () => {
  it("formats and parses every day from 1900 to 2199 like Date does", () => {
    const first = dayFromCivil(1900, 1, 1)
    const last = dayFromCivil(2199, 12, 31)
    expect(first).toBe(Date.UTC(1900, 0, 1) / 86_400_000)
    const wrong: Array<number> = []
    for (let day = first; day <= last; day++) {
      const text = formatDay(day)
      if (text !== new Date(day * 86_400_000).toISOString().slice(0, 10) || parseDay(text) !== day) wrong.push(day)
    }
    expect(wrong).toEqual([])
    expect(civilFromDay(0)).toEqual({ year: 1970, month: 1, day: 1 })
  })

  it("rejects dates that are not real YYYY-MM-DD dates", () => {
    for (const text of ["2023-02-29", "2023-02-30", "2023-13-01", "2023-00-10", "2023-04-31", "2023-01-32", "12/03/2023", "2023-1-05", "", "2023-01-01T00:00"]) {
      expect(parseDay(text), text).toBeUndefined()
    }
    expect(parseDay("2024-02-29")).toBe(dayFromCivil(2024, 2, 29))
  })
})

describe("money and bytes", () => {
  it("prints cents with exactly two decimals", () => {
    expect(formatCents(4020)).toBe("40.20")
    expect(formatCents(705)).toBe("7.05")
    expect(formatCents(0)).toBe("0.00")
    expect(formatCents(-1234)).toBe("-12.34")
    expect(formatCents(-5)).toBe("-0.05")
    expect(formatMilli(12345)).toBe("12.345")
    expect(formatMilli(1002)).toBe("1.002")
  })

  it("writes the same text through ByteBuffer", () => {
    const out = new ByteBuffer(8)
    const expected: Array<string> = []
    for (const cents of [0, 1, 9, 10, 99, 100, 4020, 705, -5, -1234, 123_456_789, 9_007_199_254_740]) {
      out.cents(cents)
      out.byte(32)
      expected.push(formatCents(cents))
    }
    for (const n of [0, 7, 10, 4_294_967_296, Number.MAX_SAFE_INTEGER]) {
      out.uint(n)
      out.byte(32)
      expected.push(String(n))
    }
    out.int(-42)
    out.byte(32)
    expected.push("-42")
    out.day(dayFromCivil(2026, 11, 1))
    out.text(" Zoë \"q\"")
    expect(out.takeString()).toBe(expected.join(" ") + " 2026-11-01 Zoë \"q\"")
  })
})

describe("catalogue and names", () => {
  it("has 200 products with unique ids and names, some needing escapes", () => {
    expect(PRODUCTS).toHaveLength(200)
    expect(new Set(PRODUCTS.map((p) => p.id)).size).toBe(200)
    expect(new Set(PRODUCTS.map((p) => p.name)).size).toBe(200)
    expect(PRODUCTS.some((p) => p.name.includes("\""))).toBe(true)
    for (const p of PRODUCTS) {
      expect(p.priceCents).toBeGreaterThan(0)
      expect(JSON.parse("\"" + new TextDecoder().decode(p.nameBytes) + "\"")).toBe(p.name)
      expect(conflictingName(p, 0)).not.toBe(p.name)
    }
  })

  it("derives valid, unique email addresses from every name", () => {
    const pattern = /^[a-z0-9._]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/
    const seen = new Set<string>()
    let id = 1
    for (let first = 0; first < FIRST_COUNT; first++) {
      for (let last = 0; last < LAST_COUNT; last += 7) {
        const identity = { first, last, emailFirst: first, emailLast: last, pattern: id % 5, domain: id % 10 }
        const email = emailAddress(identity, id)
        expect(email, displayName(identity)).toMatch(pattern)
        expect(email.startsWith(".") || email.includes("..") || email.includes(".@")).toBe(false)
        seen.add(email)
        id++
      }
    }
    expect(seen.size).toBe(id - 1)
    expect(asciiFold("Østergaard")).toBe("ostergaard")
    expect(asciiFold("O'Brien")).toBe("obrien")
  })

  it("puts the sidecar beside the data file", () => {
    expect(truthPathFor("data/customers.json")).toBe("data/customers.truth.json")
    expect(truthPathFor("/tmp/x")).toBe("/tmp/x.truth.json")
  })
})
