/**
 * An inbox on an object store: the blobs directly under `<folder>/` of the
 * store (`az://container/deliveries/inbox` is the store at
 * `az://container/deliveries` with the folder `inbox`). A blob is whole once
 * it is listed (an upload commits at once), so a delivery has arrived when
 * the listing shows it; hidden names and `.tmp`, `.part` are ignored as in a
 * folder. Arrival order is the blob's last-modified time, then its name. A
 * delivery is downloaded to a local temporary file for its run, and moved by
 * copying it (uploading that file) to `processed/` or `failed/` beside the
 * folder, then deleting it from the inbox.
 *
 * @example
 * const inbox = blobInbox(azureBlobStore({ container: "drop", prefix: "deliveries", connectionString }), "inbox")
 */
import { Effect, Option } from "effect"
import { mkdtemp, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { extname, join } from "node:path"
import type { ObjectStoreShape } from "../storage/ObjectStore.ts"
import { isCandidate, sha256Of } from "./inbox.ts"
import type { InboxShape } from "./inboxPort.ts"
import { attempt, WatchError } from "./WatchError.ts"

const byArrival = (a: { readonly lastModified: number; readonly name: string }, b: { readonly lastModified: number; readonly name: string }): number =>
  a.lastModified - b.lastModified || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** The inbox `<folder>/` of `store`; `processed/` and `failed/` are its siblings in the store. */
export const blobInbox = (store: ObjectStoreShape, folder: string): InboxShape => {
  const location = `${store.location}/${folder}`
  const watchError = (operation: string, path: string) => (e: { readonly message: string }) => new WatchError({ operation, path, message: e.message })
  const keyOf = (name: string) => `${folder}/${name}`

  const arrived: InboxShape["arrived"] = store.list(`${folder}/`).pipe(
    Effect.mapError(watchError("list the inbox", location)),
    Effect.map((objects) =>
      objects
        .map((o) => ({ ...o, name: o.key.slice(folder.length + 1) }))
        // Only the folder's own blobs: not those of a "subfolder", not uploads in progress.
        .filter((o) => !o.name.includes("/") && isCandidate(o.name))
        .sort(byArrival)
        .map((o) => ({ name: o.name, size: o.size, arrivedAt: o.lastModified }))
    )
  )

  const fetch: InboxShape["fetch"] = (arrival) =>
    Effect.gen(function* () {
      const dir = yield* Effect.acquireRelease(
        attempt("create a temporary folder", tmpdir(), () => mkdtemp(join(tmpdir(), "lakegate-delivery-"))),
        (d) => Effect.promise(() => rm(d, { recursive: true, force: true }))
      )
      // Under its own name: the run reads .gz by its extension, and the report names the file.
      const file = join(dir, arrival.name)
      const found = yield* store.download(keyOf(arrival.name), file).pipe(Effect.mapError(watchError("download", `${location}/${arrival.name}`)))
      if (!found) return Option.none()
      const size = (yield* attempt("stat", file, () => stat(file))).size
      return Option.some({ file, size, sha256: yield* sha256Of(file) })
    })

  /** True when `key` holds the bytes of `sha256` already (a copy made before a crash). */
  const holds = (key: string, sha256: string, scratch: string) =>
    Effect.gen(function* () {
      const found = yield* store.download(key, scratch).pipe(Effect.mapError(watchError("download", `${store.location}/${key}`)))
      const same = found && (yield* sha256Of(scratch)) === sha256
      yield* Effect.promise(() => rm(scratch, { force: true }))
      return same
    })

  const move: InboxShape["move"] = (arrival, fetched, box, runId) =>
    Effect.gen(function* () {
      const wanted = `${box}/${arrival.name}`
      const ext = extname(arrival.name)
      const renamed = `${box}/${arrival.name.slice(0, arrival.name.length - ext.length)}~${runId}${ext}`
      const copy = (key: string, condition?: { readonly ifNoneMatch: "*" }) => store.put(key, { file: fetched.file }, condition)
      const target = yield* copy(wanted, { ifNoneMatch: "*" }).pipe(
        Effect.as(wanted),
        Effect.catchTag("PreconditionFailed", () =>
          // Taken: by this delivery's own copy (a crash came between the copy and the delete), or by another delivery of that name.
          Effect.flatMap(holds(wanted, fetched.sha256, `${fetched.file}.existing`), (same) => (same ? Effect.succeed(wanted) : Effect.as(copy(renamed), renamed)))
        ),
        Effect.mapError(watchError("copy", `${location}/${arrival.name}`))
      )
      yield* store.remove(keyOf(arrival.name)).pipe(Effect.mapError(watchError("delete", `${location}/${arrival.name}`)))
      return { to: `${store.location}/${target}`, shown: target }
    })

  return { location, arrived, fetch, move }
}
