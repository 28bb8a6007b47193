/**
 * The full audit of a customers gold version (`lakegate gold verify`): every
 * gold contract's checks over all of each table's files, except those that
 * judge a run's change against its input; plus the recount of every
 * customer's total from the facts, which the daily run keeps incrementally.
 */
import { customDatasetCheck, Duck, sqlDatasetCheck, sqlString, type VersionAudit } from "lakegate"
import { Effect } from "effect"
import { goldContracts } from "./index.ts"
import { GoldRelation } from "./relations.ts"

/** The slices the recount goes through (by customer_key), so that each of its joins holds an eighth of the keys. */
const RECOUNT_SLICES = 8

/** The temporary table of the recounted totals (one row per customer and slice), dropped after the check. */
const RECOUNTED = "gold_audit_recounted_totals"

const recountedSpec = {
  id: "amount.customer_totals_recounted",
  layer: "gold",
  table: "customer_totals",
  severity: "error" as const,
  description: "Each customer's total and number of facts equal its facts summed and counted, to the cent."
}

/** The failing rows, given the recounted totals: one aggregate over both sides (the recount's, and the table's negated). */
const recountedCompared = (relation: (name: string) => string) =>
  sqlDatasetCheck(recountedSpec, () => ({
    failing: `with sides as (
        select customer_id, total, n, 1 as in_facts, 0 as in_table, NULL as table_total, NULL as table_n from ${RECOUNTED}
        union all
        select customer_id, -total_spent, -transactions, 0, 1, total_spent, transactions from ${relation("customer_totals")}),
      differing as (
        select customer_id, sum(total) as total, sum(n) as n, sum(in_facts) as in_facts, sum(in_table) as in_table, max(table_total) as table_total, max(table_n) as table_n
        from sides group by customer_id having sum(total) <> 0 or sum(n) <> 0 or sum(in_table) <> 1)
      select customer_id::varchar as source_id, 'total_spent' as path, table_total::varchar as value,
        case when in_table = 0 then 'missing: the facts hold ' || total || ' over ' || n
             when in_facts = 0 then 'no fact of this customer'
             when in_table > 1 then in_table || ' rows for this customer'
             else 'the facts hold ' || (total + table_total) || ' over ' || (n + table_n) || ', the table ' || table_total || ' over ' || table_n end as message
      from differing`,
    total: `select count(*) as n from ${relation("customer_totals")}`,
    message: (n) => `${n} customer total(s) differ from the facts`
  }))

/**
 * `amount.customer_totals_recounted`: customer_totals equals every customer's
 * facts summed and counted, to the cent. The audit's own check, never a run's
 * gate, so it is not in the run checks' catalogue.
 *
 * The facts are summed per version and joined with their customer in slices
 * of the version keys, then compared with the table in one aggregate (a
 * customer passes when the sums come to zero and the table holds it once).
 * In one statement (sums, join, full join with the table) the recount ran out
 * of the 160 MB pool at 2.2M customers; aggregates spill, hash joins of that
 * size did not always.
 */
export const customerTotalsRecounted = customDatasetCheck(recountedSpec, (context) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const facts = context.relation("fact_transactions")
    const dim = context.relation("dim_customer")
    yield* duck.run(`create or replace temp table ${RECOUNTED} (customer_id BIGINT, total DECIMAL(38,2), n BIGINT)`)
    for (let slice = 0; slice < RECOUNT_SLICES; slice++) {
      const inSlice = `customer_key % ${RECOUNT_SLICES} = ${slice}`
      yield* duck.run(`insert into ${RECOUNTED}
        select c.customer_id, sum(k.total), sum(k.n)
        from (select customer_key, sum(amount) as total, count(*) as n from ${facts} where ${inSlice} group by customer_key) k
        join (select customer_key, customer_id from ${dim} where ${inSlice}) c using (customer_key)
        group by c.customer_id`)
    }
    return yield* recountedCompared(context.relation).evaluate(context)
  }).pipe(Effect.ensuring(Effect.flatMap(Duck, (duck) => duck.run(`drop table if exists ${RECOUNTED}`)).pipe(Effect.ignore)))
)

/** The audit of the customers gold layer. */
export const goldAudit: VersionAudit = {
  tables: goldContracts,
  // These judge what a run merged against its silver and the version it merged into.
  runOnly: ["amount.gold_reconciles_silver", "customer.gold_reconciles_silver", "amount.customer_totals_reconcile", "product.name_stable"],
  extra: [customerTotalsRecounted],
  relations: (version, table) => [
    `create or replace table ${GoldRelation.settings} as select DATE ${sqlString(version.ingestionDate)} as ingestion_date, (select count(*) from ${table("top_customers")})::INTEGER as top_n`,
    `create or replace table ${GoldRelation.priorDates} as select unnest([${["CAST(NULL AS DATE)", ...version.ingestedDates.map((d) => `DATE ${sqlString(d)}`)].join(", ")}]) as d`
  ]
}
