/**
 * For every check of a contract, a mutation derived from the check's own
 * definition: NotNull → a NULL; Unique and the key → a duplicated key;
 * AcceptedValues → a value outside the set; Range → just past a bound
 * (exactly at an exclusive one; one unit of the scale for decimals, a day for
 * dates); Pattern → a value that does not match; Length → one character too
 * long or too short; RowCount → one row too many or too few; Freshness → the
 * latest date one day too old; References → an orphan; SumReconciles → one
 * side off by one unit; `schema.columns` → a column dropped or retyped. Custom
 * SQL, row predicates and dataset checks written as Effects have no derivable
 * mutation: they are listed with the reason.
 *
 * @example
 * for (const m of mutationsOf(orders)) {
 *   console.log(m.check.label, m._tag === "Derived" ? m.mutation.title : `untested: ${m.reason}`)
 * }
 */
import { Either } from "effect"
import { Rule } from "../checks/Check.ts"
import type { DeclaredTable } from "../contract/tableContract.ts"
import { CheckSource, checksUnderTest, type CheckUnderTest } from "./checksUnderTest.ts"
import { DerivedMutation, type Mutation } from "./mutation.ts"
import { duplicateMutation, nullMutation, orphanMutation, valueMutation } from "./rowMutations.ts"
import { supported } from "./rowRules.ts"
import { columnsMutation, freshnessMutation, rowCountMutation, sumMutation } from "./tableMutations.ts"
import { standardAim } from "./thresholds.ts"
import { datasetPlan, type DatasetPlan } from "./validRows.ts"

/** What `mutationsOf` works from; by default derived from the contract. */
export interface MutationOptions {
  /** Contracts of the tables the contract references. */
  readonly related?: ReadonlyArray<DeclaredTable>
  readonly plan?: DatasetPlan
  readonly checks?: ReadonlyArray<CheckUnderTest>
}

const standard = { fail: standardAim.limit }

/** The mutation of one check, or why none can be derived. */
const mutationFor = (check: CheckUnderTest, plan: DatasetPlan, checks: ReadonlyArray<CheckUnderTest>): Either.Either<Mutation, string> => {
  const columnUse = (column: string) => checks.filter((c) => c.columns.includes(column)).length
  return CheckSource.$match(check.source, {
    Columns: () => columnsMutation(plan, columnUse),
    Key: ({ columns }) => duplicateMutation(plan, columns, standard),
    Required: ({ columns }) => nullMutation(plan, columns, standard),
    Reference: ({ reference }) => orphanMutation(plan, reference, standard),
    Custom: () => Either.left("a dataset check written as an Effect: no mutation can be derived from it"),
    Vocabulary: ({ check: c }) =>
      Rule.$match(c.rule, {
        NotNull: (r) => nullMutation(plan, r.columns, c.thresholds),
        Unique: (r) => duplicateMutation(plan, r.columns, c.thresholds),
        AcceptedValues: (r) => unsupportedOr(plan, r, () => valueMutation(plan, c, r)),
        Range: (r) => unsupportedOr(plan, r, () => valueMutation(plan, c, r)),
        Pattern: (r) => unsupportedOr(plan, r, () => valueMutation(plan, c, r)),
        Length: (r) => unsupportedOr(plan, r, () => valueMutation(plan, c, r)),
        RowCount: (r) => rowCountMutation(plan, r, c.thresholds, checks.filter((x) => x.source._tag === "Vocabulary" && x.source.check.rule._tag === "Freshness").map((x) => x.label)),
        Freshness: (r) => freshnessMutation(plan, r.column, r.maxAgeDays, c.thresholds),
        References: (r) => orphanMutation(plan, r, c.thresholds),
        SumReconciles: (r) => sumMutation(plan, r, c.thresholds),
        Sql: () => Either.left("custom SQL: no mutation can be derived from a query"),
        RowPredicate: () => Either.left("a TypeScript row predicate: no mutation can be derived from a function")
      })
  })
}

const unsupportedOr = (
  plan: DatasetPlan,
  rule: Extract<Rule, { readonly _tag: "AcceptedValues" | "Range" | "Pattern" | "Length" }>,
  derive: () => Either.Either<Mutation, string>
): Either.Either<Mutation, string> => {
  const kind = plan.main.contract.columns[rule.column]
  if (kind === undefined) return Either.left(`the contract has no column ${rule.column}`)
  return supported(rule, kind) ? derive() : Either.left(`the tester cannot judge ${rule._tag} on a ${kind.kind} column as DuckDB does`)
}

/** Every check of the contract with its mutation, or the reason it has none. */
export const mutationsOf = (contract: DeclaredTable, options: MutationOptions = {}): ReadonlyArray<DerivedMutation> => {
  const plan = options.plan ?? datasetPlan(contract, options.related ?? [])
  const checks = options.checks ?? checksUnderTest(contract)
  return checks.map((check) =>
    Either.match(mutationFor(check, plan, checks), {
      onLeft: (reason) => DerivedMutation.Underivable({ check, reason }),
      onRight: (mutation) => DerivedMutation.Derived({ check, mutation })
    })
  )
}
