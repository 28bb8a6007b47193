/**
 * `lakegate contracts test`: property-based tests of the contracts in
 * `contracts/` (valid data is accepted, every mutation is rejected by exactly
 * its checks, schemas round-trip, every check has a mutation). Prints a table;
 * exits 1 when a property fails, with the seed and path that replay it.
 *
 * `lakegate contracts mutations`: print the mutation catalogue as a Markdown table.
 */
import { Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { mutationTable } from "../properties/mutationsDoc.ts"
import { renderContractTests, runContractTests } from "../properties/runContractTests.ts"
import { ExitCode } from "../run/exitCode.ts"

const runs = Options.integer("runs").pipe(
  Options.withDefault(100),
  Options.withDescription("runs of each in-process property (default 100); properties that run the pipeline get about 1.25·√runs")
)
const seed = Options.integer("seed").pipe(Options.optional, Options.withDescription("fast-check seed, to replay a failure"))
const path = Options.text("path").pipe(Options.optional, Options.withDescription("fast-check counterexample path, with --seed and --only, to replay one failure"))
const only = Options.text("only").pipe(Options.optional, Options.withDescription("run only the cases whose name contains this text (e.g. a mutation id)"))

/** `contracts test`: run the contract properties, print the table, set the exit code. */
export const contractsTestCommand = Command.make("test", { runs, seed, path, only }, (options) =>
  Effect.gen(function* () {
    const results = yield* runContractTests({
      runs: Math.max(1, options.runs),
      ...Option.match(options.seed, { onNone: () => ({}), onSome: (s) => ({ seed: s }) }),
      ...Option.match(options.path, { onNone: () => ({}), onSome: (p) => ({ path: p }) }),
      ...Option.match(options.only, { onNone: () => ({}), onSome: (o) => ({ only: o }) }),
      onCase: (property, name, outcome) => {
        if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  property ${property}: ${name} ${outcome.passed ? "ok" : "FAILED"}`)
      }
    })
    if (process.stderr.isTTY) process.stderr.write("\r\x1b[K")
    yield* Console.log(renderContractTests(results))
    const failed = results.some((r) => !r.passed)
    if (failed) yield* Effect.sync(() => (process.exitCode = ExitCode.violation))
  })
).pipe(Command.withDescription("Property-based tests of the contracts: valid data passes, every mutation is caught by exactly its checks."))

/** `contracts mutations`: the mutation catalogue as Markdown. */
export const contractsMutationsCommand = Command.make("mutations", {}, () => Console.log(mutationTable())).pipe(
  Command.withDescription("Print the mutation catalogue (mutation → check ids) as a Markdown table.")
)

/** The `contracts` command with its `test` and `mutations` subcommands. */
export const contractsCommand = Command.make("contracts").pipe(
  Command.withDescription("Test the data contracts themselves."),
  Command.withSubcommands([contractsTestCommand, contractsMutationsCommand])
)
