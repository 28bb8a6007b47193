/**
 * Readers see the current version, and only it: after three daily runs (so
 * retained versions exist beside the current one), every table read through
 * the documented reader paths — `lakegate sql`, the database
 * `lakegate export-catalog` writes, and the file list of `_current.json` —
 * returns exactly its rows, and a plain glob of a gold table's folder does
 * not return a multiple of them.
 */
import { DuckDBInstance } from "@duckdb/node-api"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { writeDailySnapshots } from "../../contracts/generate/files.ts"
import { currentOf, GOLD_TABLES, lakegate, query, tempDir } from "../gold/support.ts"
import { manifestOf } from "../support/lakehouseReader.ts"

const DAYS = ["2026-11-01", "2026-11-02", "2026-11-03"] as const
const SILVER = ["customers", "products", "transactions"] as const

describe("reading the current version", () => {
  const dir = tempDir("lakegate-readers-")
  const data = join(dir, "data")
  const lakehouse = join(dir, "lakehouse")
  const count = (output: string) => Number(output.trim().split("\n")[1])

  beforeAll(async () => {
    await Effect.runPromise(writeDailySnapshots({ seed: 5, customers: 150, defectRate: 0, days: 3, start: DAYS[0], outDir: data }))
    for (const date of DAYS) {
      const result = lakegate(["run", "--input", join(data, `customers-${date}.json`), "--date", date, "--lakehouse", lakehouse, "--reports", join(dir, "reports"), "--quiet"])
      expect(result.status, result.stdout + result.stderr).toBe(0)
    }
  })

  it("lakegate sql counts every gold table's current rows and every silver table's published rows", async () => {
    const state = currentOf(lakehouse)!
    expect(state.versions).toHaveLength(3)
    const counts = (tables: ReadonlyArray<string>) => {
      const result = lakegate(["sql", `select ${tables.map((t) => `(select count(*) from ${t}) as "${t}"`).join(", ")}`, "--lakehouse", lakehouse, "--json"])
      expect(result.status, result.stderr).toBe(0)
      return JSON.parse(result.stdout) as Record<string, string>
    }
    const gold = counts(GOLD_TABLES.map((t) => `gold.${t}`))
    for (const table of GOLD_TABLES) {
      const ref = state.current.tables[table]!
      expect(Number(gold[`gold.${table}`]), table).toBe(ref.rows)
      // The same rows again, read straight from the file list in _current.json (as a Spark or Trino user would).
      const files = ref.files!.map((f) => `'${join(lakehouse, "gold", f.path)}'`).join(", ")
      expect((await query(`select count(*)::INTEGER as n from read_parquet([${files}])`))[0]!["n"]).toBe(ref.rows)
    }
    expect(state.current.tables["fact_transactions"]!.rows).toBeGreaterThan(0)
    const silver = counts(SILVER.map((t) => `silver.${t}`))
    for (const table of SILVER) expect(Number(silver[`silver.${table}`]), table).toBe(DAYS.reduce((n, d) => n + manifestOf(lakehouse, "silver", table, d)!.rows, 0))
    const dates = lakegate(["sql", "select strftime(ingestion_date, '%Y-%m-%d') as d from silver.transactions group by all order by d", "--lakehouse", lakehouse])
    expect(dates.stdout.trim().split("\n")).toEqual(["d", ...DAYS])
  })

  it("unqualified names resolve to gold; without a query the tables are listed; a bad query is exit 2 in one line", () => {
    const state = currentOf(lakehouse)!
    const result = lakegate(["sql", "select count(*) as n from fact_transactions", "--lakehouse", lakehouse])
    expect(count(result.stdout)).toBe(state.current.tables["fact_transactions"]!.rows)
    const listed = lakegate(["sql", "--lakehouse", lakehouse])
    expect(listed.status).toBe(0)
    for (const table of GOLD_TABLES) expect(listed.stdout).toContain(`gold.${table}\t${state.current.tables[table]!.rows} rows`)
    const bad = lakegate(["sql", "select * from no_such_table", "--lakehouse", lakehouse])
    expect(bad.status).toBe(2)
    expect(bad.stderr.trim().split("\n")).toHaveLength(1)
    expect(bad.stderr).toMatch(/^lakegate: the query failed: .*no_such_table/)
    const missing = lakegate(["sql", "select 1", "--lakehouse", join(dir, "nowhere")])
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain("no lakehouse at")
  })

  it("export-catalog writes a DuckDB database whose views return exactly the current rows", async () => {
    const file = join(dir, "catalog.duckdb")
    const result = lakegate(["export-catalog", file, "--lakehouse", lakehouse])
    expect(result.status, result.stderr).toBe(0)
    expect(readFileSync(file).length).toBeGreaterThan(0)
    const state = currentOf(lakehouse)!
    const instance = await DuckDBInstance.create(file, { access_mode: "READ_ONLY" })
    const connection = await instance.connect()
    try {
      for (const table of GOLD_TABLES) {
        const rows = (await connection.runAndReadAll(`select count(*)::INTEGER as n from gold.${table}`)).getRowObjectsJson()
        expect(rows[0]!["n"], table).toBe(state.current.tables[table]!.rows)
      }
      const silver = (await connection.runAndReadAll(`select count(*)::INTEGER as n from silver.transactions`)).getRowObjectsJson()
      expect(silver[0]!["n"]).toBe(DAYS.reduce((n, d) => n + manifestOf(lakehouse, "silver", "transactions", d)!.rows, 0))
    } finally {
      connection.closeSync()
      instance.closeSync()
    }
  })

  it("a gold table's own folder holds no data a glob would count: retained versions live under gold/_files", async () => {
    const state = currentOf(lakehouse)!
    for (const table of GOLD_TABLES) expect(existsSync(join(lakehouse, "gold", table)), table).toBe(false)
    // The retained versions are there (rollback needs them), out of the tables' read path: three versions of
    // the customer dimension (rewritten each day; facts are shared between versions, so they are not).
    const all = await query(`select count(*)::INTEGER as n from read_parquet('${join(lakehouse, "gold", "_files", "dim_customer")}/*/*.parquet')`)
    expect(all[0]!["n"]).toBeGreaterThan(state.current.tables["dim_customer"]!.rows)
  })
})
