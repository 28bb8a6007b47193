/**
 * The mutation catalogue: for every check id the source contract and the
 * bronze, silver and gold gates use, mutations that turn valid data into data
 * this check (and only the checks the mutation names) must reject.
 *
 * Four kinds:
 * - `record`: changes one record of a valid batch; the record must be
 *   quarantined with exactly `checks`, every other record accepted;
 * - `batch`: needs the rest of the batch (duplicate keys, majority names,
 *   quarantine share); the records it names in `expected` must be quarantined
 *   with exactly those checks, every other record accepted;
 * - `table`: the dataset gates judge whole tables the pipeline builds itself,
 *   so no source record can break them. These mutations tamper with the
 *   valid bronze/silver/gold tables of a real run (SQL over the published
 *   Parquet) and the gate's own checks, unchanged, must fail with exactly
 *   `checks` (or, for `outcome: "warn"`, warn);
 * - `staging`: checks a stage computes inline; a fault is planted in the
 *   staging area through the `Lakehouse` service and a real run must block.
 *
 * `docs/mutations.md` shows the catalogue as a table; `test/properties/completeness.test.ts`
 * fails when a check id in use has no mutation.
 */
import { epochDay, fromEpochDay, toCents, defaultQuarantineThreshold, sqlIdent } from "lakegate"
import { FastCheck as fc } from "effect"
import { silverContracts, silverCustomers } from "../index.ts"
import type { Customer, Transaction } from "../source/customers.ts"
import type { CheckId } from "../catalogue.ts"
import { isEmail } from "../checks/email.ts"
import { centsToNumber, normaliseCustomer, type SourceBatch } from "./arbitraries.ts"

// ---------------------------------------------------------------------------
// Record and batch mutations

/** A mutated batch and what the pipeline must do with it. */
export interface MutatedBatch {
  readonly ingestionDate: string
  /** The records to deliver, any JSON values. */
  readonly records: ReadonlyArray<unknown>
  /** Record index → the exact check ids it must be quarantined with (sorted). Every other record must be accepted. */
  readonly expected: ReadonlyMap<number, ReadonlyArray<string>>
  /** Records whose verdict depends on this mutation's records (no further mutation may touch them). */
  readonly involved: ReadonlySet<number>
}

/** A mutation of a valid source batch. */
export interface BatchMutation {
  readonly kind: "record" | "batch"
  readonly id: string
  readonly title: string
  /** Every check id the mutated records must be quarantined with (or, for `quarantine.rate`, that blocks the gate). */
  readonly checks: ReadonlyArray<CheckId>
  /** True when only the target record changes and its verdict does not depend on the other records or their order. */
  readonly local: boolean
  /** The smallest valid batch it applies to. */
  readonly minRecords: number
  /** The mutated batches it makes from a valid one (with at least `minRecords` records). */
  readonly mutate: (batch: SourceBatch) => fc.Arbitrary<MutatedBatch>
}

/** Fresh ids for a record's added transactions and products, unique across the batch whatever other records get. */
interface Fresh {
  readonly transactionId: (k: number) => number
  readonly productId: number
}

const numbersAt = (records: ReadonlyArray<unknown>, pick: (c: Record<string, unknown>) => ReadonlyArray<unknown>): number => {
  let max = 0
  for (const r of records) {
    if (r === null || typeof r !== "object" || Array.isArray(r)) continue
    for (const v of pick(r as Record<string, unknown>)) if (typeof v === "number" && Number.isFinite(v) && v > max) max = v
  }
  return Math.floor(max)
}

const txOf = (c: Record<string, unknown>): ReadonlyArray<Record<string, unknown>> =>
  Array.isArray(c["transactions"]) ? (c["transactions"] as Array<unknown>).filter((t): t is Record<string, unknown> => t !== null && typeof t === "object") : []

/** Fresh ids for the record at `index`: above every id in the batch, in a block of 8 per record index. */
const freshFor = (records: ReadonlyArray<unknown>, index: number): Fresh => {
  const tx = numbersAt(records, (c) => txOf(c).map((t) => t["transaction_id"]))
  const product = numbersAt(records, (c) => txOf(c).map((t) => t["product_id"]))
  return { transactionId: (k) => tx + 1 + index * 8 + k, productId: product + 1 + index }
}

/** Add a valid transaction (dated on the signup day, an existing or fresh product) and recompute the totals. */
const addTransaction = (c: Customer, fresh: Fresh, k: number, product?: { readonly id: number; readonly name: string }, cents = 1_999): Customer =>
  normaliseCustomer({
    ...c,
    transactions: [
      ...c.transactions,
      {
        transaction_id: fresh.transactionId(k),
        date: c.signup_date,
        amount: centsToNumber(cents),
        product_id: product?.id ?? c.transactions[0]?.product_id ?? fresh.productId,
        product_name: product?.name ?? c.transactions[0]?.product_name ?? `Added Product ${fresh.productId}`
      }
    ]
  })

/** The record with at least `n` transactions (added ones are valid). */
const withTransactions = (c: Customer, fresh: Fresh, n: number): Customer => {
  let out = c
  for (let k = out.transactions.length; k < n; k++) out = addTransaction(out, fresh, k)
  return out
}

const replaceTx = (c: Customer, i: number, f: (t: Transaction) => Transaction): Customer => ({ ...c, transactions: c.transactions.map((t, j) => (j === i ? f(t) : t)) })

const shiftDate = (iso: string, days: number): string => fromEpochDay(epochDay(iso) + days)

const sorted = (ids: ReadonlyArray<string>): ReadonlyArray<string> => [...new Set(ids)].sort()

