/**
 * What the watcher needs of an inbox, whatever it is: the deliveries that have
 * arrived (oldest first), each one's bytes as a local file for the run, and
 * the move to `processed/` or `failed/` afterwards. Two implementations: a
 * folder (`folderInbox`, `inbox.ts`) and a prefix of an object store
 * (`blobInbox`, `blobInbox.ts`).
 *
 * @example
 * const next = (yield* inbox.arrived)[0]
 * const fetched = yield* inbox.fetch(next) // Option: none when it went away
 */
import type { Effect, Option, Scope } from "effect"
import type { WatchError } from "./WatchError.ts"

/** A delivery that has finished arriving. */
export interface Arrival {
  /** Its file name (no folder). */
  readonly name: string
  readonly size: number
  /** When it arrived (modification time), milliseconds since the epoch. */
  readonly arrivedAt: number
}

/** A delivery's bytes as a local file, and its identity. */
export interface Fetched {
  readonly file: string
  readonly size: number
  readonly sha256: string
}

/** Where a moved delivery went: as recorded in the ledger, and as shown in the log. */
export interface Moved {
  readonly to: string
  readonly shown: string
}

/** An inbox the watcher polls. */
export interface InboxShape {
  /** Where it is, for messages. */
  readonly location: string
  /** The deliveries that have arrived, oldest first (then by name). */
  readonly arrived: Effect.Effect<ReadonlyArray<Arrival>, WatchError>
  /** The delivery as a local file for the scope (a download is deleted at its end); none when it is gone. */
  readonly fetch: (arrival: Arrival) => Effect.Effect<Option.Option<Fetched>, WatchError, Scope.Scope>
  /** Move the delivery to `processed/` or `failed/` beside the inbox (under `<stem>~<runId><ext>` when its name is taken by another delivery). */
  readonly move: (arrival: Arrival, fetched: Fetched, box: "processed" | "failed", runId: string) => Effect.Effect<Moved, WatchError>
}
