/**
 * `lakegate contracts test [TARGET]`: TARGET is a table contract (a module
 * exporting `table(...)`, or an ODCS .yaml): its checks are proven with
 * generated data (see `contractsTestCommand.ts`). A module exporting a
 * contract suite instead, or no TARGET (the suite named in package.json), runs
 * that suite: a pipeline's own property tests of its contracts. Either prints
 * a table and exits 1 when something fails, with the flags that replay it.
 *
 * `lakegate contracts mutations [MODULE]`: print the suite's mutation catalogue.
 *
 * MODULE defaults to `"lakegate": { "contracts": FILE }` in ./package.json.
 */
import { Args, Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { loadModule } from "../load/loadModule.ts"
import { ExitCode } from "../run/exitCode.ts"
import { isContractSuite, type ContractSuite } from "../testing/ContractSuite.ts"
import { testContractFile } from "./contractsTestCommand.ts"
import { contractsExportCommand } from "./contractsExportCommand.ts"
import { contractsDiffCommand } from "./contractsDiffCommand.ts"
import { configuredModule } from "./projectConfig.ts"
import { commandHelp } from "./help.ts"
import { makeProgress, secondsSince } from "./progress.ts"

const moduleArg = Args.file({ name: "MODULE" }).pipe(Args.optional, Args.withDescription('a module exporting a contract suite (default: "lakegate": { "contracts": FILE } in ./package.json)'))
const targetArg = Args.text({ name: "TARGET" }).pipe(
  Args.optional,
  Args.withDescription('a table contract (a .ts/.js module exporting table(...), or an ODCS .yaml), or a module exporting a contract suite (default: "lakegate": { "contracts": FILE } in ./package.json)')
)
const runs = Options.integer("runs").pipe(
  Options.optional,
  Options.withDescription(
    "a contract: valid tables to generate (default FC_NUM_RUNS or 100; each check's mutation gets a quarter, at least 5). A suite: runs of each in-process property (default 100; properties that run the pipeline get about 1.25·√runs)"
  )
)
const seed = Options.integer("seed").pipe(Options.optional, Options.withDescription("fast-check seed, to replay a failure"))
const path = Options.text("path").pipe(Options.optional, Options.withDescription("fast-check counterexample path, with --seed and --check (a contract) or --only (a suite), to replay one failure"))
const only = Options.text("only").pipe(Options.optional, Options.withDescription("a suite: run only the cases whose name contains this text (e.g. a mutation id)"))
const check = Options.text("check").pipe(Options.optional, Options.withDescription('a contract: test only this check (its label as printed), or "valid" for the valid data only'))
const quiet = Options.boolean("quiet").pipe(
  Options.withDescription("no progress on standard error (on a terminal a live line; otherwise one line per finished check or case)")
)
const table = Options.text("table").pipe(Options.optional, Options.withDescription("a contract: the table to test, when the file declares several (its other tables are the ones it may reference)"))

const isYaml = (file: string): boolean => /\.ya?ml$/i.test(file)

/**
 * Load the suite a module exports (default export first), or say why not on
 * stderr and exit 2. With `contracts: true`, a module that exports no suite
 * answers "contract" (test it as a table contract) instead.
 */
const loadSuite = (module: Option.Option<string>, contracts = false): Effect.Effect<ContractSuite | "contract" | null> =>
  Effect.gen(function* () {
    const file = Option.getOrNull(module) ?? (yield* configuredModule("contracts"))
    if (file === null) {
      yield* Console.error('lakegate: no contract suite: give MODULE, or name it in package.json as "lakegate": { "contracts": "FILE" }')
      return null
    }
    const loaded = yield* Effect.either(loadModule(file))
    if (loaded._tag === "Left") {
      yield* Console.error(`lakegate: ${loaded.left.path}: ${loaded.left.message}`)
      return null
    }
    const exports = loaded.right
    const suite = [exports["default"], ...Object.values(exports)].find(isContractSuite)
    if (suite === undefined && contracts && Option.isSome(module)) return "contract" as const
    if (suite === undefined) {
      yield* Console.error(`lakegate: ${file}: exports no contract suite (export one made with contractSuite({...}))`)
      return null
    }
    return suite
  }).pipe(Effect.tap((suite) => (suite === null ? Effect.sync(() => (process.exitCode = ExitCode.usage)) : Effect.void)))

/** `contracts test`: prove a table contract, or run a suite; print the table, set the exit code. */
export const contractsTestCommand = Command.make("test", { target: targetArg, runs, seed, path, only, check, table, quiet }, (options) =>
  Effect.gen(function* () {
    const target = options.target
    const suite = Option.isSome(target) && isYaml(target.value) ? "contract" : yield* loadSuite(target, true)
    if (suite === null) return
    if (suite === "contract") {
      if (Option.isNone(target)) return
      return yield* testContractFile({ contract: target.value, table: options.table, runs: options.runs, seed: options.seed, check: Option.orElse(options.check, () => options.only), path: options.path, quiet: options.quiet })
    }
    const progress = makeProgress("contracts test", { quiet: options.quiet })
    let last = Date.now()
    const outcome = yield* suite.run({
      runs: Math.max(1, Option.getOrElse(options.runs, () => 100)),
      ...Option.match(options.seed, { onNone: () => ({}), onSome: (s) => ({ seed: s }) }),
      ...Option.match(options.path, { onNone: () => ({}), onSome: (p) => ({ path: p }) }),
      ...Option.match(Option.orElse(options.only, () => options.check), { onNone: () => ({}), onSome: (o) => ({ only: o }) }),
      onCase: (property, name, result) => {
        progress.step(`property ${property}: ${name}: ${result.passed ? "passed" : "FAILED"}, ${result.runs} run${result.runs === 1 ? "" : "s"} (${secondsSince(last)})`)
        last = Date.now()
      }
    })
    progress.done()
    yield* Console.log(outcome.text)
    if (!outcome.passed) yield* Effect.sync(() => (process.exitCode = ExitCode.violation))
  })
).pipe(
  Command.withDescription(
    commandHelp("Prove a table contract's checks with generated data (valid tables pass, each check catches data broken as its definition says), or run a contract suite.", {
      defaults: ['TARGET  the suite named by "lakegate": { "contracts": FILE } in ./package.json', "--runs  FC_NUM_RUNS, else 100"],
      notes: ["Exit 1 when a check misses its mutation or rejects valid data; a check with no derivable mutation is listed as untested."],
      examples: ["lakegate contracts test orders.contract.ts", "lakegate contracts test examples/odcs/orders.odcs.yaml --runs 200", "lakegate contracts test"]
    })
  )
)

/** `contracts mutations`: the suite's mutation catalogue as Markdown. */
export const contractsMutationsCommand = Command.make("mutations", { module: moduleArg }, (options) =>
  Effect.gen(function* () {
    const suite = yield* loadSuite(options.module)
    if (suite === null || suite === "contract") return
    yield* Console.log(suite.catalogue?.() ?? `${suite.name}: this suite has no mutation catalogue`)
  })
).pipe(
  Command.withDescription(
    commandHelp("Print a contract suite's mutation catalogue (mutation → check ids) as a Markdown table.", {
      defaults: ['MODULE  the suite named by "lakegate": { "contracts": FILE } in ./package.json'],
      examples: ["lakegate contracts mutations", "lakegate contracts mutations contracts/testing/suite.ts > docs/mutations.md"]
    })
  )
)

/** The `contracts` command with its `test`, `mutations`, `export` and `diff` subcommands. */
export const contractsCommand = Command.make("contracts").pipe(
  Command.withDescription(
    commandHelp("Work on the data contracts themselves: test their checks, list mutations, export them (ODCS, JSON Schema, SQL, dbt), diff two versions for breaking changes.", {
      notes: [
        "  test       prove a contract's checks with generated data, or run a contract suite",
        "  mutations  print a contract suite's mutation catalogue",
        "  export     write a contract as ODCS, JSON Schema, SQL DDL or dbt schema.yml",
        "  diff       classify the changes between two versions as breaking or not"
      ],
      examples: ["lakegate contracts test orders.contract.ts", "lakegate contracts export orders.contract.ts --format odcs", "lakegate contracts diff --base origin/main"]
    })
  ),
  Command.withSubcommands([contractsTestCommand, contractsMutationsCommand, contractsExportCommand, contractsDiffCommand])
)
