/**
 * One writer at a time on an object store: the run holds a lease on the
 * `_lock` key, renewed in a background fiber while the run lasts and released
 * when its scope closes. A run killed with its lease held leaves a lease that
 * lapses after its duration; the next run simply acquires it then. While it
 * is held, another run fails with {@link LeaseHeld} (exit 5), as a busy local
 * lakehouse does.
 *
 * @example
 * ```ts
 * yield* Effect.scoped(Effect.zipRight(holdRemoteLock(60), runEverything))
 * ```
 */
import { Duration, Effect, Schedule, type Scope } from "effect"
import { ObjectStore, type LeaseHeld, type StorageError } from "./ObjectStore.ts"
import { LOCK_KEY } from "./remoteLayout.ts"

/** The default lease: 60 s (the longest finite lease Azure grants), renewed every 20 s; `LAKEGATE_AZURE_LEASE_SECONDS` (15 to 60) sets another (renewed every third of it). */
export const LEASE_SECONDS = 60

/** Hold the lakehouse's lease for the scope. */
export const holdRemoteLock = (seconds: number = LEASE_SECONDS): Effect.Effect<void, StorageError | LeaseHeld, ObjectStore | Scope.Scope> =>
  Effect.gen(function* () {
    const store = yield* ObjectStore
    const leaseId = yield* Effect.acquireRelease(store.acquireLease(LOCK_KEY, seconds), (id) =>
      store.releaseLease(LOCK_KEY, id).pipe(Effect.catchAll((e) => Effect.logWarning(`could not release the lease on ${store.location}/${LOCK_KEY}: ${e.message}`)))
    )
    const renew = store.renewLease(LOCK_KEY, leaseId).pipe(
      Effect.catchAll((e) => Effect.logWarning(`could not renew the lease on ${store.location}/${LOCK_KEY}: ${e.message} (the commit's conditions still protect the pointers)`))
    )
    yield* Effect.forkScoped(Effect.repeat(Effect.delay(renew, Duration.seconds(seconds / 3)), Schedule.forever))
  })
