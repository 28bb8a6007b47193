/** The gold star schema's contracts, in build and publish order. */
import { goldCustomerPresence } from "./customer_presence.ts"
import { goldCustomerTotals } from "./customer_totals.ts"
import { goldDimCustomer } from "./dim_customer.ts"
import { goldDimDate } from "./dim_date.ts"
import { goldDimProduct } from "./dim_product.ts"
import { goldFactTransactions } from "./fact_transactions.ts"
import { goldTopCustomers } from "./top_customers.ts"

export { goldCustomerPresence, goldCustomerTotals, goldDimCustomer, goldDimDate, goldDimProduct, goldFactTransactions, goldTopCustomers }
export { GoldRelation } from "./relations.ts"

/** Every gold table; a gold version holds one version of each. */
export const goldContracts = [goldCustomerPresence, goldDimCustomer, goldDimProduct, goldDimDate, goldFactTransactions, goldCustomerTotals, goldTopCustomers] as const

/** The name of a gold table. */
export type GoldTable = (typeof goldContracts)[number]["table"]
