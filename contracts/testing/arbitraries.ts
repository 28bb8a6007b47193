/**
 * Generators derived from the contracts, for property tests.
 *
 * - {@link tableRowArbitraries}: valid rows of every table contract, straight
 *   from its row schema (`contract.definition.rows.arbitrary()`, which is
 *   `Arbitrary.make` of the schema, made realistic by the `arbitrary`
 *   annotations of the column kinds).
 * - {@link sourceBatchArbitrary}: whole source batches that the source contract
 *   accepts in full: every record decodes and passes every row check, and the
 *   batch passes every batch check (unique customer ids, transaction ids unique
 *   across the batch, one name per product id).
 *
 * @example
 * ```ts
 * import { FastCheck } from "effect"
 * import { sourceBatchArbitrary } from "lakegate/src/properties/arbitraries.ts"
 *
 * FastCheck.assert(FastCheck.property(sourceBatchArbitrary(), (batch) => batch.customers.length <= 12))
 * ```
 */
import { epochDay, fromEpochDay, type TableSpec } from "lakegate"
import { FastCheck as fc } from "effect"
import { bronzeCustomersRaw, goldContracts, silverContracts } from "../index.ts"
import type { Customer, Transaction } from "../source/customers.ts"
import { isEmail } from "../checks/email.ts"

/** Every table contract of `contracts/` (bronze, silver, gold), in layer order; each one's rows through `definition.rows`. */
export const tableContracts: ReadonlyArray<TableSpec> = [bronzeCustomersRaw, ...silverContracts, ...goldContracts]

/** One row arbitrary per table contract, by contract id. */
export const tableRowArbitraries = (): ReadonlyMap<string, fc.Arbitrary<unknown>> => new Map(tableContracts.map((c) => [c.id, c.definition.rows.arbitrary()]))

// ---------------------------------------------------------------------------
// Source records

/** A batch of source records and the ingestion date it is valid for. */
export interface SourceBatch {
  readonly ingestionDate: string
  readonly customers: ReadonlyArray<Customer>
}

/** Options of the source generators. */
export interface SourceArbitraryOptions {
  /** Fix the run's ingestion date; generated between 2016-01-01 and 2026-10-31 otherwise. */
  readonly ingestionDate?: string
  readonly minCustomers?: number
  readonly maxCustomers?: number
  readonly maxTransactions?: number
  /** Fewest transactions per customer (default 0). */
  readonly minTransactions?: number
  /** At least one customer has a transaction (so every silver table has rows). */
  readonly someTransactions?: boolean
  /**
   * Share (0..1) of names and product names drawn from arbitrary Unicode text
   * (quotes, commas, newlines, emoji, empty strings) instead of realistic ones.
   * Default 0.15.
   */
  readonly oddText?: number
  /** Whether odd text may hold carriage returns (default {@link GENERATE_CARRIAGE_RETURNS}). */
  readonly carriageReturns?: boolean
}

const FIRST = ["Ann", "Bo", "Chloé", "Dmitri", "Eve", "Farah", "Gus", "Hana", "Ivan", "Jo", "Kwame", "Lía", "Mei", "Noor", "Olu", "Pat", "Quinn", "Raj", "Siân", "Tomás"]
const LAST = ["Lee", "O'Brien", "Nguyen", "Smith-Jones", "García", "Müller", "Okafor", "Kowalski", "Tanaka", "de la Cruz", "Ivanova", "Haddad", "Brown", "Singh", "Rossi"]
const ADJECTIVES = ["Oak", "Steel", "Linen", "Compact", "Deluxe", "Ergonomic", "Vintage", "Wireless", "Bamboo", "Glass"]
const NOUNS = ["Desk", "Lamp", "Chair", "Shelf", "Mug", "Kettle", "Rug", "Clock", "Speaker", "Notebook", "Backpack"]
const DOMAINS = ["example.com", "mail.example.org", "shop.co.uk", "exa-mple.net", "x.io"]

/**
 * Whether generated text may contain a carriage return. It was off while a `\r`
 * inside a JSON string (or CRLF line breaks inside a pretty-printed record) made
 * DuckDB's `read_csv` take `\r` as the staging files' line break; fixed by
 * pinning `new_line` in the staging CSV options (`src/engine/csv.ts`), so it is on.
 */
export const GENERATE_CARRIAGE_RETURNS = true

