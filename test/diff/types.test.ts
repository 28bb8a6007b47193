/** Physical types, bounds and thresholds as `contracts diff` compares them. */
import { describe, expect, it } from "vitest"
import { compareBounds, compareValues } from "../../src/diff/bounds.ts"
import { compareSqlTypes, parseSqlType, showSqlType } from "../../src/diff/sqlType.ts"
import { compareLimits } from "../../src/diff/thresholds.ts"
import { majorOf, majorRaised } from "../../src/index.ts"

const types = (a: string, b: string) => compareSqlTypes(parseSqlType(a), parseSqlType(b))

describe("physical types", () => {
  it.each([
    ["INTEGER", "BIGINT", "widened"],
    ["BIGINT", "INTEGER", "narrowed"],
    ["int", "INT4", "same"],
    ["UINTEGER", "BIGINT", "widened"],
    ["INTEGER", "UINTEGER", "narrowed"],
    ["INTEGER", "DECIMAL(10,0)", "widened"],
    ["INTEGER", "DECIMAL(9,0)", "narrowed"],
    ["BIGINT", "DECIMAL(18,2)", "changed"],
    ["DECIMAL(9,0)", "INTEGER", "widened"],
    ["DECIMAL(18,2)", "DECIMAL(20,4)", "widened"],
    ["DECIMAL(18,2)", "DECIMAL(18,1)", "narrowed"],
    ["NUMERIC(8,3)", "DECIMAL(8,3)", "same"],
    ["DECIMAL", "DECIMAL(18,3)", "same"],
    ["FLOAT", "DOUBLE", "widened"],
    ["BIGINT", "DOUBLE", "changed"],
    ["DOUBLE", "DECIMAL(38,10)", "changed"],
    ["varchar(2)", "VARCHAR(3)", "widened"],
    ["VARCHAR", "VARCHAR(10)", "narrowed"],
    ["TEXT", "STRING", "same"],
    ["DATE", "TIMESTAMP", "changed"],
    ["BIGINT", "VARCHAR", "changed"],
    ["INTEGER[]", "BIGINT[]", "widened"],
    ["STRUCT(a INTEGER, \"b c\" VARCHAR)", "STRUCT(a BIGINT, \"b c\" VARCHAR)", "widened"],
    ["STRUCT(a INTEGER, b VARCHAR)", "STRUCT(a INTEGER)", "narrowed"]
  ])("%s to %s is %s", (a, b, expected) => {
    expect(types(a, b)).toBe(expected)
  })

  it("shows types as DuckDB writes them", () => {
    expect(["int", "numeric(8, 3)", "varchar(2)", "DOUBLE[]", 'STRUCT(a INT, "b c" DATE)'].map((t) => showSqlType(parseSqlType(t)))).toEqual([
      "INTEGER",
      "DECIMAL(8,3)",
      "VARCHAR(2)",
      "DOUBLE[]",
      "STRUCT(a INTEGER, b c DATE)"
    ])
  })
})

describe("bounds", () => {
  it("compares decimals exactly, dates as dates, and nothing else", () => {
    expect(compareValues("0.10", 0.1)).toBe(0)
    expect(compareValues("9007199254740993.01", "9007199254740993.02")).toBe(-1)
    expect(compareValues("2024-01-01", "2023-12-31")).toBe(1)
    expect(compareValues("2024-01-01", 5)).toBeNull()
  })

  it("tells tighter, looser, both and incomparable", () => {
    expect(compareBounds({ min: 0 }, { min: 1 })).toBe("tightened")
    expect(compareBounds({ min: 0, max: 10 }, { min: 0 })).toBe("loosened")
    expect(compareBounds({ min: 0, max: 10 }, { min: 1, max: 20 })).toBe("both")
    expect(compareBounds({ max: 10 }, { max: 10, exclusiveMax: true })).toBe("tightened")
    expect(compareBounds({ min: "a" }, { min: "b" })).toBe("incomparable")
  })
})

describe("fail levels", () => {
  it("orders rows with rows and percent with percent; the first failing row is the strictest of all", () => {
    expect(compareLimits({ rows: 5 }, { rows: 0 })).toBe("stricter")
    expect(compareLimits({ percent: 5 }, { percent: 5, inclusive: true })).toBe("stricter")
    expect(compareLimits({ rows: 0 }, { percent: 0 })).toBe("same")
    expect(compareLimits({ percent: 1 }, { rows: 0 })).toBe("stricter")
    expect(compareLimits({ rows: 10 }, { percent: 1 })).toBe("incomparable")
    expect(compareLimits(undefined, { percent: 50 })).toBe("stricter")
    expect(compareLimits({ rows: 0 }, undefined)).toBe("looser")
  })
})

describe("versions", () => {
  it("reads a semver major and tells when it went up", () => {
    expect([majorOf("1.4.0"), majorOf("v2.0.0"), majorOf("3"), majorOf("2.0.0-rc.1"), majorOf("2024-11")]).toEqual([1, 2, 3, 2, null])
    expect(majorRaised("1.4.0", "2.0.0")).toBe(true)
    expect(majorRaised("1.4.0", "1.9.0")).toBe(false)
    expect(majorRaised("2.0.0", "1.0.0")).toBe(false)
    expect(majorRaised("draft", "2.0.0")).toBe(false)
  })
})
