/**
 * The object-store port on Azure Blob Storage (and Azurite), through the
 * official `@azure/storage-blob` client. Conditional writes are the service's
 * own (`If-None-Match: *` answers 409 BlobAlreadyExists, `If-Match` a 412),
 * both {@link PreconditionFailed}; the lock is a blob lease. Throttling (503
 * ServerBusy, 500 OperationTimedOut) and network errors are retried by the
 * client's retry policy with exponential backoff, configured here explicitly.
 * Only the Blob API is used (no Data Lake renames), so it works on any
 * account, with or without a hierarchical namespace, and on Azurite.
 *
 * @example
 * ```ts
 * const store = azureBlobStore({ container: "lake", prefix: "prod", connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING })
 * const store2 = azureBlobStore({ container: "lake", prefix: "prod", accountUrl: "https://acct.blob.core.windows.net" }) // DefaultAzureCredential
 * ```
 */
import { DefaultAzureCredential } from "@azure/identity"
import { BlobServiceClient, RestError, type ContainerClient, type StoragePipelineOptions } from "@azure/storage-blob"
import { Effect, Layer, Option } from "effect"
import { randomBytes } from "node:crypto"
import { mkdir, rename, rm } from "node:fs/promises"
import { dirname } from "node:path"
import { LeaseHeld, LeaseLost, ObjectStore, PreconditionFailed, StorageError, type ObjectInfo, type ObjectStoreShape } from "./ObjectStore.ts"

/** How the client retries throttled and failed requests (exponential backoff). */
export interface RetrySettings {
  /** Attempts in all, the first included (default 5). */
  readonly maxTries: number
  /** The first delay; it doubles each retry (default 500 ms). */
  readonly retryDelayInMs: number
  /** The longest delay (default 8 s). */
  readonly maxRetryDelayInMs: number
  /** One attempt's time limit (default 60 s). */
  readonly tryTimeoutInMs: number
}

/** The default retries: about 7.5 s of backoff over 5 attempts. */
export const DEFAULT_RETRY: RetrySettings = { maxTries: 5, retryDelayInMs: 500, maxRetryDelayInMs: 8_000, tryTimeoutInMs: 60_000 }

/** Where the store is and how to sign in: a connection string, or an account URL with `DefaultAzureCredential` (managed identity in Azure). */
export type AzureBlobSettings = {
  readonly container: string
  /** Keys live under `<prefix>/` (empty: the container's root). */
  readonly prefix: string
  readonly retry?: Partial<RetrySettings>
  /** The lease a run takes on `_lock`, in seconds (15 to 60; default 60), renewed every third of it. */
  readonly leaseSeconds?: number
} & ({ readonly connectionString: string } | { readonly accountUrl: string })

/** Etags as the service sends them in headers (quoted); listings give them bare. */
const quoted = (etag: string | undefined): string => (etag === undefined || etag === "" ? "" : etag.startsWith('"') ? etag : `"${etag}"`)

const statusOf = (error: unknown): number | undefined => (error instanceof RestError ? error.statusCode : undefined)
const codeOf = (error: unknown): string => (error instanceof RestError ? String(error.code ?? "") : error !== null && typeof error === "object" && "code" in error ? String(error.code) : "")

/** One line saying what went wrong with a request (the SDK's messages run to many lines of XML). */
export const describeAzureError = (error: unknown): string => {
  const status = statusOf(error)
  const code = codeOf(error)
  const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? ""
  if (status === undefined) return code !== "" && !first.includes(code) ? `${first} (${code})` : first
  return `HTTP ${status}${code === "" ? "" : ` ${code}`}: ${first.slice(0, 200)}`
}

