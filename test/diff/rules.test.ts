/**
 * Every rule of `contracts diff` (docs/contracts-diff.md) with at least one
 * pair of contracts that shows it, and exactly the changes expected: the
 * case table is typed by rule id, so a rule without a test does not compile.
 */
import { describe, expect, it } from "vitest"
import { check, column, diffTables, DIFF_RULES, type DiffRule, type TableSpec } from "../../src/index.ts"
import { checks, columns, orders, rules, sqlContract } from "./support.ts"

interface Case {
  readonly name: string
  readonly before: TableSpec
  readonly after: TableSpec
  /** Every change expected, as `rule subject`. */
  readonly expected: ReadonlyArray<string>
}

const base = orders()

const CASES: Readonly<Record<Exclude<DiffRule, "table-removed" | "table-added">, ReadonlyArray<Case>>> = {
  "column-removed": [
    { name: "a column dropped", before: base, after: orders({ columns: columns({ note: null }) }), expected: ["column-removed note"] },
    {
      name: "a struct field dropped",
      before: orders({ columns: columns({ address: column.struct({ city: column.text(), zip: column.text() }) }) }),
      after: orders({ columns: columns({ address: column.struct({ city: column.text() }) }) }),
      expected: ["column-removed address.zip"]
    }
  ],
  "column-renamed": [
    {
      name: "a column of the same type at the same position under another name",
      before: base,
      after: orders({ columns: { order_id: column.id({ description: "the order's id" }), total: column.money({ min: "0.01" }), status: column.enum(["new", "paid", "shipped"]), email: column.text({ format: "email" }), note: column.text({ nullable: true, maxLength: 200 }), placed_on: column.date() } }),
      expected: ["column-renamed amount"]
    }
  ],
  "column-added-nullable": [{ name: "a nullable column", before: base, after: orders({ columns: columns({ coupon: column.text({ nullable: true }) }) }), expected: ["column-added-nullable coupon"] }],
  "column-added-required": [{ name: "a required column", before: base, after: orders({ columns: columns({ channel: column.text() }) }), expected: ["column-added-required channel"] }],
  "type-narrowed": [
    { name: "DECIMAL scale reduced", before: base, after: orders({ columns: columns({ amount: column.decimal(18, 1, { min: "0.01" }) }) }), expected: ["type-narrowed amount"] },
    { name: "DECIMAL precision reduced", before: base, after: orders({ columns: columns({ amount: column.decimal(10, 2, { min: "0.01" }) }) }), expected: ["type-narrowed amount"] },
    { name: "a text maxLength reduced", before: base, after: orders({ columns: columns({ note: column.text({ nullable: true, maxLength: 100 }) }) }), expected: ["type-narrowed note"] },
    { name: "an integer type made smaller", before: sqlContract({ n: "INTEGER" }, ["n"]), after: sqlContract({ n: "SMALLINT" }, ["n"]), expected: ["type-narrowed n"] },
    { name: "free text made an enum", before: orders({ columns: columns({ status: column.text() }) }), after: base, expected: ["type-narrowed status"] }
  ],
  "type-widened": [
    { name: "DECIMAL digits added on both sides", before: orders({ columns: columns({ amount: column.decimal(10, 2, { min: "0.01" }) }) }), after: orders({ columns: columns({ amount: column.decimal(12, 3, { min: "0.01" }) }) }), expected: ["type-widened amount"] },
    { name: "a text maxLength dropped", before: base, after: orders({ columns: columns({ note: column.text({ nullable: true }) }) }), expected: ["type-widened note"] },
    { name: "INTEGER to BIGINT", before: sqlContract({ n: "INTEGER" }, ["n"]), after: sqlContract({ n: "BIGINT" }, ["n"]), expected: ["type-widened n"] },
    { name: "VARCHAR(2) to VARCHAR(3)", before: sqlContract({ code: "VARCHAR(2)" }, []), after: sqlContract({ code: "VARCHAR(3)" }, []), expected: ["type-widened code"] },
    { name: "an enum made free text", before: base, after: orders({ columns: columns({ status: column.text() }) }), expected: ["type-widened status"] }
  ],
  "type-changed": [
    { name: "a date made text", before: base, after: orders({ columns: columns({ placed_on: column.text() }) }), expected: ["type-changed placed_on"] },
    { name: "DOUBLE to DECIMAL", before: sqlContract({ x: "DOUBLE" }, []), after: sqlContract({ x: "DECIMAL(18,2)" }, []), expected: ["type-changed x"] }
  ],
  "made-required": [{ name: "a nullable column made NOT NULL", before: base, after: orders({ columns: columns({ note: column.text({ maxLength: 200 }) }) }), expected: ["made-required note"] }],
  "made-nullable": [{ name: "a required column made nullable", before: base, after: orders({ columns: columns({ placed_on: column.date({ nullable: true }) }) }), expected: ["made-nullable placed_on"] }],
  "key-changed": [
    { name: "a key column added", before: base, after: orders({ key: ["order_id", "placed_on"] }), expected: ["key-changed key"] },
    { name: "the key removed", before: base, after: orders({ key: [] }), expected: ["key-changed key"] }
  ],
  "reference-added": [{ name: "a foreign key", before: base, after: orders({ references: [{ columns: ["email"], table: "accounts" }] }), expected: ["reference-added (email)"] }],
  "reference-removed": [
    { name: "a foreign key dropped", before: orders({ references: [{ columns: ["email"], table: "accounts" }] }), after: base, expected: ["reference-removed (email)"] }
  ],
  "reference-changed": [
    {
      name: "a foreign key to another table",
      before: orders({ references: [{ columns: ["email"], table: "accounts" }] }),
      after: orders({ references: [{ columns: ["email"], table: "members" }] }),
      expected: ["reference-changed (email)"]
    }
  ],
  "accepted-value-removed": [
    { name: "an enum value removed", before: base, after: orders({ columns: columns({ status: column.enum(["new", "paid"]) }) }), expected: ["accepted-value-removed status"] },
    { name: "an accepted value removed from a check", before: base, after: orders({ checks: checks({ "accepted_values.note": check.acceptedValues("note", ["gift"], { severity: "warn" }) }) }), expected: ["accepted-value-removed accepted_values.note"] }
  ],
  "accepted-value-added": [
    { name: "an enum value added", before: base, after: orders({ columns: columns({ status: column.enum(["new", "paid", "shipped", "returned"]) }) }), expected: ["accepted-value-added status"] }
  ],
  "range-tightened": [
    { name: "a column's minimum raised", before: base, after: orders({ columns: columns({ amount: column.money({ min: "1" }) }) }), expected: ["range-tightened amount"] },
    { name: "a range check's maximum lowered", before: base, after: orders({ checks: checks({ "range.amount": check.range("amount", { max: "5000.00" }, { warn: { rows: 0 }, fail: { percent: 5 } }) }) }), expected: ["range-tightened range.amount"] },
    { name: "a maximum made exclusive", before: base, after: orders({ checks: checks({ "range.amount": check.range("amount", { max: "10000", exclusiveMax: true }, { warn: { rows: 0 }, fail: { percent: 5 } }) }) }), expected: ["range-tightened range.amount"] }
  ],
  "range-loosened": [
    { name: "a column's minimum lowered (0.01 to 0.001 compared exactly)", before: base, after: orders({ columns: columns({ amount: column.money({ min: "0.001" }) }) }), expected: ["range-loosened amount"] },
    { name: "a range check's bound written differently is no change", before: base, after: orders({ checks: checks({ "range.amount": check.range("amount", { max: "10000.00" }, { warn: { rows: 0 }, fail: { percent: 5 }, description: "amount is <= \"10000\"" }) }) }), expected: [] }
  ],
  "pattern-changed": [
    { name: "a format changed", before: base, after: orders({ columns: columns({ email: column.text({ format: "uri" }) }) }), expected: ["pattern-changed email"] },
    { name: "a pattern added", before: base, after: orders({ columns: columns({ placed_on: column.date(), note: column.text({ nullable: true, maxLength: 200, pattern: "^[a-z ]*$" }) }) }), expected: ["pattern-changed note"] }
  ],
  "pattern-removed": [{ name: "a format dropped", before: base, after: orders({ columns: columns({ email: column.text() }) }), expected: ["pattern-removed email"] }],
  "check-added": [{ name: "a new blocking check", before: base, after: orders({ checks: checks({ "not_null.note": check.notNull("note") }) }), expected: ["check-added not_null.note"] }],
  "check-added-warn-only": [{ name: "a new check that only warns", before: base, after: orders({ checks: checks({ "not_null.note": check.notNull("note", { severity: "warn" }) }) }), expected: ["check-added-warn-only not_null.note"] }],
  "check-removed": [{ name: "a check dropped", before: base, after: orders({ checks: checks({ row_count: null }) }), expected: ["check-removed row_count"] }],
  "check-tightened": [
    { name: "more rows required", before: base, after: orders({ checks: checks({ row_count: check.rowCount({ min: 10 }, { description: "the table has at least 1 rows" }) }) }), expected: ["check-tightened row_count"] },
    { name: "fresher data required", before: base, after: orders({ checks: checks({ "freshness.placed_on": check.freshness("placed_on", 1, { description: "the latest placed_on is at most 2 day(s) before the ingestion date" }) }) }), expected: ["check-tightened freshness.placed_on"] },
    {
      name: "uniqueness on fewer columns",
      before: base,
      after: orders({ checks: checks({ "unique.email_placed_on": check.unique(["email"], { id: "unique.email_placed_on", description: "(email, placed_on) is unique" }) }) }),
      expected: ["check-tightened unique.email_placed_on"]
    }
  ],
  "check-loosened": [
    { name: "fewer rows required", before: orders({ checks: checks({ row_count: check.rowCount({ min: 10 }, { description: "n" }) }) }), after: orders({ checks: checks({ row_count: check.rowCount({ min: 1 }, { description: "n" }) }) }), expected: ["check-loosened row_count"] },
    {
      name: "uniqueness on more columns",
      before: base,
      after: orders({ checks: checks({ "unique.email_placed_on": check.unique(["email", "placed_on", "status"], { id: "unique.email_placed_on", description: "(email, placed_on) is unique" }) }) }),
      expected: ["check-loosened unique.email_placed_on"]
    }
  ],
  "check-changed": [
    { name: "a SQL check's query changed", before: base, after: orders({ checks: checks({ no_future_orders: check.sql("no_future_orders", "select * from orders where placed_on > current_date + 1", { description: "no row of: select * from orders where placed_on > current_date" }) }) }), expected: ["check-changed no_future_orders"] },
    { name: "another rule under the same id", before: base, after: orders({ checks: checks({ row_count: check.notNull("email", { id: "row_count", description: "the table has at least 1 rows" }) }) }), expected: ["check-changed row_count"] }
  ],
  "threshold-stricter": [
    { name: "a fail level lowered", before: base, after: orders({ checks: checks({ "range.amount": check.range("amount", { max: "10000" }, { warn: { rows: 0 }, fail: { percent: 1 } }) }) }), expected: ["threshold-stricter range.amount"] },
    { name: "a warn-only check made blocking", before: base, after: orders({ checks: checks({ "accepted_values.note": check.acceptedValues("note", ["gift", "rush"]) }) }), expected: ["threshold-stricter accepted_values.note", "warn-level-changed accepted_values.note"] },
    { name: "the quarantine tolerance lowered", before: orders({ quarantine: { warn: 0.01, fail: 0.05 } }), after: orders({ quarantine: { warn: 0.01, fail: 0.02 } }), expected: ["threshold-stricter quarantine"] }
  ],
  "threshold-looser": [
    { name: "a fail level raised", before: base, after: orders({ checks: checks({ "range.amount": check.range("amount", { max: "10000" }, { warn: { rows: 0 }, fail: { percent: 10 } }) }) }), expected: ["threshold-looser range.amount"] },
    { name: "a blocking check made warn-only", before: base, after: orders({ checks: checks({ row_count: check.rowCount({ min: 1 }, { severity: "warn" }) }) }), expected: ["threshold-looser row_count", "warn-level-changed row_count"] }
  ],
  "warn-level-changed": [
    { name: "only the warn level", before: base, after: orders({ checks: checks({ "range.amount": check.range("amount", { max: "10000" }, { warn: { percent: 1 }, fail: { percent: 5 } }) }) }), expected: ["warn-level-changed range.amount"] }
  ],
  "description-changed": [
    { name: "a table's description", before: base, after: orders({ description: "Orders, one row each." }), expected: ["description-changed"] },
    { name: "a column's description", before: base, after: orders({ columns: columns({ order_id: column.id({ description: "the id" }) }) }), expected: ["description-changed order_id"] },
    { name: "a check's description alone", before: base, after: orders({ checks: checks({ row_count: check.rowCount({ min: 1 }, { description: "never empty" }) }) }), expected: ["description-changed row_count"] }
  ],
  "version-changed": [{ name: "a version bump alone", before: base, after: orders({ version: "1.1.0" }), expected: ["version-changed"] }]
}

