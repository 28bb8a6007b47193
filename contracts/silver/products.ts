/** Silver contract: the products seen in accepted transactions, one name each. */
import { col } from "../../src/contract/columns.ts"
import type { TableContract } from "../../src/contract/Contract.ts"
import { defineTable } from "../../src/contract/Table.ts"

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
