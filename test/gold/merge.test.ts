/**
 * The gold merge SQL and the gold checks on small hand-made days, in one
 * DuckDB: SCD2 versions, fact keys, re-runs, backfills in any order.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { goldContracts } from "../../contracts/gold/index.ts"
import { productNameStable } from "../../contracts/gold/dim_product.ts"
import { goldReconcilesSilver } from "../../contracts/gold/reconcile.ts"
import { topCustomersRecalculated } from "../../contracts/gold/top_customers.ts"
import { customerTotalsReconcile } from "../../contracts/gold/customer_totals.ts"
import { GoldRelation } from "../../contracts/gold/relations.ts"
import { tableChecks } from "../../src/contract/standardChecks.ts"
import { Duck } from "../../src/engine/Duck.ts"
import { Build, goldBuilds } from "../../contracts/gold/sql.ts"
import { build, content, emptyGold, evaluate, lcg, merge, promote, rows, shuffle, versions, withGold, type Customer, type Day, type Transaction } from "./harness.ts"

const ann: Customer = [1, "Ann Lee", "ann@example.com"]
const bob: Customer = [2, "Bob Roy", "bob@example.com"]
const day1: Day = { date: "2026-11-01", customers: [ann, bob], transactions: [[101, 1, "2025-03-04", "10.10", 7], [201, 2, "2026-10-31", "5.00", 8]] }

describe("gold builds", () => {
  it("every gold contract has exactly one build, in the contracts' order, and large tables are written unsorted", () => {
    expect(goldBuilds.map((b) => b.contract)).toEqual([...goldContracts])
    expect(new Set(goldBuilds.map((b) => b.build)).size).toBe(goldBuilds.length)
    expect(goldBuilds.filter((b) => b.order === null).map((b) => b.contract.table).sort()).toEqual(["customer_presence", "dim_customer", "fact_transactions"])
  })
})

describe("gold merge: SCD2 customers", () => {
  it.effect("a first day opens one current version per customer, valid from that day; earlier facts map to it", () =>
    withGold(
      Effect.gen(function* () {
        yield* build(day1)
        expect(yield* versions).toEqual([
          { customer_id: "1", name: "Ann Lee", email: "ann@example.com", valid_from: "2026-11-01", valid_to: null, is_current: true },
          { customer_id: "2", name: "Bob Roy", email: "bob@example.com", valid_from: "2026-11-01", valid_to: null, is_current: true }
        ])
        const facts = yield* rows(`select f.transaction_id, c.customer_id, f.date_key, f.amount, f.ingestion_date from ${Build.fact_transactions} f join ${Build.dim_customer} c using (customer_key) order by 1`)
        expect(facts).toEqual([
          { transaction_id: "101", customer_id: "1", date_key: 20250304, amount: "10.10", ingestion_date: "2026-11-01" },
          { transaction_id: "201", customer_id: "2", date_key: 20261031, amount: "5.00", ingestion_date: "2026-11-01" }
        ])
        const calendar = yield* rows(`select count(*) as n, min("date") as lo, max("date") as hi, count(distinct date_key) as keys from ${Build.dim_date}`)
        expect(calendar).toEqual([{ n: "608", lo: "2025-03-04", hi: "2026-11-01", keys: "608" }])
        expect(yield* rows(`select date_key, weekday, quarter from ${Build.dim_date} where "date" = DATE '2026-11-01'`)).toEqual([{ date_key: 20261101, weekday: 7, quarter: 4 }])
      })
    ))

  it.effect("a changed name closes the version on the date it changed; facts follow the version current at their date", () =>
    withGold(
      Effect.gen(function* () {
        yield* merge(day1)
        yield* build({ date: "2026-11-02", customers: [[1, "Ann Smith", "ann@example.com"], bob], transactions: [...day1.transactions, [102, 1, "2026-11-02", "3.30", 7]] })
        expect(yield* versions).toEqual([
          { customer_id: "1", name: "Ann Lee", email: "ann@example.com", valid_from: "2026-11-01", valid_to: "2026-11-02", is_current: false },
          { customer_id: "1", name: "Ann Smith", email: "ann@example.com", valid_from: "2026-11-02", valid_to: null, is_current: true },
          { customer_id: "2", name: "Bob Roy", email: "bob@example.com", valid_from: "2026-11-01", valid_to: null, is_current: true }
        ])
        const facts = yield* rows(`select f.transaction_id, c.name, f.ingestion_date from ${Build.fact_transactions} f join ${Build.dim_customer} c using (customer_key) where c.customer_id = 1 order by 1`)
        expect(facts).toEqual([
          { transaction_id: "101", name: "Ann Lee", ingestion_date: "2026-11-01" },
          { transaction_id: "102", name: "Ann Smith", ingestion_date: "2026-11-02" }
        ])
        const top = yield* rows(`select rank, customer_id, name, total_spent from ${Build.top_customers} order by rank`)
        expect(top).toEqual([
          { rank: 1, customer_id: "1", name: "Ann Smith", total_spent: "13.40" },
          { rank: 2, customer_id: "2", name: "Bob Roy", total_spent: "5.00" }
        ])
        for (const check of goldContracts.flatMap((c) => c.datasetChecks)) expect((yield* evaluate(check)).status, check.id).toBe("pass")
      })
    ))

  it.effect("re-running an earlier date after a later change re-opens nothing and duplicates nothing", () =>
    withGold(
      Effect.gen(function* () {
        const day2: Day = { date: "2026-11-02", customers: [ann, bob], transactions: [...day1.transactions, [102, 1, "2026-11-02", "3.30", 7]] }
        const day3: Day = { date: "2026-11-03", customers: [ann, [2, "Bob Roy", "roy@example.com"]], transactions: [...day2.transactions, [202, 2, "2026-11-03", "1.00", 9]] }
        yield* merge(day1)
        yield* merge(day2)
        yield* merge(day3)
        yield* build(day3)
        const after3 = yield* content
        yield* merge(day2)
        yield* build(day3)
        expect(yield* content).toEqual(after3)
        yield* build(day2)
        expect(yield* content).toEqual(after3)
        expect(yield* rows(`select count(*) as n from ${Build.dim_customer} where customer_id = 2`)).toEqual([{ n: "2" }])
      })
    ))

  it.effect("a backfilled date between two merged dates gives the versions of the in-order history", () =>
    withGold(
      Effect.gen(function* () {
        const days: ReadonlyArray<Day> = [
          { date: "2026-11-01", customers: [ann], transactions: [] },
          { date: "2026-11-02", customers: [[1, "Ann Smith", "ann@example.com"]], transactions: [[102, 1, "2026-11-02", "1.00", 7]] },
          { date: "2026-11-03", customers: [ann], transactions: [[102, 1, "2026-11-02", "1.00", 7], [103, 1, "2026-11-03", "2.00", 7]] }
        ]
        for (const d of days) yield* merge(d)
        const inOrder = yield* content
        expect((yield* versions).map((v) => [v["name"], v["valid_from"], v["valid_to"]])).toEqual([
          ["Ann Lee", "2026-11-01", "2026-11-02"],
          ["Ann Smith", "2026-11-02", "2026-11-03"],
          ["Ann Lee", "2026-11-03", null]
        ])
        yield* emptyGold
        yield* merge(days[0]!)
        yield* merge(days[2]!)
        expect((yield* versions).map((v) => [v["name"], v["valid_from"]])).toEqual([["Ann Lee", "2026-11-01"]])
        yield* merge(days[1]!)
        expect(yield* content).toEqual(inOrder)
        expect(yield* rows(`select transaction_id, ingestion_date from ${Build.fact_transactions} order by 1`)).toEqual([
          { transaction_id: "102", ingestion_date: "2026-11-02" },
          { transaction_id: "103", ingestion_date: "2026-11-03" }
        ])
      })
    ))

  it.effect("a re-run that takes back a rename re-keys the later facts of the versions it removed", () =>
    withGold(
      Effect.gen(function* () {
        const smith: Customer = [1, "Ann Smith", "ann@example.com"]
        yield* merge({ date: "2026-11-01", customers: [ann], transactions: [] })
        yield* merge({ date: "2026-11-02", customers: [smith], transactions: [] })
        yield* merge({ date: "2026-11-03", customers: [ann], transactions: [[103, 1, "2026-11-03", "2.00", 7]] })
        expect((yield* versions).map((v) => [v["name"], v["valid_from"]])).toEqual([
          ["Ann Lee", "2026-11-01"],
          ["Ann Smith", "2026-11-02"],
          ["Ann Lee", "2026-11-03"]
        ])
        // Day 2 re-run as Ann Lee: two versions go and none opens; fact 103 (merged on day 3) must follow.
        yield* build({ date: "2026-11-02", customers: [ann], transactions: [] })
        expect((yield* versions).map((v) => [v["name"], v["valid_from"]])).toEqual([["Ann Lee", "2026-11-01"]])
        expect(yield* rows(`select f.transaction_id, c.valid_from, f.ingestion_date from ${Build.fact_transactions} f left join ${Build.dim_customer} c using (customer_key)`)).toEqual([
          { transaction_id: "103", valid_from: "2026-11-01", ingestion_date: "2026-11-03" }
        ])
        for (const check of goldContracts.flatMap((c) => c.datasetChecks)) expect((yield* evaluate(check)).status, check.id).toBe("pass")
      })
    ))

  it.effect("any order of dates, with any re-runs, gives the gold of the in-order run (random histories)", () =>
    withGold(
      Effect.gen(function* () {
        for (let seed = 1; seed <= 4; seed++) {
          const random = lcg(seed)
          const history = randomHistory(random)
          yield* emptyGold
          for (const d of history) yield* merge(d)
          const inOrder = yield* content
          const order = shuffle([...history], random)
          const reruns = Array.from({ length: 2 }, () => history[Math.floor(random() * history.length)]!)
          yield* emptyGold
          for (const d of [...order, ...reruns]) yield* merge(d)
          expect(yield* content, `seed ${seed}: ${order.map((d) => d.date).join(", ")}`).toEqual(inOrder)
        }
      })
    ))
})

describe("gold merge: products and facts", () => {
  it.effect("a product renamed on a later date takes the new name and is flagged; an older delivery does not revert it", () =>
    withGold(
      Effect.gen(function* () {
        yield* merge({ ...day1, products: [[7, "Desk Lamp"], [8, "Oak Desk"]] })
        yield* build({ ...day1, date: "2026-11-03", products: [[7, "Desk Light"], [8, "Oak Desk"]] })
        const flagged = yield* evaluate(productNameStable)
        expect(flagged.status).toBe("warn")
        expect(flagged.samples.map((s) => [s.sourceId, s.message])).toEqual([["7", 'was "Desk Lamp", now "Desk Light": new name recorded in dim_product']])
        expect(yield* rows(`select product_name, last_seen from ${Build.dim_product} where product_id = 7`)).toEqual([{ product_name: "Desk Light", last_seen: "2026-11-03" }])
        yield* promote("2026-11-03")
        yield* build({ ...day1, date: "2026-11-02", products: [[7, "Desk Lamp"], [8, "Oak Desk"]] })
        const older = yield* evaluate(productNameStable)
        expect(older.samples.map((s) => s.message)).toEqual(['was "Desk Light", now "Desk Lamp": kept "Desk Light" from the newer delivery of 2026-11-03'])
        expect(yield* rows(`select product_name, last_seen from ${Build.dim_product} where product_id = 7`)).toEqual([{ product_name: "Desk Light", last_seen: "2026-11-03" }])
      })
    ))

  it.effect("amount.gold_reconciles_silver: new facts = delivered − already in gold, to the cent; a cent off or a lost fact fails", () =>
    withGold(
      Effect.gen(function* () {
        const duck = yield* Duck
        yield* merge(day1)
        yield* build({ date: "2026-11-02", customers: [ann, bob], transactions: [...day1.transactions, [102, 1, "2026-11-02", "3.30", 7], [103, 1, "2026-11-02", "0.10", 7]] })
        const ok = yield* evaluate(goldReconcilesSilver)
        expect(ok.status).toBe("pass")
        expect(ok.observed).toMatchObject({ silver_amount: "18.50", already_in_gold_amount: "15.10", expected_amount: "3.40", merged_amount: "3.40", merged: "2" })
        yield* duck.run(`update ${Build.fact_transactions} set amount = amount + 0.01 where transaction_id = 103`)
        const off = yield* evaluate(goldReconcilesSilver)
        expect(off.status).toBe("fail")
        expect(off.samples.map((s) => [s.sourceId, s.message])).toEqual([["103", "silver delivered 0.10, gold holds 0.11"]])
        yield* duck.run(`update ${Build.fact_transactions} set amount = amount - 0.01 where transaction_id = 103`)
        yield* duck.run(`delete from ${Build.fact_transactions} where transaction_id = 201`)
        const lost = yield* evaluate(goldReconcilesSilver)
        expect(lost.status).toBe("fail")
        expect(lost.message).toContain("1 fact(s) of the previous version are missing")
        yield* duck.run(`insert into ${Build.fact_transactions} select * from previous_fact_transactions where transaction_id = 201`)
        expect((yield* evaluate(goldReconcilesSilver)).status).toBe("pass")
        // A transaction gold already held from day 1, stamped as merged from day 2.
        yield* duck.run(`update ${Build.fact_transactions} set ingestion_date = DATE '2026-11-02' where transaction_id = 101`)
        const restamped = yield* evaluate(goldReconcilesSilver)
        expect(restamped.status).toBe("fail")
        expect(restamped.samples.map((s) => [s.sourceId, s.message])).toEqual([["101", "merged 10.10 from this date, but it was not new to gold"]])
      })
    ))

  it.effect("key.gold_unique, the fact foreign keys and the top customers catch tampered tables", () =>
    withGold(
      Effect.gen(function* () {
        const duck = yield* Duck
        yield* build(day1)
        const check = (table: string, id: string) => goldContracts.find((c) => c.table === table)!.datasetChecks.find((c) => c.id === id)!
        yield* duck.run(`insert into ${Build.dim_customer} select customer_key + 1, customer_id, name, email, signup_date, DATE '2026-11-05', null, true from ${Build.dim_customer} where customer_id = 1`)
        const unique = yield* evaluate(check("dim_customer", "key.gold_unique"))
        expect(unique.status).toBe("fail")
        expect(unique.samples.map((s) => s.message)).toContain("2 current rows")
        yield* duck.run(`delete from ${Build.dim_customer} where valid_from = DATE '2026-11-05'`)
        expect((yield* evaluate(check("dim_customer", "key.gold_unique"))).status).toBe("pass")
        yield* duck.run(`delete from ${Build.dim_date} where date_key = 20250304`)
        expect((yield* evaluate(check("fact_transactions", "fk.fact_date"))).failed).toBe(1)
        yield* duck.run(`update ${Build.top_customers} set total_spent = total_spent + 1 where rank = 1`)
        const top = yield* evaluate(topCustomersRecalculated)
        expect(top.status).toBe("fail")
        expect(top.failed).toBe(1)
      })
    ))

  it.effect("amount.customer_totals_reconcile: a total a cent off, a lost customer or an invented one fails; the next day's totals add only its facts", () =>
    withGold(
      Effect.gen(function* () {
        const duck = yield* Duck
        yield* merge(day1)
        yield* build({ date: "2026-11-02", customers: [[1, "Ann Smith", "ann@example.com"], bob], transactions: [...day1.transactions, [102, 1, "2026-11-02", "3.30", 7]] })
        const reconcile = () => evaluate(customerTotalsReconcile)
        expect((yield* reconcile()).status).toBe("pass")
        const [added] = yield* rows(`select (a.total_spent - b.total_spent)::varchar as amount, (a.transactions - b.transactions)::varchar as facts
          from ${Build.customer_totals} a join ${GoldRelation.previousCustomerTotals} b using (customer_id) where customer_id = 1`)
        expect(added).toEqual({ amount: "3.30", facts: "1" })
        yield* duck.run(`update ${Build.customer_totals} set total_spent = total_spent + 0.01 where customer_id = 1`)
        expect((yield* reconcile()).samples.map((s) => s.sourceId)).toEqual(["1"])
        yield* duck.run(`update ${Build.customer_totals} set total_spent = total_spent - 0.01 where customer_id = 1`)
        yield* duck.run(`insert into ${Build.customer_totals} values (999, 1.00, 1)`)
        yield* duck.run(`delete from ${Build.customer_totals} where customer_id = 1`)
        const broken = yield* reconcile()
        expect(broken.samples.map((s) => [s.sourceId, s.message.split(":")[0]]).sort()).toEqual([["1", "missing"], ["999", "unexpected"]])
      })
    ))

  it.effect("the standard checks of every gold contract pass on a built version", () =>
    withGold(
      Effect.gen(function* () {
        yield* merge(day1)
        yield* build({ date: "2026-11-02", customers: [[1, "Ann Smith", "ann@example.com"], bob], transactions: [...day1.transactions, [102, 1, "2026-11-02", "3.30", 7]] })
        for (const c of goldContracts) {
          for (const check of tableChecks(c)) {
            const result = yield* evaluate(check)
            expect([c.table, check.id, result.status, result.message]).toEqual([c.table, check.id, "pass", result.message])
          }
        }
      })
    ))
})

/**
 * Full daily snapshots of up to 4 customers over 4 days: customers join on a
 * day and stay, names and emails flip between two values, each day adds a
 * transaction or two dated that day or earlier, and re-delivers all before.
 */
const randomHistory = (random: () => number): ReadonlyArray<Day> => {
  const days: Array<Day> = []
  const transactions: Array<Transaction> = []
  const joined: Array<number> = []
  for (let d = 1; d <= 4; d++) {
    const date = `2026-11-0${d}`
    for (let c = 1; c <= 4; c++) if (!joined.includes(c) && random() < 0.6) joined.push(c)
    const customers = joined.map((c): Customer => [c, random() < 0.5 ? `Name ${c}` : `Other ${c}`, random() < 0.7 ? `c${c}@example.com` : `c${c}@other.example`])
    for (const c of joined) {
      if (random() < 0.6) transactions.push([d * 100 + c, c, `2026-1${random() < 0.3 ? "0-2" : "1-0"}${d}`, `${1 + Math.floor(random() * 50)}.${String(Math.floor(random() * 100)).padStart(2, "0")}`, 1 + Math.floor(random() * 3)])
    }
    days.push({ date, customers, transactions: [...transactions] })
  }
  return days
}
