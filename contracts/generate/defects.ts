/**
 * The defect catalogue: each defect breaks one rule of the source contract and
 * must trip exactly the check ids listed for it, so everything else about the
 * record stays valid and consistent (totals, last_purchase, other dates).
 */
import { jsonEscape, utf8 } from "./bytes.ts"
import { conflictingName, productAt } from "./catalogue.ts"
import { civilFromDay, dayFromCivil, daysInMonth, formatDay } from "./dates.ts"
import { drawAmount, drawProduct, TX_ID_BLOCK } from "./history.ts"
import { formatCents, formatMilli } from "./money.ts"
import type { Prng } from "./prng.ts"
import { type CustomerDraft, draftTotalCents, type TransactionDraft, type TransactionField } from "./record.ts"

/** Every defect kind and the check ids it must trip (and no others). */
export const DEFECTS = {
  wrong_total_spent: ["amount.total_spent_matches"],
  transaction_before_signup: ["date.transaction_after_signup"],
  future_date: ["date.not_in_future"],
  unparseable_date: ["schema"],
  malformed_email: ["email.format"],
  nonpositive_amount: ["amount.positive"],
  three_decimal_amount: ["amount.positive"],
  duplicate_transaction_id: ["key.transaction_id_unique"],
  conflicting_product_name: ["product.name_consistent"],
  missing_field: ["schema"],
  wrong_type: ["schema"]
} as const satisfies Record<string, ReadonlyArray<string>>

/** A defect kind. */
export type DefectKind = keyof typeof DEFECTS

/** Every defect kind, in catalogue order (a defect is drawn uniformly from this list). */
export const DEFECT_KINDS = Object.keys(DEFECTS) as ReadonlyArray<DefectKind>

/** The check ids a defect kind must trip. */
export const expectedChecks = (kind: DefectKind): ReadonlyArray<string> => DEFECTS[kind]

/** A transaction of an earlier, defect-free customer in the same file. */
export interface EarlierTransaction {
  readonly customerId: number
  readonly transactionId: number
  /** Catalogue position of its product. */
  readonly product: number
}

/** What a defect may draw on besides the draft itself. */
export interface DefectContext {
  /** The defect's own random stream. */
  readonly r: Prng
  /** The snapshot's as-of day. */
  readonly asOfDay: number
  /** A transaction of an earlier defect-free customer, if there is one. */
  readonly earlier: () => EarlierTransaction | undefined
}

/** The defect a record actually received, with a human-readable description. */
export interface AppliedDefect {
  readonly kind: DefectKind
  readonly detail: string
}

/** First day of the far future used by `future_date` (2100-01-01). */
const FAR_FUTURE_DAY = dayFromCivil(2100, 1, 1)

/** Seqs reserved for transactions a defect adds (real ones stop at MAX_REAL_SEQ). */
const ADDED_SEQ = 99
const ADDED_BEFORE_SIGNUP_SEQ = 98

const newTransaction = (draft: CustomerDraft, r: Prng, seq: number, day: number): TransactionDraft => {
  const product = drawProduct(r)
  return {
    transactionId: draft.id * TX_ID_BLOCK + seq,
    day,
    cents: drawAmount(r, product),
    productId: productAt(product).id,
    productName: productAt(product).nameBytes,
    overrides: undefined
  }
}

/** Give the draft one valid transaction (dated signup..as-of) when it has none. */
const ensureTransaction = (draft: CustomerDraft, ctx: DefectContext): void => {
  if (draft.transactions.length > 0) return
  const span = Math.max(0, ctx.asOfDay - draft.signupDay)
  draft.transactions.push(newTransaction(draft, ctx.r, ADDED_SEQ, draft.signupDay + ctx.r.int(span + 1)))
}

/** Position of a random transaction, adding one first if there is none. */
const pickTransaction = (draft: CustomerDraft, ctx: DefectContext): number => {
  ensureTransaction(draft, ctx)
  return ctx.r.int(draft.transactions.length)
}

