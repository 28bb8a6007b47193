/**
 * customer_presence, the runs dim_customer derives from: backfills and
 * re-runs around customers missing from some dates, checked against the
 * reference model (customerOracle.ts) and against the in-order history; the
 * migration from a version without the table; and the checks that guard it.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { customerGoldReconcilesSilver, goldCustomerPresence } from "../../contracts/gold/customer_presence.ts"
import { goldContracts, GoldRelation } from "../../contracts/gold/index.ts"
import { Duck } from "../../src/engine/Duck.ts"
import { Build, legacyPresenceSql } from "../../contracts/gold/sql.ts"
import { expectedCustomers } from "./customerOracle.ts"
import { build, content, emptyGold, evaluate, lcg, merge, rows, shuffle, withGold, type Customer, type Day } from "./harness.ts"

const customers = Effect.all({
  presence: rows(`select customer_id, name, email, signup_date, first_seen, last_seen from ${Build.customer_presence} order by customer_id, first_seen`),
  versions: rows(`select customer_id, name, email, signup_date, valid_from, valid_to, is_current from ${Build.dim_customer} order by customer_id, valid_from`)
})

/** Merge the runs in order on an empty gold; every gold check must pass after each run. */
const mergeAll = (runs: ReadonlyArray<Day>) =>
  Effect.gen(function* () {
    yield* emptyGold
    for (const day of runs) {
      yield* build(day)
      const failing = []
      for (const check of goldContracts.flatMap((c) => c.datasetChecks)) {
        const result = yield* evaluate(check)
        if (result.status !== "pass" && result.status !== "warn") failing.push(`${day.date} ${check.id}: ${result.message} ${JSON.stringify(result.samples)}`)
      }
      expect(failing).toEqual([])
      yield* merge(day)
    }
    return yield* content
  })

/** The runs in the given order give the reference model's customers and the gold of the dates merged once, in date order. */
const expectLikeInOrder = (runs: ReadonlyArray<Day>) =>
  Effect.gen(function* () {
    const latest = new Map(runs.map((d) => [d.date, d]))
    const inOrder = yield* mergeAll([...latest.values()].sort((a, b) => (a.date < b.date ? -1 : 1)))
    const asRun = yield* mergeAll(runs)
    expect(yield* customers).toEqual(expectedCustomers(runs))
    expect(asRun).toEqual(inOrder)
  })

const day = (date: string, ...delivered: ReadonlyArray<Customer>): Day => ({ date, customers: delivered, transactions: [] })
const current = rows(`select customer_id, name from ${Build.dim_customer} where is_current order by customer_id`)