const replaceAt = <A>(items: ReadonlyArray<A>, index: number, item: A): ReadonlyArray<A> => items.map((x, i) => (i === index ? item : x))

/** Context of a record mutation. */
export interface RecordContext {
  readonly ingestionDate: string
  readonly index: number
  readonly fresh: Fresh
}

/** A mutation of one record, independent of the rest of the batch. */
const recordMutation = (
  spec: { readonly id: string; readonly title: string; readonly checks: ReadonlyArray<CheckId> },
  mutate: (c: Customer, ctx: RecordContext) => fc.Arbitrary<unknown>
): BatchMutation & { readonly mutateRecord: (c: Customer, ctx: RecordContext) => fc.Arbitrary<unknown> } => ({
  kind: "record",
  local: true,
  minRecords: 1,
  ...spec,
  mutateRecord: mutate,
  mutate: (batch) =>
    fc.nat({ max: batch.customers.length - 1 }).chain((index) =>
      mutate(batch.customers[index]!, { ingestionDate: batch.ingestionDate, index, fresh: freshFor(batch.customers, index) }).map(
        (record): MutatedBatch => ({
          ingestionDate: batch.ingestionDate,
          records: replaceAt<unknown>(batch.customers, index, record),
          expected: new Map([[index, sorted(spec.checks)]]),
          involved: new Set([index])
        })
      )
    )
})

/** A transaction position of a record (which has at least one). */
const txIndex = (c: Customer) => fc.nat({ max: Math.max(0, c.transactions.length - 1) })

const CUSTOMER_FIELDS = ["id", "name", "email", "signup_date", "last_purchase", "total_spent", "transactions"] as const
const TRANSACTION_FIELDS = ["transaction_id", "date", "amount", "product_id", "product_name"] as const

const withoutKey = (o: Record<string, unknown>, key: string): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key))

/** Mutations of the `schema` check: the record does not decode. */
const schemaMutations = [
  recordMutation({ id: "schema.field_missing", title: "drop a required field of the customer or of one of its transactions", checks: ["schema"] }, (c, ctx) => {
    const withTx = withTransactions(c, ctx.fresh, 1)
    return fc.oneof(
      fc.constantFrom(...CUSTOMER_FIELDS).map((key) => withoutKey(c, key)),
      fc.tuple(txIndex(withTx), fc.constantFrom(...TRANSACTION_FIELDS)).map(([i, key]) => ({ ...withTx, transactions: withTx.transactions.map((t, j) => (j === i ? withoutKey(t, key) : t)) }))
    )
  }),
  recordMutation({ id: "schema.wrong_type", title: "a field of the wrong JSON type (number as string, string as number, null, object for array)", checks: ["schema"] }, (c, ctx) => {
    const withTx = withTransactions(c, ctx.fresh, 1)
    const tx = (i: number, key: string, value: unknown) => ({ ...withTx, transactions: withTx.transactions.map((t, j) => (j === i ? { ...t, [key]: value } : t)) })
    return fc.oneof(
      fc.constantFrom<unknown>(
        { ...c, id: String(c.id) },
        { ...c, name: 42 },
        { ...c, email: null },
        { ...c, signup_date: epochDay(c.signup_date) },
        { ...c, last_purchase: true },
        { ...c, total_spent: c.total_spent.toFixed(2) },
        { ...c, transactions: {} },
        { ...c, transactions: null }
      ),
      fc
        .tuple(
          txIndex(withTx),
          fc.constantFrom<readonly [string, (t: Transaction) => unknown]>(
            ["amount", (t) => t.amount.toFixed(2)],
            ["transaction_id", (t) => String(t.transaction_id)],
            ["product_id", (t) => [t.product_id]],
            ["product_name", () => null],
            ["date", () => 20240101]
          )
        )
        .map(([i, [key, value]]) => tx(i, key, value(withTx.transactions[i]!)))
    )
  }),
  recordMutation({ id: "schema.bad_date", title: "an impossible or non-ISO date (2023-02-30, 12/03/2023, 2024-1-5, with a time)", checks: ["schema"] }, (c, ctx) => {
    const withTx = withTransactions(c, ctx.fresh, 1)
    const bad = fc.constantFrom("2023-02-29", "2023-02-30", "2024-04-31", "2024-13-01", "2024-00-10", "0000-01-01", "12/03/2023", "2024-1-5", "2024-01-01T00:00:00Z", " 2024-01-01", "", "yesterday")
    return fc.oneof(
      bad.map((d) => ({ ...c, signup_date: d })),
      bad.map((d) => ({ ...c, last_purchase: d })),
      fc.tuple(txIndex(withTx), bad).map(([i, d]) => ({ ...withTx, transactions: withTx.transactions.map((t, j) => (j === i ? { ...t, date: d } : t)) }))
    )
  }),
  recordMutation({ id: "schema.bad_id", title: "an id that is not a positive safe integer (0, negative, fractional, beyond 2^53)", checks: ["schema"] }, (c, ctx) => {
    const withTx = withTransactions(c, ctx.fresh, 1)
    const bad = fc.oneof(fc.constantFrom(0, -1, 1.5, 2 ** 53, 1e21), fc.integer({ min: -2_000_000_000, max: -1 }))
    return fc.oneof(
      bad.map((id) => ({ ...c, id })),
      fc.tuple(txIndex(withTx), fc.constantFrom("transaction_id", "product_id"), bad).map(([i, key, id]) => ({
        ...withTx,
        transactions: withTx.transactions.map((t, j) => (j === i ? { ...t, [key]: id } : t))
      }))
    )
  }),
  recordMutation({ id: "schema.not_a_record", title: "the array element is not a customer object (null, a number, a string, an array)", checks: ["schema"] }, (c) =>
    fc.constantFrom<unknown>(null, 42, "customer", true, [], [c], {})
  )
]

