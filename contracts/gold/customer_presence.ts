/**
 * Gold contract: when each customer was delivered, and as what. A lossless
 * run-length encoding of the observations of every merged date: one row per
 * maximal run of consecutive merged ingestion dates (the version's
 * `ingestedDates`) on which the customer was delivered with the same name,
 * email and signup_date. A merged date that did not deliver the customer
 * ends a run. dim_customer's versions are derived from these runs.
 */
import { MAX_SAMPLES, sqlString, type FailureSample, col, type TableContract, customDatasetCheck, datasetResult, sampleOf, type DatasetCheck, type DatasetContext, defineTable, Duck } from "lakegate"
import { Effect } from "effect"
import { describeCheck } from "../catalogue.ts"
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

const reconcileSpec = {
  id: "customer.gold_reconciles_silver",
  layer: "gold",
  table: "customer_presence",
  severity: "error" as const,
  description: describeCheck("customer.gold_reconciles_silver")
}

/** The failing rows of each part of `customer.gold_reconciles_silver` (`source_id, path, value, message`). */
const reconcileParts = (context: DatasetContext) => {
  const { relation } = context
  const runDate = `(select ingestion_date from ${relation(GoldRelation.settings)})`
  const today = `(select * from ${relation("customer_presence")} where first_seen <= ${runDate} and last_seen >= ${runDate})`
  const currentVersion = `(select customer_id, name, email, valid_from from ${relation("dim_customer")} where is_current)`
  // Joined on customer_id alone and compared after (a join on the text columns costs twice as much):
  // silver has one row per customer, and a customer has one run holding the date.
  return {
    deliveries: `select coalesce(s.customer_id, t.customer_id)::varchar as source_id, 'customer_presence' as path, coalesce(s.name, t.name) as value,
        case when t.customer_id is null
               then 'delivered on ' || ${runDate} || ' as "' || s.name || '" <' || s.email || '>, signup ' || s.signup_date || ', but no run holds that date'
             when s.customer_id is null
               then 'run ' || t.first_seen || '..' || t.last_seen || ' as "' || t.name || '" holds ' || ${runDate} || ', which did not deliver the customer'
             else 'delivered on ' || ${runDate} || ' as "' || s.name || '" <' || s.email || '>, signup ' || s.signup_date ||
               ', but the run ' || t.first_seen || '..' || t.last_seen || ' holding that date is "' || t.name || '" <' || t.email || '>, signup ' || t.signup_date end as message
      from ${relation(GoldRelation.silverCustomers)} s full join ${today} t on t.customer_id = s.customer_id
      where s.customer_id is null or t.customer_id is null or not (${attributes("t", "s")})`,
    latestNames: `select coalesce(c.customer_id, p.customer_id)::varchar as source_id, 'dim_customer' as path, c.name as value,
        case when c.customer_id is null then 'run from ' || p.first_seen || ' but no current version'
             else 'current version "' || c.name || '" <' || c.email || '> opened ' || c.valid_from || ', but the run from ' || p.first_seen || ' is "' || p.name || '" <' || p.email || '>' end as message
      from ${currentVersion} c full join ${relation("customer_presence")} p on p.customer_id = c.customer_id
      where c.customer_id is null or (p.first_seen >= c.valid_from and (p.name is distinct from c.name or p.email is distinct from c.email))`,
    // Of the customers in scope. On a next-day run, which reads none of the runs that ended before the
    // last merged date, only the current versions that opened on the date: any other is the current version
    // the customer had (`unchanged`), whose run still starts where it did. Aggregates only, no join: the
    // current versions' openings, the runs' starts and the customers in scope grouped by customer and date,
    // then by customer. Joined (an anti join on the runs and a semi join on the
    // scope), the part ran out of the 160 MB pool on next-day runs with 2.2M customers, one run in three or
    // more; a hash aggregate spills instead.
    openings: `with marks as (
        select customer_id, valid_from as d, 1 as kind from ${relation("dim_customer")}
          where is_current and (valid_from >= ${runDate} or not (select next_day from ${relation(GoldRelation.settings)}))
        union all select customer_id, first_seen, 2 from ${relation("customer_presence")}
        union all select customer_id, NULL, 4 from ${relation(GoldRelation.touchedCustomers)}),
      dated as (select customer_id, d, bit_or(kind) as kinds from marks group by customer_id, d),
      unopened as (select customer_id, min(d) filter (kinds & 3 = 1) as valid_from, bool_or(kinds & 4 = 4) as in_scope
        from dated group by customer_id)
      select customer_id::varchar as source_id, 'dim_customer' as path, valid_from::varchar as value, 'current version opened ' || valid_from || ', when no run starts' as message
      from unopened where in_scope and valid_from is not null`,
    // On a next-day run: the runs and versions of the customers the date did not deliver are as they were,
    // and so are the others' runs before the date and current versions not opened on it.
    unchanged: unchangedRows(context)
  }
}

