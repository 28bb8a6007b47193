/**
 * TEST-ONLY: the customers pipeline with a fault planted in gold, to prove the
 * gate blocks it end to end (`lakegate run --pipeline test/support/faultyPipeline.ts`).
 * The product of the first fact is deleted from the built dim_product before
 * the audit, so `fk.fact_product` must block the publish. The fault lives
 * here, in a pipeline value the test composes, never in production settings.
 */
import { pipeline } from "lakegate"
import { goldLayer } from "../../contracts/gold/model.ts"
import { Build } from "../../contracts/gold/sql.ts"
import { customersPipeline } from "../../contracts/pipeline.ts"

const dropProduct = `delete from ${Build.dim_product}
  where product_key = (select product_key from ${Build.fact_transactions} order by transaction_id limit 1)`

export default pipeline({ ...customersPipeline, name: "customers (gold fault: a product dropped)", downstream: [goldLayer({ afterBuild: [dropProduct] })] })