/** Email addresses `email.format` rejects, made from a valid one. */
const malformedEmail = (valid: string): fc.Arbitrary<string> => {
  const [local = "x", domain = "example.com"] = valid.split("@")
  return fc
    .constantFrom(
      `${local}${domain}`,
      `${local}@@${domain}`,
      `${local} @${domain}`,
      `${local}@${domain.split(".")[0]}`,
      `${local}@${domain}.`,
      `${local}@${domain}.c`,
      `@${domain}`,
      `${local}@`,
      "",
      `${local}ü@${domain}`,
      `${"a".repeat(250)}@${domain}`,
      `${local}@${domain},${local}@${domain}`,
      ` ${valid}`
    )
    .filter((e) => !isEmail(e))
}

const emailMutation = recordMutation({ id: "email.malformed", title: "a malformed email (no @, two @, a space, no TLD, too long, non-ASCII)", checks: ["email.format"] }, (c) =>
  malformedEmail(c.email).map((email) => ({ ...c, email }))
)

const amountMutations = [
  recordMutation({ id: "amount.not_positive", title: "an amount of 0 or below (total_spent kept equal to the sum)", checks: ["amount.positive"] }, (c, ctx) => {
    const withTx = withTransactions(c, ctx.fresh, 1)
    return fc.tuple(txIndex(withTx), fc.integer({ min: -500_000, max: 0 })).map(([i, cents]) => normaliseCustomer(replaceTx(withTx, i, (t) => ({ ...t, amount: centsToNumber(cents) }))))
  }),
  recordMutation({ id: "amount.sub_cent", title: "an amount with 3 decimals (total_spent_matches is then not evaluated)", checks: ["amount.positive"] }, (c, ctx) => {
    const withTx = withTransactions(c, ctx.fresh, 1)
    return fc
      .tuple(txIndex(withTx), fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 1, max: 9 }))
      .map(([i, cents, mills]) => replaceTx(withTx, i, (t) => ({ ...t, amount: (cents * 10 + mills) / 1000 })))
      .filter((r) => r.transactions.some((t) => toCents(t.amount) === undefined))
  }),
  recordMutation({ id: "total.mismatch", title: "total_spent off by some cents from the sum of the amounts", checks: ["amount.total_spent_matches"] }, (c) =>
    fc.integer({ min: -100_000, max: 100_000 }).filter((k) => k !== 0).map((k) => ({ ...c, total_spent: centsToNumber(Math.round(c.total_spent * 100) + k) }))
  ),
  recordMutation({ id: "total.sub_cent", title: "total_spent with 3 decimals", checks: ["amount.total_spent_matches"] }, (c) =>
    fc
      .integer({ min: 1, max: 9 })
      .map((mills) => ({ ...c, total_spent: (Math.round(c.total_spent * 100) * 10 + mills) / 1000 }))
      .filter((r) => toCents(r.total_spent) === undefined)
  )
]

const futureDays = fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 3_650 }))

const dateMutations = [
  recordMutation({ id: "date.future_purchase", title: "a transaction after the ingestion date (last_purchase follows it)", checks: ["date.not_in_future"] }, (c, ctx) => {
    const withTx = withTransactions(c, ctx.fresh, 1)
    return fc.tuple(txIndex(withTx), futureDays).map(([i, d]) => normaliseCustomer(replaceTx(withTx, i, (t) => ({ ...t, date: shiftDate(ctx.ingestionDate, d) }))))
  }),
  recordMutation({ id: "date.future_signup", title: "a customer without transactions who signs up after the ingestion date", checks: ["date.not_in_future"] }, (c, ctx) =>
    futureDays.map((d) => normaliseCustomer({ ...c, signup_date: shiftDate(ctx.ingestionDate, d), transactions: [] }))
  ),
  recordMutation(
    { id: "date.future_signup_with_purchases", title: "a signup after the ingestion date, so every transaction is also before signup", checks: ["date.not_in_future", "date.transaction_after_signup"] },
    (c, ctx) => futureDays.map((d) => ({ ...withTransactions(c, ctx.fresh, 1), signup_date: shiftDate(ctx.ingestionDate, d) }))
  ),
  recordMutation({ id: "date.purchase_before_signup", title: "a transaction dated before signup_date (last_purchase kept right)", checks: ["date.transaction_after_signup"] }, (c, ctx) => {
    const withTx = withTransactions(c, ctx.fresh, 1)
    return fc.tuple(txIndex(withTx), fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 2_000 }))).map(([i, d]) => normaliseCustomer(replaceTx(withTx, i, (t) => ({ ...t, date: shiftDate(c.signup_date, -d) }))))
  }),
  recordMutation({ id: "date.last_purchase_wrong", title: "last_purchase not the latest transaction date (another date, or null with transactions, or set without)", checks: ["date.last_purchase_matches"] }, (c, ctx) =>
    fc
      .oneof(fc.constant<string | null>(null), fc.integer({ min: 0, max: 5_000 }).map((k): string | null => shiftDate(ctx.ingestionDate, -k)))
      .filter((d) => d !== c.last_purchase)
      .map((last_purchase) => ({ ...c, last_purchase }))
  )
]

/** An earlier and a later record index of a batch of at least 2. */
const earlierLater = (n: number) => fc.tuple(fc.nat({ max: n - 2 }), fc.nat({ max: n - 2 })).map(([a, b]) => (a <= b ? { e: a, t: b + 1 } : { e: b, t: a + 1 }))

