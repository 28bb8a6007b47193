/**
 * A column's valid values: the kind's domain narrowed by every row rule on
 * the column (not null, accepted values, range, pattern, length). Values are
 * built to satisfy the rules where a rule says how (a range narrows the
 * interval drawn from, accepted values are drawn from, a pattern generates the
 * text); whatever construction does not guarantee is filtered, after a probe
 * shows some generated values pass (a filter nothing passes would never end).
 *
 * @example
 * import { check, column } from "lakegate"
 * const amount = planColumn("amount", column.money(), rulesOn("amount", [check.range("amount", { min: "0.01", max: "100" })]))
 * FastCheck.sample(amount.values!, 3)  // e.g. ["12.07", "0.01", "99.99"]
 */
import { Arbitrary, FastCheck as fc, Schema } from "effect"
import { schemaOf, type ColumnKind } from "../contract/kinds.ts"
import { ceilExact, floorExact, ordinalOf, windowWithin, type Interval } from "./ordinal.ts"
import { judgeValue, supported, type ColumnRule } from "./rowRules.ts"
import { loadable } from "./values.ts"

/** How the tester honours a check in valid data, when not simply by construction. */
export interface PlanNote {
  readonly checkId: string
  readonly how: "filtered" | "unsupported" | "unsatisfiable"
  readonly detail: string
}

/** The valid values of one column. */
export interface ColumnPlan {
  readonly name: string
  readonly kind: ColumnKind
  /** NULL is valid: the kind is nullable and no not-null rule covers the column. */
  readonly nullable: boolean
  /** Non-null valid values, or null when no non-null value is valid. */
  readonly values: fc.Arbitrary<unknown> | null
  /** True for a non-null value of the kind that every supported rule passes. */
  readonly accepts: (value: unknown) => boolean
  /** The rules the plan honours (unsupported ones are left out, with a note). */
  readonly rules: ReadonlyArray<ColumnRule>
  readonly notes: ReadonlyArray<PlanNote>
}

/** Generated values the probe looks at before trusting a filter. */
const PROBE_RUNS = 200
const PROBE_SEED = 20_240_601

/** The share of a generator's values a predicate keeps, on a fixed sample. */
export const acceptance = <T>(arbitrary: fc.Arbitrary<T>, keep: (value: T) => boolean): number => {
  const sample = fc.sample(arbitrary, { numRuns: PROBE_RUNS, seed: PROBE_SEED })
  return sample.length === 0 ? 0 : sample.filter(keep).length / sample.length
}

const nonNull = (kind: ColumnKind): ColumnKind => ({ ...kind, nullable: false })

/** The generator the kind itself declares (`Arbitrary.make(schemaOf(kind))`), without NULL. */
export const kindValues = (kind: ColumnKind): fc.Arbitrary<unknown> => Arbitrary.make(schemaOf(nonNull(kind)))

const stringMatching = (pattern: string): fc.Arbitrary<string> | null => {
  try {
    return fc.stringMatching(new RegExp(`^(?:${pattern})$`))
  } catch {
    return null
  }
}

/** The interval a kind's bounds and the range rules leave. */
const rangeInterval = (kind: ColumnKind, rules: ReadonlyArray<ColumnRule>): Interval | null => {
  const ordinal = ordinalOf(kind)
  if (ordinal === null) return null
  let { lo, hi } = ordinal.bounds
  for (const { rule } of rules) {
    if (rule._tag !== "Range") continue
    const min = rule.min === undefined ? null : ordinal.literal(rule.min)
    const max = rule.max === undefined ? null : ordinal.literal(rule.max)
    if (min !== null) {
      const bound = rule.exclusiveMin === true ? floorExact(min) + 1n : ceilExact(min)
      if (bound > lo) lo = bound
    }
    if (max !== null) {
      const bound = rule.exclusiveMax === true ? ceilExact(max) - 1n : floorExact(max)
      if (bound < hi) hi = bound
    }
  }
  return { lo, hi }
}

/** Accepted values as values of the kind (those that cannot be one are dropped; the filter settles the rest). */
const acceptedCandidates = (kind: ColumnKind, rules: ReadonlyArray<ColumnRule>): ReadonlyArray<unknown> | null => {
  const accepted = rules.find((r) => r.rule._tag === "AcceptedValues")?.rule
  if (accepted === undefined || accepted._tag !== "AcceptedValues") return null
  const ordinal = ordinalOf(kind)
  return accepted.values.flatMap((literal): ReadonlyArray<unknown> => {
    if (ordinal !== null) {
      const exact = ordinal.literal(literal)
      return exact === null || ceilExact(exact) !== floorExact(exact) ? [] : [ordinal.fromUnits(ceilExact(exact))]
    }
    if (kind.kind === "boolean") return literal === true || literal === "true" ? [true] : literal === false || literal === "false" ? [false] : []
    return [String(literal)]
  })
}