const txAt = (draft: CustomerDraft, index: number): TransactionDraft => draft.transactions[index] as TransactionDraft

const overrideTx = (t: TransactionDraft, field: TransactionField, override: "drop" | "quote" | { readonly raw: string }): void => {
  t.overrides = { ...t.overrides, [field]: override }
}

/** A date that no strict `YYYY-MM-DD` parser accepts, made from a real one. */
const unparseableDate = (day: number, variant: number): string => {
  const { day: d, month, year } = civilFromDay(day)
  const dd = d < 10 ? "0" + d : String(d)
  const mm = month < 10 ? "0" + month : String(month)
  switch (variant) {
    case 0:
      return mm + "/" + dd + "/" + year // US style, 12/03/2023
    case 1:
      return year + "-" + mm + "-" + (daysInMonth(year, month) + 1) // 2023-02-29, 2023-04-31, 2023-01-32
    default:
      return year + "-13-" + dd // no 13th month
  }
}

/** An email address broken in one of several obvious ways. */
const malformedEmail = (email: string, r: Prng): string => {
  const at = email.indexOf("@")
  const local = email.slice(0, at)
  const domain = email.slice(at + 1)
  switch (r.int(5)) {
    case 0:
      return local + "." + domain // jane.doe.example.com
    case 1:
      return local + "@" // jane@
    case 2:
      return "@" + domain // @example.com
    case 3: {
      const cut = 1 + r.int(Math.max(1, local.length - 1))
      return local.slice(0, cut) + " " + local.slice(cut) + "@" + domain // jane do@example.com
    }
    default:
      return local + "@@" + domain
  }
}

const CUSTOMER_MISSING = ["name", "email", "signup_date", "total_spent"] as const
const TRANSACTION_MISSING = ["transaction_id", "date", "amount", "product_id", "product_name"] as const

