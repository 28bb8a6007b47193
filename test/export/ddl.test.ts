/**
 * The SQL DDL export: DuckDB runs the `CREATE TABLE` statements, accepts a
 * valid row and refuses rows that break NOT NULL, the PRIMARY KEY or a
 * FOREIGN KEY; the PostgreSQL dialect uses PostgreSQL's types.
 */
import { describe, expect, it } from "vitest"
import { check, column, exportModel, table, toDdl } from "../../src/index.ts"
import { accounts, orders, runDuck } from "./support.ts"

const duckdb = toDdl([orders, accounts].map(exportModel), "duckdb")
const postgres = toDdl([orders, accounts].map(exportModel), "postgres")

const account = "insert into accounts values (7, 'a@b.co', DATE '2026-01-01')"
const row = (overrides: Partial<Record<string, string>> = {}) => {
  const values: Record<string, string> = {
    order_id: "1",
    account_id: "7",
    amount: "12.50",
    status: "'paid'",
    channel: "NULL",
    code: "'ABC-12'",
    quantity: "3",
    gift: "NULL",
    ordered_on: "DATE '2026-01-02'",
    ordered_at: "NULL",
    order: "NULL",
    tags: "['a']",
    shipping: "{'city': 'Lyon', 'zip': NULL}",
    ...overrides
  }
  return `insert into orders values (${Object.values(values).join(", ")})`
}

describe("SQL DDL export", () => {
  it("writes a referenced table first, with types, NOT NULL, PRIMARY KEY and FOREIGN KEY", () => {
    expect(duckdb.text.indexOf("CREATE TABLE accounts")).toBeLessThan(duckdb.text.indexOf("CREATE TABLE orders"))
    expect(duckdb.text).toContain("  amount DECIMAL(18,2) NOT NULL,")
    expect(duckdb.text).toContain("  channel VARCHAR,")
    expect(duckdb.text).toContain('  "order" BIGINT,')
    expect(duckdb.text).toContain("  shipping STRUCT(city VARCHAR, zip VARCHAR),")
    expect(duckdb.text).toContain("  PRIMARY KEY (order_id),\n  FOREIGN KEY (account_id) REFERENCES accounts (account_id)\n);")
  })

  it("runs in DuckDB, which accepts a valid row and refuses NULL, duplicate keys and dangling references", async () => {
    const [created, parent, ok, nullAmount, duplicate, dangling, wrongType] = await runDuck([
      duckdb.text,
      account,
      row(),
      row({ order_id: "2", amount: "NULL" }),
      row(),
      row({ order_id: "3", account_id: "99" }),
      row({ order_id: "4", ordered_on: "'not a date'" })
    ])
    expect([created, parent, ok]).toEqual([null, null, null])
    expect(nullAmount).toMatch(/NOT NULL/i)
    expect(duplicate).toMatch(/duplicate key|primary key|unique/i)
    expect(dangling).toMatch(/foreign key/i)
    expect(wrongType).toMatch(/date/i)
  })

  it("writes PostgreSQL's types: NUMERIC, TEXT, VARCHAR(n), arrays, JSONB for a struct (reported)", () => {
    expect(postgres.text).toContain("  amount NUMERIC(18,2) NOT NULL,")
    expect(postgres.text).toContain("  channel VARCHAR(10),")
    expect(postgres.text).toContain("  status TEXT NOT NULL,")
    expect(postgres.text).toContain("  tags TEXT[],")
    expect(postgres.text).toContain("  shipping JSONB,")
    expect(postgres.omitted.find((o) => o.subject === "shipping")?.reason).toMatch(/JSONB/)
  })

  it("lists every check the DDL does not enforce, and a nullable key column made NOT NULL", () => {
    const subjects = duckdb.omitted.map((o) => `${o.table}: ${o.subject}`)
    // The tables in the order their keys need (accounts first); each with the checks its kinds imply, then its own.
    expect(subjects).toEqual([accounts, orders].flatMap((t) => [...t.impliedChecks, ...t.checks].map((c) => `${t.table}: ${c.id}`)))
    const nullableKey = toDdl([exportModel(table({ name: "t", version: "1", columns: { k: column.text({ nullable: true }) }, key: ["k"], checks: [check.references("k", "u", "k")] }))], "duckdb")
    expect(nullableKey.text).toContain("k VARCHAR NOT NULL")
    expect(nullableKey.text).toContain("FOREIGN KEY (k) REFERENCES u (k)")
    expect(nullableKey.omitted.map((o) => o.subject)).toEqual(["key"])
  })
})
