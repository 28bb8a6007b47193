/**
 * The contract properties as fast-check properties, shared by the test suite
 * (`test/properties/`) and `lakegate contracts test`:
 *
 * 1. every valid batch is accepted in full;
 * 2. every mutation is rejected by exactly the checks it names, the rest of the batch accepted;
 * 7. every contract schema round-trips;
 * 8. every check id in use has a mutation.
 *
 * In-process properties judge batches with {@link judgeBatch}; they need a
 * runner of Duck effects (see {@link makeDuckRunner}).
 */
import { type CheckResult, defaultQuarantineThreshold, rowCodec, type RowCodec, tableChecks, Duck, duckLayer, tempDirectory, type Downstream } from "lakegate"
import { Effect, FastCheck as fc, ManagedRuntime } from "effect"
import { deepStrictEqual } from "node:assert/strict"
import { bronzeCustomersRaw, goldContracts, silverContracts, sourceCustomers } from "../index.ts"
import { checkIds } from "../catalogue.ts"
import { sourceBatchArbitrary, tableContracts, type SourceArbitraryOptions, type SourceBatch } from "./arbitraries.ts"
import { applyTableMutation, blockingIds, gateBaselines, publishedTables, UNRANKED_FACTS } from "./gates.ts"
import { judgeBatch, type BatchVerdict } from "./judgeBatch.ts"
import { excludedChecks, mutationCatalogue, tableMutations, type BatchMutation, type MutatedBatch, type StagingMutation } from "./mutations.ts"
import { runBatch, testDuckSettings, writeParquet } from "./pipelineRun.ts"
import { join } from "node:path"

/** Runs Duck effects on one long-lived in-memory engine. */
export interface DuckRunner {
  readonly run: <A, E>(effect: Effect.Effect<A, E, Duck>) => Promise<A>
  readonly dispose: () => Promise<void>
}

/** A runner with its own DuckDB (1 thread, 256 MB), for many fast runs. */
export const makeDuckRunner = (): DuckRunner => {
  const runtime = ManagedRuntime.make(duckLayer(testDuckSettings))
  return { run: (effect) => runtime.runPromise(effect), dispose: () => runtime.dispose() }
}

const ensure = (condition: boolean, message: () => string): void => {
  if (!condition) throw new Error(message())
}

const show = (value: unknown): string => JSON.stringify(value, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : v))

/** The status `quarantine.rate` must have for a share, computed here independently of the pipeline. */
export const expectedRateStatus = (quarantined: number, total: number, threshold = defaultQuarantineThreshold): CheckResult["status"] => {
  const rate = total === 0 ? 0 : quarantined / total
  return rate > threshold.fail ? "fail" : rate > threshold.warn ? "warn" : "pass"
}

/** The silver gate's quarantine thresholds per table. */
const thresholds: Readonly<Record<string, { warn: number; fail: number }>> = Object.fromEntries(silverContracts.map((c) => [c.table, c.quarantine ?? defaultQuarantineThreshold]))

/** Check a verdict's rates against the independent computation. */
const ensureRates = (verdict: BatchVerdict): void => {
  const expected: Record<string, readonly [number, number]> = {
    customers: [verdict.quarantined.size, verdict.records],
    // A rejected record's transactions count whatever check rejected it: those of records that did not decode too.
    transactions: [verdict.transactions.decoded - verdict.transactions.accepted + verdict.transactions.undecoded, verdict.transactions.decoded + verdict.transactions.undecoded]
  }
  for (const rate of verdict.rates) {
    const [q, total] = expected[rate.table] ?? [0, 0]
    const status = expectedRateStatus(q, total, thresholds[rate.table])
    ensure(rate.status === status, () => `quarantine.rate of ${rate.table}: ${rate.status}, expected ${status} for ${q} of ${total} (${rate.message})`)
  }
}

