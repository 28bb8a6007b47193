/**
 * Reports kept in an object store (`--reports az://<container>/<prefix>`).
 * The reports are written by the local writer into a local folder, so they
 * are pulled first: every date's `quality.json` (the source of truth; each
 * run is appended to its date's, and the index lists every date), then the
 * run's reports are written there, then what was written is uploaded. A
 * date's `quality.json` is uploaded on the condition that it is still the
 * version pulled (`If-Match`; `If-None-Match: *` for a new date), so a run
 * never drops another run's entry; the rendered files follow it.
 *
 * @example
 * ```ts
 * const pulled = yield* pullReports(store, "/tmp/reports")
 * // ... writeReports(report, "/tmp/reports") → paths
 * const urls = yield* pushReports(store, "/tmp/reports", paths, pulled)
 * ```
 */
import { Effect } from "effect"
import { join, relative, sep } from "node:path"
import type { ObjectStoreShape, PreconditionFailed, StorageError } from "./ObjectStore.ts"

const DATE_REPORT = /^\d{4}-\d{2}-\d{2}\/quality\.json$/

/** Download every date's `quality.json` into `dir`; returns each one's etag by key. */
export const pullReports = (store: ObjectStoreShape, dir: string): Effect.Effect<ReadonlyMap<string, string>, StorageError> =>
  Effect.gen(function* () {
    const pulled = new Map<string, string>()
    for (const object of yield* store.list("")) {
      if (!DATE_REPORT.test(object.key)) continue
      // The listing's etag: if the blob changed since, the upload's condition fails (a conflict, never a lost run).
      if (yield* store.download(object.key, join(dir, ...object.key.split("/")))) pulled.set(object.key, object.etag)
    }
    return pulled
  })

/**
 * Upload the `files` (written under `dir`) to the same keys: the dates'
 * `quality.json` first, conditionally on the versions pulled, then the
 * rest. Files outside `dir` (a CI step summary) are not uploaded. Returns
 * the URLs written.
 */
export const pushReports = (
  store: ObjectStoreShape,
  dir: string,
  files: ReadonlyArray<string>,
  pulled: ReadonlyMap<string, string>
): Effect.Effect<ReadonlyArray<string>, StorageError | PreconditionFailed> =>
  Effect.gen(function* () {
    const keyed = files
      .map((file) => ({ file, key: relative(dir, file).split(sep).join("/") }))
      .filter(({ key }) => key !== "" && !key.startsWith("../"))
      // quality.json before what is rendered from it.
      .sort((a, b) => Number(!DATE_REPORT.test(a.key)) - Number(!DATE_REPORT.test(b.key)))
    const urls: Array<string> = []
    for (const { file, key } of keyed) {
      const etag = pulled.get(key)
      const condition = DATE_REPORT.test(key) ? (etag === undefined ? { ifNoneMatch: "*" as const } : { ifMatch: etag }) : undefined
      yield* store.put(key, { file }, condition)
      urls.push(`${store.location}/${key}`)
    }
    return urls
  })
