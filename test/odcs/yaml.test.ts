import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { ceilAt, compareDecimals, floorAt, isWhole, renderAt } from "../../src/odcs/decimal.ts"
import { plainDecimal } from "../../src/odcs/yamlTree.ts"
import { checkOf, firstTable, refusal } from "./support.ts"

describe("numbers stay as written", () => {
  it("plain decimals from YAML number syntax", () => {
    expect(["0.10", "1e3", "-1.5e2", ".5", "+5", "5.", "1.5e-3", "-0.0", "007", "0x10", ".inf", ".nan"].map(plainDecimal)).toEqual([
      "0.1",
      "1000",
      "-150",
      "0.5",
      "5",
      "5",
      "0.0015",
      "0",
      "7",
      null,
      null,
      null
    ])
  })

  it("exact floor, ceiling and rendering at a scale", () => {
    expect([floorAt("0.005", 2), ceilAt("0.005", 2), floorAt("-0.005", 2), ceilAt("-0.005", 2), floorAt("-1", 2), ceilAt("2.50", 1)]).toEqual([0n, 1n, -1n, 0n, -100n, 25n])
    expect([renderAt(1n, 2), renderAt(-5n, 2), renderAt(1250n, 2), renderAt(7n, 0)]).toEqual(["0.01", "-0.05", "12.50", "7"])
    expect([compareDecimals("1.10", "1.1"), compareDecimals("-2", "1"), compareDecimals("99999999999999999.99", "99999999999999999.98")]).toEqual([0, -1, 1])
    expect([isWhole("3.00"), isWhole("3.01")]).toEqual([true, false])
  })
})

describe("reading the YAML", () => {
  it.effect("a version written as a number keeps its text; merge keys and anchors are read", () =>
    Effect.gen(function* () {
      const t = yield* firstTable(`apiVersion: v3.0.2
kind: DataContract
version: 1.10
schema:
  - name: t
    properties:
      - &base
        name: a
        logicalType: integer
        logicalTypeOptions: { minimum: 1, exclusiveMinimum: true, maximum: 1e3 }
      - <<: *base
        name: b
`)
      expect(t.version).toBe("1.10")
      expect(Object.keys(t.columns)).toEqual(["a", "b"])
      expect(checkOf(t, "range.b").rule).toMatchObject({ min: 1, exclusiveMin: true, max: 1000 })
    }))

  it.effect("a file of several YAML documents is refused", () =>
    Effect.gen(function* () {
      const e = yield* refusal("apiVersion: v3.1.0\nkind: DataContract\nversion: 1.0.0\n---\napiVersion: v3.1.0\n")
      expect([e.at, e.line, e.message]).toEqual(["$", 4, "not valid YAML: the file holds more than one YAML document"])
    }))
})