describe("customer_presence: customers missing from a merged date", () => {
  it.effect("a backfill that renames a customer missing from the next merged date makes the new name current (property 6's replay)", () =>
    withGold(
      Effect.gen(function* () {
        const bea: Customer = [1, "Bea Diaz", "bea@example.com"]
        const runs = [
          day("2016-02-01", bea, [2, "Gus Nguyen", "gus@example.com"]),
          day("2016-02-15", bea), // customer 2 not delivered
          day("2016-02-07", bea, [2, "Pat Müller", "gus@example.com"])
        ]
        yield* expectLikeInOrder(runs)
        expect(yield* current).toEqual([
          { customer_id: "1", name: "Bea Diaz" },
          { customer_id: "2", name: "Pat Müller" }
        ])
        const { presence, versions } = yield* customers
        expect(presence.filter((r) => r["customer_id"] === "2").map((r) => [r["name"], r["first_seen"], r["last_seen"]])).toEqual([
          ["Gus Nguyen", "2016-02-01", "2016-02-01"],
          ["Pat Müller", "2016-02-07", "2016-02-07"]
        ])
        expect(versions.filter((v) => v["customer_id"] === "2").map((v) => [v["name"], v["valid_from"], v["valid_to"]])).toEqual([
          ["Gus Nguyen", "2016-02-01", "2016-02-07"],
          ["Pat Müller", "2016-02-07", null]
        ])
        // Bea, delivered on every date, is one run over the three dates, whatever their order.
        expect(presence.filter((r) => r["customer_id"] === "1").map((r) => [r["first_seen"], r["last_seen"]])).toEqual([["2016-02-01", "2016-02-15"]])
      })
    ))

  it.effect("a re-run that no longer delivers a customer removes the version its first run opened", () =>
    withGold(
      Effect.gen(function* () {
        const lee: Customer = [1, "Ann Lee", "ann@example.com"]
        const smith: Customer = [1, "Ann Smith", "ann@example.com"]
        const bob: Customer = [2, "Bob Roy", "bob@example.com"]
        // The re-run is of an earlier date, after a later one was merged.
        yield* expectLikeInOrder([day("2026-11-01", lee, bob), day("2026-11-02", smith, bob), day("2026-11-03", smith, bob), day("2026-11-02", bob)])
        expect((yield* customers).versions.filter((v) => v["customer_id"] === "1").map((v) => [v["name"], v["valid_from"], v["valid_to"]])).toEqual([
          ["Ann Lee", "2026-11-01", "2026-11-03"],
          ["Ann Smith", "2026-11-03", null]
        ])
        // The re-run is of the latest date: the version it opened was the current one.
        yield* expectLikeInOrder([day("2026-11-01", lee, bob), day("2026-11-02", smith, bob), day("2026-11-02", bob)])
        expect(yield* current).toEqual([
          { customer_id: "1", name: "Ann Lee" },
          { customer_id: "2", name: "Bob Roy" }
        ])
        expect((yield* customers).presence.filter((r) => r["customer_id"] === "1").map((r) => [r["first_seen"], r["last_seen"]])).toEqual([["2026-11-01", "2026-11-01"]])
        // And back: a re-run that delivers the customer again as before joins the runs on both sides.
        yield* expectLikeInOrder([day("2026-11-01", lee, bob), day("2026-11-02", bob), day("2026-11-03", lee, bob), day("2026-11-02", lee, bob)])
        expect((yield* customers).presence.map((r) => [r["customer_id"], r["first_seen"], r["last_seen"]])).toEqual([
          ["1", "2026-11-01", "2026-11-03"],
          ["2", "2026-11-01", "2026-11-03"]
        ])
      })
    ))

  it.effect("a backfill between two later deliveries of one version splits it where the backfilled date changed something", () =>
    withGold(
      Effect.gen(function* () {
        const lee: Customer = [1, "Ann Lee", "ann@example.com"]
        const smith: Customer = [1, "Ann Smith", "ann@example.com"]
        const base = [day("2026-11-01", lee), day("2026-11-03", smith), day("2026-11-05", smith)]
        yield* expectLikeInOrder([...base, day("2026-11-04", lee)])
        expect((yield* customers).versions.map((v) => [v["name"], v["valid_from"], v["valid_to"]])).toEqual([
          ["Ann Lee", "2026-11-01", "2026-11-03"],
          ["Ann Smith", "2026-11-03", "2026-11-04"],
          ["Ann Lee", "2026-11-04", "2026-11-05"],
          ["Ann Smith", "2026-11-05", null]
        ])
        // A backfilled date without the customer leaves a gap in the runs and opens no version.
        yield* expectLikeInOrder([...base, day("2026-11-04", [2, "Bob Roy", "bob@example.com"])])
        const { presence, versions } = yield* customers
        expect(presence.filter((r) => r["customer_id"] === "1").map((r) => [r["name"], r["first_seen"], r["last_seen"]])).toEqual([
          ["Ann Lee", "2026-11-01", "2026-11-01"],
          ["Ann Smith", "2026-11-03", "2026-11-03"],
          ["Ann Smith", "2026-11-05", "2026-11-05"]
        ])
        expect(versions.filter((v) => v["customer_id"] === "1").map((v) => [v["name"], v["valid_from"], v["valid_to"]])).toEqual([
          ["Ann Lee", "2026-11-01", "2026-11-03"],
          ["Ann Smith", "2026-11-03", null]
        ])
        // The same delivery on the backfilled date joins the runs on both sides into one.
        yield* expectLikeInOrder([...base, day("2026-11-04", smith)])
        expect((yield* customers).presence.map((r) => [r["name"], r["first_seen"], r["last_seen"]])).toEqual([
          ["Ann Lee", "2026-11-01", "2026-11-01"],
          ["Ann Smith", "2026-11-03", "2026-11-05"]
        ])
      })
    ))

  it.effect("a changed signup_date splits a run but opens no version", () =>
    withGold(
      Effect.gen(function* () {
        yield* expectLikeInOrder([day("2026-11-03", [1, "Ann Lee", "ann@example.com", "2020-01-01"]), day("2026-11-01", [1, "Ann Lee", "ann@example.com", "2019-05-05"]), day("2026-11-02", [1, "Ann Lee", "ann@example.com", "2019-05-05"])])
        const { presence, versions } = yield* customers
        expect(presence.map((r) => [r["signup_date"], r["first_seen"], r["last_seen"]])).toEqual([
          ["2019-05-05", "2026-11-01", "2026-11-02"],
          ["2020-01-01", "2026-11-03", "2026-11-03"]
        ])
        expect(versions.map((v) => [v["signup_date"], v["valid_from"], v["valid_to"]])).toEqual([["2019-05-05", "2026-11-01", null]])
      })
    ))

  it.effect("random histories with missing customers, changed signups and re-runs that deliver something else first: any order gives the reference model and the in-order gold", () =>
    withGold(
      Effect.gen(function* () {
        for (let seed = 1; seed <= 12; seed++) {
          const random = lcg(seed * 7919)
          const history = sparseHistory(random)
          // Some dates are first run with another delivery, then re-run with theirs; a few are re-run at the end.
          const order = shuffle(history.flatMap((d) => (random() < 0.3 ? [sparseDay(d.date, random), d] : [d])), random)
          const runs = [...dedupeFinal(order, history), ...Array.from({ length: 2 }, () => history[Math.floor(random() * history.length)]!)]
          const inOrder = yield* mergeAll(history)
          const asRun = yield* mergeAll(runs)
          expect(yield* customers, `seed ${seed}`).toEqual(expectedCustomers(runs))
          expect(asRun, `seed ${seed}: ${runs.map((d) => d.date).join(", ")}`).toEqual(inOrder)
        }
      })
    ))
})

