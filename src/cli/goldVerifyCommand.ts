/**
 * `lakegate gold verify`: the full audit of a gold version (the current one,
 * or `--version`). A daily run audits what it changes; this reads every file
 * of every table: the files against the version's lists (size, sha256, row
 * counts), then the pipeline's gold contracts over whole tables. Exit 0 when
 * everything passes, 1 when a check fails.
 */
import { Command, Options } from "@effect/cli"
import { Console, Effect, Layer, Option } from "effect"
import { existsSync } from "node:fs"
import type { CheckResult } from "../contract/CheckResult.ts"
import { DuckLive } from "../engine/Duck.ts"
import { readCurrent } from "../lakehouse/goldVersions.ts"
import { isStoreUrl } from "../storage/objectStoreLocation.ts"
import { auditVersion, verifyFiles } from "../lakehouse/verifyVersion.ts"
import { ExitCode } from "../run/exitCode.ts"
import { commandHelp } from "./help.ts"
import { readableLakehouse, readableLakehouseOption, readCacheOption } from "./readableLakehouse.ts"
import { loadPipeline } from "./loadPipeline.ts"
import { configuredModule } from "./projectConfig.ts"
import { terminalSafe } from "./summary.ts"

const version = Options.text("version").pipe(Options.optional, Options.withDescription("the version to audit, as lakegate gold history lists it (default: the current one)"))
const pipelineFile = Options.text("pipeline").pipe(
  Options.optional,
  Options.withDescription('the pipeline whose gold contracts to run (default: "lakegate": { "pipeline": FILE } in ./package.json; without one, only the files are checked)')
)

const setExit = (code: number) =>
  Effect.sync(() => {
    process.exitCode = code
  })
const fail = (code: number, message: string) => Console.error(`lakegate: ${terminalSafe(message.split("\n")[0] ?? message)}`).pipe(Effect.zipRight(setExit(code)))

const line = (r: CheckResult): string => {
  const sample = r.status === "pass" ? undefined : r.samples[0]
  const example = sample === undefined ? "" : `\n      e.g. ${terminalSafe(`${sample.sourceId ?? sample.path}: ${sample.message}`)}`
  return `${r.status.toUpperCase().padEnd(5)} ${r.checkId} on ${r.table}: ${terminalSafe(r.message)}${example}`
}

export const goldVerifyCommand = Command.make("verify", { lakehouse: readableLakehouseOption, cache: readCacheOption, version, pipeline: pipelineFile }, (options) =>
  Effect.gen(function* () {
    if (!isStoreUrl(options.lakehouse) && !existsSync(options.lakehouse)) return yield* fail(ExitCode.usage, `no lakehouse at ${options.lakehouse}`)
    // On az://: gold's pointer and the files of the version to audit, downloaded (or found in the cache by sha256) and then checked like local ones.
    const wantedOf = (current: string) => Option.getOrElse(options.version, () => current)
    const root = yield* readableLakehouse(options.lakehouse, options.cache, { layers: [], goldVersions: (s) => [s.current, ...s.versions].filter((v) => v.version === wantedOf(s.current.version)).slice(0, 1) })
    const state = yield* readCurrent(root)
    if (Option.isNone(state)) return yield* fail(ExitCode.usage, `no gold version in ${options.lakehouse} to verify`)
    const wanted = wantedOf(state.value.current.version)
    const target = [state.value.current, ...state.value.versions].find((v) => v.version === wanted)
    if (target === undefined) return yield* fail(ExitCode.usage, `unknown gold version ${wanted}; see \`lakegate gold history\``)
    const file = Option.getOrNull(options.pipeline) ?? (yield* configuredModule("pipeline"))
    const audit =
      file === null
        ? undefined
        : Option.fromNullable((yield* loadPipeline(file)).pipeline.downstream.find((d) => d.layer === "gold")?.audit).pipe(Option.getOrUndefined)
    const files = yield* verifyFiles(root, target)
    const filesHold = files.every((r) => r.status === "pass")
    // The contracts read the files: only once they are the files the version lists.
    const results = [...files, ...(audit === undefined || !filesHold ? [] : yield* auditVersion(root, target, audit))]
    yield* Console.log([`gold version ${target.version} (date ${target.ingestionDate}):`, ...results.map(line)].join("\n"))
    const failed = results.filter((r) => r.status === "fail" || r.status === "error")
    const scope = audit === undefined ? " (files only: no pipeline gives gold contracts)" : !filesHold ? " (the contracts were not run: the files differ from the version's lists)" : ""
    yield* Console.log(failed.length === 0 ? `verified: ${results.length} checks passed${scope}` : `NOT VERIFIED: ${failed.length} of ${results.length} checks failed${scope}`)
    if (failed.length > 0) yield* setExit(ExitCode.violation)
  }).pipe(
    Effect.provide(DuckLive),
    Effect.catchTags({
      PipelineNotFound: (e) => fail(ExitCode.usage, e.message),
      UnreadableLakehouse: (e) => fail(e.exitCode, e.message),
      LakehouseError: (e) => fail(ExitCode.internal, `${e.operation} ${e.path}: ${e.message}`),
      ConfigError: (e) => fail(ExitCode.usage, `invalid DuckDB setting: ${String(e)}`)
    })
  )
).pipe(
  Command.withDescription(
    commandHelp("Audit a gold version whole: every file against the version's lists (size, sha256, rows), then the pipeline's gold contracts over every row. Daily runs audit only what they change.", {
      defaults: ["--lakehouse lakehouse", "--cache     with az://: the run's default cache folder with .read added", "--version   the current one", '--pipeline  "lakegate": { "pipeline": FILE } in ./package.json'],
      notes: [
        "On an az:// lakehouse gold's pointer and the version's files are downloaded into --cache (a file already there with the same sha256 is not), then audited there.",
        "Exit codes: 0 verified; 1 a check failed; 2 bad usage (no lakehouse, no gold version, unknown version, no pipeline at --pipeline); 4 an I/O, engine or storage error; 5 another command is pulling into the same --cache."
      ],
      examples: ["lakegate gold verify", "lakegate gold verify --lakehouse /data/lakehouse --version 2026-11-22_20261123T060102Z_a1b2c3"]
    })
  )
)
