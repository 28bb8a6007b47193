/**
 * The catalogue of check ids. Ids are stable: reports, quarantine rows, JUnit
 * test names and CI history refer to them, so an id is never reused for a
 * different rule. Contracts pick their checks from here. Each text says what
 * the check guarantees when it passes (reports show it next to every status).
 */
export const CheckCatalogue = {
  schema: "Every record decodes against the contract schema: required fields present, types right, dates real calendar dates; a record that does not is quarantined, and the path says where.",
  "email.format": "Every email address is well formed.",
  "amount.positive": "Every amount is positive, with at most 2 decimals.",
  "amount.total_spent_matches": "total_spent equals the sum of the transaction amounts, compared in whole cents.",
  "date.not_in_future": "No date is after the run's ingestion date.",
  "date.transaction_after_signup": "No transaction is dated before the customer's signup_date.",
  "date.last_purchase_matches": "last_purchase is the latest transaction date, and null exactly when there are no transactions.",
  "key.customer_id_unique": "Each customer id occurs once in the batch; of a repeated id, the first occurrence in file order is kept.",
  "key.transaction_id_unique": "Each transaction id occurs once in the batch; of a repeated id, the first occurrence in file order is kept.",
  "product.name_consistent": "Each product_id has one name in the batch; records that disagree with the majority name are rejected.",
  "reconcile.bronze_silver": "Every bronze record is either accepted or quarantined, and the amounts reconcile to the cent.",
  "quarantine.rate": "The share of a table's rows sent to quarantine stays within the contract's warn and block levels.",
  "volume.recent": "A silver table's rows are at least 50% of the median of its last 7 published dates (it passes with no earlier date; below, it warns and never blocks).",
  "key.unique": "A published table's primary key is unique.",
  "not_null": "A published table's required columns hold no NULL.",
  "fk.reference": "Every foreign key of a published table (one without a NULL in it) has a matching row in the table it references.",
  "schema.columns": "The staged Parquet file has exactly the contract's columns and types, in order.",
  "bronze.lineage": "Bronze holds every record with its lineage: record indexes contiguous from 0, each with its raw text.",
  "reconcile.source_bronze": "Bronze stages as many rows as records were split from the source file.",
  "key.gold_unique": "Gold's natural and surrogate keys are unique and each table's own invariants hold: one current row per customer, versions that chain, customer_presence runs that neither overlap nor continue each other and use only merged dates.",
  "fk.fact_customer": "Every fact's customer_key has a row in dim_customer.",
  "fk.fact_product": "Every fact's product_key has a row in dim_product.",
  "fk.fact_date": "Every fact's date_key has a row in dim_date.",
  "amount.gold_reconciles_silver": "The amounts merged into gold from a date equal that date's accepted silver amounts, to the cent.",
  "customer.gold_reconciles_silver": "Each customer of the date's accepted silver has a customer_presence run holding the date with its name, email and signup_date, every run holding the date has such a delivery, each customer's current dim_customer version matches its latest run, and on a next-day run the runs and versions of the customers the date did not deliver are as they were.",
  "amount.top_customers_recalculated": "The top customers are the customers with the largest totals in customer_totals, each with its total to the cent and its current name and email.",
  "amount.customer_totals_reconcile": "Each customer's total and number of facts equal the previous gold version's plus the facts the run merged, minus those it rewrote, to the cent.",
  "product.name_stable": "A product_id keeps gold's existing name (a different new name is recorded when it arrives)."
} as const satisfies Record<string, string>

/** A check id from the catalogue. */
export type CheckId = keyof typeof CheckCatalogue

/** Every check id, in catalogue order. */
export const checkIds = Object.keys(CheckCatalogue) as ReadonlyArray<CheckId>

/** The catalogue's description of a check. */
export const describeCheck = (id: CheckId): string => CheckCatalogue[id]
