/**
 * Gold contract: the product dimension, one row per product id. The name is
 * type 1: the name delivered by the latest ingestion date that delivered the
 * product (`last_seen`). A rename is flagged by `product.name_stable` (warn).
 */
import { col, type TableContract, sqlDatasetCheck, defineTable } from "lakegate"
import { describeCheck } from "../catalogue.ts"
import { goldUnique } from "./checks.ts"
import { GoldRelation } from "./relations.ts"

export const goldDimProductTable = defineTable({
  product_key: col.id("surrogate key derived from product_id, see docs/gold.md"),
  product_id: col.id("the product's id from the source (natural key)"),
  product_name: col.text("the name delivered on last_seen"),
  last_seen: col.date("the latest ingestion date that delivered this product")
})

/**
 * `product.name_stable` (warn): a product of this date's silver whose name
 * differs from the name in the gold version merged into. The new name is
 * recorded (product_name, last_seen) when the date is not older than the
 * product's last_seen; otherwise gold keeps the newer delivery's name.
 */
export const productNameStable = sqlDatasetCheck(
  { id: "product.name_stable", layer: "gold", table: "dim_product", severity: "warn", description: describeCheck("product.name_stable") },
  ({ relation }) => ({
    failing: `select s.product_id::varchar as source_id, 'product_name' as path, s.product_name as value,
        'was "' || p.product_name || '", now "' || s.product_name || '": ' ||
        case when (select ingestion_date from ${relation(GoldRelation.settings)}) >= p.last_seen then 'new name recorded in dim_product'
             else 'kept "' || p.product_name || '" from the newer delivery of ' || p.last_seen end as message
      from ${relation(GoldRelation.silverProducts)} s join ${relation(GoldRelation.previousDimProduct)} p on p.product_id = s.product_id
      where s.product_name <> p.product_name`,
    total: `select count(*) as n from ${relation(GoldRelation.silverProducts)}`,
    message: (n) => `${n} product(s) arrived with a name different from gold's`
  })
)

export const goldDimProduct: TableContract<typeof goldDimProductTable.columns> = {
  id: "gold.dim_product",
  version: "1.0.0",
  layer: "gold",
  table: "dim_product",
  description: "Product dimension; the name of the latest delivery (type 1), renames flagged.",
  definition: goldDimProductTable,
  primaryKey: ["product_key"],
  required: ["product_key", "product_id", "product_name", "last_seen"],
  references: [],
  quarantine: null,
  datasetChecks: [goldUnique("dim_product", [["product_key"], ["product_id"]]), productNameStable]
}
