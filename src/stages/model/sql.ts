/**
 * The SQL that merges one ingestion date's silver into a gold version. Pure
 * text builders: they read the relations named in {@link GoldRelation} (this
 * date's silver, the previous gold version, the settings) plus
 * {@link PRIOR_DATES}, and create the `build_*` tables that the stage stages
 * as the new version.
 *
 * Gold is meant to be a function of the SET of ingested silver partitions:
 * whatever the order in which dates are ingested, and however often each is
 * re-run, the same set gives the same gold (see docs/gold.md).
 */
import { goldDimCustomer, goldDimDate, goldDimProduct, goldFactTransactions, goldTopCustomers } from "../../../contracts/gold/index.ts"
import { GoldRelation as R } from "../../../contracts/gold/relations.ts"
import type { TableSpec } from "../../contract/Contract.ts"
import { sqlIdent, sqlString } from "../../engine/Duck.ts"

/** The ingestion dates merged into the previous version: one DATE column `d`. */
export const PRIOR_DATES = "gold_prior_dates"

/** The tables the merge builds, by gold table, plus its intermediate steps. */
export const Build = {
  observations: "build_customer_observations",
  factBase: "build_fact_base",
  dim_customer: "build_dim_customer",
  dim_product: "build_dim_product",
  dim_date: "build_dim_date",
  fact_transactions: "build_fact_transactions",
  top_customers: "build_top_customers"
} as const

/**
 * Surrogate keys: the first 60 bits of md5(`kind:natural key`) as a positive
 * BIGINT. Deterministic (the same version always gets the same key, whatever
 * the order of runs), stable across DuckDB releases (md5 is standard), and
 * checked for collisions by `key.gold_unique`.
 */
export const surrogateKeyMacro = `create or replace macro gold_key(kind, natural_key) as ('0x' || substr(md5(kind || ':' || natural_key), 1, 15))::BIGINT`

const dateKey = (date: string) => `(year(${date}) * 10000 + month(${date}) * 100 + day(${date}))::INTEGER`