/** Text that stresses escaping: any Unicode, quotes, commas, backslashes, newlines. */
export const oddTextArbitrary = (carriageReturns = GENERATE_CARRIAGE_RETURNS): fc.Arbitrary<string> => {
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 24 }),
    fc.string({ unit: fc.constantFrom('"', ",", "'", "\\", "\n", "\r", "\r\n", "\t", " ", "a", "é", "😀", "\u0000", "\u0001", "\ufeff", "{", "}", "[", "]"), maxLength: 12 })
  )
  return carriageReturns ? text : text.map((t) => t.replace(/\r/g, ""))
}

const textArbitrary = (realistic: fc.Arbitrary<string>, oddShare: number, carriageReturns = GENERATE_CARRIAGE_RETURNS): fc.Arbitrary<string> =>
  oddShare <= 0
    ? realistic
    : oddShare >= 1
      ? oddTextArbitrary(carriageReturns)
      : fc.oneof({ weight: Math.round((1 - oddShare) * 100), arbitrary: realistic }, { weight: Math.round(oddShare * 100), arbitrary: oddTextArbitrary(carriageReturns) })

/** Realistic person names, sometimes odd text. */
export const personNameArbitrary = (oddShare = 0.15, carriageReturns = GENERATE_CARRIAGE_RETURNS): fc.Arbitrary<string> =>
  textArbitrary(fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST)).map(([f, l]) => `${f} ${l}`), oddShare, carriageReturns)

/** Realistic product names, sometimes odd text. */
export const productNameArbitrary = (oddShare = 0.15, carriageReturns = GENERATE_CARRIAGE_RETURNS): fc.Arbitrary<string> =>
  textArbitrary(fc.tuple(fc.constantFrom(...ADJECTIVES), fc.constantFrom(...NOUNS)).map(([a, n]) => `${a} ${n}`), oddShare, carriageReturns)

/** Email addresses the `email.format` check accepts. */
export const emailArbitrary: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST), fc.nat(999), fc.constantFrom(...DOMAINS)).map(([f, l, n, d]) => `${f}.${l}${n}@${d}`.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/ /g, "")) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9._%+'-]{1,16}@[A-Za-z0-9-]{1,12}(\.[A-Za-z0-9-]{1,8}){0,2}\.[A-Za-z]{2,6}$/) }
  )
  .filter(isEmail)

/** Positive ids as the source delivers them. */
const idArbitrary = fc.integer({ min: 1, max: 2_000_000_000 })

/** Earliest and latest ingestion dates generated (the `IsoDate` arbitrary's range, shifted so signups fit). */
const INGESTION_MIN = epochDay("2016-01-01")
const INGESTION_MAX = epochDay("2026-10-31")

/** A point between two dates, biased to both ends (same-day purchases, purchases on the ingestion date). */
const fraction = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1_000_000) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) })

interface TransactionDraft {
  readonly id: number
  readonly at: number
  readonly cents: number
  readonly product: number
}

interface CustomerDraft {
  readonly id: number
  readonly name: string
  readonly email: string
  readonly signupAgo: number
  readonly transactions: ReadonlyArray<TransactionDraft>
}

const transactionDraft: fc.Arbitrary<TransactionDraft> = fc.record({
  id: idArbitrary,
  at: fraction,
  cents: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(1, 10, 99, 100, 2_999, 30_010) }, { weight: 5, arbitrary: fc.integer({ min: 1, max: 500_000 }) }),
  product: fc.nat()
})

const customerDraft = (options: Required<Pick<SourceArbitraryOptions, "minTransactions" | "maxTransactions" | "oddText" | "carriageReturns">>): fc.Arbitrary<CustomerDraft> =>
  fc.record({
    id: idArbitrary,
    name: personNameArbitrary(options.oddText, options.carriageReturns),
    email: emailArbitrary,
    signupAgo: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 0, max: 3_650 }) }),
    transactions: fc.array(transactionDraft, { minLength: options.minTransactions, maxLength: Math.max(options.minTransactions, options.maxTransactions) })
  })

/** A product of the batch's catalogue. */
export interface Product {
  readonly id: number
  readonly name: string
}

/** The sum of whole cents as the JSON number a source would write (`4020` → `40.2`). */
export const centsToNumber = (cents: number): number => cents / 100

/** Build a valid customer from a draft, a catalogue and the ingestion day. */
const realise = (draft: CustomerDraft, catalogue: ReadonlyArray<Product>, ingestionDay: number): Customer => {
  const signupDay = ingestionDay - draft.signupAgo
  const transactions: Array<Transaction> = draft.transactions.map((t) => {
    const product = catalogue[t.product % catalogue.length]!
    return {
      transaction_id: t.id,
      date: fromEpochDay(signupDay + Math.round((t.at * draft.signupAgo) / 1_000_000)),
      amount: centsToNumber(t.cents),
      product_id: product.id,
      product_name: product.name
    }
  })
  return normaliseCustomer({
    id: draft.id,
    name: draft.name,
    email: draft.email,
    signup_date: fromEpochDay(signupDay),
    last_purchase: null,
    total_spent: 0,
    transactions
  })
}

