/**
 * The customers pipeline: `{"customers": [...]}` → bronze → silver → gold,
 * declared with lakegate's public API. `npm run pipeline` runs it.
 */
import { pipeline } from "lakegate"
import { bronzeCustomersRaw } from "./bronze/customers_raw.ts"
import { goldLayer } from "./gold/model.ts"
import { silverTables } from "./index.ts"
import { customersSource } from "./source/staging.ts"

/** The customers pipeline, with its gold layer configured from the environment (`LAKEGATE_TOP_N`). */
export const customersPipeline = pipeline({
  name: "customers",
  source: customersSource,
  bronze: bronzeCustomersRaw,
  silver: silverTables,
  downstream: [goldLayer()],
  defaults: { input: "data/customers.json" }
})

export default customersPipeline

/** The layers after silver (gold), for tests that run silver alone or with them. */
export const goldDownstream = customersPipeline.downstream
