/**
 * The full audit of a customers gold version (`lakegate gold verify`): every
 * gold contract's checks over all of each table's files, except those that
 * judge a run's change against its input; plus the recount of every
 * customer's total from the facts, which the daily run keeps incrementally.
 */
import { sqlDatasetCheck, sqlString, type VersionAudit } from "lakegate"
import { goldContracts } from "./index.ts"
import { GoldRelation } from "./relations.ts"
import { totalsFromFactsSql } from "./topTotals.ts"

/**
 * `amount.customer_totals_recounted`: customer_totals equals every customer's
 * facts summed and counted, to the cent. The audit's own check, never a run's
 * gate, so it is not in the run checks' catalogue.
 */
export const customerTotalsRecounted = sqlDatasetCheck(
  { id: "amount.customer_totals_recounted", layer: "gold", table: "customer_totals", severity: "error", description: "Each customer's total and number of facts equal its facts summed and counted, to the cent." },
  ({ relation }) => ({
    failing: `with counted as (${totalsFromFactsSql(relation("fact_transactions"), relation("dim_customer"))})
      select coalesce(t.customer_id, c.customer_id)::varchar as source_id, 'total_spent' as path, t.total_spent::varchar as value,
        case when t.customer_id is null then 'missing: the facts hold ' || c.total_spent || ' over ' || c.transactions
             when c.customer_id is null then 'no fact of this customer'
             else 'the facts hold ' || c.total_spent || ' over ' || c.transactions || ', the table ' || t.total_spent || ' over ' || t.transactions end as message
      from counted c full join ${relation("customer_totals")} t on t.customer_id = c.customer_id
      where c.customer_id is null or t.customer_id is null or c.total_spent <> t.total_spent or c.transactions <> t.transactions`,
    total: `select count(*) as n from ${relation("customer_totals")}`,
    message: (n) => `${n} customer total(s) differ from the facts`
  })
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
