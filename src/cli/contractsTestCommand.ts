/**
 * `lakegate contracts test CONTRACT`: prove any table contract's checks with
 * generated data. Valid tables must pass every check; for each check, data
 * broken as its definition says (a NULL, a duplicated key, a value just past
 * a bound...) must make it fail, or warn, as its thresholds say. Prints one
 * line per check (proven / NOT CAUGHT / REJECTS VALID / untested: reason),
 * each counterexample with the flags that replay it, and a summary.
 *
 *   lakegate contracts test contracts/orders.ts
 *   lakegate contracts test examples/odcs/orders.odcs.yaml --runs 200
 *   lakegate contracts test contracts/shop.ts --table orders --seed 42 --path 3:1 --check range.amount
 *
 * Exit codes: 0 valid data passes and every derivable mutation is caught;
 * 1 otherwise; 2 bad usage or a contract that cannot be loaded (one line on
 * stderr, no stack trace); 4 the engine failed.
 */
import { Console, Effect, Option } from "effect"
import { DuckLive } from "../engine/Duck.ts"
import { ExitCode } from "../run/exitCode.ts"
import { checksUnderTest } from "../testing/checksUnderTest.ts"
import { renderReport, type CheckReport } from "../testing/report.ts"
import { resolveContract } from "../testing/resolveContract.ts"
import { testContract, VALID_DATA } from "../testing/testContract.ts"
import { makeProgress, secondsSince } from "./progress.ts"

/** A check's verdict in a word or two, as the report's table writes it. */
const verdictWord = (c: CheckReport): string =>
  ({ Proven: "proven", NotCaught: "NOT CAUGHT", RejectsValid: "REJECTS VALID", Untested: "untested" })[c.verdict._tag]

const setExit = (code: number) => Effect.sync(() => (process.exitCode = code))

const optional = <A, K extends string>(option: Option.Option<A>, key: K): { readonly [P in K]?: A } =>
  Option.match(option, { onNone: () => ({}), onSome: (value) => ({ [key]: value }) as { readonly [P in K]?: A } })

/** The options of `contracts test CONTRACT`. */
export interface ContractTestOptions {
  readonly contract: string
  readonly table: Option.Option<string>
  readonly runs: Option.Option<number>
  readonly seed: Option.Option<number>
  readonly check: Option.Option<string>
  readonly path: Option.Option<string>
  /** No progress on standard error. */
  readonly quiet?: boolean
}

/** `contracts test CONTRACT`: prove one table contract; its outcome is the process exit code. */
export const testContractFile = (options: ContractTestOptions) =>
  Effect.gen(function* () {
    if (Option.isSome(options.path) && Option.isNone(options.check)) {
      yield* Console.error("lakegate: --path replays one property: give --check too (and --seed)")
      return yield* setExit(ExitCode.usage)
    }
    if (Option.isSome(options.runs) && options.runs.value < 1) {
      yield* Console.error("lakegate: --runs must be at least 1")
      return yield* setExit(ExitCode.usage)
    }
    const resolved = yield* Effect.either(resolveContract(options.contract, Option.getOrUndefined(options.table)))
    if (resolved._tag === "Left") {
      yield* Console.error(`lakegate: ${resolved.left.path}: ${resolved.left.message}`)
      return yield* setExit(ExitCode.usage)
    }
    const labels = checksUnderTest(resolved.right.contract).map((c) => c.label)
    if (Option.isSome(options.check) && options.check.value !== VALID_DATA && !labels.includes(options.check.value)) {
      yield* Console.error(`lakegate: no check ${options.check.value} in ${resolved.right.contract.table} (checks: ${labels.join(", ")}; or ${VALID_DATA})`)
      return yield* setExit(ExitCode.usage)
    }
    const table = resolved.right.contract.table
    const progress = makeProgress("contracts test", { quiet: options.quiet === true })
    const total = Option.isSome(options.check) ? 1 : labels.length
    let finished = 0
    let last = Date.now()
    const tested = yield* Effect.either(
      testContract(resolved.right.contract, {
        related: resolved.right.related,
        ...optional(options.runs, "runs"),
        ...optional(options.seed, "seed"),
        ...optional(options.path, "path"),
        ...optional(options.check, "only"),
        onCheck: (c) => {
          finished += 1
          progress.step(`${table}: ${finished}/${Math.max(total, finished)} ${c.label} ${verdictWord(c)} (${secondsSince(last)})`)
          last = Date.now()
        }
      }).pipe(Effect.provide(DuckLive))
    )
    progress.done()
    if (tested._tag === "Left") {
      const e = tested.left
      yield* Console.error(`lakegate: the engine failed: ${e._tag === "DuckError" ? e.message.split("\n")[0] : String(e)}`)
      return yield* setExit(ExitCode.internal)
    }
    yield* Console.log(renderReport(tested.right))
    if (!tested.right.ok) yield* setExit(ExitCode.violation)
  })
