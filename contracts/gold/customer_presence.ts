/**
 * Gold contract: when each customer was delivered, and as what. A lossless
 * run-length encoding of the observations of every merged date: one row per
 * maximal run of consecutive merged ingestion dates (the version's
 * `ingestedDates`) on which the customer was delivered with the same name,
 * email and signup_date. A merged date that did not deliver the customer
 * ends a run. dim_customer's versions are derived from these runs.
 */
import { describeCheck } from "../../src/checks/catalogue.ts"
import { col } from "../../src/contract/columns.ts"
import type { TableContract } from "../../src/contract/Contract.ts"
import { sqlDatasetCheck, type DatasetContext } from "../../src/contract/DatasetCheck.ts"
import { defineTable } from "../../src/contract/Table.ts"
import { goldUnique } from "./checks.ts"
import { GoldRelation } from "./relations.ts"

export const goldCustomerPresenceTable = defineTable({
  customer_id: col.id("the customer's id from the source"),
  name: col.text("the name delivered on every date of the run"),
  email: col.text("the email delivered on every date of the run"),
  signup_date: col.date("the signup date delivered on every date of the run"),
  first_seen: col.date("the first merged ingestion date of the run"),
  last_seen: col.date("the last merged ingestion date of the run (inclusive)")
})

/** The merged dates of the version being built: the previous version's and this run's. */
const mergedDates = (relation: DatasetContext["relation"]) =>
  `select d from ${relation(GoldRelation.priorDates)} union select ingestion_date from ${relation(GoldRelation.settings)}`

const attributes = (a: string, b: string) => ["name", "email", "signup_date"].map((c) => `${a}.${c} is not distinct from ${b}.${c}`).join(" and ")

/**
 * `customer.gold_reconciles_silver`: nothing delivered is lost, nothing is
 * invented, and the current name follows the latest delivery.
 *
 * - every customer of this date's silver has a run holding the date with its
 *   name, email and signup_date;
 * - every run holding the date is such a delivery;
 * - every customer's current dim_customer version opened on the first day
 *   of a run, and no run from that day on has another name or email; every
 *   customer of a run has a current version.
 */
export const customerGoldReconcilesSilver = sqlDatasetCheck(
  { id: "customer.gold_reconciles_silver", layer: "gold", table: "customer_presence", severity: "error", description: describeCheck("customer.gold_reconciles_silver") },
  ({ relation }) => {
    const runDate = `(select ingestion_date from ${relation(GoldRelation.settings)})`
    return {
      // Joined on customer_id alone and compared after (a join on the text columns costs twice as
      // much): silver has one row per customer, and a customer has one run holding the date.
      failing: `with today as (select * from ${relation("customer_presence")} where first_seen <= ${runDate} and last_seen >= ${runDate}),
        current_version as (select customer_id, name, email, valid_from from ${relation("dim_customer")} where is_current)
        select coalesce(s.customer_id, t.customer_id)::varchar as source_id, 'customer_presence' as path, coalesce(s.name, t.name) as value,
          case when t.customer_id is null
                 then 'delivered on ' || ${runDate} || ' as "' || s.name || '" <' || s.email || '>, signup ' || s.signup_date || ', but no run holds that date'
               when s.customer_id is null
                 then 'run ' || t.first_seen || '..' || t.last_seen || ' as "' || t.name || '" holds ' || ${runDate} || ', which did not deliver the customer'
               else 'delivered on ' || ${runDate} || ' as "' || s.name || '" <' || s.email || '>, signup ' || s.signup_date ||
                 ', but the run ' || t.first_seen || '..' || t.last_seen || ' holding that date is "' || t.name || '" <' || t.email || '>, signup ' || t.signup_date end as message
        from ${relation(GoldRelation.silverCustomers)} s full join today t on t.customer_id = s.customer_id
        where s.customer_id is null or t.customer_id is null or not (${attributes("t", "s")})
        union all
        select coalesce(c.customer_id, p.customer_id)::varchar, 'dim_customer', c.name,
          case when c.customer_id is null then 'run from ' || p.first_seen || ' but no current version'
               else 'current version "' || c.name || '" <' || c.email || '> opened ' || c.valid_from || ', but the run from ' || p.first_seen || ' is "' || p.name || '" <' || p.email || '>' end
        from current_version c full join ${relation("customer_presence")} p on p.customer_id = c.customer_id
        where c.customer_id is null or (p.first_seen >= c.valid_from and (p.name is distinct from c.name or p.email is distinct from c.email))
        union all
        select c.customer_id::varchar, 'dim_customer', c.name, 'current version opened ' || c.valid_from || ', when no run starts'
        from current_version c anti join ${relation("customer_presence")} p on p.customer_id = c.customer_id and p.first_seen = c.valid_from`,
      total: `select count(*) as n from ${relation(GoldRelation.silverCustomers)}`,
      message: (n) => `${n} customer observation(s) of silver or version(s) of dim_customer disagree with customer_presence`
    }
  }
)

export const goldCustomerPresence: TableContract<typeof goldCustomerPresenceTable.columns> = {
  id: "gold.customer_presence",
  version: "1.0.0",
  layer: "gold",
  table: "customer_presence",
  description: "Runs of merged dates on which a customer was delivered with the same attributes; the state dim_customer derives from.",
  definition: goldCustomerPresenceTable,
  primaryKey: ["customer_id", "first_seen"],
  required: ["customer_id", "name", "email", "signup_date", "first_seen", "last_seen"],
  references: [],
  quarantine: null,
  datasetChecks: [
    // The key (customer_id, first_seen) is the primary key, which key.unique checks.
    goldUnique(
      "customer_presence",
      [],
      [
        // A run ends on or after its first date, on merged dates only.
        (relation) => `select customer_id || '/' || first_seen as value, 'last_seen' as path, 'last_seen ' || last_seen || ' before first_seen' as message
          from ${relation("customer_presence")} where last_seen < first_seen`,
        (relation) => `with merged as (${mergedDates(relation)})
          select customer_id || '/' || first_seen as value, 'first_seen' as path, first_seen || ' is not a merged date' as message
          from ${relation("customer_presence")} anti join merged m on m.d = first_seen
          union all
          select customer_id || '/' || first_seen, 'last_seen', last_seen || ' is not a merged date'
          from ${relation("customer_presence")} anti join merged m on m.d = last_seen`,
        // Runs of a customer neither overlap nor continue each other: a run that goes on, with the same
        // attributes, on the merged date after its last_seen should have been one run (runs are maximal,
        // so the same deliveries always give the same rows).
        (relation) => `with merged as (${mergedDates(relation)}),
          steps as (select d, lead(d) over (order by d) as next_date from merged),
          runs as (
            select r.customer_id, r.first_seen, r.last_seen, s.next_date,
              lead(r.first_seen) over w as next_from,
              (r.name is not distinct from lead(r.name) over w and r.email is not distinct from lead(r.email) over w
                and r.signup_date is not distinct from lead(r.signup_date) over w) as same_attributes
            from ${relation("customer_presence")} r left join steps s on s.d = r.last_seen
            window w as (partition by r.customer_id order by r.first_seen))
          select customer_id || '/' || first_seen as value, 'last_seen' as path,
            case when next_from <= last_seen then 'overlaps the run from ' || next_from
                 else 'continues in the run from ' || next_from || ' with the same attributes (not one run)' end as message
          from runs where next_from <= last_seen or (next_from = next_date and same_attributes)`
      ]
    ),
    customerGoldReconcilesSilver
  ]
}
