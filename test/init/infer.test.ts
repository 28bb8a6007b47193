/**
 * What `lakegate init` infers from small files written for each rule:
 * kinds and SQL types (money for 2-decimal numbers, never a float), text
 * that must stay text (leading zeros), fallbacks when a sniffed type does
 * not hold for every value, formats, enums, keys (a `*_id` preferred),
 * nullability, and nested JSON as nested kinds. Each contract is also
 * checked against its own data.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { column } from "../../src/contract/kinds.ts"
import { Duck, duckLayer, sqlString } from "../../src/engine/Duck.ts"
import { initContract } from "../../src/init/initContract.ts"
import { tempDirectory } from "../../src/testing/tempDirectory.ts"
import { repoRoot } from "../support/cli.ts"
import { roundTrip } from "./support.ts"

const TestDuck = duckLayer({ threads: 1, memoryLimit: "256MB" })

const run = <A>(effect: Effect.Effect<A, unknown, Duck>): Promise<A> => Effect.runPromise(Effect.provide(effect, TestDuck))

const file = (name: string, text: string): { dir: string; path: string } => {
  const dir = tempDirectory("lakegate-init-").path
  const path = join(dir, name)
  writeFileSync(path, text)
  return { dir, path }
}

const inferred = (paths: ReadonlyArray<string>) => run(Effect.map(initContract({ paths }, { format: "ts", date: "2026-12-04" }), (r) => r.inferred))

/** Both contracts init writes pass on their own data. */
const passesOnItsData = async (paths: ReadonlyArray<string>, dir: string) => {
  for (const format of ["ts", "odcs"] as const) {
    const r = await run(roundTrip(paths, dir, format))
    expect(r.failing, format).toEqual([])
    expect(r.exitCode, format).toBe(0)
  }
}

describe("lakegate init infers", () => {
  it("kinds, SQL types, formats, enums, nullability and the key of a CSV export", async () => {
    const path = join(repoRoot, "examples/odcs/data/orders.csv")
    const c = await inferred([path])
    expect(c.name).toBe("orders")
    expect(c.key).toEqual(["order_id"])
    expect(Object.fromEntries(c.columns)).toEqual({
      order_id: column.id(),
      customer_email: column.text({ format: "email" }),
      status: column.enum(["cancelled", "new", "paid", "shipped"]),
      amount: column.money({ min: "0.01", max: "100000.00" }),
      currency: column.enum(["EUR", "GBP", "USD"]),
      ordered_at: column.timestamp(),
      delivery_date: column.date({ nullable: true }),
      coupon_code: column.text({ nullable: true, minLength: 6, maxLength: 8 }),
      is_gift: column.boolean()
    })
    expect(c.suggestions.map((s) => s._tag)).toEqual(["Format", "AcceptedValues", "Range", "AcceptedValues", "Range", "Range", "Length", "RowCount"])
    expect(c.suggestions.at(-1)).toMatchObject({ _tag: "RowCount", min: 5, max: 20 })
    await passesOnItsData([path], tempDirectory("lakegate-init-").path)
  })

  it("money from 2-decimal numbers, DECIMAL with the scale seen otherwise, text for leading zeros", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i + 1},0${i}10,${(i * 1.125).toFixed(3)},${(i * 3.1).toFixed(2)}`)
    const { dir, path } = file("measures.csv", `id,zip,weight,price\n${rows.join("\n")}\n`)
    const c = Object.fromEntries((await inferred([path])).columns)
    expect(c["zip"]).toEqual(column.text({ minLength: 4, maxLength: 5 }))
    expect(c["weight"]).toEqual(column.decimal(18, 3, { min: "0.000", max: "32.625" }))
    expect(c["price"]).toEqual(column.money({ min: "0.00", max: "89.90" }))
    await passesOnItsData([path], dir)
  })

  it("a decimal where DuckDB's sample saw only integers: a value past the sniffer's sample still types", async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => String(i % 1000))
    const { dir, path } = file("late.csv", `n\n${rows.join("\n")}\n2.5\n`)
    const c = Object.fromEntries((await inferred([path])).columns)
    expect(c["n"]).toEqual(column.money({ min: "0.00", max: "999.00" }))
    await passesOnItsData([path], dir)
  })

  it("prefers a *_id key, and leaves out what no kind fits (a Parquet float, a JSON column of mixed types)", async () => {
    const dir = tempDirectory("lakegate-init-").path
    const parquet = join(dir, "readings.parquet")
    await run(
      Effect.flatMap(Duck, (duck) =>
        duck.run(`copy (select i as code, 100 + i as reading_id, i / 3.0 :: double as ratio from range(1, 40) t(i)) to ${sqlString(parquet)} (format parquet)`)
      )
    )
    const p = await inferred([parquet])
    expect(p.key).toEqual(["reading_id"])
    expect(p.columns.map(([n]) => n)).toEqual(["code", "reading_id"])
    expect(p.skipped).toEqual([{ name: "ratio", reason: expect.stringContaining("DOUBLE is a binary float") }])
    await passesOnItsData([parquet], dir)

    const mixed = file("mixed.ndjson", ['{"a": 1, "b": "x"}', '{"a": 2, "b": 5}', '{"a": 3, "b": true}'].join("\n") + "\n")
    const j = await inferred([mixed.path])
    expect(j.columns.map(([n]) => n)).toEqual(["a"])
    expect(j.skipped.map((s) => s.name)).toEqual(["b"])
    await passesOnItsData([mixed.path], mixed.dir)
  })

  it("nested kinds from nested JSON: structs, lists of structs, lists of text, nullable only where NULLs were seen", async () => {
    const path = join(repoRoot, "examples/odcs/data/shipments.ndjson")
    const c = Object.fromEntries((await inferred([path])).columns)
    expect(c["address"]).toEqual(
      column.struct({ street: column.text(), city: column.text(), postcode: column.text({ nullable: true }), country: column.text() })
    )
    expect(c["parcels"]).toEqual(column.list(column.struct({ sku: column.text(), quantity: column.integer() })))
    expect(c["labels"]).toEqual(column.list(column.text(), { nullable: true }))
    expect(c["weight_kg"]).toEqual(column.decimal(18, 3, { min: "0.001", max: "30.000" }))
    expect(c["tracking_id"]).toEqual(column.text({ nullable: true, format: "uuid" }))
    await passesOnItsData([path], tempDirectory("lakegate-init-").path)
  })

  it("nested money inside a list of structs, and nullable nested fields and items", async () => {
    const lines = [
      '{"order_id": 1, "lines": [{"sku": "A", "price": 9.99, "tags": ["x"]}, {"sku": null, "price": 10.5, "tags": null}]}',
      '{"order_id": 2, "lines": [{"sku": "B", "price": 100, "tags": ["y", null]}]}',
      '{"order_id": 3, "lines": null}'
    ]
    const { dir, path } = file("nested.ndjson", lines.join("\n") + "\n")
    const c = await inferred([path])
    expect(c.key).toEqual(["order_id"])
    expect(Object.fromEntries(c.columns)["lines"]).toEqual(
      column.list(column.struct({ sku: column.text({ nullable: true }), price: column.money(), tags: column.list(column.text({ nullable: true }), { nullable: true }) }), { nullable: true })
    )
    await passesOnItsData([path], dir)
  })
})