/** Whole cents of a valid amount (exact for numbers with at most 2 decimals). */
const cents = (amount: number): number => Math.round(amount * 100)

/** Recompute `total_spent` and `last_purchase` from the transactions, as a valid record has them. */
export const normaliseCustomer = (c: Customer): Customer => {
  let latest: string | null = null
  let sum = 0
  for (const t of c.transactions) {
    if (latest === null || t.date > latest) latest = t.date
    sum += cents(t.amount)
  }
  return { ...c, last_purchase: latest, total_spent: centsToNumber(sum) }
}

/** Make transaction ids unique across the batch (later repeats move to the next free id), keeping file order. */
const uniqueTransactionIds = (customers: ReadonlyArray<Customer>): ReadonlyArray<Customer> => {
  const used = new Set<number>()
  return customers.map((c) => ({
    ...c,
    transactions: c.transactions.map((t) => {
      let id = t.transaction_id
      while (used.has(id)) id = id >= 2_000_000_000 ? 1 : id + 1
      used.add(id)
      return id === t.transaction_id ? t : { ...t, transaction_id: id }
    })
  }))
}

/** A catalogue of products with unique ids (names may repeat across ids, as in real catalogues). */
export const catalogueArbitrary = (oddShare = 0.15, carriageReturns = GENERATE_CARRIAGE_RETURNS): fc.Arbitrary<ReadonlyArray<Product>> =>
  fc.uniqueArray(fc.record({ id: idArbitrary, name: productNameArbitrary(oddShare, carriageReturns) }), { selector: (p) => p.id, minLength: 1, maxLength: 12 })

/** The ingestion dates generated, as `YYYY-MM-DD`. */
export const ingestionDateArbitrary: fc.Arbitrary<string> = fc.integer({ min: INGESTION_MIN, max: INGESTION_MAX }).map(fromEpochDay)

/**
 * Batches the source contract accepts in full: unique customer ids, transaction
 * ids unique across the batch, one name per product id, `total_spent` = the sum
 * of the amounts in cents, `last_purchase` = the latest transaction date (null
 * without transactions), signup ≤ every transaction ≤ the ingestion date.
 */
export const sourceBatchArbitrary = (options: SourceArbitraryOptions = {}): fc.Arbitrary<SourceBatch> => {
  const settings = {
    minTransactions: options.minTransactions ?? 0,
    maxTransactions: options.maxTransactions ?? 5,
    oddText: options.oddText ?? 0.15,
    carriageReturns: options.carriageReturns ?? GENERATE_CARRIAGE_RETURNS
  }
  const day = options.ingestionDate === undefined ? fc.integer({ min: INGESTION_MIN, max: INGESTION_MAX }) : fc.constant(epochDay(options.ingestionDate))
  const drafts = fc.uniqueArray(customerDraft(settings), {
    selector: (d) => d.id,
    minLength: options.minCustomers ?? 0,
    maxLength: options.maxCustomers ?? 12
  })
  const batches = fc.tuple(day, catalogueArbitrary(settings.oddText, settings.carriageReturns), drafts).map(([ingestionDay, catalogue, customers]) => ({
    ingestionDate: fromEpochDay(ingestionDay),
    customers: uniqueTransactionIds(customers.map((d) => realise(d, catalogue, ingestionDay)))
  }))
  return options.someTransactions === true ? batches.filter((b) => b.customers.some((c) => c.transactions.length > 0)) : batches
}

/** One source record the contract accepts, with the ingestion date it is valid for. */
export const sourceRecordArbitrary = (options: Omit<SourceArbitraryOptions, "minCustomers" | "maxCustomers"> = {}): fc.Arbitrary<{ readonly ingestionDate: string; readonly customer: Customer }> =>
  sourceBatchArbitrary({ ...options, minCustomers: 1, maxCustomers: 1 }).map((b) => ({ ingestionDate: b.ingestionDate, customer: b.customers[0]! }))

/** A sequence of daily batches on strictly increasing ingestion dates (for multi-day properties). */
export const dailyBatchesArbitrary = (options: Omit<SourceArbitraryOptions, "ingestionDate"> & { readonly minDays?: number; readonly maxDays?: number } = {}): fc.Arbitrary<ReadonlyArray<SourceBatch>> =>
  fc
    .tuple(
      fc.integer({ min: INGESTION_MIN, max: INGESTION_MAX - 60 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: options.minDays ?? 2, maxLength: options.maxDays ?? 4 })
    )
    .chain(([start, offsets]) =>
      fc.tuple(...[...offsets].sort((a, b) => a - b).map((o) => sourceBatchArbitrary({ ...options, ingestionDate: fromEpochDay(start + o) })))
    )

