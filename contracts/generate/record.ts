/**
 * A customer record on its way to the file: a mutable draft that defects can
 * edit, and its rendering as one line of compact JSON written straight into a
 * {@link ByteBuffer}.
 *
 * `total_spent` and `last_purchase` are derived when the draft is rendered
 * (sum of the transactions' cents plus `totalAdjustCents`, and the latest
 * transaction day), so an edit to a transaction keeps them consistent unless a
 * defect deliberately breaks them. Field-level overrides (drop a field, write a
 * number as a string, write a raw token) exist only for defects; a draft
 * without overrides takes the fast path.
 */
import { type ByteBuffer, utf8 } from "./bytes.ts"

/** How a defect rewrites one field: drop it, quote its normal value, or write a raw JSON token. */
export type Override = "drop" | "quote" | { readonly raw: string }

/** Customer fields, in the order they are written. */
export type CustomerField = "id" | "name" | "email" | "signup_date" | "last_purchase" | "total_spent" | "transactions"

/** Transaction fields, in the order they are written. */
export type TransactionField = "transaction_id" | "date" | "amount" | "product_id" | "product_name"

/** One transaction of a draft. */
export interface TransactionDraft {
  transactionId: number
  day: number
  /** Counted into total_spent (also when `amount` is overridden). */
  cents: number
  productId: number
  /** The product name JSON-escaped and UTF-8 encoded, without quotes. */
  productName: Uint8Array
  overrides: Partial<Record<TransactionField, Override>> | undefined
}

/** A customer record being built. */
export interface CustomerDraft {
  id: number
  /** The name JSON-escaped and UTF-8 encoded, without quotes. */
  name: Uint8Array
  /** ASCII only, nothing to escape (generated addresses and their malformed variants). */
  email: string
  signupDay: number
  transactions: Array<TransactionDraft>
  /** Added to the sum of the transactions to give total_spent (non-zero only for a defect). */
  totalAdjustCents: number
  overrides: Partial<Record<CustomerField, Override>> | undefined
}

/** The total_spent a draft will be written with, in cents. */
export const draftTotalCents = (draft: CustomerDraft): number => {
  let total = draft.totalAdjustCents
  for (const t of draft.transactions) total += t.cents
  return total
}

const QUOTE = 34
const COMMA = 44
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const CLOSE_BRACE = 125

const TX_ID = utf8("{\"transaction_id\":")
const TX_DATE = utf8(",\"date\":\"")
const TX_AMOUNT = utf8("\",\"amount\":")
const TX_PRODUCT_ID = utf8(",\"product_id\":")
const TX_PRODUCT_NAME = utf8(",\"product_name\":\"")
const TX_END = utf8("\"}")

const C_ID = utf8("{\"id\":")
const C_NAME = utf8(",\"name\":\"")
const C_EMAIL = utf8("\",\"email\":\"")
const C_SIGNUP = utf8("\",\"signup_date\":\"")
const C_LAST = utf8("\",\"last_purchase\":")
const C_TOTAL = utf8(",\"total_spent\":")
const C_TRANSACTIONS = utf8(",\"transactions\":[")
const C_END = utf8("]}")
const NULL = utf8("null")


/** A field of the slow path: its key, its override and how to write its normal value. */
type Field = readonly [key: string, override: Override | undefined, write: (out: ByteBuffer) => void]

/** Write `{ "key": value, … }` honouring overrides (only records with a defect come here). */
const writeObject = (out: ByteBuffer, fields: ReadonlyArray<Field>): void => {
  out.ascii("{")
  let first = true
  for (const [key, override, write] of fields) {
    if (override === "drop") continue
    if (!first) out.byte(COMMA)
    first = false
    out.ascii("\"" + key + "\":")
    if (override === undefined) write(out)
    else if (override === "quote") {
      out.byte(QUOTE)
      write(out)
      out.byte(QUOTE)
    } else out.text(override.raw)
  }
  out.byte(CLOSE_BRACE)
}

const quoted = (write: (out: ByteBuffer) => void) => (out: ByteBuffer): void => {
  out.byte(QUOTE)
  write(out)
  out.byte(QUOTE)
}

/** Write one transaction as compact JSON. */
export const writeTransaction = (out: ByteBuffer, t: TransactionDraft): void => {
  const o = t.overrides
  if (o === undefined) {
    out.bytes(TX_ID)
    out.uint(t.transactionId)
    out.bytes(TX_DATE)
    out.day(t.day)
    out.bytes(TX_AMOUNT)
    out.cents(t.cents)
    out.bytes(TX_PRODUCT_ID)
    out.uint(t.productId)
    out.bytes(TX_PRODUCT_NAME)
    out.bytes(t.productName)
    out.bytes(TX_END)
    return
  }
  writeObject(out, [
    ["transaction_id", o.transaction_id, (b) => b.uint(t.transactionId)],
    ["date", o.date, quoted((b) => b.day(t.day))],
    ["amount", o.amount, (b) => b.cents(t.cents)],
    ["product_id", o.product_id, (b) => b.uint(t.productId)],
    ["product_name", o.product_name, quoted((b) => b.bytes(t.productName))]
  ])
}

/**
 * Write one customer as one line of compact JSON (no separator, no newline),
 * fields in the order id, name, email, signup_date, last_purchase,
 * total_spent, transactions.
 */
export const writeCustomer = (out: ByteBuffer, c: CustomerDraft): void => {
  const txs = c.transactions
  let totalCents = c.totalAdjustCents
  let lastDay = -Infinity
  for (let i = 0; i < txs.length; i++) {
    const t = txs[i] as TransactionDraft
    totalCents += t.cents
    if (t.day > lastDay) lastDay = t.day
  }
  const o = c.overrides
  if (o === undefined) {
    out.bytes(C_ID)
    out.uint(c.id)
    out.bytes(C_NAME)
    out.bytes(c.name)
    out.bytes(C_EMAIL)
    out.ascii(c.email)
    out.bytes(C_SIGNUP)
    out.day(c.signupDay)
    out.bytes(C_LAST)
    if (txs.length === 0) out.bytes(NULL)
    else {
      out.byte(QUOTE)
      out.day(lastDay)
      out.byte(QUOTE)
    }
    out.bytes(C_TOTAL)
    out.cents(totalCents)
    out.bytes(C_TRANSACTIONS)
    for (let i = 0; i < txs.length; i++) {
      if (i > 0) out.byte(COMMA)
      writeTransaction(out, txs[i] as TransactionDraft)
    }
    out.bytes(C_END)
    return
  }
  writeObject(out, [
    ["id", o.id, (b) => b.uint(c.id)],
    ["name", o.name, quoted((b) => b.bytes(c.name))],
    ["email", o.email, quoted((b) => b.ascii(c.email))],
    ["signup_date", o.signup_date, quoted((b) => b.day(c.signupDay))],
    ["last_purchase", o.last_purchase, (b) => (txs.length === 0 ? b.bytes(NULL) : quoted((q) => q.day(lastDay))(b))],
    ["total_spent", o.total_spent, (b) => b.cents(totalCents)],
    ["transactions", o.transactions, (b) => {
      b.byte(OPEN_BRACKET)
      for (let i = 0; i < txs.length; i++) {
        if (i > 0) b.byte(COMMA)
        writeTransaction(b, txs[i] as TransactionDraft)
      }
      b.byte(CLOSE_BRACKET)
    }]
  ])
}