const apply = (kind: DefectKind, draft: CustomerDraft, ctx: DefectContext): string | undefined => {
  const r = ctx.r
  switch (kind) {
    case "wrong_total_spent": {
      ensureTransaction(draft, ctx)
      const total = draftTotalCents(draft)
      const size = r.chance(0.5) ? r.between(1, 99) : r.between(100, 5000)
      const delta = r.chance(0.5) && total - size >= 0 ? -size : size
      draft.totalAdjustCents = delta
      return "total_spent off by " + formatCents(delta)
    }
    case "transaction_before_signup": {
      ensureTransaction(draft, ctx)
      const offset = r.between(1, 400)
      const n = draft.transactions.length
      if (n >= 2) {
        // Move a transaction other than the latest, so last_purchase is unchanged.
        let latest = 0
        for (let i = 1; i < n; i++) if (txAt(draft, i).day >= txAt(draft, latest).day) latest = i
        const index = (latest + 1 + r.int(n - 1)) % n
        txAt(draft, index).day = draft.signupDay - offset
        return "transactions[" + index + "].date " + formatDay(draft.signupDay - offset) + " before signup"
      }
      draft.transactions.unshift(newTransaction(draft, r, ADDED_BEFORE_SIGNUP_SEQ, draft.signupDay - offset))
      return "transactions[0].date " + formatDay(draft.signupDay - offset) + " before signup (added)"
    }
    case "future_date": {
      const index = pickTransaction(draft, ctx)
      const day = FAR_FUTURE_DAY + r.int(30000)
      txAt(draft, index).day = day
      return "transactions[" + index + "].date " + formatDay(day)
    }
    case "unparseable_date": {
      const variant = r.int(3)
      if (r.chance(1 / 3)) {
        const text = unparseableDate(draft.signupDay, variant)
        draft.overrides = { ...draft.overrides, signup_date: { raw: "\"" + text + "\"" } }
        return "signup_date " + text
      }
      const index = pickTransaction(draft, ctx)
      const t = txAt(draft, index)
      const text = unparseableDate(t.day, variant)
      overrideTx(t, "date", { raw: "\"" + text + "\"" })
      return "transactions[" + index + "].date " + text
    }
    case "malformed_email": {
      const email = malformedEmail(draft.email, r)
      draft.email = email
      return "email " + email
    }
    case "nonpositive_amount": {
      const index = pickTransaction(draft, ctx)
      const t = txAt(draft, index)
      const others = draftTotalCents(draft) - t.cents
      // A refund no bigger than the rest, so total_spent stays ≥ 0 and still equals the sum.
      t.cents = others <= 0 || r.chance(0.4) ? 0 : -r.between(1, Math.min(others, 5000))
      return "transactions[" + index + "].amount " + formatCents(t.cents)
    }
    case "three_decimal_amount": {
      const index = pickTransaction(draft, ctx)
      const t = txAt(draft, index)
      // Thousandths 1..4 round back to the same cents, which total_spent counts.
      const text = formatMilli(t.cents * 10 + r.between(1, 4))
      overrideTx(t, "amount", { raw: text })
      return "transactions[" + index + "].amount " + text
    }
    case "duplicate_transaction_id": {
      const earlier = ctx.earlier()
      if (earlier === undefined) return undefined
      const index = pickTransaction(draft, ctx)
      txAt(draft, index).transactionId = earlier.transactionId
      return "transactions[" + index + "].transaction_id " + earlier.transactionId + " already used by customer " +
        earlier.customerId
    }
    case "conflicting_product_name": {
      const earlier = ctx.earlier()
      if (earlier === undefined) return undefined
      const index = pickTransaction(draft, ctx)
      const t = txAt(draft, index)
      const product = productAt(earlier.product)
      const name = conflictingName(product, r.int(4))
      t.productId = product.id
      t.productName = utf8(jsonEscape(name))
      return "transactions[" + index + "].product_name " + JSON.stringify(name) + " for product " + product.id
    }
    case "missing_field": {
      const which = r.int(CUSTOMER_MISSING.length + TRANSACTION_MISSING.length)
      const customerField = CUSTOMER_MISSING[which]
      if (customerField !== undefined) {
        draft.overrides = { ...draft.overrides, [customerField]: "drop" }
        return customerField + " missing"
      }
      const field = TRANSACTION_MISSING[which - CUSTOMER_MISSING.length] ?? "amount"
      const index = pickTransaction(draft, ctx)
      overrideTx(txAt(draft, index), field, "drop")
      return "transactions[" + index + "]." + field + " missing"
    }
    case "wrong_type": {
      const which = r.int(5)
      if (which === 0) {
        draft.overrides = { ...draft.overrides, id: "quote" }
        return "id written as a string"
      }
      if (which === 1) {
        draft.overrides = { ...draft.overrides, total_spent: "quote" }
        return "total_spent written as a string"
      }
      const field = which === 2 ? "amount" : which === 3 ? "transaction_id" : "product_id"
      const index = pickTransaction(draft, ctx)
      overrideTx(txAt(draft, index), field, "quote")
      return "transactions[" + index + "]." + field + " written as a string"
    }
  }
}

/** Defects that need no earlier customer, for the rare record where none qualifies. */
const SELF_CONTAINED = DEFECT_KINDS.filter((k) => k !== "duplicate_transaction_id" && k !== "conflicting_product_name")

/**
 * Inject one defect into a draft. `duplicate_transaction_id` and
 * `conflicting_product_name` need a transaction of an earlier defect-free
 * customer; when there is none (the first records of a file) another defect
 * is drawn from the self-contained ones. Returns the defect applied.
 */
export const applyDefect = (kind: DefectKind, draft: CustomerDraft, ctx: DefectContext): AppliedDefect => {
  const detail = apply(kind, draft, ctx)
  if (detail !== undefined) return { kind, detail }
  const fallback = ctx.r.pick(SELF_CONTAINED)
  return { kind: fallback, detail: apply(fallback, draft, ctx) ?? "" }
}
