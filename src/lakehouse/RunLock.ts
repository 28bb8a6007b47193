/**
 * One writer at a time: a run holds `<lakehouse>/_lock` from start to end.
 * Two runs writing one lakehouse would race on gold's `_current.json` and on
 * each other's staging; the second one stops at once instead, with exit code
 * 5, naming the holder.
 *
 * The lock is a file created exclusively (`O_EXCL`) holding who took it. A
 * lock left by a run that was killed (same host, process gone) is stale: the
 * next run takes it over, and deletes the staging directories such runs leave.
 * A lock from another host cannot be checked; remove it by hand once sure no
 * run is going on.
 */
import { Data, Effect, Schema, type Scope } from "effect"
import { mkdir, open, readdir, readFile, rm } from "node:fs/promises"
import { hostname } from "node:os"
import { join } from "node:path"
import { LakehouseError } from "./LakehouseError.ts"

/** Another run holds the lakehouse. */
export class LakehouseBusy extends Data.TaggedError("LakehouseBusy")<{
  readonly lockFile: string
  readonly holder: LockHolder
}> {
  override get message(): string {
    const h = this.holder
    return `the lakehouse is in use by run ${h.runId} (pid ${h.pid} on ${h.host}, since ${h.since}); if no run is going on, remove ${this.lockFile}`
  }
}

/** Who holds a lock. */
export const LockHolder = Schema.Struct({ runId: Schema.String, pid: Schema.Number, host: Schema.String, since: Schema.String })
export type LockHolder = typeof LockHolder.Type

/** The lock file of a lakehouse. */
export const LOCK_FILE = "_lock"

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

const readHolder = (file: string) =>
  Effect.promise(() => readFile(file, "utf8").catch(() => "")).pipe(
    Effect.map((text) => Schema.decodeUnknownOption(Schema.parseJson(LockHolder))(text))
  )

/** Create the lock file if there is none; true if this call created it. */
const tryCreate = (file: string, holder: LockHolder): Effect.Effect<boolean, LakehouseError> =>
  Effect.tryPromise({
    try: async () => {
      const handle = await open(file, "wx")
      try {
        await handle.writeFile(JSON.stringify(holder))
        await handle.sync()
      } finally {
        await handle.close()
      }
      return true
    },
    catch: (error) => error as NodeJS.ErrnoException
  }).pipe(
    Effect.catchAll((error) =>
      error.code === "EEXIST" ? Effect.succeed(false) : Effect.fail(new LakehouseError({ operation: "lock", path: file, message: error.message }))
    )
  )

/**
 * Hold the lakehouse at `root` for the scope. Fails with {@link LakehouseBusy}
 * if a live run holds it; takes over a stale lock and then removes the
 * staging directories left by killed runs.
 */
export const holdLakehouse = (root: string, runId: string): Effect.Effect<void, LakehouseBusy | LakehouseError, Scope.Scope> =>
  Effect.gen(function* () {
    const file = join(root, LOCK_FILE)
    yield* Effect.tryPromise({ try: () => mkdir(root, { recursive: true }), catch: (e) => new LakehouseError({ operation: "lock", path: root, message: String(e) }) })
    const me: LockHolder = { runId, pid: process.pid, host: hostname(), since: new Date().toISOString() }
    const release = Effect.gen(function* () {
      const holder = yield* readHolder(file)
      if (holder._tag === "Some" && holder.value.runId === runId) yield* Effect.promise(() => rm(file, { force: true }))
    })
    for (let attempt = 0; ; attempt++) {
      if (yield* Effect.acquireRelease(tryCreate(file, me), (created) => (created ? release : Effect.void))) break
      const holder = yield* readHolder(file)
      const stale = holder._tag === "Some" ? holder.value.host === me.host && !isAlive(holder.value.pid) : false
      if (!stale || attempt > 0) {
        const unknown: LockHolder = { runId: "unknown", pid: 0, host: "unknown", since: "unknown" }
        return yield* new LakehouseBusy({ lockFile: file, holder: holder._tag === "Some" ? holder.value : unknown })
      }
      yield* Effect.logWarning(`taking over the lock of run ${holder._tag === "Some" ? holder.value.runId : "?"}: its process is gone`)
      yield* Effect.promise(() => rm(file, { force: true }))
    }
    // Only this run writes now: staging directories of other runs are leftovers of killed ones.
    const staging = join(root, ".staging")
    const leftovers = yield* Effect.promise(() => readdir(staging).catch(() => [] as Array<string>))
    for (const name of leftovers.filter((n) => n !== runId)) yield* Effect.promise(() => rm(join(staging, name), { recursive: true, force: true }))
  })
