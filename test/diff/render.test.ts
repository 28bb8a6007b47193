/** The report of `contracts diff` as text, JSON and GitHub workflow annotations. */
import { describe, expect, it } from "vitest"
import { column, compareContracts, diffJson, githubAnnotations, renderDiff } from "../../src/index.ts"
import { columns, orders } from "./support.ts"

const v1 = orders()
const report = (after: ReturnType<typeof orders>) => compareContracts([{ before: "old/orders.ts", after: "contracts/orders.ts", beforeTables: [v1], afterTables: [after] }])

describe("rendering a diff", () => {
  it("prints a table of changes, a verdict per table and a summary", () => {
    const text = renderDiff(report(orders({ version: "1.1.0", columns: columns({ note: null }) })))
    expect(text.split("\n")).toEqual([
      "change           table   column/check  before → after    breaking?",
      "column-removed   orders  note          VARCHAR → (none)  breaking",
      "version-changed  orders                1.0.0 → 1.1.0     non-breaking",
      "",
      "  orders 1.0.0 → 1.1.0: 1 breaking change, FAIL (breaking without a new major version)",
      "2 changes (1 breaking) in 1 table of 1 file: FAIL: 1 table changed in a breaking way without a new major version"
    ])
  })

  it("says so when nothing changed", () => {
    expect(renderDiff(report(orders()))).toBe("no changes\n\n0 changes (0 breaking) in 1 table of 1 file: ok")
  })

  it("annotates a failing breaking change as an error, the others as notices, escaped", () => {
    const failing = githubAnnotations(report(orders({ columns: columns({ note: null }), description: "line one\nline two: 100%" })))
    expect(failing).toEqual([
      "::error file=contracts/orders.ts,title=Breaking contract change%3A column-removed::orders note: VARCHAR → (none) (raise the contract's major version if this is intended)",
      "::notice file=contracts/orders.ts,title=Non-breaking contract change%3A description-changed::orders: One row per order. → line one%0Aline two: 100%25"
    ])
    const acknowledged = githubAnnotations(report(orders({ version: "2.0.0", columns: columns({ note: null }) })))
    expect(acknowledged[0]).toBe("::notice file=contracts/orders.ts,title=Breaking contract change%3A column-removed::orders note: VARCHAR → (none) (the major version was raised)")
  })

  it("gives JSON with the exit code", () => {
    const json = JSON.parse(diffJson(report(orders({ columns: columns({ coupon: column.text({ nullable: true }) }) })))) as Record<string, unknown>
    expect(json["breaking"]).toBe(0)
    expect(json["fails"]).toBe(false)
    expect(json["exitCode"]).toBe(0)
    expect(json["changes"]).toEqual([{ rule: "column-added-nullable", table: "orders", subject: "coupon", before: "(none)", after: "VARCHAR", breaking: false, file: "contracts/orders.ts" }])
  })
})
