/**
 * Every dataset contract of the customers lakehouse, by layer. Stages, reports,
 * docs and property tests read contracts from here; `pipeline.ts` composes them.
 */
import { sourceCustomers } from "./source/customers.ts"
import { bronzeCustomersRaw } from "./bronze/customers_raw.ts"
import { silverCustomers, silverCustomersBuild } from "./silver/customers.ts"
import { silverProducts, silverProductsBuild } from "./silver/products.ts"
import { silverTransactions, silverTransactionsBuild } from "./silver/transactions.ts"
import { silverDenormalized, silverDenormalizedBuild } from "./silver/denormalized.ts"
import { silverSanitation, silverSanitationBuild } from "./silver/sanitation.ts"
import { silverQuarantine, silverQuarantineBuild } from "./silver/quarantine.ts"

export { sourceCustomers, bronzeCustomersRaw, silverCustomers, silverProducts, silverTransactions, silverDenormalized, silverSanitation, silverQuarantine }

/** The silver tables, in publish order. */
export const silverContracts = [silverCustomers, silverProducts, silverTransactions, silverDenormalized, silverSanitation, silverQuarantine] as const

/** The silver tables with their builds, in publish order. */
export const silverTables = [
  silverCustomersBuild,
  silverProductsBuild,
  silverTransactionsBuild,
  silverDenormalizedBuild,
  silverSanitationBuild,
  silverQuarantineBuild
] as const
export { goldContracts } from "./gold/index.ts"
