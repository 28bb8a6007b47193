/**
 * The lakegate command line. Thin: it parses flags, calls the library and maps
 * the outcome to an exit code (see `src/run/exitCode.ts`).
 */
import { Command, ValidationError } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Console, Effect, Exit } from "effect"
import { ExitCode } from "../run/exitCode.ts"
import { TOOL_VERSION } from "../run/version.ts"
import { checkCommand } from "./checkCommand.ts"
import { contractsCommand } from "./contractsCommand.ts"
import { exportCatalogCommand } from "./exportCatalogCommand.ts"
import { sqlCommand } from "./sqlCommand.ts"
import { goldCommand } from "./goldCommand.ts"
import { initCommand } from "./initCommand.ts"
import { reportCommand } from "./reportCommand.ts"
import { runCommand } from "./runCommand.ts"
import { watchCommand } from "./watchCommand.ts"

const lakegate = Command.make("lakegate").pipe(
  Command.withDescription("Data contracts and quality gates for a medallion lakehouse."),
  Command.withSubcommands([runCommand, reportCommand, goldCommand, contractsCommand, checkCommand, initCommand, sqlCommand, exportCatalogCommand, watchCommand])
)

const cli = Command.run(lakegate, { name: "lakegate", version: TOOL_VERSION })

const program = cli(process.argv).pipe(
  Effect.catchIf(ValidationError.isValidationError, (error) =>
    Effect.sync(() => {
      // @effect/cli has already printed the problem and the relevant help.
      if (!ValidationError.isHelpRequested(error)) process.exitCode = ExitCode.usage
    })
  ),
  Effect.provide(NodeContext.layer)
)

NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  teardown: (exit, onExit) => {
    if (Exit.isFailure(exit) && !Cause.isInterruptedOnly(exit.cause)) {
      const failure = Cause.squash(exit.cause)
      Effect.runSync(Console.error(`lakegate: internal error: ${failure instanceof Error ? failure.message : String(failure)}`))
      onExit(ExitCode.internal)
    } else onExit(typeof process.exitCode === "number" ? process.exitCode : 0)
  }
})