/**
 * On a next-day run (none otherwise: a re-run or a backfill may cut any run),
 * the rows of each comparison of {@link unchangedSides} that are on one side
 * only. The rows the run wrote are compared with the rows of the files it
 * rewrote, and nothing else: the whole history of a delivered customer (every
 * run, on an increment feed) is not read again each day.
 */
const unchangedRows = (context: DatasetContext) => {
  const differ = (sides: Sides) => {
    const rows = (a: string, b: string, what: string) =>
      `select customer_id::varchar as source_id, ${sqlString(sides.table)} as path, name as value, ${sqlString(what)} as message
       from (select ${sides.columns.join(", ")} from ${a} except all select ${sides.columns.join(", ")} from ${b})`
    return `${rows(sides.now, sides.before, sides.added)} union all ${rows(sides.before, sides.now, sides.lost)}`
  }
  return `select * from (${unchangedSides(context).map(differ).join(" union all ")})
    where (select next_day from ${context.relation(GoldRelation.settings)})`
}

/** Two sides of rows that must be equal as multisets in `columns`, and what a row on one side only means. */
interface Sides {
  readonly table: "customer_presence" | "dim_customer"
  readonly columns: ReadonlyArray<string>
  readonly now: string
  readonly before: string
  readonly added: string
  readonly lost: string
}

const PRESENCE_COLUMNS = ["customer_id", "name", "email", "signup_date", "first_seen", "last_seen"]
const DIM_COLUMNS = ["customer_key", "customer_id", "name", "email", "signup_date", "valid_from", "valid_to", "is_current"]

/**
 * What `unchanged` compares on a next-day run. Its checks see no run that
 * ended before the last merged date (the kept files: a customer's whole
 * history, on an increment feed), so these comparisons carry what they
 * checked when those runs were written:
 * - the rows of the customers the date did not deliver, as the run wrote them
 *   and as the files it rewrote held them: with K the kept rows (the same
 *   files in both versions), now ∪ K equals before ∪ K exactly when now
 *   equals before, as multisets;
 * - the runs before the date of the customers it delivered: the runs of the
 *   files it rewrote, but that a run that ended on the last merged date may
 *   go on to the date. So no run the run wrote overlaps, repeats or should
 *   continue a kept one: those end before the runs of the rewritten files begin;
 * - the current versions of the customers it delivered that opened before the
 *   date: the current versions they had. Every run from such a version's
 *   opening on was checked against it when it was written.
 */
const unchangedSides = (context: DatasetContext): ReadonlyArray<Sides> => {
  const { relation } = context
  const staged = context.staged ?? relation
  const runDate = `(select ingestion_date from ${relation(GoldRelation.settings)})`
  const silver = relation(GoldRelation.silverCustomers)
  const others = (rows: string) => `(select * from ${rows} anti join ${silver} using (customer_id))`
  const delivered = (rows: string, where: string, columns = "r.*") => `(select ${columns} from ${rows} r semi join ${silver} s on s.customer_id = r.customer_id where ${where})`
  const notDelivered = (table: Sides["table"], columns: ReadonlyArray<string>, rewritten: string): Sides => ({
    table,
    columns,
    now: others(staged(table)),
    before: others(relation(rewritten)),
    added: "a row the run changed or added, though the date did not deliver the customer",
    lost: "a row of the previous version the run lost or changed, though the date did not deliver the customer"
  })
  const keptCurrent = delivered(staged("dim_customer"), `r.is_current and r.valid_from < ${runDate}`)
  return [
    notDelivered("customer_presence", PRESENCE_COLUMNS, GoldRelation.previousCustomerPresenceRewritten),
    notDelivered("dim_customer", DIM_COLUMNS, GoldRelation.previousDimCustomerRewritten),
    {
      // A run that went on to the date ended on the last merged date before it.
      table: "customer_presence",
      columns: PRESENCE_COLUMNS,
      now: delivered(
        staged("customer_presence"),
        `r.first_seen < ${runDate}`,
        `r.* replace (case when r.last_seen = ${runDate} then (select max(d) from ${relation(GoldRelation.priorDates)}) else r.last_seen end as last_seen)`
      ),
      before: delivered(relation(GoldRelation.previousCustomerPresenceRewritten), "true"),
      added: "a run before the date of a customer the date delivered that the previous version did not have",
      lost: "a run of the previous version of a customer the date delivered, lost or changed other than going on to the date"
    },
    {
      table: "dim_customer",
      columns: DIM_COLUMNS,
      now: keptCurrent,
      before: `(select p.* from ${relation(GoldRelation.previousDimCustomerRewritten)} p semi join ${keptCurrent} n on n.customer_id = p.customer_id where p.is_current)`,
      added: "a current version that opened before the date the customer was delivered on, but not the current version before",
      lost: "the current version before of a customer delivered on the date, lost or changed though no version opened on the date"
    }
  ]
}

