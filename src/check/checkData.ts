/**
 * Check a dataset against a table contract, in place: no pipeline, no
 * lakehouse. The files are read by DuckDB as they are (CSV, TSV, Parquet,
 * NDJSON, a JSON array), the contract's columns are found and typed, and
 * every check of the contract runs on the typed data, at the cost of about
 * one scan (see `evaluateChecks.ts`). The typed data is then profiled column
 * by column as a run profiles its staged tables (`profileTable`: one more
 * aggregate scan, a second for low-cardinality text). The outcome is a
 * RunReport; failing rows can be written to a quarantine Parquet file.
 *
 * A value that does not type (CSV text that is not a number, a JSON string
 * where a number is due) fails `schema.columns` and reads as NULL in the
 * typed view, so a required column's `not_null` counts it too.
 *
 * Fails only for a contract that cannot be checked (ContractError) or data
 * named in a way that cannot be read (FormatError: unknown extension, mixed
 * formats, CSV options on Parquet). Data that cannot be read (a missing file,
 * a glob matching nothing, a malformed file) gives a `failed` report.
 *
 * @example
 * import { checkData, loadContract } from "lakegate"
 * const contract = yield* loadContract("contracts/orders.ts")
 * const { report } = yield* checkData(contract, { paths: ["landing/orders-*.csv"] }, { ingestionDate: "2024-05-01" }) // needs Duck
 * report.verdict // "published" | "blocked" | "failed"
 */
import { Clock, Effect, Option } from "effect"
import { randomBytes } from "node:crypto"
import type { TableSpec } from "../contract/Contract.ts"
import { Duck } from "../engine/Duck.ts"
import type { TableProfile } from "../report/Profile.ts"
import type { RunReport } from "../report/RunReport.ts"
import { profileTable } from "../stages/profileTable.ts"
import type { FailOn } from "../run/exitCode.ts"
import { makeRun } from "../run/Run.ts"
import { planColumns, type ColumnPlan } from "./columnPlan.ts"
import { type ContractError, DataError, firstLine, type FormatError } from "./errors.ts"
import { evaluateChecks, type CheckInputs, type Evaluated } from "./evaluateChecks.ts"
import { quarantineQueries, writeQuarantine, type QuarantineWritten } from "./quarantine.ts"
import { describeSource, isDataReadError, readColumns, readErrorLine, readerSql } from "./reader.ts"
import { checkReport, columnsHighlight, failureExitCode, notEvaluatedHighlight, type CheckFailure } from "./report.ts"
import { resolveSource, type DataSource, type SourceSpec } from "./source.ts"
import { validateContract } from "./validateContract.ts"
import { createViews, viewNames } from "./views.ts"

/** Options of {@link checkData}. */
export interface CheckDataOptions {
  /** The report's date and the date freshness is judged against, `YYYY-MM-DD`. */
  readonly ingestionDate: string
  /** Which statuses make the exit code 1: blocking ones (`error`, the default), or warnings too. */
  readonly failOn?: FailOn
  /** Write the failing rows to `<dir>/quarantine.parquet`. */
  readonly quarantine?: string
  /** How the contract is named in errors (its file); default its id. */
  readonly contractPath?: string
}

/** The outcome of a check: the report, and the quarantine file when one was asked for. */
export interface CheckRun {
  readonly report: RunReport
  /** The file written, or why it could not be; null when no quarantine was asked for or the data was not read. */
  readonly quarantine: QuarantineWritten | { readonly error: string } | null
}

/** The one-line message of a data error, naming the file. */
const dataFailure = (e: DataError): CheckFailure => ({ tag: "DataError", message: `${e.path}: ${firstLine(e.message)}`, exitCode: failureExitCode(true) })

/** Check data against a contract; see the module's documentation. */
export const checkData = (contract: TableSpec, spec: SourceSpec, options: CheckDataOptions): Effect.Effect<CheckRun, ContractError | FormatError, Duck> =>
  Effect.gen(function* () {
    yield* validateContract(contract, options.contractPath ?? contract.id)
    const now = new Date(yield* Clock.currentTimeMillis)
    const run = makeRun(spec.paths.join(", "), options.ingestionDate, now, randomBytes(3).toString("hex"))
    const failOn = options.failOn ?? "error"
    const timings: Array<{ stage: string; ms: number }> = []
    const timed = <A, E, R>(stage: string, effect: Effect.Effect<A, E, R>) =>
      Effect.gen(function* () {
        const start = yield* Clock.currentTimeMillis
        const result = yield* effect
        timings.push({ stage, ms: (yield* Clock.currentTimeMillis) - start })
        return result
      })

    let source: DataSource | null = null
    let plan: ColumnPlan | null = null
    let evaluated: Evaluated | null = null
    let profile: TableProfile | null = null
    let failure: CheckFailure | null = null
    let quarantine: CheckRun["quarantine"] = null

    const resolved = yield* Effect.either(timed("resolve", resolveSource(spec)))
    if (resolved._tag === "Left") {
      if (resolved.left._tag === "FormatError") return yield* resolved.left
      failure = dataFailure(resolved.left)
    } else {
      source = resolved.right
      const names = contract.definition.sqlColumns.map(([name]) => name)
      const described = yield* Effect.either(timed("describe", describeSource(source)))
      if (described._tag === "Left") failure = dataFailure(described.left)
      else {
        const columns = readColumns(source, described.right, names)
        plan = planColumns(contract.definition.sqlColumns, columns, source.format)
        const views = viewNames(contract.table)
        const inputs: CheckInputs = { contract, plan, views, ingestionDate: options.ingestionDate }
        const outcome = yield* Effect.either(
          timed(
            "checks",
            Effect.zipRight(createViews(views, readerSql(source, described.right, names), plan), evaluateChecks(inputs))
          )
        )
        if (outcome._tag === "Left") {
          const unreadable = isDataReadError(outcome.left.message)
          failure = unreadable
            ? dataFailure(new DataError({ kind: "unreadable", path: run.input, message: readErrorLine(outcome.left.message) }))
            : { tag: "DuckError", message: firstLine(outcome.left.message), exitCode: failureExitCode(false) }
        } else {
          evaluated = outcome.right
          // As a run profiles its staged tables: on the typed view, never deciding anything (left out when it cannot be computed).
          profile = yield* timed("profile", profileTable(views.typed)).pipe(
            Effect.map((p): TableProfile => ({ ...p, key: contract.primaryKey })),
            Effect.orElseSucceed(() => null)
          )
          if (options.quarantine !== undefined) {
            const dir = options.quarantine
            const results = evaluated.results
            const written = yield* Effect.either(timed("quarantine", writeQuarantine(dir, quarantineQueries(inputs, results))))
            quarantine = written._tag === "Right" ? written.right : { error: `${written.left.path}: ${firstLine(written.left.message)}` }
          }
        }
      }
    }
    const finishedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
    const highlights = [
      ...Option.toArray(Option.map(Option.fromNullable(plan), columnsHighlight)),
      ...notEvaluatedHighlight(evaluated?.notEvaluated ?? [])
    ]
    return {
      report: checkReport({ contract, run, finishedAt, source, failOn, evaluated, failure, timings, highlights, profile }),
      quarantine
    }
  })