describe("customer_presence: a gold version written before the table existed", () => {
  it.effect("its runs are derived from dim_customer and the merged dates; the next runs give the gold of a lakehouse that always had them", () =>
    withGold(
      Effect.gen(function* () {
        // Every customer delivered on every date: what the earlier release assumed, so nothing is lost.
        const lee: Customer = [1, "Ann Lee", "ann@example.com"]
        const smith: Customer = [1, "Ann Smith", "ann@example.com"]
        const bob: Customer = [2, "Bob Roy", "bob@example.com"]
        const days = [day("2026-11-01", lee, bob), day("2026-11-03", smith, bob), day("2026-11-05", smith, bob), day("2026-11-06", lee, bob)]
        const later = [day("2026-11-04", lee, bob), day("2026-11-07", smith, [2, "Bob Roy", "roy@example.com"]), day("2026-11-03", lee, bob)]
        const always = yield* mergeAll([...days, ...later])
        yield* mergeAll(days)
        const duck = yield* Duck
        const before = yield* rows(`select * from ${GoldRelation.previousCustomerPresence} order by all`)
        yield* duck.run(`create or replace table ${GoldRelation.previousCustomerPresence} as ${legacyPresenceSql}`)
        expect(yield* rows(`select * from ${GoldRelation.previousCustomerPresence} order by all`)).toEqual(before)
        for (const d of later) yield* merge(d)
        expect(yield* content).toEqual(always)
      })
    ))
})

