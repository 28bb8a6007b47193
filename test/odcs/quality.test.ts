import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { statusOf } from "../../src/contract/Threshold.ts"
import { checkOf, contract, firstTable, oneTable, prop } from "./support.ts"

/** A table `t` with column `c` of this type carrying these quality rules. */
const onColumn = (rules: ReadonlyArray<Record<string, unknown>>, type: Record<string, unknown> = { logicalType: "string" }) =>
  firstTable(oneTable([{ name: "c", ...type, quality: rules }]))
const onTable = (rules: ReadonlyArray<Record<string, unknown>>, properties: ReadonlyArray<unknown> = [prop("a", "integer"), prop("b", "string")]) =>
  firstTable(oneTable(properties, { quality: rules }))

describe("library metrics map onto vocabulary checks", () => {
  it.effect("nullValues is notNull", () =>
    Effect.gen(function* () {
      const t = yield* onColumn([{ metric: "nullValues", mustBe: 0 }])
      expect(checkOf(t, "nullValues.c").rule).toEqual(expect.objectContaining({ _tag: "NotNull", columns: ["c"] }))
      expect(checkOf(t, "nullValues.c").thresholds).toEqual({ fail: { rows: 0 } })
    }))

  it.effect("missingValues: NULL alone is notNull; listed values are matched as the column shows them", () =>
    Effect.gen(function* () {
      const alone = yield* onColumn([{ metric: "missingValues", arguments: { missingValues: [null] }, mustBe: 0 }])
      expect(checkOf(alone, "missingValues.c").rule._tag).toBe("NotNull")
      const defaulted = yield* onColumn([{ metric: "missingValues", mustBe: 0 }])
      expect(checkOf(defaulted, "missingValues.c").rule._tag).toBe("NotNull")
      const listed = yield* onColumn([{ metric: "missingValues", arguments: { missingValues: [null, "", "N/A"] }, mustBeLessThan: 3 }])
      expect(checkOf(listed, "missingValues.c").rule).toEqual(expect.objectContaining({ _tag: "Sql", query: `select t.* from "t" t where t."c" is null or t."c"::varchar in ('', 'N/A')` }))
      const numeric = yield* onColumn([{ metric: "missingValues", arguments: { missingValues: ["", "N/A", -1] }, mustBe: 0 }], { logicalType: "number", physicalType: "DECIMAL(5,2)" })
      // Text no DECIMAL can hold is left out; -1 is compared as the column shows it.
      expect(checkOf(numeric, "missingValues.c").rule).toEqual(expect.objectContaining({ query: `select t.* from "t" t where t."c"::varchar in ('-1.00')` }))
    }))

  it.effect("invalidValues: validValues are accepted values, a pattern a full-match pattern", () =>
    Effect.gen(function* () {
      const values = yield* onColumn([{ metric: "invalidValues", arguments: { validValues: ["kg", "lb"] }, mustBe: 0 }])
      expect(checkOf(values, "invalidValues.c").rule).toEqual(expect.objectContaining({ _tag: "AcceptedValues", values: ["kg", "lb"] }))
      const decimals = yield* onColumn([{ metric: "invalidValues", arguments: { validValues: [1.5, "2", 3.125, null] }, mustBe: 0 }], { logicalType: "number", physicalType: "DECIMAL(5,2)" })
      expect(checkOf(decimals, "invalidValues.c").rule).toEqual(expect.objectContaining({ values: ["1.50", "2.00"] }))
      const pattern = yield* onColumn([{ metric: "invalidValues", arguments: { pattern: "^[A-Z]{2}$" }, mustBe: 0 }])
      expect(checkOf(pattern, "invalidValues.c").rule).toEqual(expect.objectContaining({ _tag: "Pattern", pattern: "[\\s\\S]*(?:^[A-Z]{2}$)[\\s\\S]*" }))
    }))

  it.effect("duplicateValues on a column, and on a compound key at schema level", () =>
    Effect.gen(function* () {
      const required = yield* onColumn([{ metric: "duplicateValues", mustBe: 0 }], { logicalType: "string", required: true })
      expect(checkOf(required, "duplicateValues.c").rule).toEqual(expect.objectContaining({ _tag: "Unique", columns: ["c"] }))
      const compound = yield* onTable([{ metric: "duplicateValues", arguments: { properties: ["a", "b"] }, mustBeLessThan: 2 }], [
        prop("a", "integer", { physicalName: "a_id", required: true }),
        prop("b", "string", { required: true })
      ])
      expect(checkOf(compound, "duplicateValues.a_id_b").rule).toEqual(expect.objectContaining({ _tag: "Unique", columns: ["a_id", "b"] }))
      const nullable = yield* onTable([{ metric: "duplicateValues", arguments: { properties: ["a", "b"] }, mustBe: 0 }])
      expect(checkOf(nullable, "duplicateValues.a_b").rule._tag).toBe("Sql")
    }))

  it.effect("rowCount is a row count check; mustBeBetween is exclusive as ODCS defines it", () =>
    Effect.gen(function* () {
      const between = yield* onTable([{ metric: "rowCount", mustBeBetween: [100, 120] }])
      expect(checkOf(between, "rowCount").rule).toEqual(expect.objectContaining({ _tag: "RowCount", min: 101, max: 119 }))
      const bounds = yield* onTable([{ metric: "rowCount", mustBeGreaterThan: 9.5, mustBeLessOrEqualTo: 20 }])
      expect(checkOf(bounds, "rowCount").rule).toEqual(expect.objectContaining({ min: 10, max: 20 }))
      const exact = yield* onTable([{ metric: "rowCount", mustBe: 3 }])
      expect(checkOf(exact, "rowCount").rule).toEqual(expect.objectContaining({ min: 3, max: 3 }))
      const atLeast = yield* onTable([{ metric: "rowCount", mustBeGreaterOrEqualTo: 1, severity: "warning" }])
      expect(checkOf(atLeast, "rowCount").rule).toEqual(expect.objectContaining({ min: 1 }))
      expect(checkOf(atLeast, "rowCount").thresholds).toEqual({ warn: { rows: 0 } })
    }))

  it.effect("ODCS v3.0 spellings: rule instead of metric, duplicateCount, validValues without a comparator", () =>
    Effect.gen(function* () {
      const t = yield* onColumn([
        { rule: "duplicateCount", mustBeLessThan: 10, unit: "rows" },
        { rule: "validValues", validValues: ["pounds", "kg"] },
        { type: "library", rule: "nullValues", mustBe: 0 }
      ])
      expect(checkOf(t, "duplicateValues.c").thresholds).toEqual({ fail: { rows: 9 } })
      expect(checkOf(t, "invalidValues.c").rule).toEqual(expect.objectContaining({ _tag: "AcceptedValues", values: ["pounds", "kg"] }))
      expect(checkOf(t, "invalidValues.c").thresholds).toEqual({ fail: { rows: 0 } })
      expect(checkOf(t, "nullValues.c").rule._tag).toBe("NotNull")
    }))
})

