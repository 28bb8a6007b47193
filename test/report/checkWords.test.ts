import { describe, expect, it } from "vitest"
import type { CheckResult } from "../../src/contract/CheckResult.ts"
import { checkPhrase, levelsOf } from "../../src/report/checkWords.ts"

const result = (c: Partial<CheckResult>): CheckResult => ({
  checkId: "x",
  layer: "silver",
  table: "t",
  kind: "dataset",
  severity: "error",
  action: "block",
  status: "pass",
  description: "",
  failed: 0,
  total: 1000,
  rate: 0,
  threshold: 0,
  observed: {},
  message: "",
  samples: [],
  ...c
})

/** A quarantine rate as the refine stage reports it. */
const rate = (failed: number, total: number, status: CheckResult["status"]) =>
  result({ checkId: "quarantine.rate", status, failed, total, rate: failed / total, threshold: 0.05, observed: { rate: "", warn_over: "1.00%", fail_over: "5.00%" } })

describe("a check's result in one phrase", () => {
  it("a quarantine rate: the observed rate against its warn and block levels", () => {
    expect(checkPhrase(rate(17, 1000, "warn"))).toBe("warned: 1.70% > 1% (blocks above 5%)")
    expect(checkPhrase(rate(169, 3000, "fail"))).toBe("blocked: 5.63% > 5%")
    expect(checkPhrase(rate(10, 1010, "pass"))).toBe("passed: 0.99% (warns above 1%, blocks above 5%)")
  })

  it("a standard check that blocks on the first failing row", () => {
    expect(checkPhrase(result({ status: "pass" }))).toBe("passed: 0 rows (blocks at 1 row)")
    expect(checkPhrase(result({ status: "fail", failed: 2, rate: 0.002 }))).toBe("blocked: 2 rows ≥ 1 row")
  })

  it("a thresholded check: its warn_above and fail_above limits, inclusive or not", () => {
    const t = { warn_above: ">0 rows", fail_above: ">=5%" }
    expect(checkPhrase(result({ status: "warn", failed: 3, rate: 0.003, threshold: 0.05, observed: t }))).toBe("warned: 3 rows ≥ 1 row (blocks at 5%)")
    expect(checkPhrase(result({ status: "fail", failed: 50, rate: 0.05, threshold: 0.05, observed: t }))).toBe("blocked: 5.00% ≥ 5%")
    expect(checkPhrase(result({ status: "pass", threshold: 0.05, observed: t }))).toBe("passed: 0 rows (warns at 1 row, blocks at 5%)")
    expect(checkPhrase(result({ status: "fail", failed: 11, observed: { fail_above: ">10 rows" } }))).toBe("blocked: 11 rows ≥ 11 rows")
  })

  it("a warn-only check never blocks, and says so", () => {
    const warnOnly = { severity: "warn", action: "flag", threshold: null } as const
    expect(checkPhrase(result({ ...warnOnly, status: "warn", failed: 1 }))).toBe("warned: 1 row ≥ 1 row (never blocks)")
    expect(checkPhrase(result({ ...warnOnly, status: "pass" }))).toBe("passed: 0 rows (warns at 1 row, never blocks)")
    expect(levelsOf(result(warnOnly)).fail).toBeNull()
  })

  it("a record-level check: the records it quarantined", () => {
    const row = { kind: "row", action: "quarantine", threshold: null } as const
    expect(checkPhrase(result({ ...row, status: "warn", failed: 120, rate: 0.12 }))).toBe("warned: 120 records quarantined (12.00%)")
    expect(checkPhrase(result({ ...row, status: "pass" }))).toBe("passed: 0 records quarantined")
  })

  it("a check that could not run", () => {
    expect(checkPhrase(result({ status: "error" }))).toBe("error: the check could not be evaluated, which blocks like a failure")
  })
})
