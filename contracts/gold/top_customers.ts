/**
 * Gold contract: the top N customers by total spent (N from LAKEGATE_TOP_N,
 * default 3), recalculated on every run from customer_totals. Ties are broken by
 * the smaller customer_id, so ranks are 1..N without gaps.
 */
import { col, type TableContract, sqlDatasetCheck, defineTable } from "lakegate"
import { describeCheck } from "../catalogue.ts"
import { goldUnique } from "./checks.ts"
import { goldCol } from "./columns.ts"
import { GoldRelation } from "./relations.ts"
import { topTotalsSql } from "./topTotals.ts"

export const goldTopCustomersTable = defineTable({
  rank: goldCol.intBetween(1, 1_000_000, "1 for the biggest spender; ties go to the smaller customer_id"),
  customer_id: col.id("the customer's id"),
  name: col.text("the customer's current name"),
  email: col.text("the customer's current email"),
  total_spent: col.money("sum of the customer's facts, all versions")
})

/**
 * `amount.top_customers_recalculated`: recompute the top N from the staged
 * customer_totals (gated by `amount.customer_totals_reconcile`) and compare rank by rank (customer, total to the cent,
 * current name and email); a missing or extra rank fails too.
 */
export const topCustomersRecalculated = sqlDatasetCheck(
  { id: "amount.top_customers_recalculated", layer: "gold", table: "top_customers", severity: "error", description: describeCheck("amount.top_customers_recalculated") },
  ({ relation }) => ({
    failing: `with ${topTotalsSql(relation("customer_totals"), relation(GoldRelation.settings))},
      expected as (select row_number() over (order by total desc, customer_id) as rank, customer_id, total from top_totals),
      expected_named as (select e.*, c.name, c.email from expected e left join ${relation("dim_customer")} c on c.customer_id = e.customer_id and c.is_current)
      select coalesce(e.rank, t.rank)::varchar as path, coalesce(t.customer_id, e.customer_id)::varchar as source_id, t.total_spent::varchar as value,
        case when t.rank is null then 'rank missing: expected customer ' || e.customer_id || ' with ' || e.total
             when e.rank is null then 'unexpected rank'
             else 'expected customer ' || e.customer_id || ' ' || e.name || ' <' || e.email || '> with ' || e.total || ', found ' ||
                  t.customer_id || ' ' || t.name || ' <' || t.email || '> with ' || t.total_spent end as message
      from expected_named e full join ${relation("top_customers")} t on t.rank = e.rank
      where e.customer_id is distinct from t.customer_id or e.total is distinct from t.total_spent
         or e.name is distinct from t.name or e.email is distinct from t.email`,
    total: `select count(*) as n from ${relation("top_customers")}`,
    message: (n) => `${n} rank(s) differ from the top customers recalculated from the facts`
  })
)

export const goldTopCustomers: TableContract<typeof goldTopCustomersTable.columns> = {
  id: "gold.top_customers",
  version: "1.0.0",
  layer: "gold",
  table: "top_customers",
  description: "The top N customers by total spent, recalculated from customer_totals.",
  definition: goldTopCustomersTable,
  primaryKey: ["rank"],
  required: ["rank", "customer_id", "name", "email", "total_spent"],
  references: [],
  quarantine: null,
  datasetChecks: [goldUnique("top_customers", [["rank"], ["customer_id"]]), topCustomersRecalculated]
}
