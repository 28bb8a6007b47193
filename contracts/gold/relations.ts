/**
 * The SQL relations gold checks may read besides gold's own staged tables.
 * The gold stage creates them before the audit (see `src/stages/model/gold.ts`).
 */
export const GoldRelation = {
  /** The accepted silver tables of the run's ingestion date, read through their manifests. */
  silverCustomers: "silver_customers",
  silverProducts: "silver_products",
  silverTransactions: "silver_transactions",
  /** The tables of the gold version this run merges into (empty relations when there is none). */
  previousDimCustomer: "previous_dim_customer",
  previousDimProduct: "previous_dim_product",
  previousFact: "previous_fact_transactions",
  /**
   * The facts of the version merged into that this run may change and so
   * rewrites: on a next-day run only the files whose statistics say they may
   * hold a fact dated on or after the run's date; otherwise every fact.
   */
  previousFactRewritten: "previous_fact_rewritten",
  /** The facts of the version merged into that the new version lists again, file for file, unread (the rest of {@link previousFact}). */
  keptFact: "gold_kept_fact",
  /**
   * The ids of this date's silver transactions that a fact of an earlier
   * ingestion date already holds (one column, `transaction_id`): the day's
   * one lookup of its keys in the whole fact history, made by the stage from
   * its inputs before the build ({@link deliveredKnownSql}), read by the
   * build (what to add) and by the gate (what gold should have added). A run
   * scans the history's ids once, not once per reader.
   */
  deliveredKnown: "gold_delivered_known",
  /** One row, `lo` and `hi` (DATE): the earliest and latest transaction or ingestion date of {@link keptFact}, from its files' statistics. */
  keptFactBounds: "gold_kept_fact_bounds",
  /**
   * The customer_presence runs of the version merged into. A version written
   * before that table existed has its runs derived from its dim_customer and
   * its merged dates (see `legacyPresenceSql` in `sql.ts`).
   */
  previousCustomerPresence: "previous_customer_presence",
  /**
   * The runs of the version merged into that this run may change and so
   * rewrites: on a next-day run only the files whose statistics say they may
   * hold a run reaching the last merged date (a run the day can extend);
   * otherwise every run.
   */
  previousCustomerPresenceRewritten: "previous_customer_presence_rewritten",
  /** The runs the new version lists again, file for file, unread (the rest of {@link previousCustomerPresence}). */
  keptCustomerPresence: "gold_kept_customer_presence",
  /**
   * The customer versions of the version merged into that this run may change
   * and so rewrites: on a next-day run the files holding a current version
   * (closed versions never change on a next-day run); otherwise every version.
   */
  previousDimCustomerRewritten: "previous_dim_customer_rewritten",
  /** The closed customer versions the new version lists again, file for file, unread. */
  keptDimCustomer: "gold_kept_dim_customer",
  /**
   * One column, `customer_id`: on a next-day run the customers the date
   * delivered (the only ones whose runs and versions the day can change),
   * otherwise every customer. The checks of dim_customer see every row of
   * these customers (the rewritten ones and the kept ones) and the rewritten
   * rows of the others; those of customer_presence see the rewritten and new
   * runs only (see the `unchanged` part of customer.gold_reconciles_silver).
   */
  touchedCustomers: "gold_touched_customers",
  /**
   * The customer_totals of the version merged into. A version written before
   * that table existed has them counted from its facts, once.
   */
  previousCustomerTotals: "previous_customer_totals",
  /** The ingestion dates merged into the version merged into (its `ingestedDates`): one DATE column `d`. */
  priorDates: "gold_prior_dates",
  /**
   * One row: `ingestion_date` DATE (the run's date), `top_n` INTEGER
   * (LAKEGATE_TOP_N) and `next_day` BOOLEAN (the date is after every merged
   * date: the run rewrites only what the day can change).
   */
  settings: "gold_settings"
} as const

/** Each relation of the version merged into, with the gold table it holds. */
export const previousGoldRelations = [
  [GoldRelation.previousDimCustomer, "dim_customer"],
  [GoldRelation.previousDimProduct, "dim_product"],
  [GoldRelation.previousFact, "fact_transactions"],
  [GoldRelation.previousCustomerPresence, "customer_presence"],
  [GoldRelation.previousCustomerTotals, "customer_totals"]
] as const
