/**
 * Gold contract: the customer dimension, SCD type 2. One row per customer
 * version; a changed name or email closes the current version and opens a new
 * one. Versions are half-open intervals [valid_from, valid_to); valid_to is
 * NULL while the version is current.
 */
import { col, type TableContract, defineTable } from "lakegate"
import { goldUnique } from "./checks.ts"

export const goldDimCustomerTable = defineTable({
  customer_key: col.id("surrogate key of the version: derived from (customer_id, valid_from), see docs/gold.md"),
  customer_id: col.id("the customer's id from the source (natural key)"),
  name: col.text("full name during this version"),
  email: col.text("email address during this version"),
  signup_date: col.date("signup date, as observed when the version opened"),
  valid_from: col.date("first ingestion date this version was observed"),
  valid_to: col.optionalDate("the ingestion date the next version opened (exclusive); NULL while current"),
  is_current: col.flag("true exactly for the version with valid_to NULL")
})

export const goldDimCustomer: TableContract<typeof goldDimCustomerTable.columns> = {
  id: "gold.dim_customer",
  version: "1.0.0",
  layer: "gold",
  table: "dim_customer",
  description: "Customer dimension, SCD type 2 on name and email; one current row per customer.",
  definition: goldDimCustomerTable,
  primaryKey: ["customer_key"],
  required: ["customer_key", "customer_id", "name", "email", "signup_date", "valid_from", "is_current"],
  references: [],
  quarantine: null,
  datasetChecks: [
    goldUnique(
      "dim_customer",
      [["customer_key"], ["customer_id", "valid_from"]],
      [
        // Exactly one current row per customer.
        (relation) => `select customer_id as value, 'is_current' as path, count_if(is_current) || ' current rows' as message
          from ${relation("dim_customer")} group by customer_id having count_if(is_current) <> 1`,
        // Versions chain without gap or overlap: valid_to is the next version's valid_from, NULL exactly when current.
        (relation) => `select customer_id || '/' || valid_from as value, 'valid_to' as path,
            'valid_to ' || coalesce(valid_to::varchar, 'NULL') || ' but next valid_from ' || coalesce(next_from::varchar, 'NULL') || ', is_current ' || is_current as message
          from (select *, lead(valid_from) over (partition by customer_id order by valid_from) as next_from from ${relation("dim_customer")})
          where valid_to is distinct from next_from or is_current is distinct from (valid_to is null) or valid_to <= valid_from`
      ]
    )
  ]
}