/**
 * Generators of non-null values meant to pass the rules (not yet filtered),
 * best guess first; empty when the domain is visibly empty. The plan keeps
 * the one whose values pass most often.
 */
const construct = (kind: ColumnKind, rules: ReadonlyArray<ColumnRule>): ReadonlyArray<fc.Arbitrary<unknown>> => {
  if (rules.length === 0) return [kindValues(kind)]
  const candidates = acceptedCandidates(kind, rules)
  if (candidates !== null) return candidates.length === 0 ? [] : [fc.constantFrom(...candidates)]
  const ordinal = ordinalOf(kind)
  if (ordinal !== null) {
    const interval = rangeInterval(kind, rules)
    if (interval === null || interval.lo > interval.hi) return []
    const window = windowWithin(interval, ordinal.window)
    return [fc.bigInt({ min: window.lo, max: window.hi }).map(ordinal.fromUnits)]
  }
  switch (kind.kind) {
    case "enum":
      return [fc.constantFrom(...kind.values)]
    case "boolean":
      return [fc.boolean()]
    case "text": {
      const patterns = rules.flatMap((r) => (r.rule._tag === "Pattern" ? [stringMatching(r.rule.pattern)] : [])).filter((a) => a !== null)
      const mins = [kind.minLength ?? 0, ...rules.flatMap((r) => (r.rule._tag === "Length" && r.rule.min !== undefined ? [r.rule.min] : []))]
      const maxes = [
        ...(kind.maxLength === undefined ? [] : [kind.maxLength]),
        ...rules.flatMap((r) => (r.rule._tag === "Length" && r.rule.max !== undefined ? [r.rule.max] : []))
      ]
      const minLength = Math.max(...mins)
      const maxLength = maxes.length === 0 ? minLength + 12 : Math.min(...maxes)
      return [
        ...patterns,
        ...(kind.pattern !== undefined || kind.format !== undefined ? [kindValues(kind)] : []),
        ...(minLength > maxLength ? [] : [fc.string({ minLength, maxLength })])
      ]
    }
    default:
      return [kindValues(kind)]
  }
}

/** Plan one column from its kind and the row rules of the contract's checks on it. */
export const planColumn = (name: string, kind: ColumnKind, rules: ReadonlyArray<ColumnRule>): ColumnPlan => {
  const notes: Array<PlanNote> = []
  const honoured = rules.filter((r) => {
    if (supported(r.rule, kind)) return true
    notes.push({ checkId: r.checkId, how: "unsupported", detail: `the tester cannot judge ${r.rule._tag} on a ${kind.kind} column like DuckDB does` })
    return false
  })
  const valueRules = honoured.filter((r) => r.rule._tag !== "NotNull")
  const isKind = Schema.is(schemaOf(nonNull(kind)))
  const accepts = (value: unknown): boolean =>
    value !== null && value !== undefined && loadable(kind, value) && isKind(value) && valueRules.every((r) => judgeValue(r.rule, kind, value) === "pass")
  const nullable = kind.nullable && !honoured.some((r) => r.rule._tag === "NotNull")
  const probed = construct(kind, valueRules).map((arbitrary) => {
    const sample = fc.sample(arbitrary, { numRuns: PROBE_RUNS, seed: PROBE_SEED })
    return { arbitrary, sample, kept: sample.filter(accepts).length }
  })
  const best = probed.reduce<(typeof probed)[number] | undefined>((a, b) => (a === undefined || b.kept > a.kept ? b : a), undefined)
  let values: fc.Arbitrary<unknown> | null = null
  if (best === undefined || best.kept === 0) {
    const why = best === undefined ? "satisfies" : "among those generated satisfies"
    notes.push(...valueRules.map((r) => ({ checkId: r.checkId, how: "unsatisfiable" as const, detail: `no ${kind.kind} value of ${name} ${why} every rule on it` })))
  } else if (best.kept === best.sample.length) {
    values = best.arbitrary
  } else {
    values = best.arbitrary.filter(accepts)
    const filtering = valueRules.filter((r) => best.sample.some((v) => judgeValue(r.rule, kind, v) === "fail"))
    const rate = `${Math.round((best.kept / best.sample.length) * 100)}% of generated values kept`
    notes.push(
      ...(filtering.length === 0 ? [{ checkId: "kind", how: "filtered" as const, detail: `${name}: values filtered by the kind (${rate})` }] : []),
      ...filtering.map((r) => ({ checkId: r.checkId, how: "filtered" as const, detail: `${name}: values filtered (${rate})` }))
    )
  }
  return { name, kind, nullable, values, accepts, rules: honoured, notes }
}

/** The values of a column in a row: NULL now and then when it is nullable. */
export const cellArbitrary = (plan: ColumnPlan): fc.Arbitrary<unknown> | null =>
  plan.values === null ? (plan.nullable ? fc.constant(null) : null) : plan.nullable ? fc.option(plan.values, { nil: null, freq: 5 }) : plan.values