const batchMutation = (spec: Omit<BatchMutation, "kind">): BatchMutation => ({ kind: "batch", ...spec })

const keyMutations = [
  batchMutation({
    id: "key.customer_id_reused",
    title: "a later record reuses an earlier record's customer id (the first occurrence is kept)",
    checks: ["key.customer_id_unique"],
    local: false,
    minRecords: 2,
    mutate: (batch) =>
      earlierLater(batch.customers.length).map(({ e, t }) => ({
        ingestionDate: batch.ingestionDate,
        records: replaceAt<unknown>(batch.customers, t, { ...batch.customers[t]!, id: batch.customers[e]!.id }),
        expected: new Map([[t, ["key.customer_id_unique"]]]),
        involved: new Set([e, t])
      }))
  }),
  batchMutation({
    id: "key.record_delivered_twice",
    title: "a record with transactions is delivered again later in the file",
    checks: ["key.customer_id_unique", "key.transaction_id_unique"],
    local: false,
    minRecords: 1,
    mutate: (batch) => {
      const n = batch.customers.length
      return fc
        .nat({ max: n - 1 })
        .chain((e) => fc.integer({ min: e + 1, max: n }).map((at) => ({ e, at })))
        .map(({ e, at }) => {
          const original = withTransactions(batch.customers[e]!, freshFor(batch.customers, e), 1)
          const records: Array<unknown> = replaceAt<unknown>(batch.customers, e, original).slice()
          records.splice(at, 0, structuredClone(original))
          return {
            ingestionDate: batch.ingestionDate,
            records,
            expected: new Map([[at, ["key.customer_id_unique", "key.transaction_id_unique"]]]),
            involved: new Set([e, at])
          }
        })
    }
  }),
  batchMutation({
    id: "key.transaction_id_reused",
    title: "a later record reuses a transaction id of an earlier record",
    checks: ["key.transaction_id_unique"],
    local: false,
    minRecords: 2,
    mutate: (batch) =>
      earlierLater(batch.customers.length).chain(({ e, t }) => {
        const earlier = withTransactions(batch.customers[e]!, freshFor(batch.customers, e), 1)
        const later = withTransactions(batch.customers[t]!, freshFor(batch.customers, t), 1)
        return fc.tuple(txIndex(earlier), txIndex(later)).map(([i, j]) => ({
          ingestionDate: batch.ingestionDate,
          records: replaceAt<unknown>(replaceAt<unknown>(batch.customers, e, earlier), t, replaceTx(later, j, (tx) => ({ ...tx, transaction_id: earlier.transactions[i]!.transaction_id }))),
          expected: new Map([[t, ["key.transaction_id_unique"]]]),
          involved: new Set([e, t])
        }))
      })
  })
]

const repeatedTransactionId = recordMutation({ id: "key.transaction_id_repeated_in_record", title: "a record repeats one of its own transaction ids", checks: ["key.transaction_id_unique"] }, (c, ctx) => {
    const withTx = withTransactions(c, ctx.fresh, 2)
    const n = withTx.transactions.length
    return earlierLater(n).map(({ e, t }) => replaceTx(withTx, t, (tx) => ({ ...tx, transaction_id: withTx.transactions[e]!.transaction_id })))
  })

/** Names that differ from `name`. */
const otherName = (name: string) => fc.oneof(fc.constantFrom(name.toUpperCase(), `${name} `, `${name} v2`, ""), fc.string({ maxLength: 12 })).filter((n) => n !== name)

const productMutations = [
  batchMutation({
    id: "product.renamed_in_later_record",
    title: "a later record buys an earlier record's product under another name (the majority, or on a tie the first, name wins)",
    checks: ["product.name_consistent"],
    local: false,
    minRecords: 2,
    mutate: (batch) =>
      earlierLater(batch.customers.length).chain(({ e, t }) => {
        const earlier = withTransactions(batch.customers[e]!, freshFor(batch.customers, e), 1)
        return txIndex(earlier).chain((i) => {
          const product = earlier.transactions[i]!
          return otherName(product.product_name).map((name) => {
            const later = addTransaction(batch.customers[t]!, freshFor(batch.customers, t), 4, { id: product.product_id, name })
            const records = replaceAt<unknown>(replaceAt<unknown>(batch.customers, e, earlier), t, later)
            const users = records.flatMap((r, k) => ((r as Customer).transactions.some((x) => x.product_id === product.product_id) ? [k] : []))
            return { ingestionDate: batch.ingestionDate, records, expected: new Map([[t, ["product.name_consistent"]]]), involved: new Set(users) }
          })
        })
      })
  })
]

/** The share of quarantined customers over which the silver gate blocks. */
export const customersFailThreshold = (silverCustomers.quarantine ?? defaultQuarantineThreshold).fail

const rateMutation = batchMutation({
  id: "quarantine.over_limit",
  title: "more than the tolerated share of records is malformed (email), so the silver gate blocks",
  checks: ["email.format", "quarantine.rate"],
  local: false,
  minRecords: 1,
  mutate: (batch) => {
    const n = batch.customers.length
    const k = Math.min(n, Math.floor(customersFailThreshold * n) + 1)
    return fc.shuffledSubarray([...batch.customers.keys()], { minLength: k, maxLength: k }).map((targets) => ({
      ingestionDate: batch.ingestionDate,
      records: batch.customers.map((c, i) => (targets.includes(i) ? { ...c, email: c.email.replace("@", " at ") } : c)),
      expected: new Map([...targets].sort((a, b) => a - b).map((i) => [i, ["email.format"]] as const)),
      involved: new Set(batch.customers.keys())
    }))
  }
})