/** Amounts split exactly into accepted and quarantined, and accepted totals agree with accepted amounts. */
const ensureConservation = (verdict: BatchVerdict): void => {
  ensure(verdict.cents.decoded === verdict.cents.accepted + verdict.cents.quarantined, () => `decoded cents ${verdict.cents.decoded} ≠ accepted ${verdict.cents.accepted} + quarantined ${verdict.cents.quarantined}`)
  ensure(verdict.cents.totalSpentAccepted === verdict.cents.accepted, () => `accepted total_spent ${verdict.cents.totalSpentAccepted} cents ≠ accepted amounts ${verdict.cents.accepted} cents`)
}

/** Property 1, in process: a valid batch decodes in full and no check rejects anything. */
export const validBatchAccepted = (duck: DuckRunner, options: SourceArbitraryOptions = {}) =>
  fc.asyncProperty(sourceBatchArbitrary(options), async (batch) => {
    const verdict = await duck.run(judgeBatch(batch.customers, batch.ingestionDate))
    ensure(verdict.decoded === batch.customers.length, () => `${verdict.records - verdict.decoded} valid record(s) did not decode`)
    ensure(verdict.violations.length === 0, () => `violations on a valid batch: ${show(verdict.violations.slice(0, 5))}`)
    ensure(verdict.quarantined.size === 0, () => `quarantined: ${show(verdict.quarantined)}`)
    ensure(verdict.rates.every((r) => r.status === "pass"), () => `quarantine.rate: ${verdict.rates.map((r) => r.message).join("; ")}`)
    ensureConservation(verdict)
  })

/** Check a judged mutated batch: exactly the expected records, with exactly the expected checks. */
export const ensureMutationVerdict = (mutated: MutatedBatch, verdict: BatchVerdict, mutation?: BatchMutation): void => {
  const actual = new Map([...verdict.quarantined].map(([i, ids]) => [i, [...ids]]))
  const expected = new Map([...mutated.expected].map(([i, ids]) => [i, [...ids]]))
  try {
    deepStrictEqual(actual, expected)
  } catch {
    const extra = verdict.violations.filter((v) => !expected.get(v.recordIndex)?.includes(v.check)).slice(0, 6)
    throw new Error(`quarantined ${show(actual)}, expected ${show(expected)}; unexpected violations: ${show(extra)}`)
  }
  ensureRates(verdict)
  ensureConservation(verdict)
  if (mutation?.checks.includes("quarantine.rate") === true) {
    ensure(verdict.rates.some((r) => r.table === "customers" && r.status === "fail"), () => `the silver gate should block on quarantine.rate: ${verdict.rates.map((r) => r.message).join("; ")}`)
  }
}

/** The valid batches a mutation starts from. */
export const batchesFor = (mutation: BatchMutation, options: SourceArbitraryOptions = {}): fc.Arbitrary<SourceBatch> =>
  sourceBatchArbitrary({ minCustomers: mutation.minRecords, maxCustomers: Math.max(mutation.minRecords, options.maxCustomers ?? 12), ...options })

/** Property 2, in process: one mutation of the catalogue. */
export const mutationRejected = (duck: DuckRunner, mutation: BatchMutation, options: SourceArbitraryOptions = {}) =>
  fc.asyncProperty(
    batchesFor(mutation, options).chain((batch) => mutation.mutate(batch)),
    async (mutated) => {
      const verdict = await duck.run(judgeBatch(mutated.records, mutated.ingestionDate))
      ensureMutationVerdict(mutated, verdict, mutation)
    }
  )

/**
 * Property 2 for the dataset gates: every table mutation, on the tables of a
 * real run of a valid batch (gold included when `downstream` builds it).
 */
