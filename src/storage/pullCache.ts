/**
 * Make a local cache lakehouse the image of what is published in an object
 * store, for what a run reads: every silver partition (its manifest and
 * files) and gold's `_current.json` with the files of its current version.
 * Bronze is not pulled (a run reads only the bronze it writes). A reader
 * asks for other layers and gold versions with {@link PullOptions}
 * (`lakegate sql` pulls bronze too; `gold history` only the pointer). A file is
 * downloaded only when no file with its sha256 is in the cache already (the
 * manifests carry the checksums). Local state the store does not confirm goes:
 * partitions it does not hold, a gold pointer it does not hold, staging and
 * journals of killed local runs. Returns what was read, with the etags the
 * commit's conditions will name.
 *
 * @example
 * ```ts
 * const snapshot = yield* pullCache("/var/cache/lakegate/acct/lake/prod")
 * yield* pullCache(cache, { layers: [], goldVersions: () => [] }) // gold's pointer only
 * ```
 */
import { Effect, Option } from "effect"
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises"
import { dirname, join, resolve } from "node:path"
import { CURRENT_FILE, GOLD_DIR, GoldCurrent, readCurrent, tableFileList, type GoldFile, type GoldVersion } from "../lakehouse/goldVersions.ts"
import { LakehouseError } from "../lakehouse/LakehouseError.ts"
import { decodeManifest, MANIFEST_FILE, type Manifest } from "../lakehouse/Manifest.ts"
import { ObjectStore, StorageError } from "./ObjectStore.ts"
import { decodeRecord, GOLD_POINTER_KEY, parseManifestKey } from "./remoteLayout.ts"

/** A pointer as read from the store. */
export interface Pulled<A> {
  readonly etag: string
  readonly value: A
}

/** What to pull besides gold's pointer (default: what a run reads). */
export interface PullOptions {
  /** The partitioned layers whose published partitions to pull (default: silver). */
  readonly layers?: ReadonlyArray<"bronze" | "silver">
  /** The gold versions whose files to pull (default: the current one). */
  readonly goldVersions?: (state: GoldCurrent) => ReadonlyArray<GoldVersion>
}

/** What the store held when the run started. */
export interface Snapshot {
  /** Silver partitions by manifest key. */
  readonly silver: ReadonlyMap<string, Pulled<Manifest>>
  readonly gold: Pulled<GoldCurrent> | null
  /** Files downloaded (the others were in the cache). */
  readonly downloaded: number
}

const io = <A>(operation: string, path: string, thunk: () => Promise<A>) =>
  Effect.tryPromise({ try: thunk, catch: (e) => new LakehouseError({ operation, path, message: e instanceof Error ? e.message : String(e) }) })

const listDir = (dir: string) => readdir(dir, { withFileTypes: true }).catch(() => [])

/** The manifests of the local partitions of a layer, by partition folder. */
export const localPartitions = (root: string, layer: string): Effect.Effect<ReadonlyArray<{ readonly dir: string; readonly manifest: Manifest }>, LakehouseError> =>
  io("list", join(root, layer), async () => {
    const found: Array<{ dir: string; manifest: Manifest }> = []
    for (const table of await listDir(join(root, layer))) {
      if (!table.isDirectory()) continue
      for (const part of await listDir(join(root, layer, table.name))) {
        if (!part.isDirectory() || !part.name.startsWith("ingestion_date=")) continue
        const dir = join(root, layer, table.name, part.name)
        const text = await readFile(join(dir, MANIFEST_FILE), "utf8").catch(() => null)
        const decoded = text === null ? null : decodeManifest(text)
        if (decoded !== null && decoded._tag === "Right") found.push({ dir, manifest: decoded.right })
      }
    }
    return found
  })

const decodeCurrent = decodeRecord(GoldCurrent)