/** The `{"customers": [...]}` document of some records, one record per line. */
export const sourceDocument = (records: ReadonlyArray<unknown>): string => `{"customers": [\n${records.map((r) => JSON.stringify(r)).join(",\n")}\n]}\n`

/**
 * Batches full of cross-record conflicts, otherwise valid: customer ids,
 * transaction ids, product ids and names drawn from tiny ranges, so duplicate
 * keys and disagreeing product names (with ties) are frequent. For comparing
 * the batch checks with a reference model.
 */
export const conflictProneBatchArbitrary = (options: Omit<SourceArbitraryOptions, "oddText"> = {}): fc.Arbitrary<SourceBatch> =>
  fc
    .tuple(
      sourceBatchArbitrary({ minCustomers: 2, maxCustomers: 10, maxTransactions: 4, ...options, oddText: 0 }),
      fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom("A", "B", "C")), { minLength: 40, maxLength: 40 }),
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 10, maxLength: 10 })
    )
    .map(([batch, txs, ids]) => {
      let k = 0
      return {
        ingestionDate: batch.ingestionDate,
        customers: batch.customers.map((c, i) => ({
          ...c,
          id: ids[i % ids.length]!,
          transactions: c.transactions.map((t) => {
            const [id, product, name] = txs[k++ % txs.length]!
            return { ...t, transaction_id: id, product_id: product, product_name: name }
          })
        }))
      }
    })

/**
 * Daily batches that overlap, as real deliveries do: customers come back on
 * later days (sometimes renamed or with a new email), transactions are
 * delivered again, products are renamed on some days, dates are run out of
 * order and re-run. Each batch is valid
 * on its own. Returns the runs in the order to execute them.
 */
export const overlappingDailyBatchesArbitrary = (
  options: { readonly maxDays?: number; readonly maxCustomers?: number; readonly reruns?: boolean } = {}
): fc.Arbitrary<ReadonlyArray<SourceBatch>> =>
  fc
    .tuple(
      fc.integer({ min: INGESTION_MIN, max: INGESTION_MAX - 60 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 2, maxLength: options.maxDays ?? 3 })
    )
    .chain(([start, offsets]) =>
      fc
        .tuple(
          sourceBatchArbitrary({ ingestionDate: fromEpochDay(start), minCustomers: 1, maxCustomers: options.maxCustomers ?? 10, oddText: 0.05 }),
          fc.array(
            fc.record({
              keep: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
              keepTx: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
              rename: fc.array(fc.option(personNameArbitrary(0), { freq: 4 }), { minLength: 16, maxLength: 16 }),
              reemail: fc.array(fc.option(emailArbitrary, { freq: 6 }), { minLength: 16, maxLength: 16 }),
              renameProduct: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 })
            }),
            { minLength: offsets.length, maxLength: offsets.length }
          ),
          options.reruns === false ? fc.constant([] as Array<number>) : fc.array(fc.nat({ max: offsets.length - 1 }), { maxLength: 2 }),
          fc.boolean()
        )
        .map(([pool, days, reruns, chronological]) => {
          const productIds = [...new Set(pool.customers.flatMap((c) => c.transactions.map((t) => t.product_id)))].sort((a, b) => a - b)
          const batches = offsets.map((offset, d) => {
            const day = days[d]!
            const renamed = new Set(productIds.filter((_, j) => day.renameProduct[j % 16] === true && (j + d) % 3 === 0))
            let tx = 0
            const customers = pool.customers.flatMap((c, i) => {
              if (!day.keep[i % 64]!) return []
              const transactions = c.transactions
                .filter(() => day.keepTx[tx++ % 64]!)
                .map((t) => (renamed.has(t.product_id) ? { ...t, product_name: `${t.product_name} (as of day ${d + 1})` } : t))
              return [
                normaliseCustomer({
                  ...c,
                  name: day.rename[i % 16] ?? c.name,
                  email: day.reemail[i % 16] ?? c.email,
                  transactions
                })
              ]
            })
            return { ingestionDate: fromEpochDay(start + offset), customers }
          })
          const order = chronological ? [...batches].sort((a, b) => a.ingestionDate.localeCompare(b.ingestionDate)) : batches
          return [...order, ...reruns.map((i) => batches[i]!)]
        })
    )
