/**
 * An independent re-implementation of the source contract's rules, used to
 * check the generator: for every record of a parsed file it returns the set
 * of check ids the record trips. It shares no code with src/generate, so a
 * bug in the generator's idea of a rule does not hide itself.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/
const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/

/** True for a real calendar date written YYYY-MM-DD. */
export const isIsoDate = (value: unknown): value is string => {
  if (typeof value !== "string") return false
  const m = ISO.exec(value)
  if (m === null) return false
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (mo < 1 || mo > 12 || d < 1) return false
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  const len = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0
  return d <= len
}

/** Whole cents of a JSON number, or undefined when it has more than 2 decimals. */
export const centsOf = (value: number): number | undefined => {
  const cents = Math.round(value * 100)
  return cents / 100 === value ? cents : undefined
}

const isPositiveInt = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value > 0

/** A transaction that decoded. */
export interface Tx {
  readonly transaction_id: number
  readonly date: string
  readonly amount: number
  readonly product_id: number
  readonly product_name: string
}

/** A customer that decoded. */
export interface Customer {
  readonly id: number
  readonly name: string
  readonly email: string
  readonly signup_date: string
  readonly last_purchase: string | null
  readonly total_spent: number
  readonly transactions: ReadonlyArray<Tx>
}

const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key)

/** The record if it matches the source schema (types, required fields, real dates), else undefined. */
export const decode = (record: unknown): Customer | undefined => {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return undefined
  const r = record as Record<string, unknown>
  for (const key of ["id", "name", "email", "signup_date", "last_purchase", "total_spent", "transactions"]) {
    if (!has(r, key)) return undefined
  }
  if (!isPositiveInt(r.id) || typeof r.name !== "string" || typeof r.email !== "string") return undefined
  if (!isIsoDate(r.signup_date)) return undefined
  if (r.last_purchase !== null && !isIsoDate(r.last_purchase)) return undefined
  if (typeof r.total_spent !== "number" || !Array.isArray(r.transactions)) return undefined
  for (const t of r.transactions as Array<unknown>) {
    if (typeof t !== "object" || t === null) return undefined
    const x = t as Record<string, unknown>
    if (!isPositiveInt(x.transaction_id) || !isIsoDate(x.date) || typeof x.amount !== "number") return undefined
    if (!isPositiveInt(x.product_id) || typeof x.product_name !== "string") return undefined
  }
  return r as unknown as Customer
}

/**
 * The check ids each record trips, in file order. `asOf` is the ingestion
 * date: no date may be later.
 */
export const detectAll = (records: ReadonlyArray<unknown>, asOf: string): Array<Set<string>> => {
  const decoded = records.map(decode)
  // Majority product name per product id over decoded records (ties: first seen).
  const names = new Map<number, Map<string, { uses: number; first: number }>>()
  decoded.forEach((c, index) => {
    for (const t of c?.transactions ?? []) {
      const byName = names.get(t.product_id) ?? new Map<string, { uses: number; first: number }>()
      const seen = byName.get(t.product_name) ?? { uses: 0, first: index }
      byName.set(t.product_name, { uses: seen.uses + 1, first: seen.first })
      names.set(t.product_id, byName)
    }
  })
  const majority = new Map<number, string>()
  for (const [productId, byName] of names) {
    const best = [...byName.entries()].sort((a, b) => b[1].uses - a[1].uses || a[1].first - b[1].first)[0]
    if (best !== undefined) majority.set(productId, best[0])
  }
  const customerIds = new Set<number>()
  const transactionIds = new Set<number>()
  return decoded.map((c) => {
    const found = new Set<string>()
    if (c === undefined) {
      found.add("schema")
      return found
    }
    if (!EMAIL.test(c.email)) found.add("email.format")
    let sum = 0
    let exact = true
    let latest: string | null = null
    for (const t of c.transactions) {
      const cents = centsOf(t.amount)
      if (cents === undefined) exact = false
      else sum += cents
      if (cents === undefined || t.amount <= 0) found.add("amount.positive")
      if (t.date < c.signup_date) found.add("date.transaction_after_signup")
      if (t.date > asOf) found.add("date.not_in_future")
      if (latest === null || t.date > latest) latest = t.date
      if (transactionIds.has(t.transaction_id)) found.add("key.transaction_id_unique")
      transactionIds.add(t.transaction_id)
      if (majority.get(t.product_id) !== t.product_name) found.add("product.name_consistent")
    }
    const total = centsOf(c.total_spent)
    if (exact && total !== sum) found.add("amount.total_spent_matches")
    if (c.signup_date > asOf || (c.last_purchase !== null && c.last_purchase > asOf)) found.add("date.not_in_future")
    if (c.last_purchase !== latest) found.add("date.last_purchase_matches")
    if (customerIds.has(c.id)) found.add("key.customer_id_unique")
    customerIds.add(c.id)
    return found
  })
}

/** Parse a data file written one record per line and check its framing. */
export const parseDataFile = (text: string): Array<unknown> => {
  const parsed = JSON.parse(text) as { customers: Array<unknown> }
  return parsed.customers
}

/** The record lines of a data file (`{"customers":[` / one record per line / `]}`). */
export const recordLines = (text: string): Array<string> => {
  const lines = text.split("\n")
  if (lines[0] !== "{\"customers\":[" || lines.at(-2) !== "]}" || lines.at(-1) !== "") {
    throw new Error("unexpected framing of the data file")
  }
  return lines.slice(1, -2).map((line, i, all) => (i < all.length - 1 ? line.replace(/,$/, "") : line))
}