/** Every record mutation (one record changes, the verdict is local to it). */
export const recordMutations = [...schemaMutations, emailMutation, ...amountMutations, ...dateMutations, repeatedTransactionId]

/** Every record and batch mutation. */
export const batchMutations: ReadonlyArray<BatchMutation> = [...recordMutations, ...keyMutations, ...productMutations, rateMutation]

/**
 * A valid batch with several mutations on distinct records: optionally one
 * non-local mutation first, then local ones on records it does not involve.
 * With `localOnly`, the verdict of every record is independent of record order.
 */
export const mixedBatchArbitrary = (valid: fc.Arbitrary<SourceBatch>, options: { readonly localOnly?: boolean; readonly maxMutations?: number } = {}): fc.Arbitrary<MutatedBatch & { readonly applied: ReadonlyArray<string> }> => {
  const nonLocal = batchMutations.filter((m) => !m.local && m.id !== rateMutation.id)
  return valid.chain((batch) => {
    const first = options.localOnly === true || batch.customers.length < 2 ? fc.constant(undefined) : fc.option(fc.constantFrom(...nonLocal), { freq: 2, nil: undefined })
    return first.chain((m) => {
      const start: fc.Arbitrary<MutatedBatch & { readonly applied: ReadonlyArray<string> }> =
        m === undefined
          ? fc.constant({ ingestionDate: batch.ingestionDate, records: batch.customers, expected: new Map(), involved: new Set<number>(), applied: [] })
          : m.mutate(batch).map((b) => ({ ...b, applied: [m.id] }))
      return start.chain((base) => {
        const free = base.records.flatMap((_, i) => (base.involved.has(i) ? [] : [i]))
        const max = Math.min(free.length, options.maxMutations ?? 4)
        return fc.shuffledSubarray(free, { minLength: 0, maxLength: max }).chain((targets) =>
          fc.tuple(...targets.map(() => fc.constantFrom(...recordMutations))).chain((chosen) =>
            fc.tuple(...targets.map((index, k) => chosen[k]!.mutateRecord(base.records[index] as Customer, { ingestionDate: base.ingestionDate, index, fresh: freshFor(base.records, index) }))).map((mutated) => {
              const records = base.records.slice()
              const expected = new Map(base.expected)
              targets.forEach((index, k) => {
                records[index] = mutated[k]
                expected.set(index, sorted(chosen[k]!.checks))
              })
              return { ingestionDate: base.ingestionDate, records, expected, involved: new Set([...base.involved, ...targets]), applied: [...base.applied, ...chosen.map((c) => c.id)] }
            })
          )
        )
      })
    })
  })
}

// ---------------------------------------------------------------------------
// Table mutations (dataset gates)

/** The valid staged tables of one run, as the gate sees them. */
export interface ValidTables {
  /** The SQL relation of a valid table: a silver table name, or `bronze` (the run's bronze records). */
  readonly relation: (table: string) => string
  /** Row count of a valid table. */
  readonly rows: (table: string) => number
}

/** A tampering of the valid tables that one gate must catch. */
export interface TableMutation {
  readonly kind: "table"
  readonly id: string
  readonly title: string
  readonly checks: ReadonlyArray<CheckId>
  /** The gate that judges the tampered tables. */
  readonly gate: "bronze" | "silver" | "gold"
  /** What `checks` must do: block the gate (default), or only warn while it publishes. */
  readonly outcome?: "block" | "warn"
  /** Replacement SQL per tampered relation, given a random `pick`; undefined when the valid tables do not allow it. */
  readonly tamper: (valid: ValidTables, pick: number) => Readonly<Record<string, string>> | undefined
}

const nth = <A>(items: ReadonlyArray<A>, pick: number): A => items[pick % items.length]!

/** `select * ...` of a relation with its rows numbered 0.. by a stable order. */
const numbered = (relation: string, order: string) => `(select *, row_number() over (order by ${order}) - 1 as _rn from ${relation})`

const inertRequired: ReadonlyArray<readonly [string, string, string]> = [
  ["customers", "name", "customer_id"],
  ["customers", "email", "customer_id"],
  ["customers", "signup_date", "customer_id"],
  ["products", "product_name", "product_id"],
  ["transactions", "transaction_date", "transaction_id"],
  ["denormalized", "customer_name", "transaction_id"],
  ["denormalized", "product_name", "transaction_id"],
  ["sanitation", "outcome", "_record_index"],
  ["sanitation", "failed_checks", "_record_index"]
]

const silverOrder: Readonly<Record<string, string>> = {
  customers: "customer_id",
  products: "product_id",
  transactions: "transaction_id",
  denormalized: "transaction_id",
  sanitation: "_record_index",
  quarantine: "_record_index, check_id, path"
}

