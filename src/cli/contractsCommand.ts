/**
 * `lakegate contracts test [MODULE]`: run a contract suite, a pipeline's own
 * property tests of its contracts (valid data is accepted, every mutation is
 * rejected by exactly its checks, ...). Prints a table; exits 1 when a
 * property fails, with the seed and path that replay it.
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
import { configuredModule } from "./projectConfig.ts"

const moduleArg = Args.file({ name: "MODULE" }).pipe(Args.optional, Args.withDescription('a module exporting a contract suite (default: "lakegate": { "contracts": FILE } in ./package.json)'))
const runs = Options.integer("runs").pipe(
  Options.withDefault(100),
  Options.withDescription("runs of each in-process property (default 100); properties that run the pipeline get about 1.25·√runs")
)
const seed = Options.integer("seed").pipe(Options.optional, Options.withDescription("fast-check seed, to replay a failure"))
const path = Options.text("path").pipe(Options.optional, Options.withDescription("fast-check counterexample path, with --seed and --only, to replay one failure"))
const only = Options.text("only").pipe(Options.optional, Options.withDescription("run only the cases whose name contains this text (e.g. a mutation id)"))

/** Load the suite a module exports (default export first), or say why not on stderr and exit 2. */
const loadSuite = (module: Option.Option<string>): Effect.Effect<ContractSuite | null> =>
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
    if (suite === undefined) {
      yield* Console.error(`lakegate: ${file}: exports no contract suite (export one made with contractSuite({...}))`)
      return null
    }
    return suite
  }).pipe(Effect.tap((suite) => (suite === null ? Effect.sync(() => (process.exitCode = ExitCode.usage)) : Effect.void)))

/** `contracts test`: run the suite, print the table, set the exit code. */
export const contractsTestCommand = Command.make("test", { module: moduleArg, runs, seed, path, only }, (options) =>
  Effect.gen(function* () {
    const suite = yield* loadSuite(options.module)
    if (suite === null) return
    const outcome = yield* suite.run({
      runs: Math.max(1, options.runs),
      ...Option.match(options.seed, { onNone: () => ({}), onSome: (s) => ({ seed: s }) }),
      ...Option.match(options.path, { onNone: () => ({}), onSome: (p) => ({ path: p }) }),
      ...Option.match(options.only, { onNone: () => ({}), onSome: (o) => ({ only: o }) }),
      onCase: (property, name, result) => {
        if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  property ${property}: ${name} ${result.passed ? "ok" : "FAILED"}`)
      }
    })
    if (process.stderr.isTTY) process.stderr.write("\r\x1b[K")
    yield* Console.log(outcome.text)
    if (!outcome.passed) yield* Effect.sync(() => (process.exitCode = ExitCode.violation))
  })
).pipe(Command.withDescription("Run a contract suite: valid data passes, every mutation is caught by exactly its checks."))

/** `contracts mutations`: the suite's mutation catalogue as Markdown. */
export const contractsMutationsCommand = Command.make("mutations", { module: moduleArg }, (options) =>
  Effect.gen(function* () {
    const suite = yield* loadSuite(options.module)
    if (suite === null) return
    yield* Console.log(suite.catalogue?.() ?? `${suite.name}: this suite has no mutation catalogue`)
  })
).pipe(Command.withDescription("Print a contract suite's mutation catalogue (mutation → check ids) as a Markdown table."))

/** The `contracts` command with its `test` and `mutations` subcommands. */
export const contractsCommand = Command.make("contracts").pipe(
  Command.withDescription("Test the data contracts themselves."),
  Command.withSubcommands([contractsTestCommand, contractsMutationsCommand])
)
