/**
 * One writer at a time: a run holds `<lakehouse>/_lock` from start to end.
 * Two runs writing one lakehouse would race on gold's `_current.json` and on
 * each other's staging; the second one stops at once instead, with exit code
 * 5, naming the holder.
 *
 * The lock is a file created exclusively (`O_EXCL`, flag `wx`) holding who
 * took it: run id, pid, host, time, and the process's start time (so a pid
 * reused by another process is not mistaken for the holder). A lock is
 * stale when its holder is gone: same host and the process has ended (or its
 * pid now belongs to a process started later), or the file is empty or
 * unreadable and older than {@link UNREADABLE_STALE_MS} (a run killed between
 * creating and writing it). A lock from another host is never stale: remove it
 * by hand once sure no run is going on.
 *
 * Taking over a stale lock is atomic, whatever the number of runs starting
 * together: a file is only ever removed by the one starter that created its
 * takeover marker (`_lock.takeover-<identity>`, `O_EXCL`), after checking
 * that the file is still the very one judged stale (same inode, time and
 * content). Then every starter tries `wx` again and exactly one wins. A
 * marker left by a starter killed mid-takeover is itself a stale lock, taken
 * over the same way.
 */
import { Clock, Data, Effect, Option, Schema, type Scope } from "effect"
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { open, readdir, rm } from "node:fs/promises"
import { hostname } from "node:os"
import { join } from "node:path"
import { ensureDirectory, UnusableDirectory } from "./directory.ts"
import { LakehouseError } from "./LakehouseError.ts"

/** Who holds a lock. */
export const LockHolder = Schema.Struct({
  runId: Schema.String,
  pid: Schema.Number,
  host: Schema.String,
  since: Schema.String,
  /** The holder process's start time (Linux: clock ticks after boot), when known. */
  processStart: Schema.optional(Schema.String)
})
export type LockHolder = typeof LockHolder.Type

/** Another run holds the lakehouse. */
export class LakehouseBusy extends Data.TaggedError("LakehouseBusy")<{
  readonly lockFile: string
  readonly holder: LockHolder
}> {
  override get message(): string {
    const h = this.holder
    return h.runId === "unknown"
      ? `the lakehouse is being locked by a run that is starting (${this.lockFile} is not written yet; it is taken over once it is ${UNREADABLE_STALE_MS / 1000} s old)`
      : `the lakehouse is in use by run ${h.runId} (pid ${h.pid} on ${h.host}, since ${h.since}); if no run is going on, remove ${this.lockFile}`
  }
}

/** The lock file of a lakehouse. */
export const LOCK_FILE = "_lock"

/** An empty or unreadable lock (or takeover marker) older than this is stale: its writer died between creating and writing it. */
export const UNREADABLE_STALE_MS = 10_000

/** How long a starter keeps trying while other starters take over a stale lock, before it reports the lakehouse busy. */
const CONTENDED_MS = 5_000

const TAKEOVER = ".takeover-"

const decodeHolder = Schema.decodeUnknownOption(Schema.parseJson(LockHolder))

/** The start time of process `pid` (clock ticks after boot, field 22 of `/proc/<pid>/stat`), or undefined off Linux. */
const processStartOf = (pid: number | "self"): string | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return fields[19]
  } catch {
    return undefined
  }
}

const isAlive = (holder: LockHolder): boolean => {
  try {
    process.kill(holder.pid, 0)
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false
  }
  if (holder.processStart === undefined) return true
  const now = processStartOf(holder.pid)
  // Another process started since under the same pid: the holder is gone.
  return now === undefined || now === holder.processStart
}

/** A lock file as seen once, through one open file: what identifies it (inode, modification time, content) and what it says. */
interface Seen {
  readonly key: string
  readonly text: string
  readonly ageMs: number
}

const codeOf = (error: unknown): string => (error !== null && typeof error === "object" && "code" in error ? String((error as { code: unknown }).code) : "")

const lockError = (path: string) => (error: unknown) => new LakehouseError({ operation: "lock", path, message: error instanceof Error ? error.message : String(error) })

/** Look at a lock file (null: there is none). */
const look = (file: string): Effect.Effect<Seen | null, LakehouseError> =>
  Effect.tryPromise({
    try: async () => {
      const handle = await open(file, "r").catch((error: unknown) => (codeOf(error) === "ENOENT" ? null : Promise.reject(error)))
      if (handle === null) return null
      try {
        const info = await handle.stat()
        const text = await handle.readFile("utf8")
        const key = createHash("sha256").update(`${info.ino}\n${info.mtimeMs}\n${text}`).digest("hex").slice(0, 20)
        return { key, text, ageMs: Date.now() - info.mtimeMs }
      } finally {
        await handle.close()
      }
    },
    catch: lockError(file)
  })

type Verdict =
  | { readonly kind: "missing" }
  | { readonly kind: "held"; readonly holder: LockHolder | null }
  | { readonly kind: "stale"; readonly seen: Seen; readonly holder: LockHolder | null }

/** Whether a lock (or a takeover marker) is held, stale or gone. */
const judge = (file: string, host: string): Effect.Effect<Verdict, LakehouseError> =>
  Effect.map(look(file), (seen): Verdict => {
    if (seen === null) return { kind: "missing" }
    const holder = Option.getOrNull(decodeHolder(seen.text))
    if (holder === null) return seen.ageMs > UNREADABLE_STALE_MS ? { kind: "stale", seen, holder } : { kind: "held", holder }
    return holder.host === host && !isAlive(holder) ? { kind: "stale", seen, holder } : { kind: "held", holder }
  })

