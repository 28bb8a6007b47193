/**
 * `lakegate gold history` and `lakegate gold rollback --to VERSION`: list the
 * retained gold versions (current marked) and switch `gold/_current.json`.
 */
import { Command, Options } from "@effect/cli"
import { Console, Effect, Either, Option } from "effect"
import { homedir } from "node:os"
import { KEEP_VERSIONS, readCurrent, rollbackTo, type GoldVersion } from "../lakehouse/goldVersions.ts"
import { randomBytes } from "node:crypto"
import { holdLakehouse } from "../lakehouse/RunLock.ts"
import { ExitCode } from "../run/exitCode.ts"
import { goldCompactCommand } from "./goldCompactCommand.ts"
import { goldVerifyCommand } from "./goldVerifyCommand.ts"
import { commandHelp } from "./help.ts"
import { readableLakehouse, readableLakehouseOption, readCacheOption } from "./readableLakehouse.ts"
import { terminalSafe } from "./summary.ts"
import { azureBlobStoreLayer } from "../storage/azureBlobStore.ts"
import { azureLocation, isStoreUrl } from "../storage/objectStoreLocation.ts"
import { rollbackOnStore } from "../storage/rollbackOnStore.ts"

const to = Options.text("to").pipe(Options.withDescription("the version to make current (see `lakegate gold history`)"))

const setExit = (code: number) =>
  Effect.sync(() => {
    process.exitCode = code
  })

const describe = (v: GoldVersion, current: boolean): string => {
  const dates = v.ingestedDates.length === 0 ? "-" : `${v.ingestedDates[0]}..${v.ingestedDates[v.ingestedDates.length - 1]} (${v.ingestedDates.length})`
  const rows = Object.entries(v.tables).map(([t, ref]) => `${t}=${ref.rows}`).join(" ")
  return `${current ? "*" : " "} ${v.version}  date ${v.ingestionDate}  created ${v.createdAt}  merged ${dates}  ${rows}`
}

/** Fail with a one-line message and an exit code. */
const fail = (code: number, message: string) => Console.error(`lakegate: ${message}`).pipe(Effect.zipRight(setExit(code)))

const history = Command.make("history", { lakehouse: readableLakehouseOption, cache: readCacheOption }, (options) =>
  // On az://: gold's pointer alone (it holds the history).
  readableLakehouse(options.lakehouse, options.cache, { layers: [], goldVersions: () => [] }).pipe(
    Effect.flatMap(readCurrent),
    Effect.flatMap((state) =>
      Option.match(state, {
        onNone: () => Console.log(`no gold version in ${options.lakehouse}`),
        onSome: (s) =>
          Console.log(
            [`gold versions in ${options.lakehouse} (newest first, * = current, at most ${KEEP_VERSIONS} kept):`, ...s.versions.map((v) => describe(v, v.version === s.current.version))].join("\n")
          )
      })
    ),
    Effect.catchTags({
      UnreadableLakehouse: (e) => fail(e.exitCode, e.message),
      LakehouseError: (e) => fail(ExitCode.internal, `${e.operation} ${e.path}: ${e.message}`)
    })
  )
).pipe(
  Command.withDescription(
    commandHelp("List the retained gold versions, newest first; the current one is marked *.", {
      defaults: ["--lakehouse lakehouse", "--cache     with az://: the run's default cache folder with .read added"],
      notes: ["On an az:// lakehouse only gold's pointer is downloaded (into --cache)."],
      examples: ["lakegate gold history", "lakegate gold history --lakehouse /data/lakehouse", "lakegate gold history --lakehouse az://lake/prod --cache /tmp/lake-read"]
    })
  )
)

/** `gold rollback` on an az:// lakehouse: the pointer switched in the store, under the lease. */
const rollbackRemote = (location: string, version: string) => {
  const located = azureLocation(location, process.env, homedir())
  if (Either.isLeft(located)) return fail(ExitCode.usage, terminalSafe(located.left.message))
  return rollbackOnStore(version, new Date().toISOString()).pipe(
    Effect.provide(azureBlobStoreLayer(located.right.settings)),
    Effect.flatMap((state) => Console.log(`gold: current version is now ${state.current.version} (date ${state.current.ingestionDate})`)),
    Effect.catchTags({
      UnknownGoldVersion: (e) => fail(ExitCode.usage, e.message),
      LeaseHeld: (e) => fail(ExitCode.busy, e.message),
      RemoteConflict: (e) => fail(ExitCode.busy, `another writer switched ${e.location}/${e.key} during the rollback; nothing was switched: see lakegate gold history, then roll back again`),
      StorageError: (e) => fail(ExitCode.internal, terminalSafe(`${e.key}: ${e.operation}: ${e.message}`))
    })
  )
}

const rollback = Command.make("rollback", { lakehouse: readableLakehouseOption, to }, (options) =>
  isStoreUrl(options.lakehouse)
    ? rollbackRemote(options.lakehouse, options.to)
    : // A rollback is a write: it holds the lakehouse like a run.
      Effect.scoped(Effect.zipRight(holdLakehouse(options.lakehouse, `rollback-${randomBytes(3).toString("hex")}`), rollbackTo(options.lakehouse, options.to, new Date().toISOString()))).pipe(
        Effect.flatMap((state) => Console.log(`gold: current version is now ${state.current.version} (date ${state.current.ingestionDate})`)),
        Effect.catchTags({
          UnknownGoldVersion: (e) => fail(ExitCode.usage, e.message),
          LakehouseBusy: (e) => fail(ExitCode.busy, e.message),
          UnusableDirectory: (e) => fail(ExitCode.usage, e.message),
          LakehouseError: (e) => fail(ExitCode.internal, `${e.operation} ${e.path}: ${e.message}`)
        })
      )
).pipe(
  Command.withDescription(
    commandHelp("Switch gold/_current.json to a retained version (rolls back, or forward again).", {
      defaults: ["--lakehouse lakehouse", "--to        none: it is required, a version as lakegate gold history lists it"],
      notes: ["Exit 5 while a run holds the lakehouse. On an az:// lakehouse gold's pointer is switched in the store (If-Match, under the run's lease); nothing is downloaded."],
      examples: ["lakegate gold rollback --to 2026-11-22_20261123T060102Z_a1b2c3", "lakegate gold rollback --to 2026-11-22_20261123T060102Z_a1b2c3 --lakehouse /data/lakehouse"]
    })
  )
)

/** `lakegate gold …`: manage gold versions. Wire with `Command.withSubcommands([runCommand, goldCommand])`. */
export const goldCommand = Command.make("gold").pipe(
  Command.withDescription(
    commandHelp("Manage gold versions.", {
      notes: ["  history   list the retained gold versions, newest first", "  rollback  switch the current version to a retained one", "  verify    audit a version whole: its files, then the gold contracts over every row", "  compact   merge a table's small files into a new, audited version"],
      defaults: ["--lakehouse lakehouse"],
      examples: ["lakegate gold history", "lakegate gold rollback --to 2026-11-22_20261123T060102Z_a1b2c3"]
    })
  ),
  Command.withSubcommands([history, rollback, goldVerifyCommand, goldCompactCommand])
)