/** Every table mutation. */
export const tableMutations: ReadonlyArray<TableMutation> = [
  {
    kind: "table",
    id: "table.extra_column",
    title: "a silver table gains a column the contract does not declare",
    checks: ["schema.columns"],
    gate: "silver",
    tamper: (v, pick) => {
      const table = nth(Object.keys(silverOrder), pick)
      return { [table]: `select *, 0 as _unexpected from ${v.relation(table)}` }
    }
  },
  {
    kind: "table",
    id: "table.column_type_drift",
    title: "a column's type drifts (INTEGER→BIGINT, DATE→TIMESTAMP, DECIMAL→DOUBLE, BIGINT→HUGEINT)",
    checks: ["schema.columns"],
    gate: "silver",
    tamper: (v, pick) => {
      const [table, column, type] = nth(
        [
          ["customers", "transaction_count", "BIGINT"],
          ["customers", "signup_date", "TIMESTAMP"],
          ["denormalized", "amount", "DOUBLE"],
          ["products", "product_id", "HUGEINT"],
          ["sanitation", "_record_index", "INTEGER"]
        ] as const,
        pick
      )
      return { [table]: `select * replace (${sqlIdent(column)}::${type} as ${sqlIdent(column)}) from ${v.relation(table)}` }
    }
  },
  {
    kind: "table",
    id: "table.optional_column_dropped",
    title: "a nullable, non-key column is missing from a silver table",
    checks: ["schema.columns"],
    gate: "silver",
    tamper: (v, pick) => {
      const [table, column] = nth(
        [
          ["customers", "last_purchase"],
          ["quarantine", "value"],
          ["sanitation", "source_id"],
          ["sanitation", "email_format_passed"]
        ] as const,
        pick
      )
      return { [table]: `select * exclude (${sqlIdent(column)}) from ${v.relation(table)}` }
    }
  },
  {
    kind: "table",
    id: "table.columns_reordered",
    title: "a silver table has the contract's columns in reverse order",
    checks: ["schema.columns"],
    gate: "silver",
    tamper: (v, pick) => {
      const contract = nth(silverContracts, pick)
      return { [contract.table]: `select ${contract.definition.sqlColumns.map(([name]) => sqlIdent(name)).reverse().join(", ")} from ${v.relation(contract.table)}` }
    }
  },
  {
    kind: "table",
    id: "table.duplicate_row",
    title: "a row of a keyed silver table is written twice",
    checks: ["key.unique"],
    gate: "silver",
    tamper: (v, pick) => {
      const table = nth(["products", "denormalized", "sanitation"], pick)
      if (v.rows(table) === 0) return undefined
      const k = Math.floor(pick / 3) % v.rows(table)
      return { [table]: `select * from ${v.relation(table)} union all select * exclude (_rn) from ${numbered(v.relation(table), silverOrder[table]!)} where _rn = ${k}` }
    }
  },
  {
    kind: "table",
    id: "table.null_in_required",
    title: "a required column holds NULL in one row",
    checks: ["not_null"],
    gate: "silver",
    tamper: (v, pick) => {
      const [table, column, order] = nth(inertRequired, pick)
      if (v.rows(table) === 0) return undefined
      const k = Math.floor(pick / inertRequired.length) % v.rows(table)
      return {
        [table]: `select * exclude (_rn) replace (case when _rn = ${k} then null else ${sqlIdent(column)} end as ${sqlIdent(column)}) from ${numbered(v.relation(table), order)}`
      }
    }
  },
  {
    kind: "table",
    id: "table.product_lost",
    title: "a product bought in an accepted transaction is missing from silver products",
    checks: ["fk.reference"],
    gate: "silver",
    tamper: (v, pick) => {
      if (v.rows("products") === 0) return undefined
      return { products: `select * exclude (_rn) from ${numbered(v.relation("products"), "product_id")} where _rn <> ${pick % v.rows("products")}` }
    }
  },
  {
    kind: "table",
    id: "table.unknown_customer",
    title: "a transaction (or denormalized row) points to a customer id silver customers does not have",
    checks: ["fk.reference"],
    gate: "silver",
    tamper: (v, pick) => {
      const table = nth(["transactions", "denormalized"], pick)
      if (v.rows(table) === 0) return undefined
      const k = Math.floor(pick / 2) % v.rows(table)
      return {
        [table]: `select * exclude (_rn) replace (case when _rn = ${k} then (select coalesce(max(customer_id), 0) + 1 from ${v.relation("customers")}) else customer_id end as customer_id)
          from ${numbered(v.relation(table), "transaction_id")}`
      }
    }
  },
  {
    kind: "table",
    id: "table.amount_tampered",
    title: "an accepted transaction's amount changes by a cent after judgement",
    checks: ["reconcile.bronze_silver"],
    gate: "silver",
    tamper: (v, pick) => {
      if (v.rows("transactions") === 0) return undefined
      return {
        transactions: `select * exclude (_rn) replace (case when _rn = ${pick % v.rows("transactions")} then (amount + 0.01)::DECIMAL(18,2) else amount end as amount) from ${numbered(v.relation("transactions"), "transaction_id")}`
      }
    }
  },
  {
    kind: "table",
    id: "table.record_in_both_outcomes",
    title: "an accepted record also appears in quarantine",
    checks: ["reconcile.bronze_silver"],
    gate: "silver",
    tamper: (v, pick) => {
      if (v.rows("customers") === 0) return undefined
      return {
        quarantine: `select * from ${v.relation("quarantine")} union all
          select customer_id::varchar, 'email.format', 'error', 'email', 'tampered', null, _record_index, '{}' from ${numbered(v.relation("customers"), "customer_id")} where _rn = ${pick % v.rows("customers")}`
      }
    }
  },
  {
    kind: "table",
    id: "table.record_vanished",
    title: "an accepted record disappears from every silver table that holds it (customers, transactions, denormalized)",
    checks: ["reconcile.bronze_silver"],
    gate: "silver",
    tamper: (v, pick) => {
      if (v.rows("customers") === 0) return undefined
      const gone = `(select customer_id from ${numbered(v.relation("customers"), "customer_id")} where _rn = ${pick % v.rows("customers")})`
      return {
        customers: `select * from ${v.relation("customers")} where customer_id not in ${gone}`,
        transactions: `select * from ${v.relation("transactions")} where customer_id not in ${gone}`,
        denormalized: `select * from ${v.relation("denormalized")} where customer_id not in ${gone}`
      }
    }
  },
  {
    kind: "table",
    id: "bronze.record_lost_before_silver",
    title: "the last bronze record is lost between the bronze publish and refine",
    checks: ["reconcile.bronze_silver"],
    gate: "silver",
    tamper: (v) => (v.rows("bronze") === 0 ? undefined : { bronze: `select * from ${v.relation("bronze")} where _record_index < ${v.rows("bronze") - 1}` })
  },
  {
    kind: "table",
    id: "bronze.index_gap",
    title: "bronze record indexes skip a number or do not start at 0",
    checks: ["bronze.lineage"],
    gate: "bronze",
    tamper: (v, pick) => {
      if (v.rows("customers_raw") === 0) return undefined
      const from = pick % v.rows("customers_raw")
      return { customers_raw: `select * replace (case when _record_index >= ${from} then _record_index + 1 else _record_index end as _record_index) from ${v.relation("customers_raw")}` }
    }
  },
  {
    kind: "table",
    id: "bronze.raw_missing",
    title: "a bronze record's raw text is NULL",
    checks: ["not_null"],
    gate: "bronze",
    tamper: (v, pick) => {
      if (v.rows("customers_raw") === 0) return undefined
      return { customers_raw: `select * replace (case when _record_index = ${pick % v.rows("customers_raw")} then null else raw end as raw) from ${v.relation("customers_raw")}` }
    }
  },
  {
    kind: "table",
    id: "gold.product_id_twice",
    title: "gold dim_product holds a product id twice under two surrogate keys",
    checks: ["key.gold_unique"],
    gate: "gold",
    tamper: (v, pick) => {
      if (v.rows("dim_product") === 0) return undefined
      return {
        dim_product: `select * from ${v.relation("dim_product")} union all
          select * exclude (_rn) replace ((select max(product_key) + 1 from ${v.relation("dim_product")}) as product_key)
          from ${numbered(v.relation("dim_product"), "product_id")} where _rn = ${pick % v.rows("dim_product")}`
      }
    }
  },
  {
    kind: "table",
    id: "gold.current_version_closed",
    title: "a current dim_customer version gets a valid_to (the SCD2 chain breaks)",
    checks: ["key.gold_unique"],
    gate: "gold",
    tamper: (v, pick) => {
      if (v.rows("dim_customer") === 0) return undefined
      return {
        dim_customer: `select * exclude (_rn) replace (case when _rn = ${pick % v.rows("dim_customer")} then valid_from + 1 else valid_to end as valid_to)
          from ${numbered(`(select * from ${v.relation("dim_customer")} where is_current)`, "customer_key")}
          union all select * from ${v.relation("dim_customer")} where not is_current`
      }
    }
  },
  {
    kind: "table",
    id: "gold.fact_customer_missing",
    title: "a fact (of an unranked customer) points to a customer_key dim_customer does not have (its amount then counts for no customer's total)",
    checks: ["fk.fact_customer", "amount.customer_totals_reconcile"],
    gate: "gold",
    tamper: (v, pick) => {
      if (v.rows("unranked_facts") === 0) return undefined
      return {
        fact_transactions: `select * replace (case when transaction_id = (select transaction_id from ${numbered(v.relation("unranked_facts"), "transaction_id")} where _rn = ${pick % v.rows("unranked_facts")})
            then (select max(customer_key) + 1 from ${v.relation("dim_customer")}) else customer_key end as customer_key)
          from ${v.relation("fact_transactions")}`
      }
    }
  },
  {
    kind: "table",
    id: "gold.fact_product_missing",
    title: "a fact points to a product_key dim_product does not have",
    checks: ["fk.fact_product"],
    gate: "gold",
    tamper: (v, pick) => {
      if (v.rows("fact_transactions") === 0) return undefined
      return {
        fact_transactions: `select * exclude (_rn) replace (case when _rn = ${pick % v.rows("fact_transactions")} then (select max(product_key) + 1 from ${v.relation("dim_product")}) else product_key end as product_key)
          from ${numbered(v.relation("fact_transactions"), "transaction_id")}`
      }
    }
  },
  {
    kind: "table",
    id: "gold.fact_date_missing",
    title: "a fact's date_key is outside the calendar",
    checks: ["fk.fact_date"],
    gate: "gold",
    tamper: (v, pick) => {
      if (v.rows("fact_transactions") === 0) return undefined
      return {
        fact_transactions: `select * exclude (_rn) replace (case when _rn = ${pick % v.rows("fact_transactions")} then 99991231 else date_key end as date_key)
          from ${numbered(v.relation("fact_transactions"), "transaction_id")}`
      }
    }
  },
  {
    kind: "table",
    id: "gold.fact_amount_changed",
    title: "a fact merged from this date (of an unranked customer) loses a cent against silver (and against its customer's total)",
    checks: ["amount.gold_reconciles_silver", "amount.customer_totals_reconcile"],
    gate: "gold",
    tamper: (v, pick) => {
      if (v.rows("unranked_facts") === 0) return undefined
      return {
        fact_transactions: `select * replace (case when transaction_id = (select transaction_id from ${numbered(v.relation("unranked_facts"), "transaction_id")} where _rn = ${pick % v.rows("unranked_facts")})
            then (amount - 0.01)::DECIMAL(18,2) else amount end as amount)
          from ${v.relation("fact_transactions")}`
      }
    }
  },
  {
    kind: "table",
    id: "gold.delivery_lost",
    title: "a customer delivered on this date has no customer_presence run holding the date (the delivery is lost)",
    checks: ["customer.gold_reconciles_silver"],
    gate: "gold",
    tamper: (v, pick) => {
      // Every customer of the date's silver has one run holding the date.
      if (v.rows("silver_customers") === 0) return undefined
      const today = `(select p.* from ${v.relation("customer_presence")} p, ${v.relation("gold_settings")} s where p.first_seen <= s.ingestion_date and p.last_seen >= s.ingestion_date)`
      return {
        customer_presence: `select p.* from ${v.relation("customer_presence")} p
          anti join (select customer_id, first_seen from ${numbered(today, "customer_id")} where _rn = ${pick % v.rows("silver_customers")}) lost using (customer_id, first_seen)`
      }
    }
  },
  {
    kind: "table",
    id: "gold.current_name_stale",
    title: "a customer's current dim_customer version (of an unranked customer) keeps an older name than its latest delivery",
    checks: ["customer.gold_reconciles_silver"],
    gate: "gold",
    tamper: (v, pick) => {
      if (v.rows("unranked_facts") === 0) return undefined
      return {
        dim_customer: `select * replace (case when is_current and customer_id = (
              select c.customer_id from ${numbered(v.relation("unranked_facts"), "transaction_id")} f join ${v.relation("dim_customer")} c using (customer_key)
              where f._rn = ${pick % v.rows("unranked_facts")})
            then name || ' (older name)' else name end as name)
          from ${v.relation("dim_customer")}`
      }
    }
  },
  {
    kind: "table",
    id: "gold.top_total_wrong",
    title: "a top customer's total differs by a cent from the sum of its facts",
    checks: ["amount.top_customers_recalculated"],
    gate: "gold",
    tamper: (v, pick) => {
      if (v.rows("top_customers") === 0) return undefined
      return {
        top_customers: `select * replace (case when rank = ${(pick % v.rows("top_customers")) + 1} then (total_spent + 0.01)::DECIMAL(18,2) else total_spent end as total_spent) from ${v.relation("top_customers")}`
      }
    }
  },
  {
    kind: "table",
    id: "gold.customer_total_wrong",
    title: "an unranked customer's total in customer_totals is a cent below its previous total plus the run's facts",
    checks: ["amount.customer_totals_reconcile"],
    gate: "gold",
    tamper: (v, pick) => {
      if (v.rows("customer_totals") <= v.rows("top_customers")) return undefined
      const unranked = `(select customer_id from ${v.relation("customer_totals")} anti join ${v.relation("top_customers")} using (customer_id))`
      return {
        customer_totals: `select * replace (case when customer_id = (select min(customer_id) from ${unranked})
            then (total_spent - 0.01)::DECIMAL(18,2) else total_spent end as total_spent) from ${v.relation("customer_totals")}`
      }
    }
  },
  {
    kind: "table",
    id: "gold.product_renamed_upstream",
    title: "gold already knew a delivered product under another name (the new name is recorded, with a warning)",
    checks: ["product.name_stable"],
    gate: "gold",
    outcome: "warn",
    tamper: (v, pick) => {
      if (v.rows("dim_product") === 0) return undefined
      return {
        previous_dim_product: `select * exclude (_rn) replace (case when _rn = ${pick % v.rows("dim_product")} then product_name || ' (old name)' else product_name end as product_name)
          from ${numbered(v.relation("dim_product"), "product_id")}`
      }
    }
  }
]

