/**
 * Compare two versions of a table's checks, matched by id: a new check that
 * can block is breaking, a removed one is not; a check kept under its id is
 * compared by its rule (bounds, values, columns) and its thresholds. Rules
 * lakegate cannot compare (SQL, predicates) are breaking when they change.
 *
 * @example
 * diffChecks("orders", before.checks, after.checks)
 */
import { Rule, type Check, type Literal } from "../checks/Check.ts"
import { describeThresholds } from "../contract/Threshold.ts"
import { compareBounds, showBounds, type BoundsVerdict } from "./bounds.ts"
import { change, NONE, type Change } from "./rules.ts"
import type { CheckShape } from "./shape.ts"
import { diffThresholds } from "./thresholds.ts"

const list = (values: ReadonlyArray<Literal | string>): string => values.map(String).join(", ")

const sameList = (a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>): boolean => a.length === b.length && a.every((v, i) => v === b[i])

const boundsRule = (verdict: BoundsVerdict, tightened: "range-tightened" | "check-tightened", loosened: "range-loosened" | "check-loosened") =>
  verdict === "same" ? null : verdict === "loosened" ? loosened : tightened

/** The changes of a check's rule kept under the same id. */
const diffRule = (table: string, id: string, before: Rule, after: Rule): ReadonlyArray<Change> => {
  const changed = (b: string, a: string) => [change("check-changed", table, id, b, a)]
  if (before._tag !== after._tag) return changed(before._tag, after._tag)
  switch (before._tag) {
    case "NotNull":
    case "Unique": {
      const a = (after as typeof before).columns
      const b = before.columns
      if (sameList([...a].sort(), [...b].sort())) return []
      const sub = (x: ReadonlyArray<string>, y: ReadonlyArray<string>) => x.every((c) => y.includes(c))
      // NOT NULL on more columns is stricter; uniqueness of fewer columns is stricter (unique (a) implies unique (a, b)).
      const tighter = before._tag === "NotNull" ? sub(b, a) : sub(a, b)
      const looser = before._tag === "NotNull" ? sub(a, b) : sub(b, a)
      return [change(tighter ? "check-tightened" : looser ? "check-loosened" : "check-changed", table, id, `(${list(b)})`, `(${list(a)})`)]
    }
    case "AcceptedValues": {
      const a = (after as typeof before)
      if (a.column !== before.column) return changed(before.column, a.column)
      const removed = before.values.filter((v) => !a.values.includes(v))
      const added = a.values.filter((v) => !before.values.includes(v))
      if (removed.length > 0) return [change("accepted-value-removed", table, id, list(before.values), list(a.values))]
      return added.length > 0 ? [change("accepted-value-added", table, id, list(before.values), list(a.values))] : []
    }
    case "Range": {
      const a = after as typeof before
      if (a.column !== before.column) return changed(before.column, a.column)
      const verdict = compareBounds(before, a)
      const rule = verdict === "incomparable" ? "check-changed" : boundsRule(verdict, "range-tightened", "range-loosened")
      return rule === null ? [] : [change(rule, table, id, showBounds(before), showBounds(a))]
    }
    case "Length":
    case "RowCount": {
      const a = after as typeof before
      if (before._tag === "Length" && (a as typeof before).column !== before.column) return changed(before.column, (a as typeof before).column)
      const rule = boundsRule(compareBounds(before, a), "check-tightened", "check-loosened")
      return rule === null ? [] : [change(rule, table, id, showBounds(before), showBounds(a))]
    }
    case "Freshness": {
      const a = after as typeof before
      if (a.column !== before.column) return changed(before.column, a.column)
      if (a.maxAgeDays === before.maxAgeDays) return []
      return [change(a.maxAgeDays < before.maxAgeDays ? "check-tightened" : "check-loosened", table, id, `${before.maxAgeDays} day(s)`, `${a.maxAgeDays} day(s)`)]
    }
    case "Pattern": {
      const a = after as typeof before
      return a.column === before.column && a.pattern === before.pattern ? [] : [change("pattern-changed", table, id, `/${before.pattern}/`, `/${a.pattern}/`)]
    }
    case "References": {
      const a = after as typeof before
      const show = (r: typeof before) => `(${list(r.columns)}) -> ${r.table}(${list(r.referencedColumns)})`
      return show(a) === show(before) ? [] : changed(show(before), show(a))
    }
    case "SumReconciles": {
      const a = after as typeof before
      const show = (r: typeof before) => `sum(${r.column}) = sum(${r.table}.${r.referencedColumn})`
      return show(a) === show(before) ? [] : changed(show(before), show(a))
    }
    case "Sql": {
      const a = after as typeof before
      const norm = (q: string) => q.replace(/\s+/g, " ").trim()
      return norm(a.query) === norm(before.query) ? [] : changed(norm(before.query), norm(a.query))
    }
    case "RowPredicate": {
      const a = after as typeof before
      return String(a.predicate) === String(before.predicate) ? [] : changed("a TypeScript predicate", "another predicate")
    }
  }
}

const canBlock = (c: CheckShape): boolean => (c.tag === "vocabulary" ? c.check.thresholds.fail !== undefined : c.severity === "error")

const describe = (c: CheckShape): string =>
  c.tag === "vocabulary" ? `${c.check.description} (${describeThresholds(c.check.thresholds)})` : `${c.description} (${c.severity})`

/** The changes between two versions of one check (same id). */
const diffCheck = (table: string, before: CheckShape, after: CheckShape): ReadonlyArray<Change> => {
  const id = after.id
  if (before.tag === "vocabulary" && after.tag === "vocabulary") {
    const found = [...diffRule(table, id, before.check.rule, after.check.rule), ...diffThresholds(table, id, before.check.thresholds, after.check.thresholds)]
    // A derived description follows its rule: it is a change of its own only when nothing else changed.
    return found.length > 0 || before.check.description === after.check.description
      ? found
      : [change("description-changed", table, id, before.check.description, after.check.description)]
  }
  if (before.tag === "custom" && after.tag === "custom") {
    return [
      ...(before.severity === after.severity ? [] : [change(after.severity === "error" ? "check-tightened" : "check-loosened", table, id, before.severity, after.severity)]),
      ...(before.description === after.description ? [] : [change("description-changed", table, id, before.description, after.description)])
    ]
  }
  return [change("check-changed", table, id, describe(before), describe(after))]
}

/** Every change between two versions of a table's checks, matched by id (repeated ids in order). */
export const diffChecks = (table: string, before: ReadonlyArray<CheckShape>, after: ReadonlyArray<CheckShape>): ReadonlyArray<Change> => {
  const key = (checks: ReadonlyArray<CheckShape>) => {
    const seen = new Map<string, number>()
    return checks.map((c) => {
      const n = (seen.get(c.id) ?? 0) + 1
      seen.set(c.id, n)
      return n === 1 ? c.id : `${c.id}#${n}`
    })
  }
  const beforeKeys = key(before)
  const afterKeys = key(after)
  const out: Array<Change> = []
  before.forEach((c, i) => {
    const j = afterKeys.indexOf(beforeKeys[i]!)
    out.push(...(j < 0 ? [change("check-removed", table, c.id, describe(c), NONE)] : diffCheck(table, c, after[j]!)))
  })
  after.forEach((c, j) => {
    if (!beforeKeys.includes(afterKeys[j]!)) out.push(change(canBlock(c) ? "check-added" : "check-added-warn-only", table, c.id, NONE, describe(c)))
  })
  return out
}
