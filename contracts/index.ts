/**
 * Every dataset contract of the lakehouse, by layer. Stages, reports, docs and
 * property tests read contracts from here.
 */
import { sourceCustomers } from "./source/customers.ts"
import { bronzeCustomersRaw } from "./bronze/customers_raw.ts"
import { silverCustomers } from "./silver/customers.ts"
import { silverProducts } from "./silver/products.ts"
import { silverTransactions } from "./silver/transactions.ts"
import { silverDenormalized } from "./silver/denormalized.ts"
import { silverSanitation } from "./silver/sanitation.ts"
import { silverQuarantine } from "./silver/quarantine.ts"

export { sourceCustomers, bronzeCustomersRaw, silverCustomers, silverProducts, silverTransactions, silverDenormalized, silverSanitation, silverQuarantine }

/** The silver tables, in publish order. */
export const silverContracts = [silverCustomers, silverProducts, silverTransactions, silverDenormalized, silverSanitation, silverQuarantine] as const
export { goldContracts } from "./gold/index.ts"