/** Build the store (no request is made until an operation runs). */
export const azureBlobStore = (settings: AzureBlobSettings): ObjectStoreShape => {
  const retry = { ...DEFAULT_RETRY, ...settings.retry }
  const options: StoragePipelineOptions = { retryOptions: retry }
  const service =
    "connectionString" in settings
      ? BlobServiceClient.fromConnectionString(settings.connectionString, options)
      : new BlobServiceClient(settings.accountUrl, new DefaultAzureCredential(), options)
  const container: ContainerClient = service.getContainerClient(settings.container)
  const prefix = settings.prefix.replace(/^\/+|\/+$/g, "")
  const nameOf = (key: string) => (prefix === "" ? key : `${prefix}/${key}`)
  const keyOf = (name: string) => (prefix === "" ? name : name.slice(prefix.length + 1))
  const location = `az://${settings.container}${prefix === "" ? "" : `/${prefix}`}`
  const fail = (operation: string, key: string) => (error: unknown) => new StorageError({ operation, key: `${location}/${key}`, message: describeAzureError(error) })

  const put: ObjectStoreShape["put"] = (key, body, condition) =>
    Effect.tryPromise({
      try: async () => {
        const blob = container.getBlockBlobClient(nameOf(key))
        const conditions = condition === undefined ? {} : "ifNoneMatch" in condition ? { ifNoneMatch: "*" } : { ifMatch: condition.ifMatch }
        const upload = () => (body instanceof Uint8Array ? blob.upload(body, body.byteLength, { conditions }) : blob.uploadFile(body.file, { conditions }))
        // The first write to a new container creates it.
        const response = await upload().catch(async (error: unknown) => {
          if (codeOf(error) !== "ContainerNotFound") throw error
          await container.createIfNotExists()
          return upload()
        })
        return quoted(response.etag)
      },
      catch: (error) => error
    }).pipe(
      Effect.catchAll((error): Effect.Effect<never, StorageError | PreconditionFailed> => {
        const status = statusOf(error)
        if (condition !== undefined && (status === 412 || (status === 409 && codeOf(error) === "BlobAlreadyExists"))) return Effect.fail(new PreconditionFailed({ key, condition }))
        return Effect.fail(fail("put", key)(error))
      })
    )

  const get: ObjectStoreShape["get"] = (key) =>
    Effect.tryPromise({
      try: async () => {
        try {
          const blob = container.getBlockBlobClient(nameOf(key))
          const response = await blob.download(0)
          const chunks: Array<Buffer> = []
          for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))
          return Option.some({ bytes: new Uint8Array(Buffer.concat(chunks)), etag: quoted(response.etag) })
        } catch (error) {
          if (statusOf(error) === 404) return Option.none()
          throw error
        }
      },
      catch: fail("get", key)
    })

  const list: ObjectStoreShape["list"] = (keyPrefix) =>
    Effect.tryPromise({
      try: async () => {
        const found: Array<ObjectInfo> = []
        try {
          for await (const item of container.listBlobsFlat({ prefix: nameOf(keyPrefix) })) {
            found.push({ key: keyOf(item.name), etag: quoted(item.properties.etag), size: item.properties.contentLength ?? 0, lastModified: item.properties.lastModified.getTime() })
          }
        } catch (error) {
          if (statusOf(error) === 404 && codeOf(error) === "ContainerNotFound") return []
          throw error
        }
        return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      },
      catch: fail("list", keyPrefix)
    })

  const remove: ObjectStoreShape["remove"] = (key) =>
    Effect.tryPromise({ try: () => container.getBlockBlobClient(nameOf(key)).deleteIfExists(), catch: fail("delete", key) }).pipe(Effect.asVoid)

  const download: ObjectStoreShape["download"] = (key, file) =>
    Effect.tryPromise({
      try: async () => {
        const temp = `${file}.part-${randomBytes(4).toString("hex")}`
        await mkdir(dirname(file), { recursive: true })
        try {
          await container.getBlockBlobClient(nameOf(key)).downloadToFile(temp)
        } catch (error) {
          await rm(temp, { force: true })
          if (statusOf(error) === 404) return false
          throw error
        }
        await rename(temp, file)
        return true
      },
      catch: fail("download", key)
    })

  const acquireLease: ObjectStoreShape["acquireLease"] = (key, seconds) =>
    Effect.tryPromise({
      try: async () => {
        await container.createIfNotExists()
        const blob = container.getBlockBlobClient(nameOf(key))
        // The lease needs a blob: create an empty one unless there is one (a leased one refuses the write: fine too).
        await blob.upload("", 0, { conditions: { ifNoneMatch: "*" } }).catch((error: unknown) => {
          const status = statusOf(error)
          if (status !== 409 && status !== 412) throw error
        })
        const lease = await blob.getBlobLeaseClient().acquireLease(seconds)
        return lease.leaseId ?? ""
      },
      catch: (error) => error
    }).pipe(Effect.catchAll((error): Effect.Effect<never, StorageError | LeaseHeld> => Effect.fail(statusOf(error) === 409 ? new LeaseHeld({ key: `${location}/${key}` }) : fail("acquire lease", key)(error))))

  const renewLease: ObjectStoreShape["renewLease"] = (key, leaseId) =>
    Effect.tryPromise({ try: () => container.getBlockBlobClient(nameOf(key)).getBlobLeaseClient(leaseId).renewLease(), catch: (error) => error }).pipe(
      Effect.asVoid,
      Effect.catchAll((error): Effect.Effect<never, StorageError | LeaseLost> => Effect.fail(statusOf(error) === 409 ? new LeaseLost({ key, message: describeAzureError(error) }) : fail("renew lease", key)(error)))
    )

  const releaseLease: ObjectStoreShape["releaseLease"] = (key, leaseId) =>
    Effect.tryPromise({ try: () => container.getBlockBlobClient(nameOf(key)).getBlobLeaseClient(leaseId).releaseLease(), catch: (error) => error }).pipe(
      Effect.asVoid,
      // A lease already lost (expired and taken) is released as far as this run is concerned.
      Effect.catchAll((error) => (statusOf(error) === 409 ? Effect.void : Effect.fail(fail("release lease", key)(error))))
    )

  return { location, ...(settings.leaseSeconds === undefined ? {} : { leaseSeconds: settings.leaseSeconds }), get, put, list, remove, download, acquireLease, renewLease, releaseLease }
}

/** The store on Azure Blob Storage as a layer. */
export const azureBlobStoreLayer = (settings: AzureBlobSettings): Layer.Layer<ObjectStore> => Layer.succeed(ObjectStore, azureBlobStore(settings))
