/**
 * The population model: who the customers are and what they buy over time.
 *
 * Every customer's whole history is a pure function of (seed, customer id):
 * a private PRNG stream draws the signup date, the name, the email pattern,
 * the customer's buying rhythm and then one transaction after another in date
 * order. A snapshot "as of" a day keeps the transactions dated up to that
 * day, so snapshots of different days agree on every transaction they share
 * (same id, date, amount and product), and any customer can be regenerated
 * alone (used for defects that refer to an earlier customer).
 *
 * Customer ids 1..baseCustomers signed up on or before the population's start
 * day; every later day adds a few new customers (ids continue) who sign up on
 * that day. Names and emails change on ≈2% of (customer, day) pairs after the
 * start day.
 */
import { DOMAIN_COUNT, FIRST_COUNT, type Identity, LAST_COUNT, PATTERN_COUNT } from "./names.ts"
import { PRODUCTS } from "./catalogue.ts"
import { hashUnit, type Prng, seedKey, streamFor } from "./prng.ts"

/** Stream tags: one per kind of decision, so streams never overlap. */
export const Tag = {
  history: 1,
  growth: 2,
  change: 3,
  changeDetail: 4,
  defect: 5,
  defectDetail: 6,
  defectDeal: 7
} as const

/** Base customers signed up within this many days before the start day. */
export const SIGNUP_WINDOW_DAYS = 2400

/** Transaction ids are `customerId * TX_ID_BLOCK + seq`. */
export const TX_ID_BLOCK = 100

/** Highest seq of a real transaction; 98 and 99 are reserved for transactions a defect adds. */
export const MAX_REAL_SEQ = 97

/** Probability that an existing customer changes name or email on a given day. */
export const CHANGE_RATE = 0.02

/** Share of customers who never buy anything. */
const NEVER_BUYS = 0.08

/** Share of buyers whose first purchase is on the signup day. */
const BUYS_ON_SIGNUP_DAY = 0.3

const PRODUCT_COUNT = PRODUCTS.length
const POPULAR_PRODUCTS = 40

/** The population a set of snapshots is drawn from. */
export interface Population {
  /** The seed reduced to a 32-bit key ({@link seedKey}). */
  readonly key: number
  /** Customers who exist on the start day (ids 1..baseCustomers). */
  readonly baseCustomers: number
  /** First day (day number) of the population; single-file mode uses the as-of day. */
  readonly startDay: number
  /** How its customers live: see {@link Habits}. */
  readonly habits: Habits
}

/**
 * How a population's customers sign up and buy. The defaults model a mature
 * shop (customers up to six and a half years old, buying every 44 to 1000
 * days); a young, busy shop (say `{ signupWindowDays: 30, meanGapDays: [2, 30] }`)
 * makes daily increments whose bytes are mostly new transactions, as the
 * history bench needs.
 */
export interface Habits {
  /** Base customers signed up within this many days before the start day. */
  readonly signupWindowDays: number
  /** Each buyer's mean days between purchases is drawn log-uniform between these two. */
  readonly meanGapDays: readonly [number, number]
}

/** The default {@link Habits}: the ones every seed's files were generated with before habits existed. */
export const DEFAULT_HABITS: Habits = { signupWindowDays: SIGNUP_WINDOW_DAYS, meanGapDays: [44, 1000] }

/** Build a population from a seed. */
export const makePopulation = (seed: number, baseCustomers: number, startDay: number, habits: Habits = DEFAULT_HABITS): Population => ({
  key: seedKey(seed),
  baseCustomers,
  startDay,
  habits
})

/** How many customers sign up on `day` (0 on or before the start day, ≥ 1 after it). */
export const newSignupsOn = (population: Population, day: number): number =>
  day <= population.startDay
    ? 0
    : 1 + Math.floor(population.baseCustomers * 0.004 * hashUnit(population.key, Tag.growth, day))

/**
 * The customers of a population on one day: the count, and the signup day of
 * any id (base customers' signup days come from their own streams).
 */
export interface Roster {
  readonly population: Population
  readonly asOfDay: number
  /** Number of customers on `asOfDay` (ids 1..count). */
  readonly count: number
  /** For each later day (index 0 = startDay + 1), the first id that signed up that day. */
  readonly firstIdByDay: ReadonlyArray<number>
}

/** The roster of a population as of a day (on or after the start day). */
export const rosterOn = (population: Population, asOfDay: number): Roster => {
  const firstIdByDay: Array<number> = []
  let count = population.baseCustomers
  for (let day = population.startDay + 1; day <= asOfDay; day++) {
    firstIdByDay.push(count + 1)
    count += newSignupsOn(population, day)
  }
  return { population, asOfDay, count, firstIdByDay }
}

/**
 * The signup day of a customer who joined after the start day, or `undefined`
 * for a base customer (whose signup day is drawn from its stream).
 */
export const joinDayOf = (roster: Roster, id: number): number | undefined => {
  if (id <= roster.population.baseCustomers) return undefined
  let lo = 0
  let hi = roster.firstIdByDay.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((roster.firstIdByDay[mid] ?? 0) <= id) lo = mid
    else hi = mid - 1
  }
  return roster.population.startDay + 1 + lo
}

