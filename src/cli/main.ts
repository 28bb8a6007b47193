/**
 * The lakegate command line. Thin: it parses flags, calls the library and maps
 * the outcome to an exit code (see `src/run/exitCode.ts`).
 */
// First: it records a stop signal that arrives while the rest of the bundle is still loading (the launcher did already).
import { firstStopSignal, interruptionReported } from "./stopSignals.ts"
import { CliConfig, Command, HelpDoc, ValidationError } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Console, Effect, Exit } from "effect"
import { ExitCode, interruptedExitCode } from "../run/exitCode.ts"
import { TOOL_VERSION } from "../run/version.ts"
import { checkCommand } from "./checkCommand.ts"
import { commandPath, colourAllowed, repeatedFlag, rewritingConsole, type CommandTree } from "./commandLine.ts"
import { contractsCommand } from "./contractsCommand.ts"
import { exportCatalogCommand } from "./exportCatalogCommand.ts"
import { sqlCommand } from "./sqlCommand.ts"
import { goldCommand } from "./goldCommand.ts"
import { commandHelp } from "./help.ts"
import { initCommand } from "./initCommand.ts"
import { loadPipeline } from "./loadPipeline.ts"
import { configuredModule } from "./projectConfig.ts"
import { reportCommand } from "./reportCommand.ts"
import { runCommand } from "./runCommand.ts"
import { watchCommand } from "./watchCommand.ts"

const lakegate = Command.make("lakegate").pipe(
  Command.withDescription(
    commandHelp("Data contracts and quality gates for a medallion lakehouse. Each command's --help gives its options, defaults and examples.", {
      notes: [
        "  run              run the gated pipeline: source -> bronze -> silver -> gold, with reports",
        "  check            check data files against a table contract, no pipeline",
        "  init             profile data files and write a starting contract",
        "  contracts        test, list mutations of, export and diff contracts",
        "  report           rebuild a date's reports from its quality.json",
        "  gold             list gold versions, roll back",
        "  sql              query the published tables",
        "  export-catalog   a DuckDB database of views for BI tools",
        "  watch            run the pipeline on each delivery arriving in a folder"
      ],
      examples: ["lakegate run", "lakegate check orders.contract.ts 'exports/*.csv'", "lakegate gold history --help"]
    })
  ),
  Command.withSubcommands([runCommand, checkCommand, initCommand, contractsCommand, reportCommand, goldCommand, sqlCommand, exportCatalogCommand, watchCommand])
)

/** The command names, two levels deep, to tell which command a `--help` is for. */
const tree: CommandTree = new Map(
  [...Command.getSubcommands(lakegate)].map(([name]): [string, CommandTree] => {
    const children = name === "gold" ? Command.getSubcommands(goldCommand) : name === "contracts" ? Command.getSubcommands(contractsCommand) : null
    return [name, new Map(children === null ? [] : [...children].map(([child]): [string, CommandTree] => [child, new Map()]))]
  })
)

/** Shown under every command's help. */
const footer = HelpDoc.blocks([
  HelpDoc.h2("Exit codes (unless the command says otherwise above)"),
  HelpDoc.p(
    [
      "  0  ok: published, or every check passed (warnings allowed unless --fail-on warn)",
      "  1  a check failed or blocked a publish (or warned, with --fail-on warn)",
      "  2  bad usage or a contract lakegate cannot honour",
      "  3  unreadable input",
      "  4  internal error (I/O, engine); nothing half-published",
      "  5  the lakehouse is in use by another run"
    ].join("\n")
  ),
  HelpDoc.h2("Every command also takes"),
  HelpDoc.p(
    [
      "  -h, --help                      this help",
      "  --version                       the version",
      "  --completions sh|bash|fish|zsh  a shell completion script",
      "  --log-level LEVEL               the least level of log lines shown (default: info)"
    ].join("\n")
  )
])

const args = process.argv.slice(2)
const path = commandPath(args, tree)

/** The value of `--name VALUE` or `--name=VALUE` among the arguments, if given. */
const flagValue = (name: string): string | null => {
  const at = args.indexOf(name)
  if (at >= 0) return args[at + 1] ?? null
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1) ?? null
}

