/**
 * Valid data for a contract, by construction: the table's rows (every column
 * within its kind and row rules, keys unique, as many rows as the row-count
 * checks allow), the tables it references (generated from their contracts,
 * holding every key the table uses), sums that reconcile (one row of the
 * other side absorbs the difference) and an ingestion date the freshness
 * checks accept. What construction cannot guarantee is filtered, after a
 * probe shows some generated datasets pass; a constraint no generated dataset
 * meets is reported, not looped on.
 *
 * @example
 * import { FastCheck as fc } from "effect"
 * const rows = Either.getOrThrow(validRows(orders))
 * fc.assert(fc.property(rows, (table) => table.every((r) => r.amount !== null)))
 */
import { Data, Either, FastCheck as fc } from "effect"
import { epochDay, fromEpochDay } from "../checks/dates.ts"
import { sqlTypeOf } from "../contract/kinds.ts"
import type { DeclaredTable } from "../contract/tableContract.ts"
import type { PlanNote } from "./columnPlan.ts"
import { mainTable, tableNamed, type Dataset, type TableData } from "./dataset.ts"
import { atScale, columnSum, numericScale, numericValue, subtract } from "./exact.ts"
import { ordinalOf } from "./ordinal.ts"
import { dedupe, DEFAULT_MAX_ROWS, MAX_ROWS, planTable, rowArbitrary, tableRows, type TablePlan } from "./tablePlan.ts"
import { dayOf, loadable, tupleKey, type TestRow } from "./values.ts"

/** No valid data can be generated for a contract (or for what a test asks of it). */
export class UnsatisfiableContract extends Data.TaggedError("UnsatisfiableContract")<{
  readonly table: string
  readonly reason: string
}> {}

/** A reference of the table (declared, or a references check) and the table it points to. */
export interface ReferencePlan {
  readonly columns: ReadonlyArray<string>
  readonly table: string
  readonly referencedColumns: ReadonlyArray<string>
  /** The referenced table's plan (the table itself for a self-reference); null when its contract is unknown. */
  readonly target: TablePlan | null
  /** Why data cannot honour it, or null when it can. */
  readonly untestable: string | null
}

/** A sum reconciliation check and the other side's table. */
export interface SumPlan {
  readonly column: string
  readonly table: string
  readonly referencedColumn: string
  readonly target: TablePlan | null
  readonly untestable: string | null
}

/** A freshness check. */
export interface FreshnessPlan {
  readonly column: string
  readonly maxAgeDays: number
  readonly untestable: string | null
}

/** What a test asks of the generated data beyond validity. */
export interface BuildOptions {
  /** At least this many rows in the contract's table. */
  readonly minRows?: number
  /** Exactly this many rows, whatever the row-count checks allow (to break them); with 0, freshness is not honoured. */
  readonly rows?: number
}

/** How to generate valid datasets for a contract. */
export interface DatasetPlan {
  readonly main: TablePlan
  /** The referenced tables whose contracts are known (not the table itself). */
  readonly related: ReadonlyArray<TablePlan>
  readonly references: ReadonlyArray<ReferencePlan>
  readonly sums: ReadonlyArray<SumPlan>
  readonly freshness: ReadonlyArray<FreshnessPlan>
  /** How checks are honoured when not by construction (filters, rules the tester cannot judge, unsatisfiable rules). */
  readonly notes: ReadonlyArray<PlanNote>
  /** Valid datasets, or why none can be generated. */
  readonly valid: (options?: BuildOptions) => Either.Either<fc.Arbitrary<Dataset>, UnsatisfiableContract>
  /** What makes a dataset invalid for the plan (empty for a valid one). */
  readonly violations: (dataset: Dataset, options?: BuildOptions) => ReadonlyArray<string>
}

/** The ingestion date of datasets without freshness checks. */
export const DEFAULT_INGESTION_DATE = "2026-11-01"

/** Rows of each referenced table beyond those the contract's table needs. */
const RELATED_ROWS = { min: 1, max: 5 }

const columnKind = (plan: TablePlan, column: string) => plan.contract.columns[column]