describe("contracts diff rules", () => {
  for (const [rule, cases] of Object.entries(CASES)) {
    describe(`${rule} (${DIFF_RULES[rule as DiffRule].breaking ? "breaking" : "non-breaking"})`, () => {
      for (const c of cases) {
        it(c.name, () => {
          expect(rules(c.before, c.after)).toEqual(c.expected)
        })
      }
    })
  }

  describe("table-removed (breaking) and table-added (non-breaking)", () => {
    it("matches tables by name", () => {
      const shipments = orders({ name: "shipments" })
      const changes = diffTables([base, shipments], [base, orders({ name: "returns" })])
      expect(changes.map((c) => `${c.rule} ${c.table} ${c.breaking}`)).toEqual(["table-removed shipments true", "table-added returns false"])
    })
  })

  it("finds nothing between a contract and itself", () => {
    expect(rules(base, orders())).toEqual([])
  })

  it("marks each change breaking as its rule says", () => {
    const changes = diffTables([base], [orders({ version: "2.0.0", columns: columns({ note: null, coupon: column.text({ nullable: true }) }) })])
    expect(changes.map((c) => [c.rule, c.breaking])).toEqual([
      ["column-removed", true],
      ["column-added-nullable", false],
      ["version-changed", false]
    ])
  })
})
