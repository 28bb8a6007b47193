/**
 * Gold contract: each customer's total spent and number of facts over all of
 * its versions, kept incrementally: a run adds what it merged and takes back
 * what it rewrote, so the top customers never need every fact again. A full
 * recount from the facts is `lakegate gold verify`'s job.
 */
import { col, type TableContract, sqlDatasetCheck, defineTable } from "lakegate"
import { describeCheck } from "../catalogue.ts"
import { goldUnique } from "./checks.ts"
import { goldCol } from "./columns.ts"
import { GoldRelation } from "./relations.ts"

export const goldCustomerTotalsTable = defineTable({
  customer_id: col.id("the customer's id (natural key)"),
  total_spent: col.money("sum of the customer's facts, all versions, DECIMAL(18,2)"),
  transactions: goldCol.intBetween(1, 2_000_000_000, "number of the customer's facts")
})

/**
 * The totals a run's changes give: the totals of the version merged into
 * (`previous`), plus the facts the run staged, minus the previous facts it
 * rewrote, per customer (each fact's customer from its version's dimension).
 */
export const changedTotalsSql = (relation: (name: string) => string, stagedFacts: string, dimCustomer: string): string => `
  select customer_id, sum(total) as total, sum(n) as n from (
    select customer_id, total_spent as total, transactions as n from ${relation(GoldRelation.previousCustomerTotals)}
    union all
    select c.customer_id, k.total, k.n from (select customer_key, sum(amount) as total, count(*) as n from ${stagedFacts} group by customer_key) k
      join ${dimCustomer} c using (customer_key)
    union all
    select c.customer_id, -k.total, -k.n from (select customer_key, sum(amount) as total, count(*) as n from ${relation(GoldRelation.previousFactRewritten)} group by customer_key) k
      join ${relation(GoldRelation.previousDimCustomer)} c using (customer_key)
  ) group by customer_id having sum(n) <> 0`

/**
 * `amount.customer_totals_reconcile`: every customer's staged total and count
 * equal the previous version's plus what the run staged minus what it
 * rewrote, to the cent, and no customer is missing or extra.
 */
export const customerTotalsReconcile = sqlDatasetCheck(
  { id: "amount.customer_totals_reconcile", layer: "gold", table: "customer_totals", severity: "error", description: describeCheck("amount.customer_totals_reconcile") },
  ({ relation }) => ({
    failing: `with expected as (${changedTotalsSql(relation, relation("fact_transactions"), relation("dim_customer"))})
      select coalesce(t.customer_id, e.customer_id)::varchar as source_id, 'total_spent' as path, t.total_spent::varchar as value,
        case when t.customer_id is null then 'missing: expected ' || e.total || ' over ' || e.n || ' fact(s)'
             when e.customer_id is null then 'unexpected: no fact of this customer'
             else 'expected ' || e.total || ' over ' || e.n || ' fact(s), found ' || t.total_spent || ' over ' || t.transactions end as message
      from expected e full join ${relation("customer_totals")} t on t.customer_id = e.customer_id
      where e.customer_id is null or t.customer_id is null or e.total <> t.total_spent or e.n <> t.transactions`,
    total: `select count(*) as n from ${relation("customer_totals")}`,
    message: (n) => `${n} customer total(s) differ from the previous totals plus the run's changes`
  })
)

export const goldCustomerTotals: TableContract<typeof goldCustomerTotalsTable.columns> = {
  id: "gold.customer_totals",
  version: "1.0.0",
  layer: "gold",
  table: "customer_totals",
  description: "Each customer's total spent and number of facts, all versions, kept incrementally.",
  definition: goldCustomerTotalsTable,
  primaryKey: ["customer_id"],
  required: ["customer_id", "total_spent", "transactions"],
  references: [],
  quarantine: null,
  datasetChecks: [goldUnique("customer_totals", [["customer_id"]]), customerTotalsReconcile]
}
