/**
 * `lakegate gold rollback --to V` on a lakehouse in an object store: a
 * switch of `gold/_current.json` to a retained version, made like a run's:
 * under the writers' lease (exit 5 while a run holds it), after rolling
 * forward a commit a crash interrupted, and with `If-Match` on the pointer
 * read, so a writer past the lease makes it lose ({@link RemoteConflict})
 * instead of being overwritten. Every file the version names must still be
 * in the store, or nothing is switched.
 *
 * @example
 * ```ts
 * const state = yield* rollbackOnStore("2026-11-22_20261123T060102Z_a1b2c3", new Date().toISOString()).pipe(Effect.provide(azureBlobStoreLayer(settings)))
 * ```
 */
import { Effect, Option } from "effect"
import { GoldCurrent, UnknownGoldVersion } from "../lakehouse/goldVersions.ts"
import { MANIFEST_FILE } from "../lakehouse/Manifest.ts"
import { ObjectStore, StorageError, type LeaseHeld } from "./ObjectStore.ts"
import { RemoteConflict, rollForward } from "./remoteCommit.ts"
import { decodeRecord, encodeRecord, GOLD_POINTER_KEY } from "./remoteLayout.ts"
import { holdRemoteLock, LEASE_SECONDS } from "./remoteLock.ts"

const decodeCurrent = decodeRecord(GoldCurrent)

/** Make `version` gold's current version in the store; returns the new pointer's content. */
export const rollbackOnStore = (version: string, now: string): Effect.Effect<GoldCurrent, StorageError | LeaseHeld | RemoteConflict | UnknownGoldVersion, ObjectStore> =>
  Effect.scoped(
    Effect.gen(function* () {
      const store = yield* ObjectStore
      yield* holdRemoteLock(store.leaseSeconds ?? LEASE_SECONDS)
      yield* rollForward
      const pointer = yield* store.get(GOLD_POINTER_KEY)
      if (Option.isNone(pointer)) return yield* new UnknownGoldVersion({ version, known: [] })
      const state = decodeCurrent(pointer.value.bytes)
      if (state._tag === "Left") return yield* new StorageError({ operation: "decode gold pointer", key: `${store.location}/${GOLD_POINTER_KEY}`, message: state.left.message })
      const target = state.right.versions.find((v) => v.version === version)
      if (target === undefined) return yield* new UnknownGoldVersion({ version, known: state.right.versions.map((v) => v.version) })
      // The version's files (format 1: its tables' manifests) must all be there.
      const present = new Set((yield* store.list("gold/")).map((o) => o.key))
      for (const ref of Object.values(target.tables)) {
        const keys = ref.files === undefined ? [`gold/${ref.path}/${MANIFEST_FILE}`] : ref.files.map((f) => `gold/${f.path}`)
        const missing = keys.find((k) => !present.has(k))
        if (missing !== undefined) return yield* new StorageError({ operation: "roll back", key: `${store.location}/${missing}`, message: `a file of version ${version} is missing; nothing was switched` })
      }
      const next: GoldCurrent = { ...state.right, formatVersion: 2, current: target, switchedAt: now }
      const written = yield* Effect.either(store.put(GOLD_POINTER_KEY, encodeRecord(GoldCurrent, next), { ifMatch: pointer.value.etag }))
      if (written._tag === "Left") {
        return yield* written.left._tag === "PreconditionFailed" ? new RemoteConflict({ location: store.location, key: GOLD_POINTER_KEY }) : written.left
      }
      return next
    })
  )
