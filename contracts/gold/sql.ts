/**
 * The SQL that merges one ingestion date's silver into a gold version. Pure
 * text builders: they read the relations named in {@link GoldRelation} (this
 * date's silver, the previous gold version, its merged dates, the settings),
 * and create the `build_*` tables that the stage stages as the new version.
 *
 * Gold is a function of the SET of ingested silver partitions:
 * whatever the order in which dates are ingested, and however often each is
 * re-run, the same set gives the same gold (see docs/gold.md).
 *
 * Two rules from measurements, for every statement here:
 * - no OR in a join condition (DuckDB falls back to a nested loop: 68 s once);
 * - no condition on one side only in a join's ON clause: when the Parquet
 *   statistics decide it (say every previous row is older than this date),
 *   DuckDB folds it to a constant and runs the join as a nested loop over
 *   every pair. Filter each side in a WHERE or a subquery instead.
 */
import { sqlIdent, sqlString, type TableSpec } from "lakegate"
import { goldCustomerPresence } from "./customer_presence.ts"
import { goldDimCustomer } from "./dim_customer.ts"
import { goldDimDate } from "./dim_date.ts"
import { goldDimProduct } from "./dim_product.ts"
import { goldFactTransactions } from "./fact_transactions.ts"
import { GoldRelation as R } from "./relations.ts"
import { goldTopCustomers } from "./top_customers.ts"
import { topTotalsSql } from "./topTotals.ts"
import { changedTotalsSql, goldCustomerTotals } from "./customer_totals.ts"

/**
 * The day's delivered ids that an earlier date's fact holds ({@link R.deliveredKnown}):
 * the only statement that reads every previous fact (their ids alone). Found on
 * the ids alone: carrying the rows through the join cost twice as much at 5 GB.
 */
export const deliveredKnownSql = (date: string): string =>
  `select s.transaction_id from ${R.silverTransactions} s
    semi join (select transaction_id from ${R.previousFact} where ingestion_date < DATE ${sqlString(date)}) e on e.transaction_id = s.transaction_id`

/** A run that merges a date after every date merged before (no re-run, no backfill): the daily case. */
export const isNextDay = (date: string, priorDates: ReadonlyArray<string>): boolean => priorDates.length > 0 && priorDates.every((d) => d < date)

/**
 * The customers whose rows in customer_presence and dim_customer the checks
 * see whole ({@link R.touchedCustomers}): on a next-day run those the date
 * delivered, the only ones whose runs and versions the day can change (their
 * kept versions are read with them, their ended runs are not; the rows of the
 * others that the run rewrote are held equal to the previous version's by the
 * `unchanged` part of `customer.gold_reconciles_silver`); otherwise every
 * customer built.
 */
export const touchedCustomersSql = (nextDay: boolean): string =>
  nextDay ? `select customer_id from ${R.silverCustomers}` : `select customer_id from ${Build.customer_presence} union select customer_id from ${Build.dim_customer}`

/** The ingestion dates merged into the previous version: one DATE column `d`. */
export const PRIOR_DATES = R.priorDates

/** The tables the merge builds, by gold table, plus its intermediate steps. */
export const Build = {
  presenceStart: "build_presence_start",
  presenceEnd: "build_presence_end",
  presenceToday: "build_presence_today",
  movedVersions: "build_moved_versions",
  factDelivered: "build_fact_delivered",
  customer_presence: "build_customer_presence",
  dim_customer: "build_dim_customer",
  /** A view: every customer version of the new version, those built and those kept unread. */
  allDimCustomer: "build_dim_customer_all",
  dim_product: "build_dim_product",
  dim_date: "build_dim_date",
  fact_transactions: "build_fact_transactions",
  customer_totals: "build_customer_totals",
  top_customers: "build_top_customers"
} as const

/**
 * Surrogate keys: the first 60 bits of md5(`kind:natural key`) as a positive
 * BIGINT. Deterministic (the same version always gets the same key, whatever
 * the order of runs), stable across DuckDB releases (md5 is standard), and
 * checked for collisions by `key.gold_unique`.
 */
export const surrogateKeyMacro = `create or replace macro gold_key(kind, natural_key) as ('0x' || substr(md5(kind || ':' || natural_key), 1, 15))::BIGINT`

