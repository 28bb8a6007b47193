/**
 * The commit on an object store, where there is no atomic rename: the data
 * files are already uploaded under keys nobody reads yet; a journal naming
 * every pointer switch is created (`If-None-Match: *`), then each pointer is
 * switched with `If-Match` on the etag read before the run (`If-None-Match: *`
 * for a first publish), then the journal goes. A reader resolves tables
 * through the pointers only, so it sees a partition or a gold version whole,
 * before or after. A crash after the journal is rolled forward by the next
 * writer ({@link rollForward}); a writer that lost a race (a pointer moved
 * since it read it) fails with {@link RemoteConflict} before switching
 * anything of its own when the first switch loses. Data made unreferenced is
 * recorded as garbage and deleted only after a retention, so a reader that
 * resolved the old pointer a moment ago can still read its files.
 *
 * @example
 * ```ts
 * yield* commitSwitches({ runId, switches: [{ key: "gold/_current.json", ifMatch: etag, body }], replaced: oldKeys }, (step) => Effect.void)
 * ```
 */
import { Data, Effect, Option } from "effect"
import { ObjectStore, type ObjectStoreShape, PreconditionFailed, type StorageError } from "./ObjectStore.ts"
import { decodeRecord, encodeRecord, Garbage, GARBAGE_PREFIX, Journal, JOURNAL_PREFIX } from "./remoteLayout.ts"

/** A pointer moved since this run read it: another writer published meanwhile. */
export class RemoteConflict extends Data.TaggedError("RemoteConflict")<{ readonly location: string; readonly key: string }> {
  override get message(): string {
    return `another writer published ${this.location}/${this.key} during this run; nothing of this run was made visible after that point: re-run the date`
  }
}

/** A step of the commit, for fault injection in tests (`onStep`). */
export type CommitStep = "uploaded" | "journaled" | "switched-one"

const encoder = new TextEncoder()
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0

/** Record keys as garbage since now (replacing the run's earlier record). */
export const recordGarbage = (store: ObjectStoreShape, runId: string, keys: ReadonlyArray<string>): Effect.Effect<void, StorageError> =>
  keys.length === 0
    ? store.remove(`${GARBAGE_PREFIX}${runId}.json`)
    : store.put(`${GARBAGE_PREFIX}${runId}.json`, encodeRecord(Garbage, { runId, since: Date.now(), keys })).pipe(Effect.catchTag("PreconditionFailed", Effect.die), Effect.asVoid)

/** Carry out a journal's switches in order; `strict`: a lost condition is a {@link RemoteConflict} (else it is skipped: superseded). */
const applySwitches = (store: ObjectStoreShape, journal: Journal, strict: boolean, onStep: (step: CommitStep) => Effect.Effect<void>) =>
  Effect.gen(function* () {
    for (const change of journal.switches) {
      const body = encoder.encode(change.body)
      const written = yield* Effect.either(store.put(change.key, body, change.ifMatch === null ? { ifNoneMatch: "*" } : { ifMatch: change.ifMatch }))
      if (written._tag === "Left") {
        if (written.left._tag !== "PreconditionFailed") return yield* written.left
        // Already switched (a roll forward after a crash mid-switch)?
        const now = yield* store.get(change.key)
        if (Option.isSome(now) && sameBytes(now.value.bytes, body)) continue
        if (strict) return yield* new RemoteConflict({ location: store.location, key: change.key })
        yield* Effect.logWarning(`roll forward of run ${journal.runId}: ${change.key} moved since; that switch is skipped`)
        continue
      }
      yield* onStep("switched-one")
    }
  })

/** Journal, switch and clean up one commit. */
export const commitSwitches = (journal: Journal, onStep: (step: CommitStep) => Effect.Effect<void> = () => Effect.void): Effect.Effect<void, StorageError | RemoteConflict, ObjectStore> =>
  Effect.gen(function* () {
    const store = yield* ObjectStore
    const key = `${JOURNAL_PREFIX}${journal.runId}.json`
    yield* Effect.catchTag(store.put(key, encodeRecord(Journal, journal), { ifNoneMatch: "*" }), "PreconditionFailed", (e: PreconditionFailed) => Effect.die(e))
    yield* onStep("journaled")
    const switched = yield* Effect.either(applySwitches(store, journal, true, onStep))
    if (switched._tag === "Left") {
      // A conflict: the journal must not be rolled forward over the other writer's publish.
      if (switched.left._tag === "RemoteConflict") yield* store.remove(key)
      return yield* switched.left
    }
    yield* recordGarbage(store, journal.runId, journal.replaced)
    yield* store.remove(key)
  })

/** Finish the commits a crash interrupted (their journals are there); returns their run ids. */
export const rollForward: Effect.Effect<ReadonlyArray<string>, StorageError, ObjectStore> = Effect.gen(function* () {
  const store = yield* ObjectStore
  const decode = decodeRecord(Journal)
  const done: Array<string> = []
  for (const entry of yield* store.list(JOURNAL_PREFIX)) {
    const found = yield* store.get(entry.key)
    if (Option.isNone(found)) continue
    const journal = decode(found.value.bytes)
    if (journal._tag === "Left") {
      yield* Effect.logWarning(`ignoring an unreadable journal ${entry.key}`)
      continue
    }
    yield* Effect.catchTag(applySwitches(store, journal.right, false, () => Effect.void), "RemoteConflict", () => Effect.void)
    yield* recordGarbage(store, journal.right.runId, journal.right.replaced)
    yield* store.remove(entry.key)
    done.push(journal.right.runId)
  }
  return done
})

/** Delete the garbage recorded longer ago than `retentionMs`; returns the keys deleted. */
export const collectGarbage = (retentionMs: number): Effect.Effect<ReadonlyArray<string>, StorageError, ObjectStore> =>
  Effect.gen(function* () {
    const store = yield* ObjectStore
    const decode = decodeRecord(Garbage)
    const deleted: Array<string> = []
    const journaled = new Set((yield* store.list(JOURNAL_PREFIX)).map((e) => e.key.slice(JOURNAL_PREFIX.length).replace(/\.json$/, "")))
    for (const entry of yield* store.list(GARBAGE_PREFIX)) {
      const found = yield* store.get(entry.key)
      if (Option.isNone(found)) continue
      const record = decode(found.value.bytes)
      if (record._tag === "Left" || journaled.has(record.right.runId) || Date.now() - record.right.since < retentionMs) continue
      for (const key of record.right.keys) yield* store.remove(key)
      yield* store.remove(entry.key)
      deleted.push(...record.right.keys)
    }
    return deleted
  })
