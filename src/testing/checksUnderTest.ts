/**
 * The checks a contract runs (`tableChecks(contract)`), each paired with
 * where it comes from: the contract's columns (`schema.columns`), its key,
 * its required columns, a declared reference, a vocabulary check (whose rule
 * says how to break it), or a custom dataset check (an Effect nobody can read).
 * A vocabulary check is paired with the dataset check of the same id, so a
 * contract that swaps in its own implementation of a vocabulary check is
 * tested against the vocabulary's definition.
 *
 * @example
 * for (const c of checksUnderTest(contract)) console.log(c.label, c.source._tag)
 * // schema.columns Columns, key.unique Key, not_null Required, range.amount Vocabulary, ...
 */
import { Data } from "effect"
import { ruleColumns, type Check } from "../checks/Check.ts"
import type { Reference } from "../contract/Contract.ts"
import type { DatasetCheck } from "../contract/DatasetCheck.ts"
import { tableChecks } from "../contract/standardChecks.ts"
import type { DeclaredTable } from "../contract/tableContract.ts"

/** Where a check of a contract comes from. */
export type CheckSource = Data.TaggedEnum<{
  /** `schema.columns`: the table has the contract's columns and types. */
  Columns: {}
  /** `key.unique`: the primary key. */
  Key: { readonly columns: ReadonlyArray<string> }
  /** `not_null`: the columns whose kind is not nullable. */
  Required: { readonly columns: ReadonlyArray<string> }
  /** `fk.reference`: a declared reference. */
  Reference: { readonly reference: Reference }
  /** A check of the vocabulary. */
  Vocabulary: { readonly check: Check }
  /** A dataset check written as an Effect. */
  Custom: {}
}>
export const CheckSource = Data.taggedEnum<CheckSource>()

/** A check the tester proves. */
export interface CheckUnderTest {
  /** Unique within the contract: the id, with the reference or a `#n` when an id repeats. */
  readonly label: string
  readonly id: string
  /** What the gate runs. */
  readonly dataset: DatasetCheck
  readonly source: CheckSource
  /** The columns it judges (a mutation of other columns must leave it passing). */
  readonly columns: ReadonlyArray<string>
}

/** The columns of the table a check reads (on a self-reference or reconciliation within the table, the other side's too). */
const sourceColumns = (source: CheckSource, table: string): ReadonlyArray<string> =>
  CheckSource.$match(source, {
    Columns: () => [],
    Key: (s) => s.columns,
    Required: (s) => s.columns,
    Reference: (s) => (s.reference.table === table ? [...s.reference.columns, ...s.reference.referencedColumns] : s.reference.columns),
    Vocabulary: (s) => {
      const rule = s.check.rule
      if (rule._tag === "References" && rule.table === table) return [...rule.columns, ...rule.referencedColumns]
      if (rule._tag === "SumReconciles" && rule.table === table) return [rule.column, rule.referencedColumn]
      return ruleColumns(rule)
    },
    Custom: () => []
  })

/** The checks of a contract, in the order the gate runs them. */
export const checksUnderTest = (contract: DeclaredTable): ReadonlyArray<CheckUnderTest> => {
  const own = new Set(contract.datasetChecks)
  const unpaired = [...contract.impliedChecks, ...contract.checks]
  let reference = 0
  const seen = new Map<string, number>()
  return tableChecks(contract).map((dataset) => {
    let source: CheckSource
    if (own.has(dataset)) {
      const at = unpaired.findIndex((c) => c.id === dataset.id)
      const paired = at < 0 ? undefined : unpaired.splice(at, 1)[0]
      source = paired === undefined ? CheckSource.Custom() : CheckSource.Vocabulary({ check: paired })
    } else if (dataset.id === "key.unique") source = CheckSource.Key({ columns: contract.primaryKey })
    else if (dataset.id === "not_null") source = CheckSource.Required({ columns: contract.required })
    else if (dataset.id === "fk.reference" && contract.references[reference] !== undefined) source = CheckSource.Reference({ reference: contract.references[reference++]! })
    else if (dataset.id === "schema.columns") source = CheckSource.Columns()
    else source = CheckSource.Custom()
    const n = (seen.get(dataset.id) ?? 0) + 1
    seen.set(dataset.id, n)
    const label =
      source._tag === "Reference"
        ? `${dataset.id}(${source.reference.columns.join(",")}->${source.reference.table})`
        : n === 1
          ? dataset.id
          : `${dataset.id}#${n}`
    return { label, id: dataset.id, dataset, source, columns: sourceColumns(source, contract.table) }
  })
}
