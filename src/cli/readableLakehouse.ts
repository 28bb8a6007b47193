/**
 * `--lakehouse` of the read-only commands (`gold history`, `gold verify`,
 * `sql`, `export-catalog`): a local folder is read as it is; an
 * `az://<container>/<prefix>` lakehouse is first pulled into a local cache
 * (`--cache`; by default the run's default cache folder with `.read` added, so
 * that a reader never pulls into a folder a run on this machine works in),
 * only what the command reads, each file downloaded only when no file with
 * its sha256 is there already, and the command runs on the cache. The pull
 * holds the cache's local lock (a second reader on the same cache exits 5);
 * it takes no lease: a reader sees what the pointers name when it pulls.
 *
 * @example
 * ```ts
 * const root = yield* readableLakehouse("az://lake/prod", Option.none(), { layers: [], goldVersions: () => [] })
 * // → "/home/me/.cache/lakegate/acct/lake/prod.read", holding gold/_current.json
 * ```
 */
import { Options } from "@effect/cli"
import { Data, Effect, Either, Option } from "effect"
import { randomBytes } from "node:crypto"
import { homedir } from "node:os"
import { holdLakehouse } from "../lakehouse/RunLock.ts"
import { ExitCode } from "../run/exitCode.ts"
import { azureBlobStoreLayer } from "../storage/azureBlobStore.ts"
import { azureLocation, isStoreUrl } from "../storage/objectStoreLocation.ts"
import { pullCache, type PullOptions } from "../storage/pullCache.ts"
import { terminalSafe } from "./summary.ts"

/** `--lakehouse` of a read-only command: a folder or `az://...`. */
export const readableLakehouseOption = Options.text("lakehouse").pipe(
  Options.withDefault("lakehouse"),
  Options.withDescription("lakehouse root directory, or az://<container>/<prefix> on Azure Blob Storage, pulled into --cache first (credentials as for lakegate run) (default: lakehouse)")
)

/** `--cache` of a read-only command. */
export const readCacheOption = Options.text("cache").pipe(
  Options.optional,
  Options.withDescription("with an az:// lakehouse: the local folder it is pulled into and read from, kept between commands (default: the run's default cache folder with .read added)")
)

/** The lakehouse could not be made readable: one line and the exit code to leave with. */
export class UnreadableLakehouse extends Data.TaggedError("UnreadableLakehouse")<{ readonly exitCode: number; readonly message: string }> {}

/** The local root to read `lakehouse` from: itself, or the cache an `az://` lakehouse was just pulled into (`what`: what to pull). */
export const readableLakehouse = (lakehouse: string, cache: Option.Option<string>, what: PullOptions): Effect.Effect<string, UnreadableLakehouse> => {
  if (!isStoreUrl(lakehouse)) return Effect.succeed(lakehouse)
  const located = azureLocation(lakehouse, process.env, homedir())
  if (Either.isLeft(located)) return Effect.fail(new UnreadableLakehouse({ exitCode: ExitCode.usage, message: terminalSafe(located.left.message) }))
  const root = Option.getOrElse(cache, () => `${located.right.cache}.read`)
  return Effect.scoped(Effect.zipRight(holdLakehouse(root, `read-${randomBytes(3).toString("hex")}`), pullCache(root, what))).pipe(
    Effect.provide(azureBlobStoreLayer(located.right.settings)),
    Effect.as(root),
    Effect.mapError((e) => {
      const message = e._tag === "StorageError" ? `${e.key}: ${e.operation}: ${e.message}` : e._tag === "LakehouseError" ? `the cache ${root}: ${e.operation} ${e.path}: ${e.message}` : e.message
      const exitCode = e._tag === "LakehouseBusy" ? ExitCode.busy : e._tag === "UnusableDirectory" ? ExitCode.usage : ExitCode.internal
      return new UnreadableLakehouse({ exitCode, message: terminalSafe(message.split("\n")[0] ?? message) })
    })
  )
}
