/**
 * `--reports DIR | az://<container>/<prefix>`: where a run's reports go. A
 * folder is written as always; an object-store prefix is written through a
 * local temporary folder (see `src/storage/storeReports.ts`): its dates'
 * `quality.json` pulled, the reports written, what was written uploaded.
 *
 * @example
 * const target = yield* reportsTarget("az://lake/reports") // Right({ local: "/tmp/lakegate-reports-…", store })
 * const written = yield* writeReportsTo(report, target.right)
 */
import type { FileSystem, Path } from "@effect/platform"
import { Effect, Either } from "effect"
import { mkdir, mkdtemp, rm } from "node:fs/promises"
import { homedir, tmpdir } from "node:os"
import { join } from "node:path"
import type { RunReport } from "../report/RunReport.ts"
import { azureBlobStore } from "../storage/azureBlobStore.ts"
import type { ObjectStoreShape } from "../storage/ObjectStore.ts"
import { azureLocation, isStoreUrl } from "../storage/objectStoreLocation.ts"
import { pullReports, pushReports } from "../storage/storeReports.ts"
import { writeRunReports, type WrittenReports } from "./reports.ts"

/** Where reports are written locally, and the store they are uploaded to (null: the folder is the place). */
export interface ReportsTarget {
  readonly local: string
  readonly store: ObjectStoreShape | null
}

/** The target `--reports` names, or why it cannot be used (one line). */
export const reportsTarget = (reports: string): Effect.Effect<Either.Either<ReportsTarget, string>> =>
  Effect.gen(function* () {
    if (!isStoreUrl(reports)) return Either.right({ local: reports, store: null })
    const located = azureLocation(reports, process.env, homedir())
    if (Either.isLeft(located)) return Either.left(`--reports ${reports}: ${located.left.reason}`)
    const local = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "lakegate-reports-")))
    return Either.right({ local, store: azureBlobStore(located.right.settings) })
  })

/** Write a run's reports to the target; as `writeRunReports`, failures are returned (one line), never raised. */
export const writeReportsTo = (report: RunReport, target: ReportsTarget): Effect.Effect<WrittenReports, never, FileSystem.FileSystem | Path.Path> => {
  const store = target.store
  if (store === null) return writeRunReports(report, target.local)
  const failed = (cause: string): WrittenReports => ({ paths: [], error: `could not write the reports to ${store.location}: ${cause}`, cause })
  const fresh = Effect.promise(() => rm(target.local, { recursive: true, force: true }).then(() => mkdir(target.local, { recursive: true })))
  return Effect.gen(function* () {
    yield* fresh
    const pulled = yield* pullReports(store, target.local)
    const written = yield* writeRunReports(report, target.local)
    if (written.cause !== null) return written
    const urls = yield* pushReports(store, target.local, written.paths, pulled)
    return { ...written, paths: urls }
  }).pipe(
    Effect.catchAll((e) =>
      Effect.succeed(failed(e._tag === "PreconditionFailed" ? `${e.key} was changed by another run meanwhile (not overwritten)` : `${e.key}: ${e.operation}: ${e.message}`))
    ),
    Effect.ensuring(Effect.promise(() => rm(target.local, { recursive: true, force: true })))
  )
}