describe("customer_presence: the checks", () => {
  const gate = (id: string) => [...goldCustomerPresence.datasetChecks].find((c) => c.id === id)!
  const tamper = (sql: string) => Effect.flatMap(Duck, (duck) => duck.run(sql))
  const restore = (saved: string) => tamper(`create or replace table ${Build.customer_presence} as select * from ${saved}`)

  it.effect("customer.gold_reconciles_silver: a lost or invented delivery, or a stale current name, fails", () =>
    withGold(
      Effect.gen(function* () {
        const runs = [day("2026-11-01", [1, "Ann Lee", "ann@example.com"], [2, "Bob Roy", "bob@example.com"]), day("2026-11-02", [1, "Ann Smith", "ann@example.com"], [3, "Cy Ode", "cy@example.com"])]
        yield* merge(runs[0]!)
        yield* build(runs[1]!)
        expect((yield* evaluate(customerGoldReconcilesSilver)).status).toBe("pass")
        yield* tamper(`create table saved_presence as select * from ${Build.customer_presence}`)

        const samples = Effect.map(evaluate(customerGoldReconcilesSilver), (r) => [r.status, ...r.samples.map((s) => `${s.sourceId} ${s.message}`).sort()])

        yield* tamper(`delete from ${Build.customer_presence} where customer_id = 3`)
        expect(yield* samples).toEqual([
          "fail",
          "3 current version opened 2026-11-02, when no run starts",
          '3 delivered on 2026-11-02 as "Cy Ode" <cy@example.com>, signup 2020-01-01, but no run holds that date'
        ])
        yield* restore("saved_presence")

        yield* tamper(`update ${Build.customer_presence} set last_seen = DATE '2026-11-02' where customer_id = 2`)
        // Also a change to a customer the date did not deliver (a next-day run keeps them as they were).
        expect(yield* samples).toEqual([
          "fail",
          "2 a row of the previous version the run lost or changed, though the date did not deliver the customer",
          "2 a row the run changed or added, though the date did not deliver the customer",
          '2 run 2026-11-01..2026-11-02 as "Bob Roy" holds 2026-11-02, which did not deliver the customer'
        ])
        yield* restore("saved_presence")

        yield* tamper(`update ${Build.customer_presence} set signup_date = DATE '2019-01-01' where customer_id = 3`)
        expect(yield* samples).toEqual([
          "fail",
          '3 delivered on 2026-11-02 as "Cy Ode" <cy@example.com>, signup 2020-01-01, but the run 2026-11-02..2026-11-02 holding that date is "Cy Ode" <cy@example.com>, signup 2019-01-01'
        ])
        yield* restore("saved_presence")

        // The bug this table fixes: the current version keeps the older name.
        yield* tamper(`update ${Build.dim_customer} set name = 'Ann Lee' where customer_id = 1 and is_current`)
        expect(yield* samples).toEqual(["fail", '1 current version "Ann Lee" <ann@example.com> opened 2026-11-02, but the run from 2026-11-02 is "Ann Smith" <ann@example.com>'])
        yield* tamper(`update ${Build.dim_customer} set name = 'Ann Smith' where customer_id = 1 and is_current`)
        expect(yield* samples).toEqual(["pass"])

        // A customer with runs but no version at all.
        yield* tamper(`delete from ${Build.dim_customer} where customer_id = 2`)
        expect(yield* samples).toEqual(["fail", "2 a row of the previous version the run lost or changed, though the date did not deliver the customer", "2 run from 2026-11-01 but no current version"])
      })
    ))

  it.effect("customer.gold_reconciles_silver on a next-day run: a delivered customer's earlier run, or a current version it kept, changed fails", () =>
    withGold(
      Effect.gen(function* () {
        // Ann: run 01..01, missing on 02, delivered again on 03 with the same attributes (a new run, the version of 01 stays current).
        const ann: Customer = [1, "Ann Lee", "ann@example.com"]
        const bob: Customer = [2, "Bob Roy", "bob@example.com"]
        yield* merge(day("2026-11-01", ann, bob))
        yield* merge(day("2026-11-02", bob))
        yield* build(day("2026-11-03", ann))
        yield* tamper(`create table saved_presence as select * from ${Build.customer_presence}; create table saved_dim as select * from ${Build.dim_customer}`)
        const messages = Effect.map(evaluate(customerGoldReconcilesSilver), (r) => [r.status, ...r.samples.map((s) => `${s.sourceId} ${s.message}`)])
        expect(yield* messages).toEqual(["pass"])

        // Ann's run of 01 (a run the next-day checks otherwise no longer see) renamed.
        yield* tamper(`update ${Build.customer_presence} set name = 'Ann Leigh' where customer_id = 1 and first_seen = DATE '2026-11-01'`)
        expect(yield* messages).toEqual(
          expect.arrayContaining([
            "fail",
            "1 a run before the date of a customer the date delivered that the previous version did not have",
            "1 a run of the previous version of a customer the date delivered, lost or changed other than going on to the date"
          ])
        )
        yield* restore("saved_presence")

        // Ann's run of 01 moved to a date her new run holds, so the two overlap.
        yield* tamper(`update ${Build.customer_presence} set first_seen = DATE '2026-11-03', last_seen = DATE '2026-11-03' where customer_id = 1 and first_seen = DATE '2026-11-01'`)
        expect(yield* messages).toContain("1 a run of the previous version of a customer the date delivered, lost or changed other than going on to the date")
        yield* restore("saved_presence")

        // Ann's run of 01 goes on to 02, a merged date that did not deliver her (only a run ending on 02 may go on, to 03).
        yield* tamper(`update ${Build.customer_presence} set last_seen = DATE '2026-11-02' where customer_id = 1 and first_seen = DATE '2026-11-01'`)
        expect(yield* messages).toContain("1 a run of the previous version of a customer the date delivered, lost or changed other than going on to the date")
        yield* restore("saved_presence")

        // Ann's current version, opened on 01 and kept, takes another email without opening on the date.
        yield* tamper(`update ${Build.dim_customer} set email = 'ann@example.org' where customer_id = 1 and is_current`)
        expect(yield* messages).toEqual(
          expect.arrayContaining([
            "fail",
            "1 a current version that opened before the date the customer was delivered on, but not the current version before",
            "1 the current version before of a customer delivered on the date, lost or changed though no version opened on the date"
          ])
        )
        yield* tamper(`create or replace table ${Build.dim_customer} as select * from saved_dim`)
        expect(yield* messages).toEqual(["pass"])
      })
    ))

  it.effect("key.gold_unique on customer_presence: overlapping runs, runs that should be one, and dates never merged fail", () =>
    withGold(
      Effect.gen(function* () {
        const ann: Customer = [1, "Ann Lee", "ann@example.com"]
        yield* merge(day("2026-11-01", ann))
        yield* merge(day("2026-11-03", ann))
        yield* build(day("2026-11-05", ann))
        const check = gate("key.gold_unique")
        expect((yield* evaluate(check)).status).toBe("pass")
        yield* tamper(`create table saved_presence as select * from ${Build.customer_presence}`)
        const messages = Effect.map(evaluate(check), (r) => r.samples.map((s) => [s.value, s.message]))

        // One run 01..05 written as two that continue each other.
        yield* tamper(`delete from ${Build.customer_presence}; insert into ${Build.customer_presence} values
          (1, 'Ann Lee', 'ann@example.com', DATE '2020-01-01', DATE '2026-11-01', DATE '2026-11-01'),
          (1, 'Ann Lee', 'ann@example.com', DATE '2020-01-01', DATE '2026-11-03', DATE '2026-11-05')`)
        expect(yield* messages).toEqual([["1/2026-11-01", "continues in the run from 2026-11-03 with the same attributes (not one run)"]])

        yield* tamper(`update ${Build.customer_presence} set last_seen = DATE '2026-11-03' where first_seen = DATE '2026-11-01'`)
        expect(yield* messages).toEqual([["1/2026-11-01", "overlaps the run from 2026-11-03"]])

        yield* restore("saved_presence")
        yield* tamper(`update ${Build.customer_presence} set last_seen = DATE '2026-11-04'`)
        expect(yield* messages).toEqual([["1/2026-11-01", "2026-11-04 is not a merged date"]])
        yield* tamper(`update ${Build.customer_presence} set first_seen = DATE '2026-11-06', last_seen = DATE '2026-11-05'`)
        expect(yield* messages).toEqual([
          ["1/2026-11-06", "last_seen 2026-11-05 before first_seen"],
          ["1/2026-11-06", "2026-11-06 is not a merged date"]
        ])
      })
    ))
})

