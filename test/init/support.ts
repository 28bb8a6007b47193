/**
 * Helpers of the `lakegate init` tests: generated tables of varied column
 * types, written as CSV, Parquet or NDJSON by DuckDB itself, and the round
 * trip the property asserts: init on the files, load the written contract
 * (TypeScript and ODCS) as `lakegate check` does, check the same files.
 */
import { Effect, FastCheck as fc } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { checkData } from "../../src/check/checkData.ts"
import { loadContract } from "../../src/check/loadContract.ts"
import { epochDay, fromEpochDay } from "../../src/checks/dates.ts"
import { formatCents } from "../../src/checks/money.ts"
import { Duck, sqlIdent, sqlString } from "../../src/engine/Duck.ts"
import { initContract, renderContract, type InitResult } from "../../src/init/initContract.ts"

/** A generated column: its SQL type and how one value is written as a SQL literal. */
export interface GenColumn {
  readonly name: string
  readonly sqlType: string
  /** SQL literals, one per row (`NULL` for a null). */
  readonly values: ReadonlyArray<string>
}

/** A generated table and the format it is written in. */
export interface GenTable {
  readonly columns: ReadonlyArray<GenColumn>
  readonly rows: number
  readonly format: "csv" | "parquet" | "ndjson" | "json"
}

type ValueGen = { readonly sqlType: string; readonly value: fc.Arbitrary<string>; readonly nested?: true }

const text = (s: string) => sqlString(s)
const day = fc.integer({ min: epochDay("2015-01-01"), max: epochDay("2026-10-31") }).map(fromEpochDay)

/** Value generators of each column type (as SQL literals). */
export const VALUE_GENS: ReadonlyArray<ValueGen> = [
  { sqlType: "BIGINT", value: fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String) },
  { sqlType: "BIGINT", value: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }).map(String) },
  { sqlType: "DECIMAL(18,2)", value: fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => formatCents(c)) },
  { sqlType: "DECIMAL(18,3)", value: fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => `${n < 0 ? "-" : ""}${Math.floor(Math.abs(n) / 1000)}.${String(Math.abs(n) % 1000).padStart(3, "0")}`) },
  { sqlType: "DOUBLE", value: fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }).map((d) => `${d}::DOUBLE`) },
  { sqlType: "VARCHAR", value: fc.string({ maxLength: 12 }).map(text) },
  { sqlType: "VARCHAR", value: fc.constantFrom("new", "paid", "shipped", "cancelled").map(text) },
  { sqlType: "VARCHAR", value: fc.emailAddress().map(text) },
  { sqlType: "VARCHAR", value: fc.uuid().map(text) },
  { sqlType: "VARCHAR", value: fc.stringMatching(/^0\d{4}$/).map(text) },
  { sqlType: "VARCHAR", value: fc.integer({ min: 1, max: 99_999 }).map((n) => text(String(n))) },
  { sqlType: "DATE", value: day.map((d) => `DATE '${d}'`) },
  { sqlType: "VARCHAR", value: day.map(text) },
  { sqlType: "TIMESTAMP", value: fc.integer({ min: 1_500_000_000, max: 1_780_000_000 }).map((s) => `TIMESTAMP '${new Date(s * 1000).toISOString().replace("T", " ").slice(0, 19)}'`) },
  { sqlType: "BOOLEAN", value: fc.boolean().map(String) },
  {
    sqlType: "STRUCT(sku VARCHAR, qty BIGINT, price DECIMAL(18,2))[]",
    nested: true,
    value: fc
      .array(fc.record({ sku: fc.stringMatching(/^SKU-\d{3}$/), qty: fc.integer({ min: 1, max: 9 }), price: fc.integer({ min: 1, max: 99_999 }) }), { maxLength: 3 })
      .map((lines) => `[${lines.map((l) => `{'sku': ${text(l.sku)}, 'qty': ${l.qty}, 'price': ${formatCents(l.price)}}`).join(", ")}]::STRUCT(sku VARCHAR, qty BIGINT, price DECIMAL(18,2))[]`)
  }
]

