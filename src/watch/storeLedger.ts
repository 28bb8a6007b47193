/**
 * The delivery ledger of a lakehouse on an object store, at
 * `<lakehouse>/_watch/ledger.ndjson`: the same lines as the local ledger
 * (`ledger.ts`), in one blob. An append writes the whole blob again with a
 * conditional write on the version read (`If-Match`, or `If-None-Match: *`
 * for the first line), so the blob is always the old ledger or the new one,
 * never half of one: a kill -9 during the write leaves the old one. A write
 * that loses its condition (another watcher appended) reads the ledger again
 * and appends after it.
 *
 * @example
 * const ledger = storeLedger(azureBlobStore({ container: "lake", prefix: "prod", connectionString }))
 * yield* ledger.append({ event: "moved", ...delivery, runId, to, at })
 */
import { Effect, Option } from "effect"
import type { ObjectStoreShape } from "../storage/ObjectStore.ts"
import { parseLedger, type Ledger, type LedgerEvent } from "./ledger.ts"
import { WatchError } from "./WatchError.ts"

/** The ledger's key in the lakehouse's store. */
export const LEDGER_KEY = "_watch/ledger.ndjson"

/** Conditional writes that may lose in a row before an append gives up (another watcher keeps appending). */
const MAX_CONFLICTS = 5

/** The ledger of the lakehouse in `store`. */
export const storeLedger = (store: ObjectStoreShape): Ledger => {
  const path = `${store.location}/${LEDGER_KEY}`
  const failed = (operation: string) => (e: { readonly message: string }) => new WatchError({ operation, path, message: e.message })
  const decoder = new TextDecoder()
  const encoder = new TextEncoder()
  /** The ledger as last read or written here: what the next append is conditional on. */
  let known: { readonly text: string; readonly etag: string | null } | null = null

  const read = store.get(LEDGER_KEY).pipe(
    Effect.mapError(failed("read the ledger")),
    Effect.map((got) => (known = Option.match(got, { onNone: () => ({ text: "", etag: null }), onSome: (c) => ({ text: decoder.decode(c.bytes), etag: c.etag }) })))
  )

  const append = (event: LedgerEvent): Effect.Effect<void, WatchError> => {
    const attempt = (conflicts: number): Effect.Effect<void, WatchError> =>
      Effect.gen(function* () {
        const base = known ?? (yield* read)
        const text = `${base.text}${JSON.stringify(event)}\n`
        const written = yield* Effect.either(store.put(LEDGER_KEY, encoder.encode(text), base.etag === null ? { ifNoneMatch: "*" } : { ifMatch: base.etag }))
        if (written._tag === "Right") {
          known = { text, etag: written.right }
          return
        }
        if (written.left._tag === "StorageError") return yield* Effect.fail(failed("append to the ledger")(written.left))
        // Another writer moved the ledger since it was read here: read it again and append after its lines.
        if (conflicts + 1 >= MAX_CONFLICTS) return yield* Effect.fail(failed("append to the ledger")(written.left))
        known = null
        return yield* attempt(conflicts + 1)
      })
    return attempt(0)
  }

  return { path, events: Effect.map(read, (r) => parseLedger(r.text)), append }
}
