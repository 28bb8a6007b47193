/**
 * `lakegate contracts diff OLD NEW` and `lakegate contracts diff --base REF [FILES...]`:
 * classify every change between two versions of table contracts (TypeScript
 * or ODCS) as breaking or not (the rules: docs/contracts-diff.md), print them
 * as a table (or JSON with `--json`; GitHub annotations too when
 * GITHUB_ACTIONS is set), and fail on a breaking change whose contract's
 * major version did not go up.
 *
 *   lakegate contracts diff contracts/orders.v1.ts contracts/orders.ts
 *   lakegate contracts diff --base origin/main                # the files of "lakegate": { "contractFiles": [...] }
 *   lakegate contracts diff --base HEAD~1 'contracts/**\/*.ts' --json
 *
 * Exit codes: 0 no breaking change, or each one's table has a new major
 * version; 1 a breaking change without one; 2 bad usage, a contract that
 * cannot be loaded, or a git ref that cannot be read (one line on stderr).
 */
import { Args, Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { readFile } from "node:fs/promises"
import { diffAgainstRef, diffContractFiles } from "../diff/compare.ts"
import { describeDiffError } from "../diff/DiffError.ts"
import { diffJson, githubAnnotations, renderDiff } from "../diff/render.ts"
import type { DiffReport } from "../diff/report.ts"
import { ExitCode } from "../run/exitCode.ts"
import { commandHelp } from "./help.ts"

const files = Args.text({ name: "FILE" }).pipe(
  Args.repeated,
  Args.withDescription('OLD NEW (two contract files), or with --base the contract files or globs to compare (default: "lakegate": { "contractFiles": [...] } in ./package.json)')
)
const base = Options.text("base").pipe(Options.optional, Options.withDescription("compare the working tree's contract files with the same files at this git ref (e.g. origin/main)"))
const json = Options.boolean("json").pipe(Options.withDescription("print the changes as JSON"))

const setExit = (code: number) => Effect.sync(() => (process.exitCode = code))

/** `"lakegate": { "contractFiles": [...] }` in ./package.json (a string or a list of paths and globs), if any. */
export const configuredContractFiles = (): Effect.Effect<ReadonlyArray<string> | null> =>
  Effect.tryPromise(() => readFile("package.json", "utf8")).pipe(
    Effect.map((text): ReadonlyArray<string> | null => {
      const json: unknown = JSON.parse(text)
      if (json === null || typeof json !== "object" || !("lakegate" in json)) return null
      const config: unknown = json.lakegate
      if (config === null || typeof config !== "object" || !("contractFiles" in config)) return null
      const value: unknown = config.contractFiles
      if (typeof value === "string") return [value]
      return Array.isArray(value) && value.every((v): v is string => typeof v === "string") ? value : null
    }),
    Effect.orElseSucceed(() => null)
  )

const print = (report: DiffReport, asJson: boolean) =>
  Effect.gen(function* () {
    const actions = process.env["GITHUB_ACTIONS"]
    const annotations = actions !== undefined && actions !== "" && actions !== "false" ? githubAnnotations(report) : []
    if (asJson) {
      // stdout stays one JSON document; the runner reads workflow commands from stderr too.
      for (const a of annotations) yield* Console.error(a)
      yield* Console.log(diffJson(report))
    } else {
      for (const a of annotations) yield* Console.log(a)
      yield* Console.log(renderDiff(report))
    }
    yield* setExit(report.fails ? ExitCode.violation : ExitCode.ok)
  })

/** `contracts diff`: compare two contract files, or the working tree's contracts with a git ref. */
export const contractsDiffCommand = Command.make("diff", { files, base, json }, (options) =>
  Effect.gen(function* () {
    const usage = (message: string) => Console.error(`lakegate: ${message}`).pipe(Effect.zipRight(setExit(ExitCode.usage)))
    let run: Effect.Effect<DiffReport, Parameters<typeof describeDiffError>[0]>
    if (Option.isSome(options.base)) {
      const patterns = options.files.length > 0 ? options.files : yield* configuredContractFiles()
      if (patterns === null || patterns.length === 0) {
        return yield* usage('contracts diff --base: no contract files: give FILES, or list them in package.json as "lakegate": { "contractFiles": ["contracts/**/*.ts"] }')
      }
      run = diffAgainstRef(options.base.value, patterns)
    } else {
      const [before, after, ...rest] = options.files
      if (before === undefined || after === undefined || rest.length > 0) {
        return yield* usage(`contracts diff takes two contract files (OLD NEW), or --base GIT_REF [FILES...]; got ${options.files.length} file${options.files.length === 1 ? "" : "s"}`)
      }
      run = diffContractFiles(before, after)
    }
    const outcome = yield* Effect.either(run)
    if (outcome._tag === "Left") return yield* usage(describeDiffError(outcome.left))
    yield* print(outcome.right, options.json)
  })
).pipe(
  Command.withDescription(
    commandHelp("Classify the changes between two versions of table contracts as breaking or not; exit 1 on a breaking change whose major version did not go up (rules: docs/contracts-diff.md).", {
      defaults: ['FILE... with --base: "lakegate": { "contractFiles": [...] } in ./package.json', "output  a table (--json: JSON)"],
      examples: ["lakegate contracts diff old/orders.contract.ts orders.contract.ts", "lakegate contracts diff --base origin/main --json"]
    })
  )
)
