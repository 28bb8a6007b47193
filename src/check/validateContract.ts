/**
 * Refuse a contract that cannot be checked, before reading any data, with
 * the path inside the contract: a key, reference or check naming a column the
 * contract does not declare, a type DuckDB does not know, a check whose SQL
 * does not bind (a regular expression RE2 refuses, a bound that is not of the
 * column's type). Each check's SQL is tried on one typed row of NULLs, so a
 * broken check cannot fail the single scan that counts all the others.
 *
 * @example
 * yield* validateContract(contract, "contracts/orders.ts") // ContractError at "checks[1]" for a bad pattern
 */
import { Effect, Option } from "effect"
import { ruleColumns } from "../checks/Check.ts"
import type { TableSpec } from "../contract/Contract.ts"
import { Duck, sqlIdent } from "../engine/Duck.ts"
import { locatedChecksOf } from "./contractTable.ts"
import { parseDuckType } from "./duckType.ts"
import { ContractError, firstLine } from "./errors.ts"
import { rowFailure } from "./rowConditions.ts"

/** A problem found in the contract's declarations: where, and what. */
interface Problem {
  readonly at: string
  readonly message: string
}

const TEMPORAL = /^(DATE|TIMESTAMP.*)$/

/** The problems a contract's declarations have, without running anything. */
export const structuralProblems = (contract: TableSpec): ReadonlyArray<Problem> => {
  const problems: Array<Problem> = []
  const columns = contract.definition.sqlColumns
  if (contract.table.trim() === "") problems.push({ at: "name", message: "the table has no name" })
  if (columns.length === 0) problems.push({ at: "columns", message: "the contract declares no column" })
  const seen = new Set<string>()
  for (const [name] of columns) {
    if (seen.has(name.toLowerCase())) problems.push({ at: `columns.${name}`, message: `column ${name} is declared twice` })
    seen.add(name.toLowerCase())
  }
  const declared = (name: string) => seen.has(name.toLowerCase())
  const typeOf = new Map(columns.map(([n, t]) => [n.toLowerCase(), t]))
  contract.primaryKey.forEach((c, i) => declared(c) || problems.push({ at: `key[${i}]`, message: `the key names ${c}, which is not a column of the contract` }))
  contract.required.forEach((c, i) => declared(c) || problems.push({ at: `required[${i}]`, message: `${c} is required but is not a column of the contract` }))
  contract.references.forEach((r, i) =>
    r.columns.forEach((c, j) => declared(c) || problems.push({ at: `references[${i}].columns[${j}]`, message: `the reference to ${r.table} names ${c}, which is not a column of the contract` }))
  )
  locatedChecksOf(contract).forEach(({ check: c, at }) => {
    const unknown = ruleColumns(c.rule).filter((col) => !declared(col))
    if (unknown.length > 0) problems.push({ at, message: `${c.id} names ${unknown.join(", ")}, which is not a column of the contract` })
    if (c.rule._tag === "Freshness") {
      const type = typeOf.get(c.rule.column.toLowerCase())
      if (type !== undefined && !TEMPORAL.test(type.toUpperCase())) problems.push({ at, message: `${c.id} needs a date or timestamp column, and ${c.rule.column} is ${type}` })
    }
  })
  return problems
}

/** One row of NULLs with the contract's columns and types. */
const nullRow = (contract: TableSpec): string =>
  `(select ${contract.definition.sqlColumns.map(([name, type]) => `NULL::${type} as ${sqlIdent(name)}`).join(", ")}) t`

/**
 * Validate a contract for checking: its declarations, its column types (as
 * DuckDB knows them) and the SQL of its row-level checks. `path` names the
 * contract in the error (its file).
 */
export const validateContract = (contract: TableSpec, path: string): Effect.Effect<void, ContractError, Duck> =>
  Effect.gen(function* () {
    const problem = structuralProblems(contract)[0]
    if (problem !== undefined) return yield* new ContractError({ path, ...problem })
    const duck = yield* Duck
    for (const [name, type] of contract.definition.sqlColumns) {
      if (Option.isNone(parseDuckType(type))) return yield* new ContractError({ path, at: `columns.${name}`, message: `${JSON.stringify(type)} is not a type lakegate can read` })
      yield* duck.run(`select NULL::${type}`).pipe(Effect.mapError((e) => new ContractError({ path, at: `columns.${name}`, message: `type ${type}: ${firstLine(e.message)}` })))
    }
    const row = nullRow(contract)
    const conditions = locatedChecksOf(contract).flatMap(({ check: c, at }) => {
      const condition = rowFailure(c.rule, "t")
      return condition === null ? [] : [{ at, id: c.id, condition }]
    })
    if (conditions.length === 0) return
    // All at once first (the usual case: they all bind); one by one only to name the one that does not.
    const all = yield* Effect.either(duck.all(`select ${conditions.map((c) => `count(*) filter (where ${c.condition})`).join(", ")} from ${row}`))
    if (all._tag === "Right") return
    for (const c of conditions) {
      yield* duck.all(`select count(*) filter (where ${c.condition}) from ${row}`).pipe(Effect.mapError((e) => new ContractError({ path, at: c.at, message: `${c.id}: ${firstLine(e.message)}` })))
    }
    return yield* new ContractError({ path, at: "checks", message: firstLine(all.left.message) })
  })
