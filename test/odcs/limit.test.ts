import { describe, expect, it } from "vitest"
import { comparePercent, crosses, describeLimit, statusOf } from "../../src/contract/Threshold.ts"

describe("percent limits", () => {
  it("compare exactly: 7 of 100 rows is 7%, not 7.000000000000001%", () => {
    expect((7 / 100) * 100).toBeGreaterThan(7) // the float the old comparison used
    expect(comparePercent(7, 100, 7)).toBe(0)
    expect(crosses({ percent: 7 }, 7, 100)).toBe(false)
    expect(crosses({ percent: 7 }, 8, 100)).toBe(true)
    expect(comparePercent(1, 3, 33.333)).toBe(1)
    expect(comparePercent(3, 1000, 0.3)).toBe(0)
    expect(comparePercent(1, 10_000_000_000, 1e-8)).toBe(0)
    expect(comparePercent(2, 10_000_000_000, 1e-8)).toBe(1)
  })

  it("an exclusive percent is crossed above it, an inclusive one at it", () => {
    expect(crosses({ percent: 5 }, 1, 20)).toBe(false)
    expect(crosses({ percent: 5 }, 2, 20)).toBe(true)
    expect(crosses({ percent: 5, inclusive: true }, 0, 20)).toBe(false)
    expect(crosses({ percent: 5, inclusive: true }, 1, 20)).toBe(true)
    expect(crosses({ percent: 5, inclusive: false }, 1, 20)).toBe(false)
    expect(crosses({ percent: 5, inclusive: true }, 1, 0)).toBe(false)
  })

  it("drive the status and read as text", () => {
    expect(statusOf({ fail: { percent: 5, inclusive: true } }, 1, 20)).toBe("fail")
    expect(statusOf({ warn: { percent: 5, inclusive: true } }, 1, 20)).toBe("warn")
    expect(statusOf({ warn: { percent: 5, inclusive: true } }, 0, 20)).toBe("pass")
    expect(describeLimit({ percent: 5, inclusive: true })).toBe(">=5%")
    expect(describeLimit({ percent: 5 })).toBe(">5%")
    expect(describeLimit({ rows: 3 })).toBe(">3 rows")
  })
})
