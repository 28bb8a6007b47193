/**
 * Customer records of one snapshot, one at a time: the pure heart of the
 * generator. {@link snapshotRecords} writes each customer as compact JSON into
 * a {@link ByteBuffer} and yields its defect (if any); it never holds more
 * than one customer, so it streams any number of customers in flat memory.
 * {@link snapshotRows} is the convenient string form of the same records.
 *
 * @example
 * const spec = snapshotSpec({ seed: 42, customers: 100, defectRate: 0.02, asOfDay: parseDay("2026-11-01")! })
 * for (const row of snapshotRows(spec)) console.log(row.line)
 */
import { ByteBuffer } from "./bytes.ts"
import { productAt } from "./catalogue.ts"
import { formatDay } from "./dates.ts"
import { applyDefect, type AppliedDefect, DEFECT_KINDS, type DefectKind, type EarlierTransaction, expectedChecks } from "./defects.ts"
import {
  type CustomerHistory,
  customerHistory,
  type IdentityChange,
  identityOn,
  joinDayOf,
  makePopulation,
  type Population,
  type Roster,
  rosterOn,
  Tag,
  TX_ID_BLOCK
} from "./history.ts"
import { displayNameBytes, emailAddress } from "./names.ts"
import { hashUnit, type Prng, streamFor } from "./prng.ts"
import { type CustomerDraft, writeCustomer } from "./record.ts"
import { renderTruthDefect, truthFooter, truthHeader } from "./truth.ts"

/** Everything that determines one snapshot file. */
export interface SnapshotSpec {
  readonly seed: number
  readonly population: Population
  /** The snapshot's as-of day (day number); no valid date in it is later. */
  readonly asOfDay: number
  /** Probability that a record gets exactly one defect. */
  readonly defectRate: number
  /**
   * `increment`: after the population's first day, only the customers who
   * signed up, changed name or email, or bought on the as-of day, each with
   * only that day's transactions (its total and last purchase theirs). The
   * first day is a full load. Default `snapshot`: every customer, every transaction.
   */
  readonly feed?: "snapshot" | "increment"
}

/** A snapshot's spec for a single file (the population starts on the as-of day). */
export const snapshotSpec = (options: {
  readonly seed: number
  readonly customers: number
  readonly defectRate: number
  readonly asOfDay: number
}): SnapshotSpec => ({
  seed: options.seed,
  population: makePopulation(options.seed, options.customers, options.asOfDay),
  asOfDay: options.asOfDay,
  defectRate: options.defectRate
})

/** A defect as recorded in the sidecar. */
export interface RowDefect extends AppliedDefect {
  readonly customerId: number
  readonly recordIndex: number
  readonly expectedChecks: ReadonlyArray<string>
}

/** One customer of a snapshot. */
export interface SnapshotRow {
  /** The record as compact JSON, without separators or newline. */
  readonly line: string
  readonly defect: RowDefect | undefined
}

/** True when customer `id` gets a defect in the snapshot of `asOfDay`. */
export const hasDefect = (spec: SnapshotSpec, id: number): boolean =>
  spec.defectRate > 0 && hashUnit(spec.population.key, Tag.defect, id, spec.asOfDay) < spec.defectRate

/** The draft of a customer's valid record from its history and current identity. */
const draftOf = (history: CustomerHistory, population: Population, asOfDay: number, changes: Array<IdentityChange> | undefined): CustomerDraft => {
  const identity = identityOn(population, history, asOfDay, changes)
  const base = history.id * TX_ID_BLOCK
  return {
    id: history.id,
    name: displayNameBytes(identity),
    email: emailAddress(identity, history.id),
    signupDay: history.signupDay,
    transactions: history.transactions.map((t) => {
      const product = productAt(t.product)
      return {
        transactionId: base + t.seq,
        day: t.day,
        cents: t.cents,
        productId: product.id,
        productName: product.nameBytes,
        overrides: undefined
      }
    }),
    totalAdjustCents: 0,
    overrides: undefined
  }
}

/** How far back to look for an earlier defect-free customer with transactions. */
const EARLIER_WINDOW = 1000
const EARLIER_TRIES = 200

/**
 * A transaction of a defect-free customer before `id` in the snapshot (for
 * duplicate ids and conflicting product names), or undefined if none is found.
 */
const findEarlier = (spec: SnapshotSpec, roster: Roster, id: number, r: Prng): EarlierTransaction | undefined => {
  if (id <= 1) return undefined
  const start = id - 1 - r.int(Math.min(id - 1, EARLIER_WINDOW))
  const candidates = (function*() {
    for (let j = start; j >= 1; j--) yield j
    for (let j = start + 1; j < id; j++) yield j
  })()
  let tries = 0
  for (const j of candidates) {
    if (tries++ >= EARLIER_TRIES) return undefined
    if (hasDefect(spec, j)) continue
    const history = customerHistory(spec.population, j, joinDayOf(roster, j), spec.asOfDay)
    if (history.transactions.length === 0) continue
    const t = r.pick(history.transactions)
    return { customerId: j, transactionId: j * TX_ID_BLOCK + t.seq, product: t.product }
  }
  return undefined
}

