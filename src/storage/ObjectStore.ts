/**
 * The object-store port: the few operations the remote lakehouse protocol
 * needs from a blob store, with conditional writes and leases. Two
 * implementations: {@link localObjectStore} (a folder; for tests and as a
 * "remote" without a cloud) and `azureBlobStore` (Azure Blob Storage,
 * Azurite). Keys are relative to the store's own root or prefix, with `/`.
 *
 * @example
 * ```ts
 * const store = yield* ObjectStore
 * const put = yield* store.put("gold/_current.json", bytes, { ifMatch: etag }) // PreconditionFailed if it moved
 * ```
 */
import { Context, Data, type Effect, type Option } from "effect"

/** A condition on a write: create only (`ifNoneMatch: "*"`), or replace only the version read (`ifMatch`). */
export type WriteCondition = { readonly ifNoneMatch: "*" } | { readonly ifMatch: string }

/** What a write sends: bytes, or a local file streamed up. */
export type Body = Uint8Array | { readonly file: string }

/** One object of a listing. */
export interface ObjectInfo {
  readonly key: string
  readonly etag: string
  readonly size: number
  /** Milliseconds since the epoch. */
  readonly lastModified: number
}

/** An object's content and the version it had. */
export interface ObjectContent {
  readonly bytes: Uint8Array
  readonly etag: string
}

/** The store could not be reached or refused an operation (exit 4: nothing was committed by it). */
export class StorageError extends Data.TaggedError("StorageError")<{
  readonly operation: string
  readonly key: string
  readonly message: string
}> {}

/** A conditional write lost: the object exists (create) or changed since it was read (replace). */
export class PreconditionFailed extends Data.TaggedError("PreconditionFailed")<{
  readonly key: string
  readonly condition: WriteCondition
}> {
  override get message(): string {
    return "ifMatch" in this.condition ? `${this.key} changed since it was read (etag ${this.condition.ifMatch})` : `${this.key} already exists`
  }
}

/** Someone else holds an unexpired lease on the key. */
export class LeaseHeld extends Data.TaggedError("LeaseHeld")<{ readonly key: string }> {
  override get message(): string {
    return `the lease on ${this.key} is held by another writer`
  }
}

/** A lease this process held was lost (expired and taken, or broken). */
export class LeaseLost extends Data.TaggedError("LeaseLost")<{ readonly key: string; readonly message: string }> {}

/** The store's operations. */
export interface ObjectStoreShape {
  /** Where the store is, for messages (`az://container/prefix`, a folder). */
  readonly location: string
  /** The lease a run on this store takes, in seconds (15 to 60; unset: `LEASE_SECONDS`, 60), as configured with the store. */
  readonly leaseSeconds?: number
  /** An object's bytes and etag; none when there is none. */
  readonly get: (key: string) => Effect.Effect<Option.Option<ObjectContent>, StorageError>
  /** Write an object, optionally on a condition; returns its new etag. */
  readonly put: (key: string, body: Body, condition?: WriteCondition) => Effect.Effect<string, StorageError | PreconditionFailed>
  /** Every object whose key starts with `prefix`, sorted by key. */
  readonly list: (prefix: string) => Effect.Effect<ReadonlyArray<ObjectInfo>, StorageError>
  /** Delete an object (none is fine). */
  readonly remove: (key: string) => Effect.Effect<void, StorageError>
  /** Copy an object into a local file (written whole, then renamed into place); false when there is none. */
  readonly download: (key: string, file: string) => Effect.Effect<boolean, StorageError>
  /** Take a lease on a key (created empty if missing) for `seconds` (15 to 60); fails with {@link LeaseHeld} while another holds it. */
  readonly acquireLease: (key: string, seconds: number) => Effect.Effect<string, StorageError | LeaseHeld>
  /** Extend a held lease by its duration. */
  readonly renewLease: (key: string, leaseId: string) => Effect.Effect<void, StorageError | LeaseLost>
  /** Give a lease back (a lost one is fine). */
  readonly releaseLease: (key: string, leaseId: string) => Effect.Effect<void, StorageError>
}

/** The object store a remote lakehouse lives in. */
export class ObjectStore extends Context.Tag("lakegate/ObjectStore")<ObjectStore, ObjectStoreShape>() {}
