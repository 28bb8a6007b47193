/**
 * Mutations that break a table as a whole: a column dropped (or retyped),
 * one row too many or too few, the latest date one day too old, one side of a
 * reconciliation off by one unit (a cent for money).
 *
 * @example
 * const m = freshnessMutation(plan, "ordered_at", 2, threshold.any())  // every ordered_at on or after ingestion-2 moved to ingestion-3
 */
import { Either, FastCheck as fc } from "effect"
import { epochDay, fromEpochDay } from "../checks/dates.ts"
import type { ColumnKind } from "../contract/kinds.ts"
import type { Thresholds } from "../contract/Threshold.ts"
import { mainTable, tableNamed, withMain, withTable, type Dataset } from "./dataset.ts"
import { numericValue } from "./exact.ts"
import { show, type Mutation, type MutationCase } from "./mutation.ts"
import { ordinalOf } from "./ordinal.ts"
import { aim, crossesAsOne } from "./thresholds.ts"
import type { DatasetPlan } from "./validRows.ts"
import { dayOf, varcharOf, withDay } from "./values.ts"

/** The aimed status of a check that judges the whole table as one verdict, or why it cannot be reached. */
const tableAim = (thresholds: Thresholds): Either.Either<"fail" | "warn", string> => {
  const target = aim(thresholds)
  if (target === null) return Either.left("its thresholds never warn nor fail")
  return crossesAsOne(target.limit) ? Either.right(target.expected) : Either.left("it judges the table as one verdict, which cannot cross its threshold")
}

const fromValid = (
  plan: DatasetPlan,
  minRows: number,
  title: string,
  expected: "fail" | "warn",
  mutate: (base: Dataset) => Either.Either<Omit<MutationCase, "base" | "expected" | "below">, string>
): Either.Either<Mutation, string> =>
  Either.map(
    Either.mapLeft(plan.valid({ minRows }), (e) => e.reason),
    (valid): Mutation => ({
      title,
      expected,
      cases: valid.map((base) => Either.map(mutate(base), (c): MutationCase => ({ ...c, base, expected, below: null })))
    })
  )

/**
 * `schema.columns`: the column the fewest checks judge is dropped; a table
 * of one column has it retyped as text, or (already text) gets an extra column.
 */
export const columnsMutation = (plan: DatasetPlan, columnUse: (column: string) => number): Either.Either<Mutation, string> => {
  const columns = Object.keys(plan.main.contract.columns)
  const victim = [...columns].reverse().reduce<string | undefined>((best, c) => (best === undefined || columnUse(c) < columnUse(best) ? c : best), undefined)
  if (victim === undefined) return Either.left("the contract has no column")
  const kind = plan.main.contract.columns[victim]!
  const textual = kind.kind === "text" || kind.kind === "enum" || kind.kind === "list" || kind.kind === "struct"
  const retyped: ColumnKind = { kind: "text", nullable: true }
  const extra: ColumnKind = { kind: "integer", nullable: true }
  const title = columns.length > 1 ? `column ${victim} dropped` : textual ? "an unexpected column added" : `column ${victim} retyped as VARCHAR`
  return fromValid(plan, 0, title, "fail", (base) => {
    const main = mainTable(base)
    const table =
      columns.length > 1
        ? { ...main, columns: main.columns.filter(([name]) => name !== victim) }
        : textual
          ? { ...main, columns: [...main.columns, ["_unexpected", extra] as const] }
          : { ...main, columns: [[victim, retyped] as const], rows: main.rows.map((r) => ({ [victim]: varcharOf(kind, r[victim] ?? null) })) }
    return Either.right({ mutated: withMain(base, table), touched: columns.length > 1 || !textual ? [victim] : [], alsoTouched: [], edits: [title] })
  })
}

/** One row fewer than the minimum or one more than the maximum (drawn from those the bounds allow). */
export const rowCountMutation = (
  plan: DatasetPlan,
  bounds: { readonly min?: number; readonly max?: number },
  thresholds: Thresholds,
  emptied: ReadonlyArray<string>
): Either.Either<Mutation, string> =>
  Either.flatMap(tableAim(thresholds), (expected) => {
    const sides = [...(bounds.min !== undefined && bounds.min >= 1 ? [bounds.min - 1] : []), ...(bounds.max !== undefined ? [bounds.max + 1] : [])]
    if (sides.length === 0) return Either.left("no row count is outside its bounds")
    const arbitraries = sides.flatMap((rows) => {
      const valid = plan.valid({ rows })
      return Either.isLeft(valid)
        ? []
        : [
            valid.right.map(
              (mutated): Either.Either<MutationCase, string> =>
                Either.right({ base: null, mutated, expected, below: null, touched: [], alsoTouched: rows === 0 ? emptied : [], edits: [`a table of ${rows} rows`] })
            )
          ]
    })
    const first = arbitraries[0]
    if (first === undefined) {
      const reasons = sides.map((rows) => Either.match(plan.valid({ rows }), { onLeft: (e) => e.reason, onRight: () => "" }))
      return Either.left(`no table of ${sides.join(" or ")} rows can be generated: ${reasons.join("; ")}`)
    }
    return Either.right({
      title: `${sides.map((n) => `${n} rows`).join(" or ")}`,
      expected,
      cases: arbitraries.length === 1 ? first : fc.oneof(first, ...arbitraries.slice(1))
    })
  })