const referencePlans = (main: TablePlan, known: ReadonlyMap<string, TablePlan>): ReadonlyArray<ReferencePlan> => {
  const contract = main.contract
  const declared = [
    ...contract.references,
    ...contract.checks.flatMap((c) => (c.rule._tag === "References" ? [{ columns: c.rule.columns, table: c.rule.table, referencedColumns: c.rule.referencedColumns }] : []))
  ]
  const seen = new Set<string>()
  return declared.flatMap((ref) => {
    const id = JSON.stringify([ref.columns, ref.table, ref.referencedColumns])
    if (seen.has(id)) return []
    seen.add(id)
    const target = ref.table === contract.table ? main : (known.get(ref.table) ?? null)
    const problem =
      target === null
        ? `the contract of ${ref.table} is not given`
        : ref.columns.length !== ref.referencedColumns.length || ref.columns.length === 0
          ? "its columns and referenced columns do not pair up"
          : (ref.columns
              .map((c, i) => {
                const ours = columnKind(main, c)
                const theirs = columnKind(target, ref.referencedColumns[i] ?? "")
                return ours === undefined
                  ? `${contract.table} has no column ${c}`
                  : theirs === undefined
                    ? `${ref.table} has no column ${ref.referencedColumns[i]}`
                    : sqlTypeOf(ours) !== sqlTypeOf(theirs)
                      ? `${c} (${sqlTypeOf(ours)}) and ${ref.table}.${ref.referencedColumns[i]} (${sqlTypeOf(theirs)}) differ in type`
                      : null
              })
              .find((p) => p !== null) ?? null)
    return [{ columns: ref.columns, table: ref.table, referencedColumns: ref.referencedColumns, target, untestable: problem }]
  })
}

const sumPlans = (main: TablePlan, known: ReadonlyMap<string, TablePlan>): ReadonlyArray<SumPlan> =>
  main.contract.checks.flatMap((c) => {
    if (c.rule._tag !== "SumReconciles") return []
    const { column, table, referencedColumn } = c.rule
    const target = table === main.contract.table ? main : (known.get(table) ?? null)
    const ours = columnKind(main, column)
    const theirs = target === null ? undefined : columnKind(target, referencedColumn)
    const untestable =
      target === null
        ? `the contract of ${table} is not given`
        : ours === undefined || numericScale(ours) === null
          ? `${column} is not a numeric column`
          : theirs === undefined || numericScale(theirs) === null
            ? `${table}.${referencedColumn} is not a numeric column`
            : null
    return [{ column, table, referencedColumn, target, untestable }]
  })

const freshnessPlans = (main: TablePlan): ReadonlyArray<FreshnessPlan> =>
  main.contract.checks.flatMap((c) => {
    if (c.rule._tag !== "Freshness") return []
    const kind = columnKind(main, c.rule.column)
    return [
      {
        column: c.rule.column,
        maxAgeDays: c.rule.maxAgeDays,
        untestable: kind === undefined || (kind.kind !== "date" && kind.kind !== "timestamp") ? `${c.rule.column} is not a date or timestamp column` : null
      }
    ]
  })

const tableData = (plan: TablePlan, rows: ReadonlyArray<TestRow>): TableData => ({ name: plan.contract.table, columns: Object.entries(plan.contract.columns), rows })

/** The latest day of a date or timestamp column, or null when it holds no value. */
export const latestDay = (rows: ReadonlyArray<TestRow>, column: string): number | null => {
  let latest: number | null = null
  for (const row of rows) {
    const v = row[column]
    if (typeof v === "string") latest = latest === null ? dayOf(v) : Math.max(latest, dayOf(v))
  }
  return latest
}

/** Set `columns` of a row to a tuple. */
const assign = (row: TestRow, columns: ReadonlyArray<string>, values: ReadonlyArray<unknown>): TestRow => {
  const next: Record<string, unknown> = { ...row }
  columns.forEach((c, i) => (next[c] = values[i] ?? null))
  return next
}

const tupleOf = (row: TestRow, columns: ReadonlyArray<string>): ReadonlyArray<unknown> => columns.map((c) => row[c] ?? null)
const complete = (tuple: ReadonlyArray<unknown>): boolean => tuple.every((v) => v !== null)

/** Point each row's self-reference at another row's key (the next row's, round the table). */
const selfReference = (rows: ReadonlyArray<TestRow>, ref: ReferencePlan, plan: TablePlan): ReadonlyArray<TestRow> => {
  const keys = new Set(rows.map((r) => tupleKey(r, ref.referencedColumns)))
  return rows.map((row, i) => {
    if (!complete(tupleOf(row, ref.columns)) || keys.has(tupleKey(row, ref.columns))) return row
    const next = rows[(i + 1) % rows.length]!
    const pointed = assign(row, ref.columns, tupleOf(next, ref.referencedColumns))
    const fits = ref.columns.every((c) => {
      const column = plan.columns.find((p) => p.name === c)
      const v = pointed[c] ?? null
      return column !== undefined && (v === null ? column.nullable : column.accepts(v))
    })
    return fits ? pointed : ref.columns.every((c) => plan.columns.find((p) => p.name === c)?.nullable === true) ? assign(row, ref.columns, ref.columns.map(() => null)) : pointed
  })
}

