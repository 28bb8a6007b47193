/**
 * Column profiles (issue 20): computed in SQL on a real DuckDB table, kept in
 * quality.json, shown folded per table on the page with data escaped, kept
 * out of the JUnit file, and followed across dates on the index.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Duck } from "../../src/engine/Duck.ts"
import { renderIndexHtml, renderQualityHtml } from "../../src/report/html.ts"
import { renderJUnit } from "../../src/report/junit.ts"
import { profileTable } from "../../src/stages/profileTable.ts"
import { TestDuck } from "../support/duck.ts"
import { dateReportOf, history, publishedRun, withProfiles, XSS_NAME } from "./fixtures.ts"

const profileOf = (setup: string) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const duck = yield* Duck
      yield* duck.run(setup)
      return yield* profileTable(`"t"`)
    }).pipe(Effect.provide(TestDuck))
  )

describe("profileTable", () => {
  it("counts NULLs and distinct values, keeps DECIMAL min and max exact, counts the top values of a low-cardinality text column", async () => {
    const profile = await profileOf(`create or replace table t as select i as id, case when i % 4 = 0 then null else 'user' || i || '@example.com' end as email,
      case when i % 10 = 0 then '<script>alert(1)</script>' when i % 3 = 0 then 'paid' else 'new' end as status,
      (i * 0.10 + 0.05)::DECIMAL(18,2) as amount, [i, i] as pair, i % 2 = 0 as even from range(1, 101) r(i)`)
    expect(profile.rows).toBe(100)
    const col = (name: string) => profile.columns.find((c) => c.column === name)
    expect(profile.columns.map((c) => c.column)).toEqual(["id", "email", "status", "amount", "pair", "even"])
    expect(col("email")).toMatchObject({ type: "VARCHAR", nulls: 25, min: "user10@example.com", max: "user9@example.com", top: [] })
    expect(col("email")!.distinct).toBeGreaterThan(60)
    expect(col("email")!.distinct).toBeLessThanOrEqual(75)
    // 10 multiples of 10; of the other 90, the 33 multiples of 3 minus the 3 shared with 10 (30, 60, 90): 30 paid, 60 new.
    expect(col("status")!.top).toEqual([
      { value: "new", count: 60 },
      { value: "paid", count: 30 },
      { value: "<script>alert(1)</script>", count: 10 }
    ])
    expect(col("amount")).toMatchObject({ type: "DECIMAL(18,2)", min: "0.15", max: "10.05", top: [] })
    expect(col("pair")).toMatchObject({ nulls: 0, min: null, max: null, top: [] })
    expect(col("even")!.top).toEqual([
      { value: "false", count: 50 },
      { value: "true", count: 50 }
    ])
  }, 30_000)

  it("profiles an empty table: no rows, every column NULL-free, no min or max", async () => {
    const profile = await profileOf(`create or replace table t as select 1 as id, 'x' as name where false`)
    expect(profile).toEqual({
      rows: 0,
      columns: [
        { column: "id", type: "INTEGER", nulls: 0, distinct: 0, min: null, max: null, top: [] },
        { column: "name", type: "VARCHAR", nulls: 0, distinct: 0, min: null, max: null, top: [] }
      ]
    })
  }, 30_000)

  it("cuts a long value at 200 characters", async () => {
    const profile = await profileOf(`create or replace table t as select repeat('a', 500) as long_text`)
    expect(profile.columns[0]!.min).toHaveLength(200)
    expect(profile.columns[0]!.min!.endsWith("...")).toBe(true)
  }, 30_000)
})

describe("the column profile in the reports", () => {
  const run = withProfiles(publishedRun())

  it("is a folded section per profiled table, its data escaped", () => {
    const page = renderQualityHtml({ report: dateReportOf([run]), trend: [], unreadable: [] })
    expect(page.match(/<details class="profile">/g)).toHaveLength(3) // silver customers and transactions, gold dim_customer; not bronze
    expect(page).toContain("<summary>Column profile: 4 columns, 992 rows</summary>")
    expect(page).not.toContain(XSS_NAME)
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;")
    expect(page).toContain("1234.50")
  })

  it("stays out of the JUnit file", () => {
    const junit = renderJUnit(dateReportOf([run]))
    expect(junit).toEqual(renderJUnit(dateReportOf([publishedRun()])))
    expect(junit).not.toContain("1234.50")
  })

  it("the index follows NULL shares and distinct keys across dates, folded per table", () => {
    const reports = [...history(), publishedRun()].map((r) => dateReportOf([withProfiles(r)]))
    const index = renderIndexHtml(reports)
    expect(index.match(/<details class="column-history">/g)).toHaveLength(3)
    // silver.customers on 2024-04-29: 900 records, 7 quarantined, 893 accepted, 8 NULL emails: 0.90%
    expect(index).toContain('title="silver.customers.email on 2024-04-29: 8 NULL of 893 rows">0.90%</a>')
    expect(index).toContain('title="silver.customers.customer_id on 2024-05-02: about 992 distinct of 992 rows">992</a>')
  })
})
