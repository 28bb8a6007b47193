/**
 * Source contract: what lakegate accepts from upstream in `{"customers": [...]}`.
 * One record is one customer with its nested transactions.
 */
import { Schema } from "effect"
import { IsoDate, toCents, violation, type RowCheck, type SourceContract, type Violation } from "lakegate"
import { isEmail } from "../checks/email.ts"
import { duplicateCustomerIdSql, duplicateTransactionIdSql } from "../checks/keys.ts"
import { conflictingProductNameSql } from "../checks/products.ts"
import { describeCheck } from "../catalogue.ts"

const PositiveId = Schema.Int.pipe(
  Schema.positive(),
  Schema.annotations({ identifier: "PositiveId", arbitrary: () => (fc) => fc.integer({ min: 1, max: 2_000_000_000 }) })
)

/** A JSON number used as money; whether it is a whole number of cents is a row check, not the schema's. */
const MoneyNumber = Schema.Number.pipe(
  Schema.finite(),
  Schema.annotations({ identifier: "Money", arbitrary: () => (fc) => fc.integer({ min: 1, max: 500_000 }).map((c) => c / 100) })
)

/** One purchase, nested in its customer. */
export const Transaction = Schema.Struct({
  transaction_id: PositiveId,
  date: IsoDate,
  amount: MoneyNumber,
  product_id: PositiveId,
  product_name: Schema.String
})
export type Transaction = typeof Transaction.Type

/** One source record: a customer and every transaction delivered with it. */
export const Customer = Schema.Struct({
  id: PositiveId,
  name: Schema.String,
  email: Schema.String,
  signup_date: IsoDate,
  last_purchase: Schema.NullOr(IsoDate),
  total_spent: MoneyNumber,
  transactions: Schema.Array(Transaction)
})
export type Customer = typeof Customer.Type

const emailFormat: RowCheck<Customer> = {
  id: "email.format",
  severity: "error",
  description: describeCheck("email.format"),
  validate: (c) => (isEmail(c.email) ? [] : [violation("email.format", "error", "email", "malformed email address", c.email)])
}

const amountPositive: RowCheck<Customer> = {
  id: "amount.positive",
  severity: "error",
  description: describeCheck("amount.positive"),
  validate: (c) => {
    const found: Array<Violation> = []
    c.transactions.forEach((t, i) => {
      const cents = toCents(t.amount)
      if (cents === undefined) found.push(violation("amount.positive", "error", `transactions[${i}].amount`, "amount has more than 2 decimals", String(t.amount)))
      else if (cents <= 0) found.push(violation("amount.positive", "error", `transactions[${i}].amount`, "amount is not positive", String(t.amount)))
    })
    return found
  }
}

const totalSpentMatches: RowCheck<Customer> = {
  id: "amount.total_spent_matches",
  severity: "error",
  description: describeCheck("amount.total_spent_matches"),
  validate: (c) => {
    let sum = 0
    for (const t of c.transactions) {
      const cents = toCents(t.amount)
      if (cents === undefined) return [] // not evaluated: amount.positive already rejects the record
      sum += cents
    }
    const total = toCents(c.total_spent)
    if (total === undefined) return [violation("amount.total_spent_matches", "error", "total_spent", "total_spent has more than 2 decimals", String(c.total_spent))]
    return total === sum
      ? []
      : [violation("amount.total_spent_matches", "error", "total_spent", `total_spent is ${String(c.total_spent)} but the amounts sum to ${(sum / 100).toFixed(2)}`, String(c.total_spent))]
  }
}

const notInFuture: RowCheck<Customer> = {
  id: "date.not_in_future",
  severity: "error",
  description: describeCheck("date.not_in_future"),
  validate: (c, { ingestionDate }) => {
    const found: Array<Violation> = []
    const flag = (path: string, date: string | null) => {
      if (date !== null && date > ingestionDate) found.push(violation("date.not_in_future", "error", path, `date is after the ingestion date ${ingestionDate}`, date))
    }
    flag("signup_date", c.signup_date)
    flag("last_purchase", c.last_purchase)
    c.transactions.forEach((t, i) => flag(`transactions[${i}].date`, t.date))
    return found
  }
}

const transactionAfterSignup: RowCheck<Customer> = {
  id: "date.transaction_after_signup",
  severity: "error",
  description: describeCheck("date.transaction_after_signup"),
  validate: (c) => {
    const found: Array<Violation> = []
    c.transactions.forEach((t, i) => {
      if (t.date < c.signup_date) found.push(violation("date.transaction_after_signup", "error", `transactions[${i}].date`, `transaction dated before signup_date ${c.signup_date}`, t.date))
    })
    return found
  }
}

const lastPurchaseMatches: RowCheck<Customer> = {
  id: "date.last_purchase_matches",
  severity: "error",
  description: describeCheck("date.last_purchase_matches"),
  validate: (c) => {
    let latest: string | null = null
    for (const t of c.transactions) if (latest === null || t.date > latest) latest = t.date
    if (latest === c.last_purchase) return []
    const message = latest === null ? "last_purchase is set but there are no transactions" : `last_purchase should be ${latest}, the latest transaction date`
    return [violation("date.last_purchase_matches", "error", "last_purchase", message, c.last_purchase)]
  }
}

/** The source contract for `data/customers.json`. */
export const sourceCustomers: SourceContract<Customer, typeof Customer.Encoded> = {
  id: "source.customers",
  version: "1.0.0",
  description: "Customers with their nested transactions, as delivered upstream in {\"customers\": [...]}.",
  schema: Customer,
  schemaSeverity: "error",
  rowChecks: [emailFormat, amountPositive, totalSpentMatches, notInFuture, transactionAfterSignup, lastPurchaseMatches],
  batchChecks: [
    { id: "key.customer_id_unique", severity: "error", description: describeCheck("key.customer_id_unique"), violationsSql: duplicateCustomerIdSql },
    { id: "key.transaction_id_unique", severity: "error", description: describeCheck("key.transaction_id_unique"), violationsSql: duplicateTransactionIdSql },
    { id: "product.name_consistent", severity: "error", description: describeCheck("product.name_consistent"), violationsSql: conflictingProductNameSql }
  ]
}
