/**
 * The object-store port on a local folder: each key is a file under the root.
 * Conditional writes and leases are made safe across processes by a mutex
 * file (`.objectstore.lock`, created with `O_EXCL`; one older than
 * {@link MUTEX_STALE_MS} was left by a killed process and is taken over). An
 * etag is the file's inode, size and modification time in nanoseconds: every
 * write lands by renaming a new file into place, so each write has a new one.
 *
 * @example
 * ```ts
 * const store = localObjectStore("/tmp/remote")
 * const etag = yield* store.put("a/b.json", new TextEncoder().encode("{}"), { ifNoneMatch: "*" })
 * ```
 */
import { Effect, Layer, Option } from "effect"
import { randomBytes, randomUUID } from "node:crypto"
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises"
import { dirname, join, resolve } from "node:path"
import { ObjectStore, PreconditionFailed, StorageError, LeaseHeld, LeaseLost, type ObjectStoreShape, type ObjectInfo, type WriteCondition, type Body } from "./ObjectStore.ts"

/** A mutex file older than this belongs to a killed process. */
export const MUTEX_STALE_MS = 10_000

const codeOf = (error: unknown): string => (error !== null && typeof error === "object" && "code" in error ? String(error.code) : "")
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Build the store rooted at a folder (created on first write). */
export const localObjectStore = (root: string): ObjectStoreShape => {
  const base = resolve(root)
  const fileOf = (key: string) => join(base, ...key.split("/"))
  const mutexFile = join(base, ".objectstore.lock")
  const leaseFile = (key: string) => join(base, ".leases", encodeURIComponent(key))
  const io = <A>(operation: string, key: string, thunk: () => Promise<A>) =>
    Effect.tryPromise({ try: thunk, catch: (e) => new StorageError({ operation, key, message: messageOf(e) }) })

  const etagOf = (file: string): Promise<string | null> =>
    stat(file, { bigint: true }).then(
      (s) => `${s.ino.toString(16)}-${s.size.toString(16)}-${s.mtimeNs.toString(16)}`,
      (e: unknown) => (codeOf(e) === "ENOENT" ? null : Promise.reject(e))
    )

  /** Run `body` holding the store's mutex. */
  const locked = async <A>(body: () => Promise<A>): Promise<A> => {
    await mkdir(base, { recursive: true })
    for (;;) {
      const handle = await open(mutexFile, "wx").catch((e: unknown) => (codeOf(e) === "EEXIST" ? null : Promise.reject(e)))
      if (handle !== null) {
        await handle.close()
        break
      }
      const age = await stat(mutexFile).then((s) => Date.now() - s.mtimeMs, () => 0)
      if (age > MUTEX_STALE_MS) await rm(mutexFile, { force: true })
      else await new Promise((r) => setTimeout(r, 2))
    }
    try {
      return await body()
    } finally {
      await rm(mutexFile, { force: true })
    }
  }

  /** A new file beside the target, holding the body, to be renamed into place. */
  const staged = async (key: string, body: Body): Promise<string> => {
    const temp = join(base, ".tmp", `${randomBytes(8).toString("hex")}`)
    await mkdir(dirname(temp), { recursive: true })
    if (body instanceof Uint8Array) await writeFile(temp, body)
    else await copyFile(body.file, temp)
    return temp
  }

  const put: ObjectStoreShape["put"] = (key, body, condition) =>
    Effect.flatten(
      io("put", key, async (): Promise<Effect.Effect<string, PreconditionFailed>> => {
        const temp = await staged(key, body)
        const file = fileOf(key)
        try {
          return await locked(async () => {
            const current = await etagOf(file)
            if (failed(current, condition)) return new PreconditionFailed({ key, condition: condition ?? { ifNoneMatch: "*" } })
            await mkdir(dirname(file), { recursive: true })
            await rename(temp, file)
            const etag = await etagOf(file)
            return Effect.succeed(etag ?? "")
          })
        } finally {
          await rm(temp, { force: true })
        }
      })
    )

  const get: ObjectStoreShape["get"] = (key) =>
    io("get", key, async () => {
      const file = fileOf(key)
      // Read and etag through one open file, so they belong together.
      const handle = await open(file, "r").catch((e: unknown) => (codeOf(e) === "ENOENT" ? null : Promise.reject(e)))
      if (handle === null) return Option.none()
      try {
        const s = await handle.stat({ bigint: true })
        const bytes = await handle.readFile()
        return Option.some({ bytes: new Uint8Array(bytes), etag: `${s.ino.toString(16)}-${s.size.toString(16)}-${s.mtimeNs.toString(16)}` })
      } finally {
        await handle.close()
      }
    })

  const list: ObjectStoreShape["list"] = (prefix) =>
    io("list", prefix, async () => {
      const found: Array<ObjectInfo> = []
      const walk = async (dir: string, rel: string): Promise<void> => {
        const entries = await readdir(dir, { withFileTypes: true }).catch((e: unknown) => (codeOf(e) === "ENOENT" ? [] : Promise.reject(e)))
        for (const entry of entries) {
          if (rel === "" && entry.name.startsWith(".")) continue
          const key = rel === "" ? entry.name : `${rel}/${entry.name}`
          if (entry.isDirectory()) {
            if (prefix.startsWith(`${key}/`) || key.startsWith(prefix) || prefix === "") await walk(join(dir, entry.name), key)
          } else if (key.startsWith(prefix)) {
            const file = join(dir, entry.name)
            const s = await stat(file).catch(() => null)
            const etag = await etagOf(file)
            if (s !== null && etag !== null) found.push({ key, etag, size: s.size, lastModified: s.mtimeMs })
          }
        }
      }
      await walk(base, "")
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    })

  const remove: ObjectStoreShape["remove"] = (key) => io("delete", key, () => rm(fileOf(key), { force: true }))

  const download: ObjectStoreShape["download"] = (key, file) =>
    io("download", key, async () => {
      const temp = `${file}.part-${randomBytes(4).toString("hex")}`
      await mkdir(dirname(file), { recursive: true })
      const copied = await copyFile(fileOf(key), temp).then(
        () => true,
        (e: unknown) => (codeOf(e) === "ENOENT" ? false : Promise.reject(e))
      )
      if (copied) await rename(temp, file)
      return copied
    })

  interface Lease {
    readonly leaseId: string
    readonly expiresAt: number
    readonly seconds: number
  }
  const readLease = async (key: string): Promise<Lease | null> => {
    const text = await readFile(leaseFile(key), "utf8").catch(() => null)
    if (text === null) return null
    const parsed: unknown = JSON.parse(text)
    return parsed !== null && typeof parsed === "object" && "leaseId" in parsed && "expiresAt" in parsed && "seconds" in parsed
      ? { leaseId: String(parsed.leaseId), expiresAt: Number(parsed.expiresAt), seconds: Number(parsed.seconds) }
      : null
  }
  const writeLease = async (key: string, lease: Lease) => {
    await mkdir(dirname(leaseFile(key)), { recursive: true })
    await writeFile(leaseFile(key), JSON.stringify(lease))
  }

  const acquireLease: ObjectStoreShape["acquireLease"] = (key, seconds) =>
    Effect.flatten(
      io("acquire lease", key, () =>
        locked(async (): Promise<Effect.Effect<string, LeaseHeld>> => {
          const held = await readLease(key)
          if (held !== null && held.expiresAt > Date.now()) return new LeaseHeld({ key })
          if ((await etagOf(fileOf(key))) === null) {
            await mkdir(dirname(fileOf(key)), { recursive: true })
            await writeFile(fileOf(key), "")
          }
          const leaseId = randomUUID()
          await writeLease(key, { leaseId, expiresAt: Date.now() + seconds * 1000, seconds })
          return Effect.succeed(leaseId)
        })
      )
    )

  const renewLease: ObjectStoreShape["renewLease"] = (key, leaseId) =>
    Effect.flatten(
      io("renew lease", key, () =>
        locked(async (): Promise<Effect.Effect<void, LeaseLost>> => {
          const held = await readLease(key)
          if (held === null || held.leaseId !== leaseId) return new LeaseLost({ key, message: "the lease was taken by another writer" })
          await writeLease(key, { ...held, expiresAt: Date.now() + held.seconds * 1000 })
          return Effect.void
        })
      )
    )

  const releaseLease: ObjectStoreShape["releaseLease"] = (key, leaseId) =>
    io("release lease", key, () =>
      locked(async () => {
        const held = await readLease(key)
        if (held !== null && held.leaseId === leaseId) await rm(leaseFile(key), { force: true })
      })
    )

  return { location: base, get, put, list, remove, download, acquireLease, renewLease, releaseLease }
}

/** True when a write under `condition` must not happen, the object's current etag being `current` (null: none). */
const failed = (current: string | null, condition: WriteCondition | undefined): boolean =>
  condition === undefined ? false : "ifNoneMatch" in condition ? current !== null : current !== condition.ifMatch

/** The store on a folder as a layer. */
export const localObjectStoreLayer = (root: string): Layer.Layer<ObjectStore> => Layer.succeed(ObjectStore, localObjectStore(root))
