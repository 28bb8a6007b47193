/**
 * Mutations that break rows: a NULL in a required column, a duplicated key,
 * a value outside the accepted ones, just past a range's bound, not matching
 * a pattern, one character too long or too short, an orphan foreign key. As
 * many rows are broken as the check's thresholds need to be crossed (more
 * than 5% of them for `fail: { percent: 5 }`), and the same mutation on one
 * row fewer must give the status the thresholds give that count.
 *
 * @example
 * const m = rowMutation(plan, { title: "a NULL in amount", thresholds: threshold.any(), reserve: 0, pool: null,
 *   prepare: () => Either.right({ keep: [], touched: ["amount"], edit: (row) => ({ row: { ...row, amount: null }, text: "amount := NULL" }) }) })
 */
import { Either, FastCheck as fc } from "effect"
import type { Check } from "../checks/Check.ts"
import type { Reference } from "../contract/Contract.ts"
import type { ColumnKind } from "../contract/kinds.ts"
import type { Thresholds } from "../contract/Threshold.ts"
import { kindValues, planColumn } from "./columnPlan.ts"
import { editRows, mainTable, tableNamed, withMain, type Dataset } from "./dataset.ts"
import { choiceArbitrary, permutation, show, type Choice, type Mutation, type MutationCase } from "./mutation.ts"
import { crafted, pickOutside, rejects, unusedNear } from "./outsideValue.ts"
import { rulesOn, type RowRule } from "./rowRules.ts"
import { aim, expectedStatus, rowsNeeded, rowsToCross } from "./thresholds.ts"
import type { DatasetPlan } from "./validRows.ts"
import type { TestRow } from "./values.ts"

/** How a mutation changes the rows it picks. */
export interface RowEdit {
  /** Rows that must stay as they are (the original of a duplicated key). */
  readonly keep: ReadonlyArray<number>
  readonly touched: ReadonlyArray<string>
  readonly edit: (row: TestRow) => { readonly row: TestRow; readonly text: string }
}

/** A mutation of as many rows as the thresholds need. */
export const rowMutation = (
  plan: DatasetPlan,
  spec: {
    readonly title: string
    readonly thresholds: Thresholds
    /** Rows that cannot be broken (1 for a duplicated key: its original). */
    readonly reserve: number
    /** Candidate values for the choice pool, or null. */
    readonly pool: fc.Arbitrary<unknown> | null
    readonly prepare: (base: Dataset, choice: Choice, order: ReadonlyArray<number>) => Either.Either<RowEdit, string>
  }
): Either.Either<Mutation, string> => {
  const target = aim(spec.thresholds)
  if (target === null) return Either.left("its thresholds never warn nor fail")
  const need = rowsNeeded(target.limit, spec.reserve)
  if (need === null) return Either.left("no table the tester generates can cross its threshold")
  return Either.map(
    Either.mapLeft(plan.valid({ minRows: need }), (e) => e.reason),
    (valid): Mutation => ({
      title: spec.title,
      expected: target.expected,
      cases: fc.tuple(valid, choiceArbitrary(spec.pool)).map(([base, choice]): Either.Either<MutationCase, string> => {
        const main = mainTable(base)
        const n = main.rows.length
        const k = rowsToCross(target.limit, n, spec.reserve)
        if (k === null) return Either.left(`a table of ${n} rows cannot cross the threshold`)
        const order = permutation(n, choice.order)
        return Either.map(spec.prepare(base, choice, order), (edit) => {
          const rows = order.filter((i) => !edit.keep.includes(i)).slice(0, k)
          const edited = new Map(rows.map((i) => [i, edit.edit(main.rows[i]!)] as const))
          const only = (count: number) => new Map(rows.slice(0, count).map((i) => [i, edited.get(i)!.row] as const))
          return {
            base,
            mutated: withMain(base, editRows(main, only(k))),
            expected: target.expected,
            below: k >= 2 ? { dataset: withMain(base, editRows(main, only(k - 1))), expected: expectedStatus(spec.thresholds, k - 1, n) } : null,
            touched: edit.touched,
            alsoTouched: [],
            edits: rows.map((i) => `row ${i}: ${edited.get(i)!.text}`)
          }
        })
      })
    })
  )
}

const setColumn = (column: string, value: unknown) => (row: TestRow) => ({
  row: { ...row, [column]: value },
  text: `${column} ${show(row[column])} -> ${show(value)}`
})

/** NULL in one of the columns (drawn) of as many rows as needed. */
export const nullMutation = (plan: DatasetPlan, columns: ReadonlyArray<string>, thresholds: Thresholds): Either.Either<Mutation, string> => {
  const present = columns.filter((c) => plan.main.contract.columns[c] !== undefined)
  if (present.length === 0) return Either.left(`the contract has no column ${columns.join(", ")}`)
  return rowMutation(plan, {
    title: `a NULL in ${present.join(" or ")}`,
    thresholds,
    reserve: 0,
    pool: null,
    prepare: (_base, choice) => {
      const column = present[choice.pick % present.length]!
      return Either.right({ keep: [], touched: [column], edit: setColumn(column, null) })
    }
  })
}

