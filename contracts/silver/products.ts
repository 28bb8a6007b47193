/** Silver contract: the products seen in accepted transactions, one name each. */
import { col, type TableContract, defineTable, type SilverTable, acceptedTable } from "lakegate"

export const silverProductsTable = defineTable({
  product_id: col.id("the product's id"),
  product_name: col.text("the product's one name")
})

export const silverProducts: TableContract<typeof silverProductsTable.columns> = {
  id: "silver.products",
  version: "1.0.0",
  layer: "silver",
  table: "products",
  description: "Products of accepted transactions; product_id is unique, so each has exactly one name.",
  definition: silverProductsTable,
  primaryKey: ["product_id"],
  required: ["product_id", "product_name"],
  references: [],
  quarantine: null,
  datasetChecks: []
}

/** One row per product of the accepted transactions (their names agree: `product.name_consistent`). */
export const silverProductsBuild: SilverTable = {
  contract: silverProducts,
  build: `select product_id, any_value(product_name) as product_name from ${acceptedTable("transactions")} group by product_id order by product_id`,
  rowsIn: `select count(*) from ${acceptedTable("transactions")}`
}