/**
 * Four days, up to 5 customers. A customer is delivered on a date with a
 * chance of 60%; names and emails flip between two values, signup dates
 * rarely change: runs break on absences as well as on changes.
 */
const sparseDay = (date: string, random: () => number): Day => ({
  date,
  customers: [1, 2, 3, 4, 5]
    .filter(() => random() < 0.6)
    .map((c): Customer => [c, random() < 0.5 ? `Name ${c}` : `Other ${c}`, random() < 0.75 ? `c${c}@example.com` : `c${c}@other.example`, random() < 0.85 ? "2020-01-01" : "2019-06-30"]),
  transactions: []
})

const sparseHistory = (random: () => number): ReadonlyArray<Day> => ["2026-11-01", "2026-11-02", "2026-11-04", "2026-11-05"].map((d) => sparseDay(d, random))

/** The runs in order, where each date's LAST run must be its history's delivery: drop a draft that comes after its final run. */
const dedupeFinal = (order: ReadonlyArray<Day>, history: ReadonlyArray<Day>): ReadonlyArray<Day> => {
  const final = new Set(history)
  const lastFinal = new Map<string, number>()
  order.forEach((d, i) => {
    if (final.has(d)) lastFinal.set(d.date, i)
  })
  return order.filter((d, i) => final.has(d) || i < lastFinal.get(d.date)!)
}
