/**
 * The row rules of the vocabulary (not null, accepted values, range, pattern,
 * length) judged on one JavaScript value exactly as their SQL judges the
 * loaded value (see `failingRowsSql`): NULL passes every rule but NotNull,
 * accepted values and patterns compare DuckDB's `::varchar` text, lengths count
 * code points, ranges compare exactly (DECIMAL, DATE) or by code point (text).
 * A rule the tester cannot imitate on a kind is `unsupported`.
 *
 * @example
 * import { check, column } from "lakegate"
 * judgeValue(check.range("amount", { min: "0.01" }).rule, column.money(), "0.00")  // "fail"
 * judgeValue(check.pattern("code", "[A-Z]{3}").rule, column.text(), "ABC")       // "pass"
 */
import { Rule, type Check, type Literal } from "../checks/Check.ts"
import type { ColumnKind } from "../contract/kinds.ts"
import { compareExact, numericLiteral, ordinalOf, whole } from "./ordinal.ts"
import { codePoints, compareText, varcharOf } from "./values.ts"

/** A rule that judges each value of one column on its own. */
export type RowRule = Extract<Rule, { readonly _tag: "NotNull" | "AcceptedValues" | "Range" | "Pattern" | "Length" }>

/** What a rule says of a value; `unsupported` when the tester cannot say what its SQL would. */
export type Judgement = "pass" | "fail" | "unsupported"

/** True for the rules judged value by value. */
export const isRowRule = (rule: Rule): rule is RowRule =>
  rule._tag === "NotNull" || rule._tag === "AcceptedValues" || rule._tag === "Range" || rule._tag === "Pattern" || rule._tag === "Length"

/** The columns a row rule judges. */
export const rowRuleColumns = (rule: RowRule): ReadonlyArray<string> => (rule._tag === "NotNull" ? rule.columns : [rule.column])

/** A row-level check on a column: its id and rule. */
export interface ColumnRule {
  readonly checkId: string
  readonly rule: RowRule
}

/** The row rules of these checks that judge this column. */
export const rulesOn = (column: string, checks: ReadonlyArray<Check>): ReadonlyArray<ColumnRule> =>
  checks.flatMap((c) => (isRowRule(c.rule) && rowRuleColumns(c.rule).includes(column) ? [{ checkId: c.id, rule: c.rule }] : []))

const anchoredCache = new Map<string, RegExp | null>()

/** The pattern as a JavaScript regular expression matching whole strings (as `regexp_full_match` does), or null when it does not compile. */
export const fullMatch = (pattern: string): RegExp | null => {
  const cached = anchoredCache.get(pattern)
  if (cached !== undefined) return cached
  const compile = (flags: string): RegExp | null => {
    try {
      return new RegExp(`^(?:${pattern})$`, flags)
    } catch {
      return null
    }
  }
  const regex = compile("u") ?? compile("")
  anchoredCache.set(pattern, regex)
  return regex
}

/** A range bound compared with a value of the kind: negative below, 0 equal, positive above; null when unsupported. */
const compareWithLiteral = (kind: ColumnKind, value: unknown, literal: Literal): number | null => {
  const ordinal = ordinalOf(kind)
  if (ordinal !== null) {
    const units = ordinal.toUnits(value)
    const bound = ordinal.literal(literal)
    return units === null || bound === null ? null : compareExact(whole(units), bound)
  }
  if (kind.kind === "text" || kind.kind === "enum") {
    // A numeric-looking string is written unquoted by `sqlLiteral`: DuckDB would cast the text to a number.
    return typeof literal === "string" && numericLiteral(literal) === null && typeof value === "string" ? compareText(value, literal) : null
  }
  if (kind.kind === "boolean") return typeof literal === "boolean" && typeof value === "boolean" ? Number(value) - Number(literal) : null
  return null
}

/** Judge one value of a column of this kind by a row rule. */
export const judgeValue = (rule: RowRule, kind: ColumnKind, value: unknown): Judgement => {
  if (value === null || value === undefined) return rule._tag === "NotNull" ? "fail" : "pass"
  switch (rule._tag) {
    case "NotNull":
      return "pass"
    case "AcceptedValues": {
      const text = varcharOf(kind, value)
      return text === null ? "unsupported" : rule.values.some((v) => String(v) === text) ? "pass" : "fail"
    }
    case "Range": {
      const below = rule.min === undefined ? 1 : compareWithLiteral(kind, value, rule.min)
      const above = rule.max === undefined ? -1 : compareWithLiteral(kind, value, rule.max)
      if (below === null || above === null) return "unsupported"
      const okMin = rule.exclusiveMin === true ? below > 0 : below >= 0
      const okMax = rule.exclusiveMax === true ? above < 0 : above <= 0
      return okMin && okMax ? "pass" : "fail"
    }
    case "Pattern": {
      const text = varcharOf(kind, value)
      const regex = fullMatch(rule.pattern)
      return text === null || regex === null ? "unsupported" : regex.test(text) ? "pass" : "fail"
    }
    case "Length": {
      const text = varcharOf(kind, value)
      if (text === null) return "unsupported"
      const n = codePoints(text)
      return (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max) ? "pass" : "fail"
    }
  }
}

/**
 * Whether the tester can imitate a row rule on a kind at all (judged on a
 * sample value of the kind's type, so a pattern that does not compile or a
 * range literal of another type is caught before any data is generated).
 */
export const supported = (rule: RowRule, kind: ColumnKind): boolean => {
  if (rule._tag === "NotNull") return true
  if (kind.kind === "list" || kind.kind === "struct") return false
  if (rule._tag === "Pattern") return fullMatch(rule.pattern) !== null
  if (rule._tag === "Range") {
    const ordinal = ordinalOf(kind)
    const literals = [rule.min, rule.max].filter((l): l is Literal => l !== undefined)
    if (ordinal !== null) return literals.every((l) => ordinal.literal(l) !== null)
    if (kind.kind === "text" || kind.kind === "enum") return literals.every((l) => typeof l === "string" && numericLiteral(l) === null)
    if (kind.kind === "boolean") return literals.every((l) => typeof l === "boolean")
    return false
  }
  return true
}
