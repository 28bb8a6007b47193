/**
 * A table's valid rows: every column planned from its kind and row rules,
 * keys (the primary key and each unique check) kept unique by dropping later
 * rows that repeat one, and the table's size within its row-count checks.
 *
 * @example
 * const plan = planTable(contract)
 * FastCheck.sample(tableRows(plan, { min: 1, max: 5 })!, 1)  // [[{ order_id: 17, amount: "12.50", ... }, ...]]
 */
import { FastCheck as fc } from "effect"
import type { DeclaredTable } from "../contract/tableContract.ts"
import { cellArbitrary, planColumn, type ColumnPlan, type PlanNote } from "./columnPlan.ts"
import { rulesOn } from "./rowRules.ts"
import { tupleKey, type TestRow } from "./values.ts"

/** Largest table the tester generates (a row-count bound beyond it cannot be tested). */
export const MAX_ROWS = 500

/** Rows a valid table has when nothing asks for more. */
export const DEFAULT_MAX_ROWS = 12

/** How to generate one table's valid rows. */
export interface TablePlan {
  readonly contract: DeclaredTable
  readonly columns: ReadonlyArray<ColumnPlan>
  /** Column sets no two rows may share: the primary key, then each unique check's. */
  readonly keys: ReadonlyArray<ReadonlyArray<string>>
  /** The row counts the row-count checks allow (`max` capped at {@link MAX_ROWS}). */
  readonly rowCount: { readonly min: number; readonly max: number }
  readonly notes: ReadonlyArray<PlanNote>
}

/** Plan a table from its contract. */
export const planTable = (contract: DeclaredTable): TablePlan => {
  const columns = Object.entries(contract.columns).map(([name, kind]) => planColumn(name, kind, rulesOn(name, contract.checks)))
  const names = new Set(Object.keys(contract.columns))
  const keys = [
    ...(contract.primaryKey.length > 0 ? [contract.primaryKey] : []),
    ...contract.checks.flatMap((c) => (c.rule._tag === "Unique" && c.rule.columns.every((col) => names.has(col)) ? [c.rule.columns] : []))
  ]
  let min = 0
  let max = Number.POSITIVE_INFINITY
  for (const c of contract.checks) {
    if (c.rule._tag !== "RowCount") continue
    if (c.rule.min !== undefined) min = Math.max(min, c.rule.min)
    if (c.rule.max !== undefined) max = Math.min(max, c.rule.max)
  }
  return { contract, columns, keys, rowCount: { min, max: Math.min(max, MAX_ROWS) }, notes: columns.flatMap((c) => c.notes) }
}

/** Drop every row that repeats a key of an earlier row. */
export const dedupe = (rows: ReadonlyArray<TestRow>, keys: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<TestRow> => {
  const seen = keys.map(() => new Set<string>())
  return rows.filter((row) => {
    const tuples = keys.map((key) => tupleKey(row, key))
    if (tuples.some((t, i) => seen[i]!.has(t))) return false
    tuples.forEach((t, i) => seen[i]!.add(t))
    return true
  })
}

/** One valid row, or null when no row is valid (a required column has no valid value). */
export const rowArbitrary = (plan: TablePlan): fc.Arbitrary<TestRow> | null => {
  const cells: Record<string, fc.Arbitrary<unknown>> = {}
  for (const column of plan.columns) {
    const cell = cellArbitrary(column)
    if (cell === null) return null
    cells[column.name] = cell
  }
  return fc.record(cells)
}

/**
 * Rows with unique keys, between `min` and `max` of them before duplicates
 * are dropped (callers check the count that is left). Null when the table
 * can only be empty and `min` is above 0.
 */
export const tableRows = (plan: TablePlan, size: { readonly min: number; readonly max: number }): fc.Arbitrary<ReadonlyArray<TestRow>> | null => {
  const row = rowArbitrary(plan)
  if (row === null) return size.min === 0 ? fc.constant([]) : null
  return fc.array(row, { minLength: size.min, maxLength: Math.max(size.min, size.max) }).map((rows) => dedupe(rows, plan.keys))
}