/** `n * 100 / total` against a decimal, exactly. */
const comparePercentTo = (failed: number, total: number, decimal: string): number => {
  const [whole = "0", fraction = ""] = decimal.replace("-", "").split(".")
  const sign = decimal.startsWith("-") ? -1n : 1n
  const left = BigInt(failed) * 100n * 10n ** BigInt(fraction.length)
  const right = sign * BigInt(whole + fraction) * BigInt(total)
  return left < right ? -1 : left > right ? 1 : 0
}

/** Whether ODCS says the rule holds when `failed` of `total` rows fail (the test's own reading of the spec). */
const holds = (rule: Record<string, unknown>, failed: number, total: number): boolean => {
  const cmp = (v: unknown) => (rule["unit"] === "percent" ? comparePercentTo(failed, total, String(v)) : Math.sign(failed - Number(v)))
  return Object.entries(rule).every(([op, v]) => {
    switch (op) {
      case "mustBe":
        return cmp(v) === 0
      case "mustBeLessThan":
        return cmp(v) < 0
      case "mustBeLessOrEqualTo":
        return cmp(v) <= 0
      case "mustBeGreaterThan":
        return cmp(v) > 0
      case "mustBeGreaterOrEqualTo":
        return cmp(v) >= 0
      case "mustBeBetween": {
        const [low, high] = v as [number, number]
        return cmp(low) > 0 && cmp(high) < 0
      }
      default:
        return true
    }
  })
}

const BOUNDARY_RULES: ReadonlyArray<Record<string, unknown>> = [
  { mustBe: 0 },
  { mustBeLessThan: 5 },
  { mustBeLessThan: 4.5 },
  { mustBeLessOrEqualTo: 5 },
  { mustBeLessOrEqualTo: 4.5 },
  { mustBeBetween: [-1, 5] },
  { mustBeGreaterOrEqualTo: 0, mustBeLessThan: 3 },
  { mustBeLessThan: 10, mustBeLessOrEqualTo: 3 },
  { mustBe: 0, unit: "percent" },
  { mustBeLessThan: 5, unit: "percent" },
  { mustBeLessOrEqualTo: 5, unit: "percent" },
  { mustBeLessThan: 0.5, unit: "percent" },
  { mustBeLessOrEqualTo: 33.3, unit: "percent" },
  { mustBeLessOrEqualTo: 7, unit: "percent" },
  { mustBeBetween: [-1, 10], unit: "percent" },
  { mustBeGreaterThan: -0.5, mustBeLessThan: 25, unit: "percent" }
]