/** Pull the store's published silver and gold into the cache at `root`. */
export const pullCache = (cacheRoot: string, options: PullOptions = {}): Effect.Effect<Snapshot, StorageError | LakehouseError, ObjectStore> =>
  Effect.gen(function* () {
    const store = yield* ObjectStore
    const root = resolve(cacheRoot)
    for (const leftover of ["_journal", ".staging", ".trash"]) yield* io("clean cache", join(root, leftover), () => rm(join(root, leftover), { recursive: true, force: true }))

    // What the cache holds already, by checksum.
    const bySha = new Map<string, string>()
    const layers = options.layers ?? ["silver"]
    for (const layer of layers) for (const p of yield* localPartitions(root, layer)) for (const f of p.manifest.files) bySha.set(f.sha256, join(p.dir, f.path))
    const localGold = yield* Effect.orElseSucceed(readCurrent(root), () => Option.none())
    if (Option.isSome(localGold)) {
      for (const ref of Object.values(localGold.value.current.tables)) {
        for (const f of yield* Effect.orElseSucceed(tableFileList(root, ref), () => [])) bySha.set(f.sha256, join(root, GOLD_DIR, f.path))
      }
    }
    let downloaded = 0
    const ensure = (key: string, file: string, sha256: string) =>
      Effect.gen(function* () {
        const have = bySha.get(sha256)
        const present = have === undefined ? false : yield* io("stat", have, () => stat(have).then(() => true, () => false))
        if (have === file && present) return
        if (have !== undefined && present) {
          yield* io("copy", file, async () => {
            await mkdir(dirname(file), { recursive: true })
            await copyFile(have, `${file}.part`)
            await rename(`${file}.part`, file)
          })
          return
        }
        if (!(yield* store.download(key, file))) return yield* new StorageError({ operation: "download", key: `${store.location}/${key}`, message: "a file the pointer names is missing" })
        downloaded++
        bySha.set(sha256, file)
      })
    const writeLocal = (file: string, bytes: Uint8Array) =>
      io("write", file, async () => {
        await mkdir(dirname(file), { recursive: true })
        await writeFile(`${file}.part`, bytes)
        await rename(`${file}.part`, file)
      })

    // Silver (and bronze for a reader that asks): every published partition.
    const silver = new Map<string, Pulled<Manifest>>()
    const remoteDirs = new Set<string>()
    for (const layer of layers) for (const entry of yield* store.list(`${layer}/`)) {
      const parsed = parseManifestKey(entry.key)
      if (parsed === null || parsed.layer !== layer) continue
      const got = yield* store.get(entry.key)
      if (Option.isNone(got)) continue
      const decoded = decodeManifest(new TextDecoder().decode(got.value.bytes))
      if (decoded._tag === "Left") return yield* new StorageError({ operation: "decode manifest", key: `${store.location}/${entry.key}`, message: decoded.left.message })
      const partitionKey = entry.key.slice(0, -MANIFEST_FILE.length - 1)
      const dir = join(root, ...partitionKey.split("/"))
      for (const f of decoded.right.files) yield* ensure(`${partitionKey}/${f.path}`, join(dir, f.path), f.sha256)
      yield* writeLocal(join(dir, MANIFEST_FILE), got.value.bytes)
      if (layer === "silver") silver.set(entry.key, { etag: got.value.etag, value: decoded.right })
      remoteDirs.add(dir)
    }
    // Local partitions the store does not hold are not published.
    for (const layer of layers) for (const p of yield* localPartitions(root, layer)) if (!remoteDirs.has(p.dir)) yield* io("clean cache", p.dir, () => rm(p.dir, { recursive: true, force: true }))

    // Gold: the current version's files.
    const pointer = yield* store.get(GOLD_POINTER_KEY)
    const pointerFile = join(root, GOLD_DIR, CURRENT_FILE)
    if (Option.isNone(pointer)) {
      yield* io("clean cache", pointerFile, () => rm(pointerFile, { force: true }))
      return { silver, gold: null, downloaded }
    }
    const current = decodeCurrent(pointer.value.bytes)
    if (current._tag === "Left") return yield* new StorageError({ operation: "decode gold pointer", key: `${store.location}/${GOLD_POINTER_KEY}`, message: current.left.message })
    const versions = options.goldVersions === undefined ? [current.right.current] : options.goldVersions(current.right)
    for (const ref of versions.flatMap((v) => Object.values(v.tables))) {
      const manifestFile = join(root, GOLD_DIR, ...ref.path.split("/"), MANIFEST_FILE)
      yield* store.download(`${GOLD_DIR}/${ref.path}/${MANIFEST_FILE}`, manifestFile)
      const files: ReadonlyArray<GoldFile> = yield* tableFileList(root, ref)
      for (const f of files) yield* ensure(`${GOLD_DIR}/${f.path}`, join(root, GOLD_DIR, ...f.path.split("/")), f.sha256)
    }
    yield* writeLocal(pointerFile, pointer.value.bytes)
    return { silver, gold: { etag: pointer.value.etag, value: current.right }, downloaded }
  })
