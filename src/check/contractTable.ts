/**
 * The table contracts `check` accepts, recognized by their shape: a
 * `table()` contract (a DeclaredTable: kinds and vocabulary checks) or any
 * TableSpec (columns as SQL types, dataset checks), so a project's own
 * contracts can be checked against files too.
 *
 * @example
 * isTableSpec(table({ name: "orders", version: "1", columns: { id: column.id() } })) // true
 * vocabularyOf(contract) // the contract's check.* values
 */
import type { Check } from "../checks/Check.ts"
import type { TableSpec } from "../contract/Contract.ts"
import type { DatasetCheck } from "../contract/DatasetCheck.ts"

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null

const isStringArray = (u: unknown): boolean => Array.isArray(u) && u.every((s) => typeof s === "string")

/** True when a value has the shape of a table contract (a {@link TableSpec}). */
export const isTableSpec = (u: unknown): u is TableSpec =>
  isRecord(u) &&
  typeof u["id"] === "string" &&
  typeof u["version"] === "string" &&
  typeof u["layer"] === "string" &&
  typeof u["table"] === "string" &&
  isRecord(u["definition"]) &&
  Array.isArray(u["definition"]["sqlColumns"]) &&
  isStringArray(u["primaryKey"]) &&
  isStringArray(u["required"]) &&
  Array.isArray(u["references"]) &&
  Array.isArray(u["datasetChecks"])

const isCheck = (u: unknown): u is Check => isRecord(u) && typeof u["id"] === "string" && isRecord(u["rule"]) && typeof u["rule"]["_tag"] === "string" && isRecord(u["thresholds"])

const checksAt = (contract: TableSpec, key: "impliedChecks" | "checks"): ReadonlyArray<Check> => {
  const fields: unknown = contract
  const checks: unknown = isRecord(fields) ? fields[key] : []
  return Array.isArray(checks) ? checks.filter(isCheck) : []
}

/** The vocabulary checks the contract declares (`checks: [...]`), without those its kinds imply. */
export const declaredChecksOf = (contract: TableSpec): ReadonlyArray<Check> => checksAt(contract, "checks")

/**
 * The contract's vocabulary checks: those its column kinds imply, then the
 * declared ones (`checks: [check.range(...), ...]`), in the order `table()`
 * runs them; none for a contract without them.
 */
export const vocabularyOf = (contract: TableSpec): ReadonlyArray<Check> => locatedChecksOf(contract).map((located) => located.check)

/** A vocabulary check with where it is declared: `columns.<name>` for a kind's implied check, `checks[i]` for a declared one. */
export interface LocatedCheck {
  readonly check: Check
  readonly at: string
}

/** {@link vocabularyOf}, each with where the contract declares it, for messages naming the place to fix. */
export const locatedChecksOf = (contract: TableSpec): ReadonlyArray<LocatedCheck> => [
  ...checksAt(contract, "impliedChecks").map((check) => ({ check, at: "column" in check.rule ? `columns.${check.rule.column}` : "columns" })),
  ...checksAt(contract, "checks").map((check, i) => ({ check, at: `checks[${i}]` }))
]

/**
 * The contract's dataset checks beyond its vocabulary: `table()` lists the
 * vocabulary's own dataset checks first, one per check and with its id, then
 * the declared `datasetChecks`.
 */
export const customChecksOf = (contract: TableSpec): ReadonlyArray<DatasetCheck> => {
  const vocabulary = vocabularyOf(contract)
  const derived = vocabulary.length <= contract.datasetChecks.length && vocabulary.every((c, i) => contract.datasetChecks[i]?.id === c.id)
  return derived ? contract.datasetChecks.slice(vocabulary.length) : contract.datasetChecks
}
