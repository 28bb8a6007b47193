/**
 * The gold merge in one DuckDB, without the stage around it: a day's silver
 * loaded as tables, the merge statements run, and the built tables promoted
 * to "previous version" as a publish would. Shared by the gold merge tests.
 */
import { Effect } from "effect"
import { goldContracts, GoldRelation } from "../../contracts/gold/index.ts"
import { previousGoldRelations } from "../../contracts/gold/relations.ts"
import type { DatasetCheck } from "../../src/contract/DatasetCheck.ts"
import { Duck, sqlString } from "../../src/engine/Duck.ts"
import { Build, isNextDay, mergeStatements, PRIOR_DATES, touchedCustomersSql } from "../../contracts/gold/sql.ts"
import { TestDuck } from "../support/duck.ts"

/** A delivered customer; the signup date defaults to 2020-01-01. */
export type Customer = readonly [id: number, name: string, email: string, signup?: string]
export type Transaction = readonly [id: number, customer: number, date: string, amount: string, product: number]
/** One ingestion date's silver. */
export interface Day {
  readonly date: string
  readonly customers: ReadonlyArray<Customer>
  readonly transactions: ReadonlyArray<Transaction>
  readonly products?: ReadonlyArray<readonly [id: number, name: string]>
}

const contract = (table: string) => goldContracts.find((c) => c.table === table)!
export const typed = (columns: ReadonlyArray<readonly [string, string]>, rows: ReadonlyArray<ReadonlyArray<string>>) =>
  rows.length === 0
    ? `select ${columns.map(([n, t]) => `cast(null as ${t}) as ${n}`).join(", ")} where false`
    : `select ${columns.map(([n, t], i) => `cast(col${i} as ${t}) as ${n}`).join(", ")} from (values ${rows.map((r) => `(${r.map(sqlString).join(", ")})`).join(", ")})`

/** Gold before its first version: empty previous tables, no merged date. */
export const emptyGold = Effect.gen(function* () {
  const duck = yield* Duck
  for (const [name, table] of previousGoldRelations) {
    yield* duck.run(`create or replace table ${name} as ${typed(contract(table).definition.sqlColumns, [])}`)
  }
  yield* duck.run(`create or replace table ${PRIOR_DATES} as select cast(null as DATE) as d where false`)
  yield* rewriteEveryFact
})

/** As a run that keeps no file unread: it rewrites every previous fact, run and version (the in-memory versions here have no files). */
const rewriteEveryFact = Effect.gen(function* () {
  const duck = yield* Duck
  yield* duck.run(`create or replace view ${GoldRelation.previousFactRewritten} as select * from ${GoldRelation.previousFact}`)
  yield* duck.run(`create or replace view ${GoldRelation.keptFact} as select * from ${GoldRelation.previousFact} where false`)
  yield* duck.run(`create or replace view ${GoldRelation.previousCustomerPresenceRewritten} as select * from ${GoldRelation.previousCustomerPresence}`)
  yield* duck.run(`create or replace view ${GoldRelation.keptCustomerPresence} as select * from ${GoldRelation.previousCustomerPresence} where false`)
  yield* duck.run(`create or replace view ${GoldRelation.previousDimCustomerRewritten} as select * from ${GoldRelation.previousDimCustomer}`)
  yield* duck.run(`create or replace view ${GoldRelation.keptDimCustomer} as select * from ${GoldRelation.previousDimCustomer} where false`)
  yield* duck.run(`create or replace table ${GoldRelation.keptFactBounds} as select cast(null as DATE) as lo, cast(null as DATE) as hi`)
})