/** Every value of the column on or after the oldest date allowed moved to the day before it. */
export const freshnessMutation = (plan: DatasetPlan, column: string, maxAgeDays: number, thresholds: Thresholds): Either.Either<Mutation, string> => {
  const fresh = plan.freshness.find((f) => f.column === column && f.maxAgeDays === maxAgeDays)
  if (fresh === undefined || fresh.untestable !== null) return Either.left(fresh?.untestable ?? `the contract has no column ${column}`)
  return Either.flatMap(tableAim(thresholds), (expected) =>
    fromValid(plan, 1, `the latest ${column} one day too old`, expected, (base) => {
      const main = mainTable(base)
      const oldest = epochDay(base.ingestionDate) - maxAgeDays
      let moved = 0
      const rows = main.rows.map((row) => {
        const v = row[column]
        if (typeof v !== "string" || dayOf(v) < oldest) return row
        moved++
        return { ...row, [column]: withDay(v, oldest - 1) }
      })
      return Either.right({
        mutated: withMain(base, { ...main, rows }),
        touched: [column],
        alsoTouched: [],
        edits: [`${moved} ${column} value(s) moved to ${fromEpochDay(oldest - 1)} (ingestion ${base.ingestionDate}, at most ${maxAgeDays} day(s) old)`]
      })
    })
  )
}

/** One value of the other side of a reconciliation off by one unit of its scale. */
export const sumMutation = (plan: DatasetPlan, sum: { readonly column: string; readonly table: string; readonly referencedColumn: string }, thresholds: Thresholds): Either.Either<Mutation, string> => {
  const found = plan.sums.find((s) => s.column === sum.column && s.table === sum.table && s.referencedColumn === sum.referencedColumn)
  if (found === undefined || found.untestable !== null || found.target === null) return Either.left(found?.untestable ?? "the reconciliation is not among the contract's")
  const self = found.table === plan.main.contract.table
  if (self && found.column === found.referencedColumn) return Either.left("it compares a column with itself")
  const kind = found.target.contract.columns[found.referencedColumn]
  const ordinal = kind === undefined ? null : ordinalOf(kind)
  const column = found.target.columns.find((c) => c.name === found.referencedColumn)
  if (kind === undefined || ordinal === null || column === undefined) return Either.left(`${found.table}.${found.referencedColumn} is not numeric`)
  return Either.flatMap(tableAim(thresholds), (expected) =>
    fromValid(plan, 1, `${found.table}.${found.referencedColumn} off by ${ordinal.unit}`, expected, (base) => {
      const table = self ? mainTable(base) : tableNamed(base, found.table)
      if (table === undefined || table.rows.length === 0) return Either.left(`${found.table} has no row`)
      const options = table.rows.flatMap((row, i) => {
        const units = row[found.referencedColumn] === null || row[found.referencedColumn] === undefined ? 0n : ordinal.toUnits(row[found.referencedColumn])
        return units === null ? [] : [units + 1n, units - 1n].map((u) => ({ i, value: numericValue(kind, u) }))
      })
      // On the table itself the changed value should stay valid for the column's own checks.
      const chosen = (self ? options.find((o) => column.accepts(o.value)) : undefined) ?? options[0]
      if (chosen === undefined) return Either.left(`no value of ${found.referencedColumn} can be changed`)
      const before = table.rows[chosen.i]![found.referencedColumn]
      const edited = { ...table, rows: table.rows.map((r, i) => (i === chosen.i ? { ...r, [found.referencedColumn]: chosen.value } : r)) }
      return Either.right({
        mutated: withTable(base, edited),
        touched: self ? [found.referencedColumn] : [],
        alsoTouched: [],
        edits: [`${found.table} row ${chosen.i}: ${found.referencedColumn} ${show(before)} -> ${show(chosen.value)}`]
      })
    })
  )
}
