/**
 * `docs/contracts/` holds the customers pipeline's table contracts exported in
 * every format, in sync with the contracts (regenerate with
 * `npm run contracts:export`); each file is usable: the ODCS documents parse
 * back, the JSON Schemas compile, the DuckDB DDL runs.
 */
import { Effect } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { contractExports, exportedTables } from "../../contracts/exportDocs.ts"
import { parseOdcs } from "../../src/index.ts"
import { jsonValidator, runDuck } from "./support.ts"

const dir = new URL("../../docs/contracts/", import.meta.url)
const files = contractExports()
const read = (file: string) => readFileSync(new URL(file, dir), "utf8")

describe("docs/contracts/", () => {
  it("is in sync with the contracts (regenerate with `npm run contracts:export`)", () => {
    for (const { file, text } of files) expect(read(file), file).toBe(text)
    expect(readdirSync(dir).sort()).toEqual(files.map((f) => f.file).sort())
  })

  it("covers bronze, silver and gold in every format", () => {
    expect(new Set(exportedTables.map((t) => t.layer))).toEqual(new Set(["bronze", "silver", "gold"]))
    expect(files).toHaveLength(exportedTables.length * 5 + 1)
  })

  it("every ODCS document parses back to its table with the same columns, key and required columns", () => {
    for (const t of exportedTables) {
      const [back] = Effect.runSync(parseOdcs(read(`${t.table}.odcs.yaml`), `${t.table}.odcs.yaml`))
      expect(back?.table).toBe(t.table)
      expect(back?.primaryKey).toEqual(t.primaryKey)
      expect(back?.required).toEqual(t.required)
      // INTEGER columns are read back as lakegate's integers (BIGINT); every other type is the same.
      expect(back?.definition.sqlColumns).toEqual(t.definition.sqlColumns.map(([n, type]) => [n, type === "INTEGER" ? "BIGINT" : type]))
    }
  })

  it("every JSON Schema compiles with a draft 2020-12 validator", () => {
    const ajv = jsonValidator()
    for (const t of exportedTables) {
      const schema = JSON.parse(read(`${t.table}.schema.json`)) as object
      expect(ajv.validateSchema(schema), t.table).toBe(true)
      expect(() => ajv.compile(schema)).not.toThrow()
    }
  })

  it("the DuckDB DDL of every table runs, referenced tables first", async () => {
    const outcomes = await runDuck(exportedTables.map((t) => read(`${t.table}.duckdb.sql`)))
    expect(outcomes.map((o, i) => [exportedTables[i]?.table, o])).toEqual(exportedTables.map((t) => [t.table, null]))
  })
})
