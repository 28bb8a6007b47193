import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { sourceCustomers } from "../../contracts/source/customers.ts"
import { silverCustomers } from "../../contracts/silver/customers.ts"
import { silverTransactions } from "../../contracts/silver/transactions.ts"
import { reconcileBronzeSilver } from "../../contracts/silver/reconcile.ts"
import { bronzeCustomersRaw } from "../../contracts/bronze/customers_raw.ts"
import { tableChecks } from "../../src/contract/standardChecks.ts"
import { Duck } from "../../src/engine/Duck.ts"
import { quarantineRateResult } from "../../src/stages/refine/rowCheckResults.ts"
import { TestDuck } from "../support/duck.ts"

const batch = (id: string) => sourceCustomers.batchChecks.find((c) => c.id === id)!

const setupCandidates = (transactions: ReadonlyArray<[number, number, number, number, string]>, customers: ReadonlyArray<[number, number]>) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    yield* duck.run(`create table c (record_index bigint, source_id varchar, customer_id bigint)`)
    yield* duck.run(`create table t (record_index bigint, source_id varchar, position integer, transaction_id bigint, product_id bigint, product_name varchar)`)
    if (customers.length > 0) yield* duck.run(`insert into c values ${customers.map(([r, id]) => `(${r}, '${id}', ${id})`).join(", ")}`)
    if (transactions.length > 0)
      yield* duck.run(`insert into t values ${transactions.map(([r, p, tx, pid, name]) => `(${r}, '${r + 1}', ${p}, ${tx}, ${pid}, '${name}')`).join(", ")}`)
  })

const violations = (id: string) =>
  Effect.flatMap(Duck, (duck) => duck.all(`select record_index, path from (${batch(id).violationsSql((table) => (table === "customers" ? "c" : "t"))}) order by 1, 2`))

describe("batch checks", () => {
  it.effect("key.customer_id_unique keeps the first occurrence in file order", () =>
    Effect.gen(function* () {
      yield* setupCandidates([], [[0, 7], [1, 8], [2, 7], [3, 7]])
      expect(yield* violations("key.customer_id_unique")).toEqual([
        { record_index: "2", path: "id" },
        { record_index: "3", path: "id" }
      ])
    }).pipe(Effect.provide(TestDuck)))

  it.effect("key.transaction_id_unique passes on unique ids and rejects later repeats", () =>
    Effect.gen(function* () {
      yield* setupCandidates([[0, 0, 100, 1, "A"], [0, 1, 101, 1, "A"], [1, 0, 102, 1, "A"], [2, 0, 100, 1, "A"]], [])
      expect(yield* violations("key.transaction_id_unique")).toEqual([{ record_index: "2", path: "transactions[0].transaction_id" }])
    }).pipe(Effect.provide(TestDuck)))

  it.effect("product.name_consistent rejects the minority name; ties go to the name seen first", () =>
    Effect.gen(function* () {
      yield* setupCandidates(
        [[0, 0, 1, 5, "Lamp"], [1, 0, 2, 5, "Lamp"], [2, 0, 3, 5, "Lantern"], [3, 0, 4, 6, "Desk"], [4, 0, 5, 6, "Table"], [5, 0, 6, 7, "Chair"]],
        []
      )
      expect(yield* violations("product.name_consistent")).toEqual([
        { record_index: "2", path: "transactions[0].product_name" },
        { record_index: "4", path: "transactions[0].product_name" }
      ])
    }).pipe(Effect.provide(TestDuck)))
})

const views = (sql: Record<string, string>) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    for (const [name, body] of Object.entries(sql)) yield* duck.run(`create or replace view ${name} as ${body}`)
  })
const context = { layer: "silver", relation: (t: string) => t }
const statusOf = (id: string, contract: Parameters<typeof tableChecks>[0]) =>
  Effect.gen(function* () {
    const results = []
    for (const check of tableChecks(contract).filter((c) => c.id === id)) results.push(yield* check.evaluate(context))
    return results.map((r) => `${r.status}:${r.failed}`)
  })

const customersRow = (id: number, email: string | null = "'a@b.co'") =>
  `select ${id}::bigint as customer_id, 'n' as name, ${email}::varchar as email, date '2024-01-01' as signup_date, null::date as last_purchase, 0::decimal(18,2) as total_spent, 0::integer as transaction_count, ${id}::bigint as _record_index`