/** Equal name, email and signup_date (NULL equal to NULL), for a join condition. */
const sameAttributes = (a: string, b: string) => ["name", "email", "signup_date"].map((c) => `${a}.${c} is not distinct from ${b}.${c}`).join(" and ")

/**
 * The customer_presence runs of a gold version written before that table
 * existed, from its dim_customer and its merged dates, the way that release
 * read them: each version delivered on every merged date from its valid_from
 * up to the next version's (exclusive). Gaps in the deliveries were not
 * recorded, so none is assumed.
 */
export const legacyPresenceSql = `select c.customer_id, c.name, c.email, c.signup_date, c.valid_from as first_seen, m.d as last_seen
  from ${R.previousDimCustomer} c asof join ${R.priorDates} m on coalesce(c.valid_to, 'infinity'::DATE) > m.d`

const dateKey = (date: string) => `(year(${date}) * 10000 + month(${date}) * 100 + day(${date}))::INTEGER`
const dateOfKey = (key: string) => `make_date((${key}) // 10000, (${key}) // 100 % 100, (${key}) % 100)`

/**
 * The statements that build every gold table for ingestion date `date`, in
 * order, given the dates merged into the previous version (its
 * `ingestedDates`, which {@link PRIOR_DATES} holds for the checks).
 */
