/**
 * The catalogue of check ids. Ids are stable: reports, quarantine rows, JUnit
 * test names and CI history refer to them, so an id is never reused for a
 * different rule. Contracts pick their checks from here.
 */
export const CheckCatalogue = {
  schema: "The record does not decode against the contract schema (missing field, wrong type, unparseable or impossible date); the path says where.",
  "email.format": "The email address is malformed.",
  "amount.positive": "An amount is zero or negative, or has more than 2 decimals.",
  "amount.total_spent_matches": "total_spent differs from the sum of the transaction amounts, compared in whole cents.",
  "date.not_in_future": "A date is after the run's ingestion date.",
  "date.transaction_after_signup": "A transaction is dated before the customer's signup_date.",
  "date.last_purchase_matches": "last_purchase differs from the latest transaction date (it must be null exactly when there are no transactions).",
  "key.customer_id_unique": "A customer id occurs more than once in the batch; the first occurrence in file order is kept.",
  "key.transaction_id_unique": "A transaction id occurs more than once in the batch; the first occurrence in file order is kept.",
  "product.name_consistent": "A product_id appears with more than one name; records that disagree with the majority name are rejected.",
  "reconcile.bronze_silver": "Bronze records differ from accepted + quarantined records, or the amounts do not reconcile to the cent.",
  "quarantine.rate": "The share of quarantined rows of a table is over the contract's warn or fail threshold.",
  "key.unique": "A published table's primary key is not unique.",
  "not_null": "A required column of a published table holds NULL.",
  "fk.reference": "A foreign key of a published table has no matching row in the table it references.",
  "schema.columns": "The staged Parquet file does not have the contract's columns and types.",
  "bronze.lineage": "Bronze is missing records or lineage: record indexes not contiguous from 0, or raw text missing.",
  "reconcile.source_bronze": "The records split from the source file differ in number from the rows staged in bronze.",
  "key.gold_unique": "A gold natural or surrogate key is not unique, or a table's own invariant fails: a customer has other than one current row, versions do not chain, customer_presence runs overlap, continue each other or use a date that was not merged.",
  "fk.fact_customer": "A fact's customer_key has no row in dim_customer.",
  "fk.fact_product": "A fact's product_key has no row in dim_product.",
  "fk.fact_date": "A fact's date_key has no row in dim_date.",
  "amount.gold_reconciles_silver": "The amounts merged into gold from a date differ from that date's accepted silver amounts, to the cent.",
  "customer.gold_reconciles_silver": "A customer of the date's accepted silver has no customer_presence run holding the date with its name, email and signup_date, a run holds the date without such a delivery, or a customer's current dim_customer version differs from its latest run.",
  "amount.top_customers_recalculated": "A top customer's total differs from the sum of that customer's facts.",
  "product.name_stable": "A product_id arrived with a name different from gold's existing name (the new name is recorded)."
} as const satisfies Record<string, string>

/** A check id from the catalogue. */
export type CheckId = keyof typeof CheckCatalogue

/** Every check id, in catalogue order. */
export const checkIds = Object.keys(CheckCatalogue) as ReadonlyArray<CheckId>

/** The catalogue's description of a check. */
export const describeCheck = (id: CheckId): string => CheckCatalogue[id]