describe("dataset checks", () => {
  it.effect("schema.columns, key.unique, not_null: pass and fail", () =>
    Effect.gen(function* () {
      yield* views({ customers: `${customersRow(1)} union all ${customersRow(2)}` })
      expect(yield* statusOf("schema.columns", silverCustomers)).toEqual(["pass:0"])
      expect(yield* statusOf("key.unique", silverCustomers)).toEqual(["pass:0"])
      expect(yield* statusOf("not_null", silverCustomers)).toEqual(["pass:0"])
      yield* views({ customers: `${customersRow(1)} union all ${customersRow(1, "null")}` })
      expect(yield* statusOf("key.unique", silverCustomers)).toEqual(["fail:1"])
      expect(yield* statusOf("not_null", silverCustomers)).toEqual(["fail:1"])
      yield* views({ customers: `select customer_id, name from (${customersRow(1)})` })
      expect(yield* statusOf("schema.columns", silverCustomers)).toEqual(["fail:6"])
      yield* views({ customers: `select * exclude (name), 'n' as name from (${customersRow(1)})` })
      expect(yield* statusOf("schema.columns", silverCustomers)).toEqual(["fail:1"])
    }).pipe(Effect.provide(TestDuck)))

  it.effect("fk.reference: every transaction's customer and product exist", () =>
    Effect.gen(function* () {
      yield* views({
        customers: customersRow(1),
        products: `select 5::bigint as product_id, 'Lamp' as product_name`,
        transactions: `select 10::bigint as transaction_id, 1::bigint as customer_id, date '2024-01-02' as transaction_date, 1.00::decimal(18,2) as amount, 5::bigint as product_id, 1::bigint as _record_index`
      })
      expect(yield* statusOf("fk.reference", silverTransactions)).toEqual(["pass:0", "pass:0"])
      yield* views({ products: `select 6::bigint as product_id, 'Desk' as product_name` })
      expect(yield* statusOf("fk.reference", silverTransactions)).toEqual(["pass:0", "fail:1"])
    }).pipe(Effect.provide(TestDuck)))

  it.effect("bronze.lineage: record indexes contiguous from 0", () =>
    Effect.gen(function* () {
      const bronze = (ids: string) => `select i::bigint as _record_index, '{}' as raw from (values ${ids}) v(i)`
      yield* views({ customers_raw: bronze("(0), (1), (2)") })
      const run = () => Effect.forEach(tableChecks(bronzeCustomersRaw).filter((c) => c.id === "bronze.lineage"), (c) => c.evaluate({ layer: "bronze", relation: (t) => t }))
      expect((yield* run()).map((r) => r.status)).toEqual(["pass"])
      yield* views({ customers_raw: bronze("(0), (2), (3)") })
      expect((yield* run()).map((r) => r.status)).toEqual(["fail"])
    }).pipe(Effect.provide(TestDuck)))

  it.effect("reconcile.bronze_silver: counts and amounts", () =>
    Effect.gen(function* () {
      const setup = (quarantined: string) =>
        views({
          bronze: `select * from (values (0), (1), (2)) v(_record_index)`,
          customers: `select * from (values (0, 3.00::decimal(18,2)), (1, 2.50::decimal(18,2))) v(_record_index, total_spent)`,
          transactions: `select * from (values (3.00::decimal(18,2)), (2.50::decimal(18,2))) v(amount)`,
          quarantine: `select * from (values ${quarantined}) v(_record_index)`,
          candidate_transactions: `select * from (values (0, 3.00::decimal(18,2)), (1, 2.50::decimal(18,2)), (2, 9.99::decimal(18,2))) v(record_index, amount)`
        })
      yield* setup("(2), (2)")
      const ok = yield* reconcileBronzeSilver.evaluate(context)
      expect(ok.status).toBe("pass")
      expect(ok.observed).toMatchObject({ bronze_records: "3", accepted: "2", quarantined: "1", amount_decoded: "15.49", amount_quarantined: "9.99" })
      yield* setup("(1)")
      const bad = yield* reconcileBronzeSilver.evaluate(context)
      expect(bad.status).toBe("fail")
      expect(bad.message).toContain("neither accepted nor quarantined")
    }).pipe(Effect.provide(TestDuck)))
})

describe("quarantine.rate", () => {
  it("passes, warns and fails by threshold", () => {
    const t = { warn: 0.01, fail: 0.05 }
    expect(quarantineRateResult("customers", 0, 100, t).status).toBe("pass")
    expect(quarantineRateResult("customers", 1, 100, t).status).toBe("pass")
    expect(quarantineRateResult("customers", 2, 100, t).status).toBe("warn")
    expect(quarantineRateResult("customers", 6, 100, t).status).toBe("fail")
  })
})