/** Create a lock file (or marker) holding `holder` if there is none; true if this call created it. */
const tryCreate = (file: string, holder: LockHolder): Effect.Effect<boolean, LakehouseError> =>
  Effect.tryPromise({
    try: async () => {
      const handle = await open(file, "wx").catch((error: unknown) => (codeOf(error) === "EEXIST" ? null : Promise.reject(error)))
      if (handle === null) return false
      try {
        await handle.writeFile(JSON.stringify(holder))
        await handle.sync()
      } finally {
        await handle.close()
      }
      return true
    },
    catch: lockError(file)
  })

const remove = (file: string) => Effect.promise(() => rm(file, { force: true }).catch(() => {}))

/**
 * Remove `file` if it is still exactly the stale file `seen`, as the only
 * starter allowed to: the one that created its takeover marker. True if it was
 * removed by this call. A stale marker in the way is taken over first (at most
 * a few levels deep: each level needs a starter killed in a millisecond window).
 */
const takeOver = (file: string, seen: Seen, me: LockHolder, depth: number): Effect.Effect<boolean, LakehouseError> =>
  Effect.gen(function* () {
    const marker = `${file}${TAKEOVER}${seen.key}`
    if (!(yield* tryCreate(marker, me))) {
      if (depth < 3) {
        const other = yield* judge(marker, me.host)
        if (other.kind === "stale") yield* takeOver(marker, other.seen, me, depth + 1)
      }
      return false
    }
    return yield* Effect.gen(function* () {
      const now = yield* look(file)
      if (now === null || now.key !== seen.key) return false
      yield* Effect.tryPromise({ try: () => rm(file), catch: lockError(file) })
      return true
    }).pipe(Effect.ensuring(remove(marker)))
  })

/**
 * Hold the lakehouse at `root` for the scope. Fails with {@link LakehouseBusy}
 * if a live run holds it; takes over a stale lock and then removes the
 * staging directories left by killed runs. Creates `root` if need be
 * ({@link UnusableDirectory} if it cannot be created or written).
 */
export const holdLakehouse = (root: string, runId: string): Effect.Effect<void, LakehouseBusy | LakehouseError | UnusableDirectory, Scope.Scope> =>
  Effect.gen(function* () {
    const dir = (yield* ensureDirectory(root, "lakehouse")).path
    const file = join(dir, LOCK_FILE)
    const processStart = processStartOf("self")
    const me: LockHolder = {
      runId,
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
      ...(processStart === undefined ? {} : { processStart })
    }
    const release = Effect.gen(function* () {
      const seen = yield* Effect.orElseSucceed(look(file), () => null)
      const holder = seen === null ? null : Option.getOrNull(decodeHolder(seen.text))
      if (holder !== null && holder.runId === runId) yield* remove(file)
    })
    const create = tryCreate(file, me).pipe(
      Effect.mapError((e) => new UnusableDirectory({ role: "lakehouse", path: dir, reason: `cannot create its lock file: ${e.message}` }))
    )
    const unknownHolder: LockHolder = { runId: "unknown", pid: 0, host: "unknown", since: "unknown" }
    const startedAt = yield* Clock.currentTimeMillis
    let warned = false
    for (;;) {
      if (yield* Effect.acquireRelease(create, (created) => (created ? release : Effect.void))) break
      const verdict = yield* judge(file, me.host)
      if (verdict.kind === "held") return yield* new LakehouseBusy({ lockFile: file, holder: verdict.holder ?? unknownHolder })
      if (verdict.kind === "stale") {
        if (!warned) {
          yield* Effect.logWarning(
            verdict.holder === null
              ? `taking over an empty lock older than ${UNREADABLE_STALE_MS / 1000} s: its run was killed while taking it`
              : `taking over the lock of run ${verdict.holder.runId}: its process is gone`
          )
        }
        warned = true
        const removed = yield* takeOver(file, verdict.seen, me, 0)
        // Another starter is taking it over: wait a moment, then see who won.
        if (!removed) {
          if ((yield* Clock.currentTimeMillis) - startedAt > CONTENDED_MS) {
            return yield* new LakehouseBusy({ lockFile: file, holder: verdict.holder ?? unknownHolder })
          }
          yield* Effect.sleep(1 + Math.floor(Math.random() * 4))
        }
      }
    }
    // Only this run writes now: staging directories of other runs are leftovers of killed ones,
    // and takeover markers of others are leftovers of starters killed while taking over.
    const names = yield* Effect.promise(() => readdir(dir).catch(() => [] as Array<string>))
    for (const name of names.filter((n) => n.startsWith(`${LOCK_FILE}${TAKEOVER}`))) {
      const marker = yield* judge(join(dir, name), me.host)
      if (marker.kind === "stale") yield* remove(join(dir, name))
    }
    // A killed run whose publish is journaled keeps its staging: the journal's recovery moves it into place.
    const staging = join(dir, ".staging")
    const leftovers = yield* Effect.promise(() => readdir(staging).catch(() => [] as Array<string>))
    const journaled = new Set(yield* Effect.promise(() => readdir(join(dir, "_journal")).catch(() => [] as Array<string>)))
    for (const name of leftovers.filter((n) => n !== runId && !journaled.has(`${n}.json`))) {
      yield* Effect.promise(() => rm(join(staging, name), { recursive: true, force: true }))
    }
  })