/** The statements that build every gold table for ingestion date `date`, in order. */
export const mergeStatements = (date: string): ReadonlyArray<string> => {
  const D = `DATE ${sqlString(date)}`
  return [
    surrogateKeyMacro,

    // Customer observations: (customer, date) → attributes. The previous versions stand for the
    // observations of every date merged before (each version opens on an observed date, and the dates
    // between two openings observed the earlier version); this date's silver is added, overriding a
    // previous observation of the same date (a re-run). When this date lies before a date already
    // merged, the attributes observed on the next merged date are restated, so a change seen on this
    // date ends where that later observation begins instead of running over it.
    // Each (customer, date) comes from one source, by anti joins rather than a window (a window over
    // every customer is what runs out of memory first at millions of customers): this date's silver;
    // the previous versions except one opened on this date by a customer it delivers again (a re-run);
    // and the restated versions, only where no version already opens on the next date.
    `create or replace table ${Build.observations} as
    with next_date as (select min(d) as d from ${PRIOR_DATES} where d > ${D})
    select customer_id, ${D} as observed_on, name, email, signup_date from ${R.silverCustomers}
    union all
    select p.customer_id, p.valid_from, p.name, p.email, p.signup_date from ${R.previousDimCustomer} p
      anti join ${R.silverCustomers} s on s.customer_id = p.customer_id and p.valid_from = ${D}
    union all
    select c.customer_id, n.d, c.name, c.email, c.signup_date
    from ${R.previousDimCustomer} c cross join next_date n
      semi join ${R.silverCustomers} s on s.customer_id = c.customer_id
    where n.d is not null and c.valid_from < n.d and (c.valid_to is null or n.d < c.valid_to)`,

    // SCD2: a version opens on every observation whose name or email differs from the one before;
    // it is valid until the next version opens (valid_to exclusive, NULL while current).
    `create or replace table ${Build.dim_customer} as
    with marked as (
      select *, (name is distinct from lag(name) over w or email is distinct from lag(email) over w) as opens
      from ${Build.observations} window w as (partition by customer_id order by observed_on)),
    versions as (
      select customer_id, observed_on as valid_from, name, email, signup_date,
        lead(observed_on) over (partition by customer_id order by observed_on) as valid_to
      from marked where opens)
    select gold_key('customer', customer_id::varchar || ':' || strftime(valid_from, '%Y-%m-%d')) as customer_key,
      customer_id, name, email, signup_date, valid_from, valid_to, valid_to is null as is_current
    from versions`,

    // Products: the name of the latest ingestion date that delivered the product (a re-run of that date may correct it).
    `create or replace table ${Build.dim_product} as
    select gold_key('product', product_id::varchar) as product_key, product_id, product_name, last_seen from (
      select coalesce(s.product_id, p.product_id) as product_id,
        case when s.product_id is not null and (p.product_id is null or ${D} >= p.last_seen) then s.product_name else p.product_name end as product_name,
        case when s.product_id is null then p.last_seen when p.product_id is null then ${D} else greatest(p.last_seen, ${D}) end as last_seen
      from ${R.previousDimProduct} p full join ${R.silverProducts} s on s.product_id = p.product_id)`,

    // Facts with natural keys: a transaction keeps the delivery of the earliest ingestion date that
    // delivered it (on a re-run of that date, the re-run's delivery). Facts are never dropped.
    // Both inputs are unique by transaction id (gated), so two joins decide it without a sort:
    // a delivery loses to an earlier date's fact; a previous fact loses to this date's delivery
    // unless it came from an earlier date.
    // The date test on the previous fact stays out of the join condition: a condition on one side
    // only is folded by DuckDB when the Parquet statistics decide it (every previous fact older than
    // this date, the usual next-day run), and an anti join on a constant false condition runs as a
    // nested loop over every pair (328 s for 460k facts at 100 MB).
    `create or replace table ${Build.factBase} as
    with previous as (
      select f.transaction_id, c.customer_id, p.product_id,
        make_date(f.date_key // 10000, f.date_key // 100 % 100, f.date_key % 100) as transaction_date,
        f.amount, f.ingestion_date
      from ${R.previousFact} f
      left join ${R.previousDimCustomer} c on c.customer_key = f.customer_key
      left join ${R.previousDimProduct} p on p.product_key = f.product_key),
    delivered as (
      select transaction_id, customer_id, product_id, transaction_date, amount, ${D} as ingestion_date
      from ${R.silverTransactions})
    select d.* from delivered d anti join (select transaction_id from ${R.previousFact} where ingestion_date < ${D}) e on e.transaction_id = d.transaction_id
    union all
    select p.* from previous p left join (select transaction_id from ${R.silverTransactions}) s on s.transaction_id = p.transaction_id
    where p.ingestion_date < ${D} or s.transaction_id is null`,

    // Facts: the customer version current at the transaction date (the earliest version for a date
    // before the customer's first valid_from); every fact is re-keyed, as versions may have moved.
    // Versions of a customer are contiguous, so an equi-join on the customer with the version's
    // range (open at the start for the first one) finds exactly one.
    `create or replace table ${Build.fact_transactions} as
    with versions as (
      select customer_key, customer_id,
        case when row_number() over (partition by customer_id order by valid_from) = 1 then '-infinity'::DATE else valid_from end as open_from,
        coalesce(valid_to, 'infinity'::DATE) as open_to
      from ${Build.dim_customer})
    select b.transaction_id, v.customer_key, p.product_key,
      ${dateKey("b.transaction_date")} as date_key, b.amount::DECIMAL(18,2) as amount, b.ingestion_date
    from ${Build.factBase} b
    left join versions v on v.customer_id = b.customer_id and b.transaction_date >= v.open_from and b.transaction_date < v.open_to
    left join ${Build.dim_product} p on p.product_id = b.product_id`,

    // The calendar: every day from the earliest to the latest transaction or ingestion date.
    `create or replace table ${Build.dim_date} as
    with bounds as (
      select least(min(transaction_date), min(ingestion_date)) as lo, greatest(max(transaction_date), max(ingestion_date)) as hi
      from ${Build.factBase}),
    days as (select unnest(generate_series(lo, hi, interval 1 day))::DATE as d from bounds where lo is not null)
    select ${dateKey("d")} as date_key, d as "date", year(d)::INTEGER as "year", quarter(d)::INTEGER as "quarter",
      month(d)::INTEGER as "month", day(d)::INTEGER as "day", isodow(d)::INTEGER as weekday
    from days`,

    // Top N by total spent over all of a customer's versions, named by the current version.
    `create or replace table ${Build.top_customers} as
    with totals as (
      select c.customer_id, sum(f.amount) as total
      from ${Build.fact_transactions} f join ${Build.dim_customer} c on c.customer_key = f.customer_key group by c.customer_id),
    ranked as (select customer_id, total, row_number() over (order by total desc, customer_id) as rank from totals)
    select r.rank::INTEGER as rank, r.customer_id, c.name, c.email, r.total::DECIMAL(18,2) as total_spent
    from ranked r join ${Build.dim_customer} c on c.customer_id = r.customer_id and c.is_current
    where r.rank <= (select top_n from ${R.settings})`
  ]
}

/** TEST-ONLY fault `gold.drop_product`: remove the product of the first fact from the built dimension. */
export const dropProductFault = `delete from ${Build.dim_product}
  where product_key = (select product_key from ${Build.fact_transactions} order by transaction_id limit 1)`

/** A gold table's build: its contract, the table the merge builds it in, and the order its rows are written in. */
export interface GoldBuild {
  readonly contract: TableSpec
  readonly build: string
  /**
   * The row order of its files, or null for the order the engine produces
   * them. Small tables are sorted, so their files are reproducible; the large
   * ones (facts, customer versions) are not: sorting millions of rows costs
   * more than a reader gains, and every reader of a lakehouse table sorts for itself.
   */
  readonly order: string | null
}

/** Every gold table's build, in the contracts' order (see `goldContracts`). */
export const goldBuilds: ReadonlyArray<GoldBuild> = [
  { contract: goldDimCustomer, build: Build.dim_customer, order: null },
  { contract: goldDimProduct, build: Build.dim_product, order: "product_id" },
  { contract: goldDimDate, build: Build.dim_date, order: "date_key" },
  { contract: goldFactTransactions, build: Build.fact_transactions, order: null },
  { contract: goldTopCustomers, build: Build.top_customers, order: "rank" }
]

/** The query staging a built gold table: the contract's columns, in the build's row order. */
export const stageSql = ({ contract, build, order }: GoldBuild): string =>
  `select ${contract.definition.sqlColumns.map(([name]) => sqlIdent(name)).join(", ")} from ${build}${order === null ? "" : ` order by ${order}`}`