/** Add to a referenced table a row (from its generated ones) for every key of the table it lacks. */
const coverReferences = (target: ReadonlyArray<TestRow>, needed: ReadonlyArray<TestRow>, ref: ReferencePlan): ReadonlyArray<TestRow> => {
  if (target.length === 0) return target
  const have = new Set(target.map((r) => tupleKey(r, ref.referencedColumns)))
  const added: Array<TestRow> = []
  for (const row of needed) {
    const tuple = tupleOf(row, ref.columns)
    const key = JSON.stringify(tuple)
    if (!complete(tuple) || have.has(key)) continue
    have.add(key)
    added.push(assign(target[added.length % target.length]!, ref.referencedColumns, tuple))
  }
  return [...added, ...target.filter((r) => !added.some((a) => tupleKey(a, ref.referencedColumns) === tupleKey(r, ref.referencedColumns)))]
}

/** Make the other side of a sum reconciliation absorb the difference in one of its rows. */
const balance = (ours: ReadonlyArray<TestRow>, theirs: ReadonlyArray<TestRow>, sum: SumPlan, main: TablePlan, self: boolean): ReadonlyArray<TestRow> | null => {
  const target = sum.target
  const ourKind = columnKind(main, sum.column)
  const theirKind = target === null ? undefined : columnKind(target, sum.referencedColumn)
  if (target === null || ourKind === undefined || theirKind === undefined) return null
  if (self && sum.column === sum.referencedColumn) return theirs
  const a = columnSum(ourKind, ours, sum.column)
  const b = columnSum(theirKind, theirs, sum.referencedColumn)
  const ordinal = ordinalOf(theirKind)
  const scale = numericScale(theirKind)
  if (a === null || b === null || ordinal === null || scale === null) return null
  const diff = atScale(subtract(a, b), scale)
  if (diff === null) return null
  if (diff === 0n) return theirs
  const column = target.columns.find((c) => c.name === sum.referencedColumn)
  for (let i = 0; i < theirs.length; i++) {
    const row = theirs[i]!
    const current = row[sum.referencedColumn] ?? null
    const base = current === null ? 0n : ordinal.toUnits(current)
    if (base === null) continue
    const value = numericValue(theirKind, base + diff)
    // On the table itself the adjusted value must stay valid; another table's own checks are not run.
    if (self ? column?.accepts(value) === true : loadable(theirKind, value)) return theirs.map((r, j) => (j === i ? { ...r, [sum.referencedColumn]: value } : r))
  }
  return null
}