/**
 * For `run --help` and `watch --help`: the defaults this project sets, from
 * ./package.json and the pipeline it names (its default input), which the
 * options' descriptions can only name in general.
 */
const projectDefaults: Effect.Effect<HelpDoc.HelpDoc> = Effect.suspend(() => {
  const command = path[0]
  if ((command !== "run" && command !== "watch") || !(args.includes("--help") || args.includes("-h"))) return Effect.succeed(HelpDoc.empty)
  const given = flagValue("--pipeline")
  return Effect.all([configuredModule("pipeline"), Effect.either(loadPipeline(given))]).pipe(
    Effect.map(([configured, loaded]) => {
      const module = given ?? configured
      const input = loaded._tag === "Right" ? loaded.right.pipeline.defaults?.input : undefined
      const lines = [
        ...(module === null ? [] : [`  --pipeline ${module}${given === null ? " (package.json)" : ""}`]),
        ...(command === "run" ? [`  --input    ${input ?? (loaded._tag === "Left" ? "(the pipeline could not be loaded)" : "none: the pipeline has no default input")}`] : [])
      ]
      return lines.length === 0 ? HelpDoc.empty : HelpDoc.blocks([HelpDoc.h2("Defaults in this project"), HelpDoc.p(lines.join("\n"))])
    })
  )
})

/** Refused before parsing, in one line: a flag given twice, and the interactive wizard (not supported). */
const precheck = (): string | null => {
  // `gold compact --table` is the one option that takes several values.
  const repeated = repeatedFlag(args, commandPath(args, tree).join(" ") === "gold compact" ? ["--table"] : [])
  if (repeated !== null) return `${repeated} given twice`
  if (args.includes("--wizard")) return "--wizard is not supported: every option is in --help"
  return null
}

const parsed = Effect.flatMap(projectDefaults, (here) =>
  Command.run(lakegate, { name: "lakegate", version: TOOL_VERSION, footer: HelpDoc.sequence(here, footer) })(process.argv)
).pipe(
  Effect.catchIf(ValidationError.isValidationError, (error) =>
    Effect.sync(() => {
      // @effect/cli has already printed the problem and the relevant help.
      if (!ValidationError.isHelpRequested(error)) process.exitCode = ExitCode.usage
    })
  )
)

const program = Effect.suspend(() => {
  // A signal received while the CLI was loading, before the runtime listened: stop now (the teardown says so).
  if (firstStopSignal() !== null) return Effect.interrupt
  const refused = precheck()
  return refused === null ? parsed : Effect.zipRight(Console.error(`lakegate: ${refused}`), Effect.sync(() => (process.exitCode = ExitCode.usage)))
}).pipe(
  // Colour only on a terminal without NO_COLOR; a subcommand's usage names its parent.
  (effect) =>
    Console.consoleWith((base) =>
      Console.withConsole(
        effect,
        rewritingConsole(base, { plainOut: !colourAllowed(process.stdout), plainErr: !colourAllowed(process.stderr), program: "lakegate", path })
      )
    ),
  Effect.provide(CliConfig.layer({ showBuiltIns: false })),
  Effect.provide(NodeContext.layer)
)

NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  teardown: (exit, onExit) => {
    const signal = firstStopSignal()
    // Stopped by a signal (watch excepted: a signal is how it is stopped, exit 0): one line and 128 + the signal's number.
    if (Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause) && signal !== null && path[0] !== "watch") {
      const code = interruptedExitCode(signal)
      if (!interruptionReported()) process.stderr.write(`lakegate: interrupted by ${signal}: stopped before it finished (exit ${code})\n`)
      onExit(code)
    } else if (Exit.isFailure(exit) && !Cause.isInterruptedOnly(exit.cause)) {
      const failure = Cause.squash(exit.cause)
      Effect.runSync(Console.error(`lakegate: internal error: ${failure instanceof Error ? failure.message : String(failure)}`))
      onExit(ExitCode.internal)
    } else onExit(typeof process.exitCode === "number" ? process.exitCode : 0)
  }
})