// ---------------------------------------------------------------------------
// Staging mutations (checks the stages compute inline)

/**
 * A fault in the lakehouse's staging area, planted through the `Lakehouse`
 * service (a test double around the real one): stray rows in a staged
 * table's directory, which the stage's own checks must catch while it runs.
 */
export interface StagingMutation {
  readonly kind: "staging"
  readonly id: string
  readonly title: string
  readonly checks: ReadonlyArray<CheckId>
  readonly gate: "bronze" | "silver"
  /** The staged table that gets the stray Parquet file. */
  readonly layer: "bronze" | "silver"
  readonly table: string
  /** A query producing the stray rows (the table's columns), for a valid batch of `records` records. */
  readonly straySql: (batch: { readonly ingestionDate: string; readonly records: number }) => string
}

/** Every staging mutation. */
export const stagingMutations: ReadonlyArray<StagingMutation> = [
  {
    kind: "staging",
    id: "bronze.stray_staged_file",
    title: "a stray Parquet file in bronze's staging directory adds a record the source never had (indexes stay contiguous)",
    checks: ["reconcile.source_bronze"],
    gate: "bronze",
    layer: "bronze",
    table: "customers_raw",
    straySql: ({ ingestionDate, records }) =>
      `select ${records}::BIGINT as _record_index, '{"id": 0}' as raw, DATE '${ingestionDate}' as _ingestion_date, 'stray.json' as _source_file, TIMESTAMP '${ingestionDate} 00:00:00' as _ingested_at`
  }
]

/** Every mutation of the catalogue. */
export const mutationCatalogue: ReadonlyArray<BatchMutation | TableMutation | StagingMutation> = [...batchMutations, ...tableMutations, ...stagingMutations]

/**
 * Check ids of the catalogue no mutation covers, with the reason. The
 * completeness property fails if any of them is used by a contract or gate.
 */
export const excludedChecks: Readonly<Partial<Record<CheckId, string>>> = {
  "volume.recent":
    "compares a date's rows with the table's earlier published dates (their manifests); a mutation judges one batch with no history. test/checks/volume.test.ts runs it over several dates."
}