/** Load a day as this run's silver and build the gold tables (the `build_*` tables). */
export const build = (day: Day, topN = 3) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const products = day.products ?? [...new Set(day.transactions.map((t) => t[4]))].map((p) => [p, `Product ${p}`] as const)
    yield* duck.run(`create or replace table ${GoldRelation.silverCustomers} as ${typed([["customer_id", "BIGINT"], ["name", "VARCHAR"], ["email", "VARCHAR"], ["signup_date", "DATE"]], day.customers.map(([id, n, e, signup]) => [String(id), n, e, signup ?? "2020-01-01"]))}`)
    yield* duck.run(`create or replace table ${GoldRelation.silverProducts} as ${typed([["product_id", "BIGINT"], ["product_name", "VARCHAR"]], products.map(([p, n]) => [String(p), n]))}`)
    yield* duck.run(
      `create or replace table ${GoldRelation.silverTransactions} as ${typed(
        [["transaction_id", "BIGINT"], ["customer_id", "BIGINT"], ["transaction_date", "DATE"], ["amount", "DECIMAL(18,2)"], ["product_id", "BIGINT"]],
        day.transactions.map((t) => t.map(String))
      )}`
    )
    const prior = (yield* duck.all(`select strftime(d, '%Y-%m-%d') as d from ${PRIOR_DATES}`)).map((r) => String(r["d"]))
    yield* duck.run(
      `create or replace table ${GoldRelation.settings} as select DATE ${sqlString(day.date)} as ingestion_date, ${topN}::INTEGER as top_n, ${isNextDay(day.date, prior)} as next_day`
    )
    for (const statement of mergeStatements(day.date, prior)) yield* duck.run(statement)
    yield* duck.run(`create or replace table ${GoldRelation.touchedCustomers} as ${touchedCustomersSql(isNextDay(day.date, prior))}`)
  })

/** Make the built tables the previous gold version, as a successful publish does. */
export const promote = (date: string) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    yield* duck.run(`create or replace table ${GoldRelation.previousDimCustomer} as select * from ${Build.dim_customer}`)
    yield* duck.run(`create or replace table ${GoldRelation.previousDimProduct} as select * from ${Build.dim_product}`)
    yield* duck.run(`create or replace table ${GoldRelation.previousFact} as select * from ${Build.fact_transactions}`)
    yield* duck.run(`create or replace table ${GoldRelation.previousCustomerPresence} as select * from ${Build.customer_presence}`)
    yield* duck.run(`create or replace table ${GoldRelation.previousCustomerTotals} as select * from ${Build.customer_totals}`)
    yield* duck.run(`create or replace table ${PRIOR_DATES} as select distinct d from (select d from ${PRIOR_DATES} union all select DATE ${sqlString(date)})`)
  })

export const merge = (day: Day, topN = 3) => Effect.zipRight(build(day, topN), promote(day.date))

export const rows = (sql: string) => Effect.flatMap(Duck, (duck) => duck.all(sql))

export const versions = rows(`select customer_id, name, email, valid_from, valid_to, is_current from ${Build.dim_customer} order by customer_id, valid_from`)

/** Everything a gold version holds, sorted, to compare versions built in different orders. */
export const content = Effect.all({
  customer_presence: rows(`select * from ${Build.customer_presence} order by all`),
  dim_customer: rows(`select * from ${Build.dim_customer} order by all`),
  dim_product: rows(`select * from ${Build.dim_product} order by all`),
  dim_date: rows(`select * from ${Build.dim_date} order by all`),
  fact_transactions: rows(`select * from ${Build.fact_transactions} order by all`),
  customer_totals: rows(`select * from ${Build.customer_totals} order by all`),
  top_customers: rows(`select * from ${Build.top_customers} order by all`)
})

/** Evaluate a gold check on the built tables. */
export const evaluate = (check: DatasetCheck) => {
  const own: Record<string, string> = { ...Build }
  return check.evaluate({ layer: "gold", relation: (table) => own[table] ?? table })
}

/** A small deterministic PRNG, so every history is reproducible from its seed. */
export const lcg = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

export const shuffle = <A>(items: Array<A>, random: () => number): Array<A> => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}


/** Run an effect on a fresh DuckDB holding an empty gold. */
export const withGold = <A, E>(effect: Effect.Effect<A, E, Duck>) => Effect.provide(Effect.zipRight(emptyGold, effect), TestDuck)
