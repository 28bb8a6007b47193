/**
 * A value that breaks one rule and, where possible, no other: the crafted
 * values a rule's definition suggests (just past a range's bound, exactly at
 * an exclusive one; one code point too long or too short; a value next to the
 * accepted ones) come first, then values fast-check drew from the column's
 * other rules and from the kind. The first loadable one the rule rejects and
 * the column's other rules accept wins; failing that, the first the rule
 * rejects.
 *
 * @example
 * import { check, column } from "lakegate"
 * const rule = check.range("amount", { max: "100" }).rule
 * crafted(rule, column.money(), [])  // ["100.01"]: one cent past the bound
 */
import { Either } from "effect"
import type { Rule } from "../checks/Check.ts"
import type { ColumnKind } from "../contract/kinds.ts"
import { ceilExact, floorExact, ordinalOf } from "./ordinal.ts"
import { judgeValue, type RowRule } from "./rowRules.ts"
import { codePoints, loadable, varcharOf } from "./values.ts"

/** Values next to a text: a prefix (sorts before it) and an extension (sorts after it). */
const textNeighbours = (text: string): ReadonlyArray<string> => [...(text.length > 0 ? [[...text].slice(0, -1).join("")] : []), `${text}~`, `${text}a`]

/** The values a row rule's own definition suggests as just outside it. */
export const crafted = (rule: RowRule, kind: ColumnKind, existing: ReadonlyArray<unknown>): ReadonlyArray<unknown> => {
  const ordinal = ordinalOf(kind)
  const texts = existing.flatMap((v) => {
    const t = varcharOf(kind, v)
    return t === null ? [] : [t]
  })
  switch (rule._tag) {
    case "NotNull":
      return [null]
    case "Range": {
      if (ordinal !== null) {
        const below = rule.min === undefined ? null : ordinal.literal(rule.min)
        const above = rule.max === undefined ? null : ordinal.literal(rule.max)
        return [
          ...(below === null ? [] : [rule.exclusiveMin === true ? floorExact(below) : ceilExact(below) - 1n]),
          ...(above === null ? [] : [rule.exclusiveMax === true ? ceilExact(above) : floorExact(above) + 1n])
        ].map(ordinal.fromUnits)
      }
      if (kind.kind === "boolean") return [true, false]
      return [
        ...(typeof rule.min === "string" ? (rule.exclusiveMin === true ? [rule.min] : textNeighbours(rule.min).slice(0, 1)) : []),
        ...(typeof rule.max === "string" ? (rule.exclusiveMax === true ? [rule.max] : [`${rule.max}a`]) : [])
      ]
    }
    case "AcceptedValues": {
      if (ordinal !== null) {
        const units = rule.values.flatMap((v) => {
          const e = ordinal.literal(v)
          return e === null ? [] : [ceilExact(e), floorExact(e)]
        })
        if (units.length === 0) return [ordinal.fromUnits(ordinal.window.lo)]
        const max = units.reduce((a, b) => (a > b ? a : b))
        const min = units.reduce((a, b) => (a < b ? a : b))
        return [ordinal.fromUnits(max + 1n), ordinal.fromUnits(min - 1n)]
      }
      if (kind.kind === "boolean") return [true, false]
      const accepted = rule.values.map(String)
      return [...(kind.kind === "enum" ? kind.values.filter((v) => !accepted.includes(v)) : []), ...accepted.flatMap(textNeighbours), "~"]
    }
    case "Pattern":
      if (ordinal !== null) return [ordinal.fromUnits(ordinal.window.lo), ordinal.fromUnits(ordinal.window.hi), ordinal.fromUnits(0n)]
      return ["", "~", " ", ...texts.flatMap((t) => [`${t}~`, `~${t}`, `${t} `])]
    case "Length": {
      if (ordinal !== null) {
        // A number's text is as long as its digits: the widest and narrowest values of the kind are the candidates.
        return [ordinal.fromUnits(ordinal.bounds.hi), ordinal.fromUnits(ordinal.bounds.lo), ordinal.fromUnits(0n), ordinal.fromUnits(1n)]
      }
      const { min, max } = rule
      const long = max === undefined ? [] : [...texts.map((t) => t + ([...t].at(-1) ?? "x").repeat(Math.max(0, max + 1 - codePoints(t)))), "x".repeat(max + 1)]
      const short = min === undefined || min < 1 ? [] : [...texts.map((t) => [...t].slice(0, min - 1).join("")), "x".repeat(min - 1)]
      return [...long, ...short]
    }
  }
}

/** A value of the kind next to the given ones but none of them (an orphan key). */
export const unusedNear = (kind: ColumnKind, used: ReadonlyArray<unknown>): ReadonlyArray<unknown> => {
  const ordinal = ordinalOf(kind)
  if (ordinal !== null) {
    const units = used.flatMap((v) => {
      const u = ordinal.toUnits(v)
      return u === null ? [] : [u]
    })
    const max = units.reduce((a, b) => (a > b ? a : b), ordinal.window.lo)
    const min = units.reduce((a, b) => (a < b ? a : b), ordinal.window.hi)
    return [ordinal.fromUnits(max + 1n), ordinal.fromUnits(min - 1n)]
  }
  if (kind.kind === "boolean") return [true, false]
  return [...used.flatMap((v) => (typeof v === "string" ? [`${v}~`] : [])), "~orphan~"]
}

/**
 * The first candidate that loads, that `breaks` and that `others` accepts;
 * else the first that loads and breaks (it may break other checks of the
 * column too); else why there is none.
 */
export const pickOutside = (
  kind: ColumnKind,
  candidates: ReadonlyArray<unknown>,
  breaks: (value: unknown) => boolean,
  others: (value: unknown) => boolean
): Either.Either<unknown, string> => {
  const breaking = candidates.filter((v) => v !== undefined && loadable(kind, v) && breaks(v))
  const clean = breaking.find(others)
  if (clean !== undefined) return Either.right(clean)
  return breaking.length > 0 ? Either.right(breaking[0]) : Either.left("no value of the column's type breaks it")
}

/** True when the rule rejects the (non-null) value. */
export const rejects = (rule: Rule, kind: ColumnKind) => (value: unknown): boolean =>
  rule._tag === "NotNull" || rule._tag === "AcceptedValues" || rule._tag === "Range" || rule._tag === "Pattern" || rule._tag === "Length"
    ? judgeValue(rule, kind, value) === "fail"
    : false