export const mergeStatements = (date: string, priorDates: ReadonlyArray<string>): ReadonlyArray<string> => {
  const D = `DATE ${sqlString(date)}`
  // The merged dates around this one (this one left out, on a re-run): the latest before it, the earliest after it.
  const dateOrNull = (d: string | undefined) => (d === undefined ? "CAST(NULL AS DATE)" : `DATE ${sqlString(d)}`)
  const P = dateOrNull(priorDates.filter((d) => d < date).sort().at(-1))
  const N = dateOrNull(priorDates.filter((d) => d > date).sort().at(0))
  // No previous version: nothing to merge with (every previous relation is empty).
  const firstVersion = priorDates.length === 0
  // A date after every merged date: the daily case, where closed runs and versions stay as they are.
  const nextDay = isNextDay(date, priorDates)
  return [
    surrogateKeyMacro,

    // The day's one lookup of its delivered ids in the fact history, from the inputs alone (read by the
    // fact build below and by the gate's amount.gold_reconciles_silver).
    `create or replace table ${R.deliveredKnown} as ${deliveredKnownSql(date)}`,

    // customer_presence holds runs: consecutive merged dates on which a customer was delivered with the
    // same attributes. Merging this date D, with P and N the merged dates just before and after it: a
    // run holding D is cut into its part before D (ending on P) and its part after D (starting on N),
    // which drops D's old deliveries on a re-run and opens a gap for a backfill. Each customer of D's
    // silver becomes a run of D that takes over, when the attributes are equal, the run (or part)
    // ending on P and the one starting on N. Runs elsewhere stay as they are: they were maximal and
    // still are.
    // One join per statement, and only the first two carry the text columns: at 1 GB, the same work in
    // two statements (two joins in one, four unioned branches in the other) ran out of the 192 MB pool
    // now and then.
    // Where D's runs start: on D, or on the first_seen of the run holding P that they take over (at most
    // one run of a customer holds P).
    `create or replace table ${Build.presenceStart} as
    select s.customer_id, coalesce(b.first_seen, ${D}) as first_seen
    from ${R.silverCustomers} s left join (
      select customer_id, name, email, signup_date, first_seen from ${R.previousCustomerPresenceRewritten} where first_seen < ${D} and last_seen >= ${P}
    ) b on b.customer_id = s.customer_id and ${sameAttributes("b", "s")}`,

    // Where they end: on D, or on the last_seen of the run holding N that they take over.
    `create or replace table ${Build.presenceEnd} as
    select s.customer_id, coalesce(a.last_seen, ${D}) as last_seen
    from ${R.silverCustomers} s left join (
      select customer_id, name, email, signup_date, last_seen from ${R.previousCustomerPresenceRewritten} where last_seen > ${D} and first_seen <= ${N}
    ) a on a.customer_id = s.customer_id and ${sameAttributes("a", "s")}`,

    `create or replace table ${Build.presenceToday} as
    select customer_id, s.first_seen, e.last_seen from ${Build.presenceStart} s join ${Build.presenceEnd} e using (customer_id)`,

    // The runs: D's (with silver's attributes); the untouched runs away from D; the runs (or parts)
    // ending on P and starting on N that D's runs did not take over (a taken-over run shares its
    // first_seen, or its last_seen, with the run of D that took it over).
    `create or replace table ${Build.customer_presence} as
    select s.customer_id, s.name, s.email, s.signup_date, t.first_seen, t.last_seen
    from ${R.silverCustomers} s join ${Build.presenceToday} t using (customer_id)`,

    `insert into ${Build.customer_presence}
    select customer_id, name, email, signup_date, first_seen, last_seen from ${R.previousCustomerPresenceRewritten}
    where last_seen < ${P} or first_seen > ${N}`,

    `insert into ${Build.customer_presence}
    select r.customer_id, r.name, r.email, r.signup_date, r.first_seen, ${P} as last_seen
    from (select * from ${R.previousCustomerPresenceRewritten} where first_seen < ${D} and last_seen >= ${P}) r
    anti join ${Build.presenceToday} t on t.customer_id = r.customer_id and t.first_seen = r.first_seen`,

    `insert into ${Build.customer_presence}
    select r.customer_id, r.name, r.email, r.signup_date, ${N} as first_seen, r.last_seen
    from (select * from ${R.previousCustomerPresenceRewritten} where last_seen > ${D} and first_seen <= ${N}) r
    anti join ${Build.presenceToday} t on t.customer_id = r.customer_id and t.last_seen = r.last_seen`,

    // SCD2 from the runs: a version opens on every run whose name or email differs from the run before
    // (a gap in the deliveries opens nothing); it is valid until the next version opens (valid_to
    // exclusive, NULL while current), with the signup_date of the run that opened it.
    // On a next-day run the same versions come from the current ones and the day's deliveries alone (the
    // runs before the day's are those of the previous version): a delivery opens a version on the date
    // when its name or email differs from the customer's current version (whose name and email are those
    // of the customer's latest run) or the customer is new; the version it replaces closes on the date.
    // Closed versions never change, so they are kept unread (see {@link R.keptDimCustomer}).
    nextDay
      ? `create or replace table ${Build.dim_customer} as
    with opening as (
      select s.customer_id, s.name, s.email, s.signup_date
      from ${R.silverCustomers} s left join (select customer_id, name, email from ${R.previousDimCustomerRewritten} where is_current) c using (customer_id)
      where c.customer_id is null or s.name is distinct from c.name or s.email is distinct from c.email)
    select p.customer_key, p.customer_id, p.name, p.email, p.signup_date, p.valid_from,
      case when p.is_current and o.customer_id is not null then ${D} else p.valid_to end as valid_to,
      p.is_current and o.customer_id is null as is_current
    from ${R.previousDimCustomerRewritten} p left join opening o using (customer_id)
    union all
    select gold_key('customer', customer_id::varchar || ':' || strftime(${D}, '%Y-%m-%d')) as customer_key,
      customer_id, name, email, signup_date, ${D} as valid_from, CAST(NULL AS DATE) as valid_to, true as is_current
    from opening`
      : `create or replace table ${Build.dim_customer} as
    with marked as (
      select customer_id, first_seen, name, email, signup_date,
        (name is distinct from lag(name) over w or email is distinct from lag(email) over w) as opens
      from ${Build.customer_presence} window w as (partition by customer_id order by first_seen)),
    versions as (
      select customer_id, first_seen as valid_from, name, email, signup_date,
        lead(first_seen) over (partition by customer_id order by first_seen) as valid_to
      from marked where opens)
    select gold_key('customer', customer_id::varchar || ':' || strftime(valid_from, '%Y-%m-%d')) as customer_key,
      customer_id, name, email, signup_date, valid_from, valid_to, valid_to is null as is_current
    from versions`,

    `create or replace view ${Build.allDimCustomer} as select * from ${Build.dim_customer} union all select * from ${R.keptDimCustomer}`,

    // Products: the name of the latest ingestion date that delivered the product (a re-run of that date may correct it).
    `create or replace table ${Build.dim_product} as
    select gold_key('product', product_id::varchar) as product_key, product_id, product_name, last_seen from (
      select coalesce(s.product_id, p.product_id) as product_id,
        case when s.product_id is not null and (p.product_id is null or ${D} >= p.last_seen) then s.product_name else p.product_name end as product_name,
        case when s.product_id is null then p.last_seen when p.product_id is null then ${D} else greatest(p.last_seen, ${D}) end as last_seen
      from ${R.previousDimProduct} p full join ${R.silverProducts} s on s.product_id = p.product_id)`,

    // The customers whose versions moved: their set of version keys (one per valid_from) differs from
    // the previous version's. Only their earlier facts can change customer_key; everyone else's keep it.
    // One row per previous version of such a customer: its key, which the facts carry, and the customer.
    // (A full join finds the keys on one side only: 0.1 s at 1 GB, against 0.3-0.5 for two EXCEPTs.)
    `create or replace table ${Build.movedVersions} as
    select p.customer_key, p.customer_id from ${R.previousDimCustomer} p semi join (
      select coalesce(o.customer_id, n.customer_id) as customer_id
      from (select customer_id, customer_key from ${R.previousDimCustomer}) o
      full join (select customer_id, customer_key from ${Build.allDimCustomer}) n on n.customer_key = o.customer_key and n.customer_id = o.customer_id
      where o.customer_key is null or n.customer_key is null) m on m.customer_id = p.customer_id`,

    // Facts. A transaction keeps the delivery of the earliest ingestion date that delivered it (on a
    // re-run of that date, the re-run's delivery); facts are never dropped. Both inputs are unique by
    // transaction id (gated), so two anti joins decide it without a sort: a delivery is added unless an
    // earlier date's fact has it; a previous fact stays unless it is from this date or later and
    // delivered again.
    // The deliveries to add: on the first version, all of them (silver's table itself); after it, those
    // whose id no earlier date's fact has ({@link R.deliveredKnown}, looked up once before the build),
    // materialized, so that the key lookup below sees how few they are on a next-day run and builds its
    // hash table on them, not on every customer version (at 5 GB, built on the versions, it took ~1.5 s
    // for no rows).
    ...(firstVersion
      ? []
      : [
          `create or replace table ${Build.factDelivered} as
    select d.* from ${R.silverTransactions} d anti join ${R.deliveredKnown} k on k.transaction_id = d.transaction_id`
        ]),

    // Keys: a fact's customer_key is the customer version current at the transaction date (the earliest
    // version for a date before the customer's first valid_from). Versions of a customer are contiguous,
    // so an equi-join on the customer with the version's range (open at the start for the first one)
    // finds exactly one. A previous fact keeps its keys (product and date keys are functions of their
    // natural keys) unless its customer's versions moved (a new version, or a backfill that moved one):
    // only those are looked up again, among the moved customers' versions, so the previous facts pass
    // through with lookups in small tables only. On a next-day run every previous fact is older than
    // this date, the Parquet statistics say so, and the superseded-fact anti join is folded away.
    // (The date tests stay out of the anti joins' ON clauses: see the rules at the top.)
    `create or replace table ${Build.fact_transactions} as
    with versions as (
      select customer_key, customer_id,
        case when row_number() over (partition by customer_id order by valid_from) = 1 then '-infinity'::DATE else valid_from end as open_from,
        coalesce(valid_to, 'infinity'::DATE) as open_to
      from ${Build.allDimCustomer}),
    previous as (
      select * from ${R.previousFactRewritten} where ingestion_date < ${D}
      union all
      select p.* from (select * from ${R.previousFactRewritten} where ingestion_date >= ${D}) p
      anti join (select transaction_id from ${R.silverTransactions}) s on s.transaction_id = p.transaction_id)
    select p.transaction_id, case when m.customer_id is null then p.customer_key else v.customer_key end as customer_key,
      p.product_key, p.date_key, p.amount, p.ingestion_date
    from previous p
    left join ${Build.movedVersions} m on m.customer_key = p.customer_key
    left join (select v.* from versions v semi join ${Build.movedVersions} m on m.customer_id = v.customer_id) v on v.customer_id = m.customer_id
      and ${dateOfKey("p.date_key")} >= v.open_from and ${dateOfKey("p.date_key")} < v.open_to
    union all
    select d.transaction_id, v.customer_key, p.product_key,
      ${dateKey("d.transaction_date")} as date_key, d.amount::DECIMAL(18,2) as amount, ${D} as ingestion_date
    from ${firstVersion ? R.silverTransactions : Build.factDelivered} d
    left join versions v on v.customer_id = d.customer_id and d.transaction_date >= v.open_from and d.transaction_date < v.open_to
    left join ${Build.dim_product} p on p.product_id = d.product_id`,

    // The calendar: every day from the earliest to the latest transaction or ingestion date, of the facts
    // built and of those kept unread (their bounds from their files' statistics; least and greatest skip NULLs).
    `create or replace table ${Build.dim_date} as
    with built as (
      select least(${dateOfKey("min(date_key)")}, min(ingestion_date)) as lo, greatest(${dateOfKey("max(date_key)")}, max(ingestion_date)) as hi
      from ${Build.fact_transactions}),
    bounds as (select least(b.lo, k.lo) as lo, greatest(b.hi, k.hi) as hi from built b, ${R.keptFactBounds} k),
    days as (select unnest(generate_series(lo, hi, interval 1 day))::DATE as d from bounds where lo is not null)
    select ${dateKey("d")} as date_key, d as "date", year(d)::INTEGER as "year", quarter(d)::INTEGER as "quarter",
      month(d)::INTEGER as "month", day(d)::INTEGER as "day", isodow(d)::INTEGER as weekday
    from days`,

    // Every customer's total and number of facts: the previous version's, plus the facts built, minus the
    // previous facts rewritten (the facts kept unread are counted in the previous totals already).
    `create or replace table ${Build.customer_totals} as
    select customer_id, total::DECIMAL(18,2) as total_spent, n::INTEGER as transactions
    from (${changedTotalsSql((name) => name, Build.fact_transactions, Build.allDimCustomer)})`,

    // Top N by total spent over all of a customer's versions, named by the current version.
    `create or replace table ${Build.top_customers} as
    with ${topTotalsSql(Build.customer_totals, R.settings)},
    ranked as (select customer_id, total, row_number() over (order by total desc, customer_id) as rank from top_totals)
    select r.rank::INTEGER as rank, r.customer_id, c.name, c.email, r.total::DECIMAL(18,2) as total_spent
    from ranked r join ${Build.dim_customer} c on c.customer_id = r.customer_id and c.is_current`
  ]
}

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
  /**
   * Conditions that write the rows a next-day run cannot change into files
   * of their own (see `TableWrite.parts`), given the new version's last
   * merged date; that run then keeps those files unread.
   */
  readonly parts?: (lastMerged: string) => ReadonlyArray<string>
}

/** Every gold table's build, in the contracts' order (see `goldContracts`). */
export const goldBuilds: ReadonlyArray<GoldBuild> = [
  // Runs that end before the last merged date cannot be extended by a later date.
  { contract: goldCustomerPresence, build: Build.customer_presence, order: null, parts: (lastMerged) => [`last_seen < DATE ${sqlString(lastMerged)}`] },
  // Closed versions do not change on a later date.
  { contract: goldDimCustomer, build: Build.dim_customer, order: null, parts: () => ["not is_current"] },
  { contract: goldDimProduct, build: Build.dim_product, order: "product_id" },
  { contract: goldDimDate, build: Build.dim_date, order: "date_key" },
  { contract: goldFactTransactions, build: Build.fact_transactions, order: null },
  { contract: goldCustomerTotals, build: Build.customer_totals, order: "customer_id" },
  { contract: goldTopCustomers, build: Build.top_customers, order: "rank" }
]

/** The query staging a built gold table: the contract's columns, in the build's row order. */
export const stageSql = ({ contract, build, order }: GoldBuild): string =>
  `select ${contract.definition.sqlColumns.map(([name]) => sqlIdent(name)).join(", ")} from ${build}${order === null ? "" : ` order by ${order}`}`
