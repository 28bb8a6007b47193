/**
 * The top customers by total spent, as SQL shared by the gold build
 * (`sql.ts`), the check `amount.top_customers_recalculated` and the full
 * audit (`lakegate gold verify`).
 */

/**
 * Every customer's total spent and number of facts over all its versions,
 * counted from the facts (the full audit; a run keeps them incrementally in
 * customer_totals). Facts are summed per version before the join (a join of
 * every fact with its version cost more).
 */
export const totalsFromFactsSql = (facts: string, dimCustomer: string): string => `
  select c.customer_id, sum(k.total) as total_spent, sum(k.n) as transactions
  from (select customer_key, sum(amount) as total, count(*) as n from ${facts} group by customer_key) k
  join ${dimCustomer} c using (customer_key) group by c.customer_id`

/**
 * The CTE `top_totals`: the top N customers of a customer_totals relation (N
 * from `settings`), best first, ties by customer id. ORDER BY … LIMIT keeps N
 * rows, where a window would sort every customer: 10.3 → 6.8 s over 74M facts.
 */
export const topTotalsSql = (totals: string, settings: string): string =>
  `top_totals as (select customer_id, total_spent as total from ${totals} order by total_spent desc, customer_id limit (select top_n from ${settings}))`