/** One transaction of a customer's history. */
export interface HistoryTransaction {
  /** 1..MAX_REAL_SEQ; the transaction id is `customerId * TX_ID_BLOCK + seq`. */
  readonly seq: number
  readonly day: number
  readonly cents: number
  /** Position in the catalogue. */
  readonly product: number
}

/** A customer's history, cut at a snapshot's as-of day. */
export interface CustomerHistory {
  readonly id: number
  readonly signupDay: number
  /** The identity at signup (before any change). */
  readonly identity: Identity
  /** Transactions dated ≤ as-of, in date order. */
  readonly transactions: ReadonlyArray<HistoryTransaction>
}

/** Draw a product position: 60% any product, 40% one of the popular ones. */
export const drawProduct = (r: Prng): number =>
  r.chance(0.6) ? r.int(PRODUCT_COUNT) : r.int(POPULAR_PRODUCTS)

/** Draw the amount in cents paid for a product (quantity, sometimes a discount). */
export const drawAmount = (r: Prng, product: number): number => {
  const price = PRODUCTS[product]?.priceCents ?? 999
  const q = r.float()
  const quantity = q < 0.75 ? 1 : q < 0.93 ? 2 : q < 0.98 ? 3 : 4
  const gross = price * quantity
  if (!r.chance(0.15)) return gross
  const percentOff = 5 * r.between(2, 5)
  return Math.round((gross * (100 - percentOff)) / 100)
}

/**
 * The history of customer `id` as of `asOfDay`. `signup` is the customer's
 * join day for customers who joined after the start day, or `undefined` for a
 * base customer (drawn within the habits' signup window before the start day).
 */
export const customerHistory = (
  population: Population,
  id: number,
  joinDay: number | undefined,
  asOfDay: number
): CustomerHistory => {
  const r = streamFor(population.key, Tag.history, id)
  const { signupWindowDays, meanGapDays: [minGap, maxGap] } = population.habits
  const offset = r.int(signupWindowDays + 1)
  const signupDay = joinDay ?? population.startDay - offset
  const first = r.int(FIRST_COUNT)
  const last = r.int(LAST_COUNT)
  const identity: Identity = {
    first,
    last,
    emailFirst: first,
    emailLast: last,
    pattern: r.int(PATTERN_COUNT),
    domain: r.int(DOMAIN_COUNT)
  }
  const buys = !r.chance(NEVER_BUYS)
  // Mean days between purchases: log-uniform between the habits' bounds (44 to 1000 days by default).
  const meanGap = minGap * Math.pow(maxGap / minGap, r.float())
  const sameDay = r.chance(BUYS_ON_SIGNUP_DAY)
  const transactions: Array<HistoryTransaction> = []
  if (buys) {
    let day = signupDay + (sameDay ? 0 : Math.floor(r.exponential(meanGap)))
    for (let seq = 1; seq <= MAX_REAL_SEQ && day <= asOfDay; seq++) {
      const product = drawProduct(r)
      const cents = drawAmount(r, product)
      transactions.push({ seq, day, cents, product })
      day += Math.floor(r.exponential(meanGap))
    }
  }
  return { id, signupDay, identity, transactions }
}

/** A change of a customer's name or email on a day. */
export interface IdentityChange {
  readonly customerId: number
  readonly day: number
  readonly field: "name" | "email"
  readonly before: Identity
  readonly after: Identity
}

/**
 * The identity of a customer on `day`, applying every change between the
 * population's start day (exclusive) and `day` (inclusive). Changes dated
 * exactly `day` are pushed to `changesToday` when given.
 */
export const identityOn = (
  population: Population,
  history: CustomerHistory,
  day: number,
  changesToday?: Array<IdentityChange>
): Identity => {
  let identity = history.identity
  const from = Math.max(population.startDay, history.signupDay) + 1
  for (let d = from; d <= day; d++) {
    if (hashUnit(population.key, Tag.change, history.id, d) >= CHANGE_RATE) continue
    const r = streamFor(population.key, Tag.changeDetail, history.id, d)
    const before = identity
    let field: "name" | "email"
    if (r.chance(0.5)) {
      field = "name"
      identity = r.chance(0.8)
        ? { ...identity, last: (identity.last + 1 + r.int(LAST_COUNT - 1)) % LAST_COUNT }
        : { ...identity, first: (identity.first + 1 + r.int(FIRST_COUNT - 1)) % FIRST_COUNT }
    } else {
      field = "email"
      identity = {
        ...identity,
        emailFirst: identity.first,
        emailLast: identity.last,
        pattern: r.int(PATTERN_COUNT),
        domain: (identity.domain + 1 + r.int(DOMAIN_COUNT - 1)) % DOMAIN_COUNT
      }
    }
    if (changesToday !== undefined && d === day) {
      changesToday.push({ customerId: history.id, day: d, field, before, after: identity })
    }
  }
  return identity
}