/** A column of `rows` values: one generator, sometimes with NULLs. */
const columnArb = (rows: number, format: GenTable["format"]): fc.Arbitrary<Omit<GenColumn, "name">> =>
  fc
    .constantFrom(...VALUE_GENS.filter((g) => format !== "csv" || g.nested !== true))
    .chain((g) =>
      fc.boolean().chain((withNulls) =>
        fc
          .array(withNulls ? fc.option(g.value, { nil: "NULL", freq: 3 }) : g.value, { minLength: rows, maxLength: rows })
          .map((values) => ({ sqlType: g.sqlType, values }))
      )
    )

/** How generated columns are named: plain, or needing quotes in SQL and TypeScript. */
const PREFIXES = ["c", "Col ", "unit-price ", "1st_", "Ünïcode_"]

/** A table of 1..25 rows and 1..6 columns (the first sometimes a unique `*_id`), in one format. */
export const tableArb: fc.Arbitrary<GenTable> = fc
  .record({
    rows: fc.integer({ min: 1, max: 25 }),
    format: fc.constantFrom("csv" as const, "parquet" as const, "ndjson" as const, "json" as const),
    withId: fc.boolean(),
    prefix: fc.constantFrom(...PREFIXES)
  })
  .chain(({ rows, format, withId, prefix }) =>
    fc.array(columnArb(rows, format), { minLength: 1, maxLength: 6 }).map((columns) => ({
      rows,
      format,
      columns: [
        ...(withId ? [{ name: "row_id", sqlType: "BIGINT", values: Array.from({ length: rows }, (_, i) => String(i + 1)) }] : []),
        ...columns.map((c, i) => ({ ...c, name: `${prefix}${i}_${c.sqlType.replace(/[^A-Za-z]/g, "").toLowerCase().slice(0, 8)}` }))
      ]
    }))
  )

/** Write a generated table with DuckDB's COPY, in its format; returns the file's path. */
export const writeTable = (t: GenTable, dir: string): Effect.Effect<string, unknown, Duck> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const path = join(dir, `data.${t.format}`)
    const name = `gen_${Math.random().toString(36).slice(2, 8)}`
    yield* duck.run(`create table ${name} (${t.columns.map((c) => `${sqlIdent(c.name)} ${c.sqlType}`).join(", ")})`)
    const rows = Array.from({ length: t.rows }, (_, r) => `(${t.columns.map((c) => c.values[r]!).join(", ")})`)
    yield* duck.run(`insert into ${name} values ${rows.join(", ")}`)
    const options = { csv: "format csv, header true", parquet: "format parquet", ndjson: "format json", json: "format json, array true" }[t.format]
    yield* duck.run(`copy ${name} to ${sqlString(path)} (${options})`)
    yield* duck.run(`drop table ${name}`)
    return path
  })

/** The outcome of checking files against a contract init wrote. */
export interface RoundTrip {
  readonly init: InitResult
  readonly exitCode: number
  /** Checks that did not pass, with their messages. */
  readonly failing: ReadonlyArray<string>
  readonly checkIds: ReadonlyArray<string>
}

/** init on the files (writing FORMAT's contract to `dir`), load the contract as `lakegate check` does, and check the same files. */
export const roundTrip = (paths: ReadonlyArray<string>, dir: string, format: "ts" | "odcs", init?: InitResult): Effect.Effect<RoundTrip, unknown, Duck> =>
  Effect.gen(function* () {
    const result = init ?? (yield* initContract({ paths }, { format, date: "2026-12-04" }))
    const file = join(dir, format === "ts" ? "inferred.contract.ts" : "inferred.odcs.yaml")
    writeFileSync(file, renderContract(result.inferred, format))
    const contract = yield* loadContract(file)
    const { report } = yield* checkData(contract, { paths }, { ingestionDate: "2026-12-04", contractPath: file })
    return {
      init: result,
      exitCode: report.exitCode,
      failing: report.checks.filter((c) => c.status !== "pass").map((c) => `${c.checkId}: ${c.status}: ${c.message}`),
      checkIds: report.checks.map((c) => c.checkId)
    }
  })