/**
 * Whether both sides of every comparison of `unchanged` have the same rows by
 * count and by a sum of row hashes: an aggregate in constant memory. Only when
 * they differ does the check compare them row by row (EXCEPT ALL over every
 * current version ran out of a 160 MB pool at 450,000 customers).
 */
const unchangedSumsAgree = (context: DatasetContext) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const [settings] = yield* duck.all(`select next_day from ${context.relation(GoldRelation.settings)}`)
    if (settings?.["next_day"] !== true) return true
    for (const sides of unchangedSides(context)) {
      const sum = (rows: string) => `(select count(*)::VARCHAR || ':' || coalesce(sum(hash(${sides.columns.join(", ")}))::VARCHAR, '0') from ${rows})`
      const [row] = yield* duck.all(`select ${sum(sides.now)} = ${sum(sides.before)} as same`)
      if (row?.["same"] !== true) return false
    }
    return true
  })

/**
 * `customer.gold_reconciles_silver`: nothing delivered is lost, nothing is
 * invented, and the current name follows the latest delivery.
 *
 * - `deliveries`: every customer of this date's silver has a run holding the
 *   date with its name, email and signup_date, and every run holding the
 *   date is such a delivery;
 * - `latest_names`: no run from the start of a customer's current
 *   dim_customer version on has another name or email, and every customer
 *   of a run has a current version;
 * - `openings`: every current version opened on the first day of a run
 *   (of the customers whose runs the checks see whole);
 * - `unchanged`: on a next-day run, the customers the date did not deliver
 *   have the runs and versions they had; those it delivered have the runs
 *   before the date they had (a run may go on to the date), and a current
 *   version that did not open on the date is the one they had.
 *
 * The parts run one after the other: as one query (a union) they took three
 * times as long and ran out of memory at 1 GB.
 */
export const customerGoldReconcilesSilver: DatasetCheck = customDatasetCheck(reconcileSpec, (context) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const parts = reconcileParts(context)
    const counts: Record<string, number> = {}
    const skipUnchanged = yield* unchangedSumsAgree(context)
    for (const [name, failing] of Object.entries(parts)) {
      if (name === "unchanged" && skipUnchanged) {
        counts[name] = 0
        continue
      }
      const rows = yield* duck.all(`select count(*) as n from (${failing})`)
      counts[name] = Number(rows[0]?.["n"] ?? 0)
    }
    const [totalRow] = yield* duck.all(`select count(*) as n from ${context.relation(GoldRelation.silverCustomers)}`)
    const failed = Object.values(counts).reduce((a, b) => a + b, 0)
    const samples: Array<FailureSample> = []
    for (const [name, failing] of Object.entries(parts)) {
      if ((counts[name] ?? 0) === 0 || samples.length >= MAX_SAMPLES) continue
      samples.push(...(yield* duck.all(`${failing} limit ${MAX_SAMPLES - samples.length}`)).map(sampleOf))
    }
    return datasetResult(reconcileSpec, {
      failed,
      total: Number(totalRow?.["n"] ?? 0),
      observed: { deliveries: String(counts["deliveries"]), latest_names: String(counts["latestNames"]), openings: String(counts["openings"]), unchanged: String(counts["unchanged"]) },
      samples,
      message:
        failed === 0
          ? "every delivery of the date is in a run holding it, and every current version carries its latest run's name and email"
          : `${counts["deliveries"]} delivery(ies) of the date missing from or misrecorded in customer_presence, ${(counts["latestNames"] ?? 0) + (counts["openings"] ?? 0)} disagreement(s) of dim_customer's current versions with the runs, ${counts["unchanged"]} row(s) of customers the date did not deliver changed`
    })
  })
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
