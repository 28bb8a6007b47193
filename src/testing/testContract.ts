/**
 * Prove a contract's checks: over `runs` generated valid datasets (loaded
 * into DuckDB with the contract's SQL types) every check passes, and for each
 * check the mutation derived from its definition makes it fail, or warn, as
 * its thresholds say (and one row fewer, just under the threshold, gives the
 * status the thresholds give that count), while the checks of untouched
 * columns keep passing. Each property is a fast-check run with the report's
 * seed, so every counterexample is replayed with its seed and path.
 *
 * @example
 * const report = yield* testContract(orders, { runs: 50, related: [shops] }).pipe(Effect.provide(DuckLive))
 * report.ok  // true when valid data passes and every derivable mutation is caught
 */
import { Effect, Either, FastCheck as fc, Runtime } from "effect"
import type { CheckStatus } from "../contract/CheckResult.ts"
import type { DeclaredTable } from "../contract/tableContract.ts"
import type { Duck } from "../engine/Duck.ts"
import { checksUnderTest, type CheckUnderTest } from "./checksUnderTest.ts"
import { isRowRule, supported } from "./rowRules.ts"
import { mainTable, type Dataset } from "./dataset.ts"
import { dropTables } from "./load.ts"
import type { MutationCase } from "./mutation.ts"
import { mutationsOf } from "./mutationsOf.ts"
import { observe, type Observation } from "./observe.ts"
import { Verdict, type CheckReport, type ContractTestReport, type Counterexample, type OpaqueCheck } from "./report.ts"
import { resolveSettings, type TestSettings } from "./settings.ts"
import { datasetPlan, type DatasetPlan } from "./validRows.ts"

/** Options of a contract test. */
export interface TestContractOptions {
  /** Valid datasets to check (default `FC_NUM_RUNS` or 100); each mutation gets a quarter, at least 5. */
  readonly runs?: number
  /** fast-check seed (default `FC_SEED` or a fresh one, printed in the report). */
  readonly seed?: number
  /** A counterexample path to replay, with `only`. */
  readonly path?: string
  /** Test only this check (its label) or, with `"valid"`, only the valid data. */
  readonly only?: string
  /** Contracts of the tables the contract references. */
  readonly related?: ReadonlyArray<DeclaredTable>
  /** Called with each check's outcome as soon as it is known. */
  readonly onCheck?: (check: CheckReport) => void
}

/** The label `only` uses for the valid-data property. */
export const VALID_DATA = "valid"

/** Rows of a counterexample's table shown in reports. */
const SHOWN_ROWS = 10

/** Mutated cases on which the other checks are evaluated too (they are slow to evaluate on every case). */
const COLLATERAL_CASES = 3

/** Why a check cannot be judged on valid data (the generator does not honour it), or null when it can. */
const notAssertable = (check: CheckUnderTest, plan: DatasetPlan): string | null => {
  const source = check.source
  if (source._tag === "Custom") return "opaque"
  if (source._tag === "Reference") {
    const ref = plan.references.find((r) => r.table === source.reference.table && JSON.stringify(r.columns) === JSON.stringify(source.reference.columns))
    return ref?.untestable ?? null
  }
  if (source._tag !== "Vocabulary") return null
  const rule = source.check.rule
  switch (rule._tag) {
    case "Sql":
    case "RowPredicate":
      return "opaque"
    case "References":
      return plan.references.find((r) => r.table === rule.table && JSON.stringify(r.columns) === JSON.stringify(rule.columns))?.untestable ?? null
    case "SumReconciles":
      return plan.sums.find((s) => s.column === rule.column && s.table === rule.table && s.referencedColumn === rule.referencedColumn)?.untestable ?? null
    case "Freshness":
      return plan.freshness.find((f) => f.column === rule.column)?.untestable ?? null
    default: {
      if (!isRowRule(rule)) return null
      const column = rule._tag === "NotNull" ? undefined : rule.column
      const kind = column === undefined ? undefined : plan.main.contract.columns[column]
      return kind !== undefined && !supported(rule, kind) ? `the tester cannot judge ${rule._tag} on a ${kind.kind} column as DuckDB does` : null
    }
  }
}