/**
 * The defect kinds of a snapshot's defective records, in file order: dealt in
 * rounds, each round a seeded shuffle of all kinds. Every kind is equally
 * likely for any record, and a file with n defects has every kind
 * ⌊n / kinds⌋ or ⌈n / kinds⌉ times (before the rare fallback of
 * {@link applyDefect}), so even a small file shows all of them.
 */
const kindDealer = (spec: SnapshotSpec): (() => DefectKind) => {
  let round: Array<DefectKind> = []
  let roundNumber = 0
  return () => {
    if (round.length === 0) {
      const r = streamFor(spec.population.key, Tag.defectDeal, roundNumber++, spec.asOfDay)
      round = [...DEFECT_KINDS]
      for (let i = round.length - 1; i > 0; i--) {
        const j = r.int(i + 1)
        const swap = round[i] as DefectKind
        round[i] = round[j] as DefectKind
        round[j] = swap
      }
    }
    return round.pop() as DefectKind
  }
}

const NEWLINE = 10
const COMMA = 44

/**
 * Write every customer of a snapshot into `out`, in id order (ids 1..count,
 * record index = id − 1), yielding after each record its defect or
 * `undefined`; the caller may take the buffer's bytes between records. With
 * `separators`, each record is preceded by `\n` (the first) or `,\n`, as in
 * the data file. When `changes` is given, the name/email changes dated exactly
 * the as-of day are appended to it as customers are generated.
 */
export function* snapshotRecords(
  spec: SnapshotSpec,
  out: ByteBuffer,
  options: { readonly separators?: boolean; readonly changes?: Array<IdentityChange> | undefined } = {}
): Generator<RowDefect | undefined, void, undefined> {
  const { asOfDay, population } = spec
  const roster = rosterOn(population, asOfDay)
  const separators = options.separators === true
  const deal = kindDealer(spec)
  const increment = spec.feed === "increment" && asOfDay > population.startDay
  let written = 0
  for (let id = 1; id <= roster.count; id++) {
    const history = customerHistory(population, id, joinDayOf(roster, id), asOfDay)
    const changed: Array<IdentityChange> = []
    const full = draftOf(history, population, asOfDay, changed)
    options.changes?.push(...changed)
    const draft = increment ? { ...full, transactions: full.transactions.filter((t) => t.day === asOfDay) } : full
    if (increment && history.signupDay !== asOfDay && changed.length === 0 && draft.transactions.length === 0) continue
    let defect: RowDefect | undefined
    if (hasDefect(spec, id)) {
      const r = streamFor(population.key, Tag.defectDetail, id, asOfDay)
      const kind = deal()
      const applied = applyDefect(kind, draft, { r, asOfDay, earlier: () => findEarlier(spec, roster, id, r) })
      defect = { ...applied, customerId: id, recordIndex: written, expectedChecks: expectedChecks(applied.kind) }
    }
    if (separators) {
      if (written > 0) out.byte(COMMA)
      out.byte(NEWLINE)
    }
    writeCustomer(out, draft)
    written++
    yield defect
  }
}

/**
 * Every customer of a snapshot as a line of compact JSON with its defect, in
 * id order (see {@link snapshotRecords}).
 */
export function* snapshotRows(spec: SnapshotSpec, changes?: Array<IdentityChange>): Generator<SnapshotRow, void, undefined> {
  const out = new ByteBuffer()
  for (const defect of snapshotRecords(spec, out, { changes })) yield { line: out.takeString(), defect }
}

/** Number of customers in a snapshot. */
export const snapshotCount = (spec: SnapshotSpec): number => rosterOn(spec.population, spec.asOfDay).count

/** The opening of a data file; each record follows as `\n` (first) or `,\n` (others) plus its line. */
export const DATA_HEADER = "{\"customers\":["

/** The closing of a data file, after the last record. */
export const DATA_FOOTER = "\n]}\n"

/** A sidecar entry for a row's defect. */
export const renderRowDefect = (defect: RowDefect): string =>
  renderTruthDefect({
    customerId: defect.customerId,
    recordIndex: defect.recordIndex,
    kind: defect.kind,
    expectedChecks: defect.expectedChecks,
    detail: defect.detail
  })

/**
 * A whole snapshot and its sidecar as strings, byte for byte what the file
 * writer produces; for tests and small inputs (the file writer streams).
 */
export const snapshotToStrings = (spec: SnapshotSpec, changes?: Array<IdentityChange>): { readonly data: string; readonly truth: string } => {
  const out = new ByteBuffer()
  out.ascii(DATA_HEADER)
  let truth = truthHeader({ seed: spec.seed, customers: snapshotCount(spec), defectRate: spec.defectRate, asOf: formatDay(spec.asOfDay) })
  let firstDefect = true
  for (const defect of snapshotRecords(spec, out, { separators: true, changes })) {
    if (defect !== undefined) {
      truth += (firstDefect ? "\n" : ",\n") + renderRowDefect(defect)
      firstDefect = false
    }
  }
  out.ascii(DATA_FOOTER)
  return { data: out.takeString(), truth: truth + truthFooter }
}