describe("thresholds fail exactly when the ODCS rule is violated", () => {
  for (const metric of ["nullValues", "missingValues", "invalidValues", "duplicateValues"]) {
    it.effect(`${metric}: every comparator and unit, at every failing count`, () =>
      Effect.gen(function* () {
        for (const [i, comparators] of BOUNDARY_RULES.entries()) {
          const rule = { metric, ...comparators, ...(metric === "invalidValues" ? { arguments: { validValues: ["x"] } } : {}) }
          const error = checkOf(yield* onColumn([{ ...rule, id: `r${i}` }]), `r${i}`)
          const warning = checkOf(yield* onColumn([{ ...rule, id: `r${i}`, severity: "warning" }]), `r${i}`)
          for (const total of [3, 20, 100]) {
            for (let failed = 0; failed <= total; failed++) {
              const violated = !holds(comparators, failed, total)
              const at = `${JSON.stringify(comparators)} with ${failed} of ${total}`
              expect(statusOf(error.thresholds, failed, total), at).toBe(violated ? "fail" : "pass")
              expect(statusOf(warning.thresholds, failed, total), at).toBe(violated ? "warn" : "pass")
            }
          }
        }
      }))
  }

  it.effect("severity: error blocks (the default), warning and info only warn", () =>
    Effect.gen(function* () {
      const t = yield* onColumn([
        { metric: "nullValues", mustBe: 0, id: "default" },
        { metric: "nullValues", mustBe: 0, id: "error", severity: "error" },
        { metric: "nullValues", mustBe: 0, id: "warning", severity: "warning" },
        { metric: "nullValues", mustBe: 0, id: "info", severity: "info" }
      ])
      expect(t.checks.map((c) => [c.id, c.thresholds])).toEqual([
        ["default", { fail: { rows: 0 } }],
        ["error", { fail: { rows: 0 } }],
        ["warning", { warn: { rows: 0 } }],
        ["info", { warn: { rows: 0 } }]
      ])
    }))
})

describe("check ids and descriptions", () => {
  it.effect("a rule's id, else its name as a slug, else metric.column; repeats are numbered", () =>
    Effect.gen(function* () {
      const t = yield* onColumn([
        { metric: "nullValues", mustBe: 0, id: "email-present" },
        { metric: "nullValues", mustBe: 0, name: "No NULL e-mails!" },
        { metric: "nullValues", mustBe: 0 },
        { metric: "nullValues", mustBeLessThan: 5, unit: "percent", description: "few NULLs" },
        { type: "sql", query: "select 1", mustBe: 1 }
      ])
      expect(t.checks.map((c) => c.id)).toEqual(["email-present", "no_null_e-mails", "nullValues.c", "nullValues.c.2", "sql.c"])
      expect(checkOf(t, "nullValues.c").description).toBe("nullValues of c must be = 0 rows")
      expect(checkOf(t, "nullValues.c.2").description).toBe("few NULLs")
    }))
})

describe("sql rules compare the query's value", () => {
  it.effect("placeholders name the table and the column; the check returns a row when the comparison fails", () =>
    Effect.gen(function* () {
      const t = yield* onColumn([
        { type: "sql", query: "SELECT COUNT(*) FROM {object} WHERE {property} IS NULL;", mustBeLessThan: 3 },
        { type: "sql", id: "legacy", query: "SELECT COUNT(*) FROM ${table} WHERE ${column} < 0", mustBeBetween: [0, 10], mustNotBe: 5, severity: "warning" },
        { type: "sql", id: "flag", query: "SELECT bool_and({property} IS NOT NULL) FROM {object}", mustBe: true }
      ])
      expect(checkOf(t, "sql.c").rule).toEqual(
        expect.objectContaining({
          _tag: "Sql",
          query: `select _odcs_value from (select (SELECT COUNT(*) FROM "t" WHERE "c" IS NULL) as _odcs_value) where (_odcs_value < 3) is not true`
        })
      )
      expect(checkOf(t, "legacy").rule).toEqual(expect.objectContaining({ query: expect.stringContaining(`where (_odcs_value <> 5 and (_odcs_value > 0 and _odcs_value < 10)) is not true`) }))
      expect(checkOf(t, "legacy").thresholds).toEqual({ warn: { rows: 0 } })
      expect(checkOf(t, "flag").rule).toEqual(expect.objectContaining({ query: expect.stringContaining("where (_odcs_value = true) is not true") }))
    }))

  it.effect("schema-level sql rules and mustNotBeBetween", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(contract([{ name: "t", physicalName: "t_v1", properties: [prop("a", "integer")], quality: [{ type: "sql", query: "select max(a) from {object}", mustNotBeBetween: [1, 5] }] }]))
      expect(checkOf(t, "sql").rule).toEqual(expect.objectContaining({ query: `select _odcs_value from (select (select max(a) from "t_v1") as _odcs_value) where (not (_odcs_value > 1 and _odcs_value < 5)) is not true` }))
    }))
})