const counterexample = (dataset: Dataset, details: { readonly seed: number; readonly path: string | null }, label: string, edits: ReadonlyArray<string>): Counterexample => {
  const table = mainTable(dataset)
  return {
    seed: details.seed,
    path: details.path,
    replay: `--seed ${details.seed}${details.path === null ? "" : ` --path ${details.path}`} --check ${label}`,
    edits,
    rows: table.rows.slice(0, SHOWN_ROWS),
    totalRows: table.rows.length,
    ingestionDate: dataset.ingestionDate
  }
}

const parameters = <T>(settings: TestSettings, runs: number, replay: boolean): fc.Parameters<T> => ({
  numRuns: runs,
  seed: settings.seed,
  ...(replay && settings.path !== undefined ? { path: settings.path, endOnFailure: true } : {})
})

/** Test a contract's checks; see the module's documentation. */
export const testContract = (contract: DeclaredTable, options: TestContractOptions = {}): Effect.Effect<ContractTestReport, never, Duck> =>
  Effect.scoped(
    Effect.gen(function* () {
      const started = Date.now()
      const settings = yield* resolveSettings(options)
      const runtime = yield* Effect.runtime<Duck>()
      const runPromise = Runtime.runPromise(runtime)
      const plan = datasetPlan(contract, options.related ?? [])
      yield* Effect.addFinalizer(() => dropTables([contract.table, ...plan.related.map((p) => p.contract.table)]))
      const checks = checksUnderTest(contract)
      const layer = contract.layer
      const reasons = new Map(checks.map((c) => [c.label, notAssertable(c, plan)] as const))
      const assertable = checks.filter((c) => reasons.get(c.label) === null)
      const opaque = checks.filter((c) => reasons.get(c.label) === "opaque")
      const selected = (label: string) => options.only === undefined || options.only === label
      const reports: Array<CheckReport> = []
      const emit = (check: CheckUnderTest, verdict: Verdict) => {
        const report: CheckReport = { label: check.label, id: check.id, source: check.source._tag, description: check.dataset.description, verdict }
        reports.push(report)
        options.onCheck?.(report)
      }
      const look = (dataset: Dataset, subset: ReadonlyArray<CheckUnderTest>): Promise<ReadonlyMap<string, Observation>> => runPromise(observe(dataset, subset, layer))

      // (a) Valid data passes every check the generator honours; a failure names the checks and is set aside, and the search goes on without them.
      const valid = plan.valid()
      const rejected = new Map<string, { readonly observation: Observation; readonly counterexample: Counterexample }>()
      const opaqueCounts = new Map<string, { passed: number; of: number }>(opaque.map((c) => [c.label, { passed: 0, of: 0 }]))
      let validRuns = 0
      if (Either.isRight(valid) && (options.only === undefined || options.only === VALID_DATA)) {
        let remaining = assertable
        let first = true
        while (remaining.length > 0 || (first && opaque.length > 0)) {
          const judged = remaining
          const details = yield* Effect.promise(() =>
            fc.check(
              fc.asyncProperty(valid.right, async (dataset) => {
                const seen = await look(dataset, [...judged, ...opaque])
                validRuns++
                for (const c of opaque) {
                  const count = opaqueCounts.get(c.label)!
                  count.of++
                  if (seen.get(c.label)?.status === "pass") count.passed++
                }
                return judged.every((c) => seen.get(c.label)?.status === "pass")
              }),
              parameters(settings, settings.runs, options.only === VALID_DATA)
            )
          )
          // Later searches run after earlier ones with the same seed: the seed alone replays them, a path only the first.
          const path = first ? details.counterexamplePath : null
          first = false
          if (!details.failed || details.counterexample === null) break
          const [dataset] = details.counterexample
          const seen = yield* Effect.promise(() => look(dataset, judged))
          const failing = judged.filter((c) => seen.get(c.label)?.status !== "pass")
          if (failing.length === 0) break
          for (const c of failing) {
            rejected.set(c.label, { observation: seen.get(c.label)!, counterexample: counterexample(dataset, { seed: details.seed, path }, VALID_DATA, []) })
          }
          remaining = judged.filter((c) => !failing.includes(c))
        }
      }

      // (b) Each check's mutation is caught.
      for (const derived of mutationsOf(contract, { plan, checks })) {
        const check = derived.check
        if (!selected(check.label)) continue
        const rejection = rejected.get(check.label)
        if (rejection !== undefined) {
          emit(check, Verdict.RejectsValid({ status: rejection.observation.status, message: rejection.observation.message, counterexample: rejection.counterexample }))
          continue
        }
        const reason = reasons.get(check.label)
        if (derived._tag === "Underivable" || (reason !== null && reason !== undefined && reason !== "opaque")) {
          emit(check, Verdict.Untested({ reason: derived._tag === "Underivable" ? derived.reason : (reason ?? "") }))
          continue
        }
        if (Either.isLeft(valid)) {
          emit(check, Verdict.Untested({ reason: `no valid data: ${valid.left.reason}` }))
          continue
        }
        const mutation = derived.mutation
        const others = assertable.filter((c) => c !== check && !rejected.has(c.label))
        const collateral = new Map<string, string>()
        const inapplicable = new Map<string, number>()
        let applied = 0
        const judge = async (c: MutationCase): Promise<{ readonly ok: boolean; readonly observed: Observation; readonly below: boolean }> => {
          const withOthers = applied <= COLLATERAL_CASES
          const seen = await look(c.mutated, withOthers ? [check, ...others] : [check])
          const observed = seen.get(check.label)!
          if (observed.status !== c.expected) return { ok: false, observed, below: false }
          if (withOthers) {
            for (const o of others) {
              const said = seen.get(o.label)
              const touched = o.columns.some((col) => c.touched.includes(col)) || c.alsoTouched.includes(o.label)
              if (!touched && said !== undefined && said.status !== "pass" && !collateral.has(o.label)) collateral.set(o.label, `${o.label} ${said.status}: ${said.message}`)
            }
          }
          if (c.below !== null) {
            const under = (await look(c.below.dataset, [check])).get(check.label)!
            if (under.status !== c.below.expected) return { ok: false, observed: under, below: true }
          }
          return { ok: true, observed, below: false }
        }
        const details = yield* Effect.promise(() =>
          fc.check(
            fc.asyncProperty(mutation.cases, async (drawn) => {
              if (Either.isLeft(drawn)) {
                inapplicable.set(drawn.left, (inapplicable.get(drawn.left) ?? 0) + 1)
                return true
              }
              applied++
              return (await judge(drawn.right)).ok
            }),
            parameters(settings, settings.mutationRuns, options.only === check.label)
          )
        )
        if (details.failed && details.counterexample !== null) {
          const [drawn] = details.counterexample
          if (Either.isRight(drawn)) {
            const c = drawn.right
            const outcome = yield* Effect.promise(() => judge(c))
            const expected: CheckStatus = outcome.below && c.below !== null ? c.below.expected : c.expected
            emit(
              check,
              Verdict.NotCaught({
                mutation: mutation.title,
                expected,
                observed: outcome.observed.status,
                message: outcome.observed.message,
                belowThreshold: outcome.below,
                counterexample: counterexample(outcome.below && c.below !== null ? c.below.dataset : c.mutated, { seed: details.seed, path: details.counterexamplePath }, check.label, c.edits)
              })
            )
            continue
          }
        }
        if (details.failed) {
          const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.error ?? "the property failed")
          emit(check, Verdict.Untested({ reason: `the tester failed: ${error}` }))
          continue
        }
        if (applied === 0) {
          const common = [...inapplicable.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "no case was generated"
          emit(check, Verdict.Untested({ reason: `no generated dataset could be mutated: ${common}` }))
          continue
        }
        emit(check, Verdict.Proven({ mutation: mutation.title, expected: mutation.expected, runs: applied, collateral: [...collateral.values()] }))
      }

      const validUntestable = Either.isLeft(valid) ? valid.left.reason : null
      const counts: ReadonlyArray<OpaqueCheck> = [...opaqueCounts.entries()].map(([label, n]) => ({ label, passed: n.passed, of: n.of }))
      const failed = reports.some((r) => r.verdict._tag === "NotCaught" || r.verdict._tag === "RejectsValid")
      return {
        contract: { id: contract.id, table: contract.table, version: contract.version },
        seed: settings.seed,
        runs: settings.runs,
        valid: { runs: validRuns, untestable: validUntestable, rejectedBy: [...rejected.keys()], opaque: counts },
        checks: reports,
        notes: plan.notes,
        ok: !failed && validUntestable === null,
        durationMs: Date.now() - started
      }
    })
  )
