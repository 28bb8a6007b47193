/**
 * A mutation: how to break valid data so that one check must react. Each case
 * is drawn by fast-check (the valid dataset, which rows, which values), so a
 * case that slips through is shrunk and replayed by seed and path like any
 * counterexample.
 *
 * @example
 * for (const m of mutationsOf(contract)) if (m._tag === "Derived") console.log(m.check.label, m.mutation.title)
 */
import { Data, type Either, FastCheck as fc } from "effect"
import type { CheckStatus } from "../contract/CheckResult.ts"
import type { CheckUnderTest } from "./checksUnderTest.ts"
import type { Dataset } from "./dataset.ts"

/** One broken dataset and what the check must say of it. */
export interface MutationCase {
  /** The valid dataset it was made from (null when it was generated broken, e.g. one row too many). */
  readonly base: Dataset | null
  readonly mutated: Dataset
  /** The status the check must give the mutated dataset. */
  readonly expected: "fail" | "warn"
  /** The same mutation on one row fewer (just under the threshold) and the status the thresholds then give. */
  readonly below: { readonly dataset: Dataset; readonly expected: CheckStatus } | null
  /** Columns whose values (or presence) changed: checks on them may react too. */
  readonly touched: ReadonlyArray<string>
  /** Further checks (by label) the mutation may change, e.g. freshness on an emptied table. */
  readonly alsoTouched: ReadonlyArray<string>
  /** What changed, in words. */
  readonly edits: ReadonlyArray<string>
}

/** How to break data for one check. */
export interface Mutation {
  /** The mutation in words: "one row's key duplicated". */
  readonly title: string
  readonly expected: "fail" | "warn"
  /** Broken datasets, or (left) why a drawn dataset could not be broken this way. */
  readonly cases: fc.Arbitrary<Either.Either<MutationCase, string>>
}

/** A check's mutation, or why none can be derived from its definition. */
export type DerivedMutation = Data.TaggedEnum<{
  Derived: { readonly check: CheckUnderTest; readonly mutation: Mutation }
  Underivable: { readonly check: CheckUnderTest; readonly reason: string }
}>
export const DerivedMutation = Data.taggedEnum<DerivedMutation>()

/** The random choices of a case beside its dataset. */
export interface Choice {
  /** Seeds the order rows are picked in (0: the first rows). */
  readonly order: number
  /** Picks among alternatives (a column, a bound). */
  readonly pick: number
  /** Candidate values drawn from the column's generators. */
  readonly pool: ReadonlyArray<unknown>
}

/** Choices, with candidate values from `values` (none when null). */
export const choiceArbitrary = (values: fc.Arbitrary<unknown> | null): fc.Arbitrary<Choice> =>
  fc.record({
    order: fc.nat(),
    pick: fc.nat(),
    pool: values === null ? fc.constant([]) : fc.array(values, { minLength: 6, maxLength: 6 })
  })

/** The row indices `0..n-1` in an order drawn from the seed (in order for 0, so shrinking favours the first rows). */
export const permutation = (n: number, seed: number): ReadonlyArray<number> => {
  const order = Array.from({ length: n }, (_, i) => i)
  let s = seed >>> 0
  if (s === 0) return order
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0
    const j = s % (i + 1)
    const t = order[i]!
    order[i] = order[j]!
    order[j] = t
  }
  return order
}

/** A value as written in a report. */
export const show = (value: unknown): string => (value === null || value === undefined ? "NULL" : JSON.stringify(value))