export const tableMutationsCaught = (options: SourceArbitraryOptions & { readonly downstream?: ReadonlyArray<Downstream> } = {}) => {
  const { downstream = [], ...batchOptions } = options
  const withGold = downstream.length > 0
  return fc.asyncProperty(
    // Gold mutations of facts keep the top-N ranking: they need customers outside the top N, so at least 5 with transactions.
    sourceBatchArbitrary({ minCustomers: withGold ? 5 : 1, maxCustomers: 8, minTransactions: withGold ? 1 : 0, someTransactions: true, ...batchOptions }),
    fc.array(fc.nat(), { minLength: tableMutations.length, maxLength: tableMutations.length }),
    async (batch, picks) => {
      const result = await runBatch(
        { ingestionDate: batch.ingestionDate, records: batch.customers },
        {
          downstream,
          inspect: () =>
            Effect.gen(function* () {
              yield* judgeBatch(batch.customers, batch.ingestionDate)
              const valid = yield* publishedTables(batch.ingestionDate)
              const baselines = yield* gateBaselines(valid)
              const baseline = Object.fromEntries(Object.entries(baselines).map(([gate, checks]) => [gate, checks.map((c) => c.result).filter((r) => r.status !== "pass").map((r) => `${r.checkId}: ${r.message}`)]))
              const outcomes = []
              for (const [i, mutation] of tableMutations.entries()) {
                if (mutation.gate === "gold" && !valid.gold) continue
                outcomes.push({ mutation, pick: picks[i] ?? 0, outcome: yield* applyTableMutation(mutation, valid, picks[i] ?? 0, baselines) })
              }
              return { baseline, outcomes, gold: valid.gold, unranked: valid.rows(UNRANKED_FACTS) }
            })
        }
      )
      ensure(result.report.verdict === "published", () => `the valid batch was not published: ${show(result.report.layers.map((l) => [l.layer, l.status, l.reasons]))} ${result.report.error?.message ?? ""}`)
      const inspected = result.inspected!
      ensure(inspected.gold === withGold, () => `gold ${withGold ? "was not" : "was"} published`)
      ensure(Object.values(inspected.baseline).every((issues) => issues.length === 0), () => `gates do not pass on the untampered tables: ${show(inspected.baseline)}`)
      for (const { mutation, pick, outcome } of inspected.outcomes) {
        // Every mutation applies to these batches, except the gold ones that need a customer outside the top N (LAKEGATE_TOP_N may rank them all).
        ensure(outcome.applied || (mutation.gate === "gold" && inspected.unranked === 0), () => `${mutation.id} did not apply to a valid run`)
        if (!outcome.applied) continue
        const expected = [...mutation.checks].sort()
        ensure(outcome.errored.length === 0, () => `${mutation.id}: checks could not be evaluated: ${outcome.errored.join("; ")}`)
        const [blocking, warnings] = mutation.outcome === "warn" ? [[], expected] : [expected, []]
        ensure(
          show(outcome.blocking) === show(blocking) && show(outcome.warnings) === show(warnings),
          () => `${mutation.id} (pick ${pick}): the ${mutation.gate} gate blocked on ${show(outcome.blocking)} and warned on ${show(outcome.warnings)}, expected ${mutation.outcome === "warn" ? "warnings" : "blocks"} on ${show(expected)}`
        )
      }
    }
  )
}

/** Property 2 for the checks the stages compute inline: a stray file planted in staging, then a real run. */
export const stagingMutationCaught = (mutation: StagingMutation, options: SourceArbitraryOptions = {}) =>
  fc.asyncProperty(sourceBatchArbitrary({ minCustomers: 0, maxCustomers: 8, ...options }), async (batch) => {
    const dir = tempDirectory()
    try {
      const file = join(dir.path, "stray.parquet")
      await writeParquet(mutation.straySql({ ingestionDate: batch.ingestionDate, records: batch.customers.length }), file)
      const { report } = await runBatch({ ingestionDate: batch.ingestionDate, records: batch.customers }, { stray: { layer: mutation.layer, table: mutation.table, file } })
      ensure(report.error === null, () => `the run failed: ${report.error?.message ?? ""}`)
      const gate = report.layers.find((l) => l.layer === mutation.gate)
      const blocking = blockingIds(report.checks.filter((c) => c.layer === mutation.gate))
      ensure(gate?.status === "blocked", () => `the ${mutation.gate} gate did not block: ${show(report.layers.map((l) => [l.layer, l.status]))}`)
      ensure(show(blocking) === show([...mutation.checks].sort()), () => `${mutation.id}: the ${mutation.gate} gate blocked on ${show(blocking)}, expected ${show([...mutation.checks].sort())}`)
      ensure(report.exitCode === 1, () => `exit code ${report.exitCode}, expected 1`)
    } finally {
      dir.remove()
    }
  })