/** Rows given the key of another row. */
export const duplicateMutation = (plan: DatasetPlan, columns: ReadonlyArray<string>, thresholds: Thresholds): Either.Either<Mutation, string> => {
  const missing = columns.filter((c) => plan.main.contract.columns[c] === undefined)
  if (missing.length > 0) return Either.left(`the contract has no column ${missing.join(", ")}`)
  return rowMutation(plan, {
    title: `a row's (${columns.join(", ")}) copied to another row`,
    thresholds,
    reserve: 1,
    pool: null,
    prepare: (base, _choice, order) => {
      const source = mainTable(base).rows[order[0]!]!
      return Either.right({
        keep: [order[0]!],
        touched: columns,
        edit: (row) => ({
          row: { ...row, ...Object.fromEntries(columns.map((c) => [c, source[c] ?? null])) },
          text: `(${columns.join(", ")}) -> (${columns.map((c) => show(source[c])).join(", ")}) as in row ${order[0]}`
        })
      })
    }
  })
}

const TITLES: Record<Exclude<RowRule["_tag"], "NotNull">, string> = {
  AcceptedValues: "a value outside the accepted ones",
  Range: "a value just past a bound",
  Pattern: "a value that does not match",
  Length: "a value one character too long or too short"
}

/** A value the check's rule rejects (and the column's other rules accept, where one exists) in as many rows as needed. */
export const valueMutation = (plan: DatasetPlan, check: Check, rule: Exclude<RowRule, { readonly _tag: "NotNull" }>): Either.Either<Mutation, string> => {
  const column = rule.column
  const kind: ColumnKind | undefined = plan.main.contract.columns[column]
  if (kind === undefined) return Either.left(`the contract has no column ${column}`)
  const others = planColumn(column, kind, rulesOn(column, plan.main.contract.checks.filter((c) => c !== check)))
  const pool = fc.oneof(kindValues(kind), ...(others.values === null ? [] : [others.values]), ...(kind.kind === "text" || kind.kind === "enum" ? [fc.string()] : []))
  const breaks = rejects(rule, kind)
  return rowMutation(plan, {
    title: TITLES[rule._tag],
    thresholds: check.thresholds,
    reserve: 0,
    pool,
    prepare: (base, choice) => {
      const existing = mainTable(base).rows.map((r) => r[column] ?? null).filter((v) => v !== null)
      const suggested = crafted(rule, kind, existing)
      // Alternate between the bounds (or other suggestions) from case to case.
      const turn = suggested.length === 0 ? 0 : choice.pick % suggested.length
      const candidates = [...suggested.slice(turn), ...suggested.slice(0, turn), ...choice.pool]
      return Either.map(pickOutside(kind, candidates, breaks, others.accepts), (value) => ({ keep: [], touched: [column], edit: setColumn(column, value) }))
    }
  })
}

/** Rows whose reference points at no row of the referenced table. */
export const orphanMutation = (plan: DatasetPlan, reference: Reference, thresholds: Thresholds): Either.Either<Mutation, string> => {
  const ref = plan.references.find(
    (r) => r.table === reference.table && JSON.stringify(r.columns) === JSON.stringify(reference.columns) && JSON.stringify(r.referencedColumns) === JSON.stringify(reference.referencedColumns)
  )
  if (ref === undefined) return Either.left("the reference is not among the contract's")
  if (ref.untestable !== null) return Either.left(ref.untestable)
  const [first, ...rest] = ref.columns
  const kind = first === undefined ? undefined : plan.main.contract.columns[first]
  const column = plan.main.columns.find((c) => c.name === first)
  if (first === undefined || kind === undefined || column === undefined) return Either.left("the reference has no column")
  const pool = fc.oneof(kindValues(kind), ...(column.values === null ? [] : [column.values]))
  return rowMutation(plan, {
    title: `a ${ref.columns.join(", ")} with no row in ${ref.table}`,
    thresholds,
    reserve: 0,
    pool,
    prepare: (base, choice) => {
      const main = mainTable(base)
      const target = ref.table === main.name ? main : tableNamed(base, ref.table)
      if (target === undefined) return Either.left(`${ref.table} is not in the dataset`)
      const used = target.rows.map((r) => r[ref.referencedColumns[0]!] ?? null).filter((v) => v !== null)
      const usedKeys = new Set(used.map((v) => JSON.stringify(v)))
      const candidates = [...unusedNear(kind, used), ...choice.pool]
      // The other columns of a compound reference keep a complete tuple (a NULL in one would exempt the row).
      const filler = target.rows[0]
      if (rest.length > 0 && filler === undefined) return Either.left(`${ref.table} has no row to take the rest of the key from`)
      return Either.map(
        pickOutside(kind, candidates, (v) => !usedKeys.has(JSON.stringify(v)), column.accepts),
        (orphan): RowEdit => ({
          keep: [],
          touched: ref.columns,
          edit: (row) => {
            const next: Record<string, unknown> = { ...row, [first]: orphan }
            rest.forEach((c, i) => {
              if ((next[c] ?? null) === null) next[c] = filler?.[ref.referencedColumns[i + 1]!] ?? null
            })
            return { row: next, text: `${ref.columns.join(", ")} -> (${ref.columns.map((c) => show(next[c])).join(", ")}), in no row of ${ref.table}` }
          }
        })
      )
    }
  })
}