/** Build the plan of a contract; `related` are the contracts of tables it may reference. */
export const datasetPlan = (contract: DeclaredTable, related: ReadonlyArray<DeclaredTable> = []): DatasetPlan => {
  const main = planTable(contract)
  const known = new Map(related.filter((r) => r.table !== contract.table).map((r) => [r.table, planTable(r)] as const))
  const references = referencePlans(main, known)
  const sums = sumPlans(main, known)
  const freshness = freshnessPlans(main)
  const neededTables = [...references.filter((r) => r.untestable === null).map((r) => r.table), ...sums.filter((s) => s.untestable === null).map((s) => s.table)]
  const relatedPlans = [...known.values()].filter((p) => neededTables.includes(p.contract.table))
  const liveRefs = references.filter((r) => r.untestable === null)
  const liveSums = sums.filter((s) => s.untestable === null)
  const liveFresh = freshness.filter((f) => f.untestable === null)

  const sizeOf = (options: BuildOptions): Either.Either<{ readonly min: number; readonly max: number; readonly exact: boolean }, string> => {
    if (options.rows !== undefined) {
      return options.rows > MAX_ROWS ? Either.left(`${options.rows} rows is more than the tester generates (${MAX_ROWS})`) : Either.right({ min: options.rows, max: options.rows, exact: true })
    }
    const min = Math.max(main.rowCount.min, liveFresh.length > 0 ? 1 : 0, options.minRows ?? 0)
    if (min > main.rowCount.max) return Either.left(`it needs ${min} rows but the table may have at most ${main.rowCount.max}`)
    return Either.right({ min, max: Math.min(main.rowCount.max, Math.max(min + 4, DEFAULT_MAX_ROWS)), exact: false })
  }

  const violations = (dataset: Dataset, options: BuildOptions = {}): ReadonlyArray<string> => {
    const problems: Array<string> = []
    const table = mainTable(dataset)
    for (const t of dataset.tables) {
      for (const [name, kind] of t.columns) {
        const bad = t.rows.findIndex((r) => !loadable(kind, r[name] ?? null))
        if (bad >= 0) problems.push(`${t.name}.${name}: row ${bad} cannot be loaded as ${sqlTypeOf(kind)}`)
      }
    }
    for (const column of main.columns) {
      const bad = table.rows.findIndex((r) => {
        const v = r[column.name] ?? null
        return v === null ? !column.nullable : !column.accepts(v)
      })
      if (bad >= 0) problems.push(`${column.name}: row ${bad} is not a valid value`)
    }
    if (dedupe(table.rows, main.keys).length !== table.rows.length) problems.push("a key repeats")
    const size = sizeOf(options)
    if (Either.isRight(size) && (table.rows.length < size.right.min || table.rows.length > (size.right.exact ? size.right.max : main.rowCount.max))) {
      problems.push(`${table.rows.length} rows`)
    }
    for (const ref of liveRefs) {
      const target = ref.table === contract.table ? table : tableNamed(dataset, ref.table)
      const keys = new Set((target?.rows ?? []).map((r) => tupleKey(r, ref.referencedColumns)))
      if (table.rows.some((r) => complete(tupleOf(r, ref.columns)) && !keys.has(tupleKey(r, ref.columns)))) problems.push(`a row of ${ref.columns.join(",")} has no row in ${ref.table}`)
    }
    for (const sum of liveSums) {
      const ours = columnKind(main, sum.column)
      const target = sum.table === contract.table ? table : tableNamed(dataset, sum.table)
      const theirs = sum.target === null ? undefined : columnKind(sum.target, sum.referencedColumn)
      const a = ours === undefined ? null : columnSum(ours, table.rows, sum.column)
      const b = theirs === undefined || target === undefined ? null : columnSum(theirs, target.rows, sum.referencedColumn)
      if (a === null || b === null || subtract(a, b).units !== 0n) problems.push(`sum(${sum.column}) does not reconcile with ${sum.table}.${sum.referencedColumn}`)
    }
    if (options.rows !== 0) {
      for (const f of liveFresh) {
        const latest = latestDay(table.rows, f.column)
        if (latest === null || latest < epochDay(dataset.ingestionDate) - f.maxAgeDays) problems.push(`the latest ${f.column} is too old`)
      }
    }
    return problems
  }

  const construct = (
    options: BuildOptions,
    size: { readonly max: number },
    drawn: { readonly rows: ReadonlyArray<TestRow>; readonly related: ReadonlyArray<ReadonlyArray<TestRow>>; readonly fallback: TestRow; readonly offset: number }
  ): Dataset => {
    let rows: ReadonlyArray<TestRow> = drawn.rows.slice(0, size.max)
    for (const ref of liveRefs) if (ref.table === contract.table && rows.length > 0) rows = selfReference(rows, ref, main)
    rows = dedupe(rows, main.keys)
    if (options.rows !== 0 && rows.length > 0) {
      for (const f of liveFresh) if (latestDay(rows, f.column) === null && drawn.fallback[f.column] !== undefined) rows = [{ ...rows[0]!, [f.column]: drawn.fallback[f.column] }, ...rows.slice(1)]
    }
    const others = new Map(relatedPlans.map((p, i) => [p.contract.table, drawn.related[i] ?? []] as const))
    for (const ref of liveRefs) {
      const target = others.get(ref.table)
      if (target !== undefined) others.set(ref.table, coverReferences(target, rows, ref))
    }
    for (const sum of liveSums) {
      if (sum.table === contract.table) rows = balance(rows, rows, sum, main, true) ?? rows
      else {
        const target = others.get(sum.table)
        if (target !== undefined) others.set(sum.table, balance(rows, target, sum, main, false) ?? target)
      }
    }
    let ingestionDate = DEFAULT_INGESTION_DATE
    if (options.rows !== 0 && liveFresh.length > 0) {
      const bounds = liveFresh.flatMap((f) => {
        const latest = latestDay(rows, f.column)
        return latest === null ? [] : [latest + f.maxAgeDays]
      })
      const slack = Math.max(0, Math.min(...liveFresh.map((f) => f.maxAgeDays)))
      if (bounds.length > 0) ingestionDate = fromEpochDay(Math.min(...bounds) - (drawn.offset % (slack + 1)))
    }
    return {
      tables: [tableData(main, rows), ...relatedPlans.map((p) => tableData(p, others.get(p.contract.table) ?? []))],
      ingestionDate
    }
  }

  const cache = new Map<string, Either.Either<fc.Arbitrary<Dataset>, UnsatisfiableContract>>()
  const valid = (options: BuildOptions = {}): Either.Either<fc.Arbitrary<Dataset>, UnsatisfiableContract> => {
    const key = JSON.stringify(options)
    const cached = cache.get(key)
    if (cached !== undefined) return cached
    const unsatisfiable = (reason: string) => Either.left(new UnsatisfiableContract({ table: contract.table, reason }))
    const result = Either.flatMap(Either.mapLeft(sizeOf(options), (reason) => new UnsatisfiableContract({ table: contract.table, reason })), (size) => {
      // Extra candidates when an exact count is asked for, since rows repeating a key are dropped.
      // A contract whose only valid table is empty is reported too: its checks could not be told from broken ones.
      const rows = options.rows === 0 ? fc.constant([]) : rowArbitrary(main) === null ? null : tableRows(main, { min: size.min, max: size.exact ? size.max + Math.ceil(size.max / 4) + 1 : size.max })
      if (rows === null) {
        const empty = main.columns.filter((c) => c.values === null && !c.nullable).map((c) => c.name)
        return unsatisfiable(`no row of ${contract.table} is valid: no value of ${empty.join(", ")} satisfies its kind and checks`)
      }
      const relatedRows = relatedPlans.map((p) => tableRows(p, RELATED_ROWS) ?? fc.constant([]))
      const fallback: Record<string, fc.Arbitrary<unknown>> = {}
      for (const f of liveFresh) {
        const values = main.columns.find((c) => c.name === f.column)?.values
        if (values !== null && values !== undefined) fallback[f.column] = values
      }
      const raw = fc
        .record({ rows, related: fc.tuple(...relatedRows), fallback: fc.record(fallback), offset: fc.nat({ max: 30 }) })
        .map((drawn) => construct(options, size, drawn))
      const sample = fc.sample(raw, { numRuns: 50, seed: 424_242 })
      const problems = sample.map((d) => violations(d, options))
      const kept = problems.filter((p) => p.length === 0).length
      if (kept === 0) {
        const counts = new Map<string, number>()
        for (const p of problems.flat()) counts.set(p, (counts.get(p) ?? 0) + 1)
        const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "no dataset generated"
        return unsatisfiable(`no generated dataset was valid (most often: ${common})`)
      }
      return Either.right(kept === sample.length ? raw : raw.filter((d) => violations(d, options).length === 0))
    })
    cache.set(key, result)
    return result
  }

  const notes: ReadonlyArray<PlanNote> = [
    ...main.notes,
    ...references.flatMap((r) => (r.untestable === null ? [] : [{ checkId: `references ${r.columns.join(",")} -> ${r.table}`, how: "unsupported" as const, detail: r.untestable }])),
    ...sums.flatMap((s) => (s.untestable === null ? [] : [{ checkId: `reconciles ${s.column}`, how: "unsupported" as const, detail: s.untestable }])),
    ...freshness.flatMap((f) => (f.untestable === null ? [] : [{ checkId: `freshness ${f.column}`, how: "unsupported" as const, detail: f.untestable }]))
  ]
  return { main, related: relatedPlans, references, sums, freshness, notes, valid, violations }
}

/**
 * A fast-check arbitrary of valid tables (arrays of rows) of a contract, or
 * why none can be generated. `related` are the contracts of the tables it
 * references, so its references and sums can be honoured.
 */
export const validRows = (
  contract: DeclaredTable,
  related: ReadonlyArray<DeclaredTable> = [],
  options: BuildOptions = {}
): Either.Either<fc.Arbitrary<ReadonlyArray<TestRow>>, UnsatisfiableContract> =>
  Either.map(datasetPlan(contract, related).valid(options), (datasets) => datasets.map((d) => mainTable(d).rows))