/** Property 7: a contract schema round-trips, decode(encode(a)) = a and encode(decode(i)) = i. */
export const schemaRoundTrips = (codec: RowCodec, arbitrary: fc.Arbitrary<unknown>) =>
  fc.property(arbitrary, (value) => {
    const encoded = codec.encode(value)
    deepStrictEqual(codec.decode(encoded), value)
    deepStrictEqual(codec.encode(codec.decode(encoded)), encoded)
    const viaJson = JSON.parse(JSON.stringify(encoded)) as unknown
    deepStrictEqual(codec.encode(codec.decode(viaJson)), encoded)
  })

/** Every contract with a schema: its codec, and its values' arbitrary. */
export const contractSchemas = (): ReadonlyArray<{ readonly id: string; readonly codec: RowCodec; readonly arbitrary: fc.Arbitrary<unknown> }> => {
  const source = rowCodec(sourceCustomers.schema)
  return [
    { id: sourceCustomers.id, codec: source, arbitrary: sourceBatchArbitrary({ minCustomers: 1, maxCustomers: 1 }).map((b) => b.customers[0]) },
    { id: `${sourceCustomers.id} (Arbitrary.make)`, codec: source, arbitrary: source.arbitrary() },
    ...tableContracts.map((c) => ({ id: c.id, codec: c.definition.rows, arbitrary: c.definition.rows.arbitrary() }))
  ]
}

/**
 * Checks the stages compute themselves rather than declare on a contract
 * (as `contracts/catalogueDocument.ts` lists them): bronze's count of landed
 * records, refine's quarantine rates.
 */
export const stageCheckIds = ["reconcile.source_bronze", "quarantine.rate"] as const

/** The check ids in use: the source contract's, every bronze, silver and gold gate check, and the stages' own. */
export const checkIdsInUse = (): ReadonlyArray<string> =>
  [
    ...new Set([
      "schema",
      ...sourceCustomers.rowChecks.map((c) => c.id),
      ...sourceCustomers.batchChecks.map((c) => c.id),
      ...[bronzeCustomersRaw, ...silverContracts, ...goldContracts].flatMap((c) => tableChecks(c).map((k) => k.id)),
      ...stageCheckIds
    ])
  ].sort()

/** Property 8: what the catalogue misses. Empty lists mean complete. */
export const completeness = () => {
  const covered = new Set(mutationCatalogue.flatMap((m) => m.checks))
  // The ids in use are plain strings (a gate's ids are not catalogue ids); look them up as such.
  const coveredIds: ReadonlySet<string> = covered
  const used = checkIdsInUse()
  const excluded = Object.keys(excludedChecks)
  return {
    used,
    covered: [...covered].sort(),
    /** Used by a contract or gate but no mutation triggers it. */
    uncovered: used.filter((id) => !coveredIds.has(id)),
    /** Used, yet listed as excluded: the exclusion is stale. */
    excludedButUsed: excluded.filter((id) => used.includes(id)),
    /** In the catalogue, neither covered nor excluded. */
    unaccounted: checkIds.filter((id) => !covered.has(id) && !excluded.includes(id)),
    /** Named by a mutation but not a catalogue id. */
    unknown: [...covered].filter((id) => !checkIds.includes(id))
  }
}
