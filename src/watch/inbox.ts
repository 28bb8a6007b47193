/**
 * The inbox folder: which files are deliveries, which of them have finished
 * arriving, in arrival order, and where they go afterwards. A file has
 * arrived when two scans in a row see the same size and modification time
 * (a copy still being written is left alone). Hidden files (`.name`) and
 * files ending in `.tmp` or `.part` are never deliveries: an uploader writes
 * under such a name and renames when done.
 *
 * @example
 * const seen = new Map<string, FileState>()
 * const ready = yield* arrivedFiles(inbox, seen) // oldest first
 */
import { Effect, Option } from "effect"
import { createHash } from "node:crypto"
import { createReadStream } from "node:fs"
import { mkdir, readdir, rename, stat } from "node:fs/promises"
import { basename, dirname, extname, join, relative, resolve } from "node:path"
import type { InboxShape } from "./inboxPort.ts"
import { attempt, WatchError } from "./WatchError.ts"

/** What one scan saw of a file. */
export interface FileState {
  readonly name: string
  readonly path: string
  readonly size: number
  readonly mtimeMs: number
}

/** True for a name that may be a delivery: not hidden, not an upload in progress (`.tmp`, `.part`). */
export const isCandidate = (name: string): boolean => !name.startsWith(".") && !name.endsWith(".tmp") && !name.endsWith(".part")

/** The regular files of the inbox that may be deliveries. */
export const scanInbox = (inbox: string): Effect.Effect<ReadonlyArray<FileState>, WatchError> =>
  Effect.gen(function* () {
    const entries = yield* attempt("list the inbox", inbox, () => readdir(inbox, { withFileTypes: true }))
    const states: Array<FileState> = []
    for (const entry of entries) {
      if (!entry.isFile() || !isCandidate(entry.name)) continue
      const path = join(inbox, entry.name)
      // A file gone between the listing and the stat was moved away: not a delivery any more.
      const info = yield* attempt("stat", path, () => stat(path).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : Promise.reject(e))))
      if (info !== null) states.push({ name: entry.name, path, size: info.size, mtimeMs: info.mtimeMs })
    }
    return states
  })

/**
 * The files that have arrived (unchanged since the previous scan), oldest
 * first (then by name); `seen` is updated with this scan.
 */
export const arrivedFiles = (inbox: string, seen: Map<string, FileState>): Effect.Effect<ReadonlyArray<FileState>, WatchError> =>
  Effect.map(scanInbox(inbox), (states) => {
    const ready = states.filter((s) => {
      const before = seen.get(s.name)
      return before !== undefined && before.size === s.size && before.mtimeMs === s.mtimeMs
    })
    seen.clear()
    for (const s of states) seen.set(s.name, s)
    return [...ready].sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  })

/** The sha256 of a file, streamed. */
export const sha256Of = (path: string): Effect.Effect<string, WatchError> =>
  Effect.async<string, WatchError>((resume) => {
    const hash = createHash("sha256")
    const stream = createReadStream(path)
    stream.on("data", (chunk) => hash.update(chunk))
    stream.on("error", (e) => resume(Effect.fail(new WatchError({ operation: "checksum", path, message: e.message }))))
    stream.on("end", () => resume(Effect.succeed(hash.digest("hex"))))
    return Effect.sync(() => stream.destroy())
  })

/** The `processed/` and `failed/` folders, next to the inbox. */
export const outboxes = (inbox: string): { readonly processed: string; readonly failed: string } => {
  const parent = dirname(resolve(inbox))
  return { processed: join(parent, "processed"), failed: join(parent, "failed") }
}

/**
 * Move a delivery into `folder`, under its own name, or `<stem>~<runId><ext>`
 * when that name is taken (an earlier delivery of the same name). Returns the
 * new path.
 */
export const moveInto = (file: string, folder: string, runId: string): Effect.Effect<string, WatchError> =>
  Effect.gen(function* () {
    yield* attempt("create", folder, () => mkdir(folder, { recursive: true }))
    const name = basename(file)
    const taken = yield* attempt("stat", join(folder, name), () => stat(join(folder, name)).then(() => true, () => false))
    const ext = extname(name)
    const target = join(folder, taken ? `${name.slice(0, name.length - ext.length)}~${runId}${ext}` : name)
    yield* attempt("move", file, () => rename(file, target))
    return target
  })

/**
 * The inbox folder as an {@link InboxShape}: a file is fetched in place (no
 * copy) and moved by a rename.
 *
 * @example
 * const inbox = folderInbox("/data/inbox")
 */
export const folderInbox = (inbox: string): InboxShape => {
  const seen = new Map<string, FileState>()
  const boxes = outboxes(inbox)
  const pathOf = (name: string) => join(inbox, name)
  return {
    location: inbox,
    arrived: Effect.map(arrivedFiles(inbox, seen), (files) => files.map((f) => ({ name: f.name, size: f.size, arrivedAt: f.mtimeMs }))),
    fetch: (arrival) => Effect.map(sha256Of(pathOf(arrival.name)), (sha256) => Option.some({ file: pathOf(arrival.name), size: arrival.size, sha256 })),
    move: (arrival, _fetched, box, runId) =>
      Effect.map(moveInto(pathOf(arrival.name), boxes[box], runId), (to) => ({ to, shown: relative(dirname(resolve(inbox)), to) }))
  }
}
