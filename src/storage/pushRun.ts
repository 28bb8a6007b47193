/**
 * Push what a run published in the cache lakehouse to the object store and
 * commit it: the bronze and silver partitions whose manifest names this run,
 * and gold's new current version. Data files go first, each under a key no
 * pointer names yet (`_v=<runId>/` inside a partition; gold's version folders
 * are new keys already), created with `If-None-Match: *`; a garbage record
 * lists them before the first upload, so a run killed while uploading leaves
 * nothing a later run does not delete. Then {@link commitSwitches} switches
 * the pointers (partitions first, gold's `_current.json` last).
 *
 * @example
 * ```ts
 * const pushed = yield* pushRun(cacheRoot, run.runId, snapshot)
 * ```
 */
import { Effect, Option } from "effect"
import { readFile } from "node:fs/promises"
import { join, resolve } from "node:path"
import { GOLD_DIR, readCurrent, tableFileList, type GoldCurrent } from "../lakehouse/goldVersions.ts"
import { LakehouseError } from "../lakehouse/LakehouseError.ts"
import { decodeManifest, encodeManifest, MANIFEST_FILE, type Manifest } from "../lakehouse/Manifest.ts"
import { ObjectStore, type StorageError } from "./ObjectStore.ts"
import { commitSwitches, recordGarbage, type CommitStep, type RemoteConflict } from "./remoteCommit.ts"
import { GOLD_POINTER_KEY, manifestKey, partitionPath, runFolder, type Switch } from "./remoteLayout.ts"
import { localPartitions, type Snapshot } from "./pullCache.ts"

/** What a push sent. */
export interface Pushed {
  readonly files: number
  readonly bytes: number
  readonly pointers: ReadonlyArray<string>
}

const io = <A>(operation: string, path: string, thunk: () => Promise<A>) =>
  Effect.tryPromise({ try: thunk, catch: (e) => new LakehouseError({ operation, path, message: e instanceof Error ? e.message : String(e) }) })

/** Every data file (relative to gold) a gold state references, in any retained version. */
const goldFiles = (root: string, state: GoldCurrent) =>
  Effect.gen(function* () {
    const refs = [...state.versions.flatMap((v) => Object.values(v.tables)), ...Object.values(state.current.tables)]
    const files = new Map<string, number>()
    const dirs = new Set<string>()
    for (const ref of refs) {
      dirs.add(ref.path)
      for (const f of yield* Effect.orElseSucceed(tableFileList(root, ref), () => [])) files.set(f.path, f.bytes)
    }
    return { files, dirs }
  })

/** Upload the run's publishes and commit them; none when the run published nothing. */
export const pushRun = (
  cacheRoot: string,
  runId: string,
  snapshot: Snapshot,
  onStep: (step: CommitStep | "uploaded-one") => Effect.Effect<void> = () => Effect.void
): Effect.Effect<Pushed, StorageError | LakehouseError | RemoteConflict, ObjectStore> =>
  Effect.gen(function* () {
    const store = yield* ObjectStore
    const root = resolve(cacheRoot)
    const uploads: Array<{ readonly key: string; readonly file: string; readonly bytes: number }> = []
    const switches: Array<Switch> = []
    const replaced: Array<string> = []

    for (const layer of ["bronze", "silver"]) {
      for (const { dir, manifest } of yield* localPartitions(root, layer)) {
        if (manifest.runId !== runId || manifest.ingestionDate === null) continue
        const base = partitionPath(layer, manifest.table, manifest.ingestionDate)
        const remote: Manifest = { ...manifest, files: manifest.files.map((f) => ({ ...f, path: `${runFolder(runId)}/${f.path}` })) }
        manifest.files.forEach((f, i) => uploads.push({ key: `${base}/${remote.files[i]?.path ?? f.path}`, file: join(dir, f.path), bytes: f.bytes }))
        const key = manifestKey(layer, manifest.table, manifest.ingestionDate)
        // Silver's pointer was read by the pull; bronze's (never pulled) is read now.
        const before = layer === "silver" ? Option.fromNullable(snapshot.silver.get(key)) : Option.flatMap(yield* store.get(key), (got) => {
          const decoded = decodeManifest(new TextDecoder().decode(got.bytes))
          return decoded._tag === "Right" ? Option.some({ etag: got.etag, value: decoded.right }) : Option.some({ etag: got.etag, value: { ...manifest, files: [] } })
        })
        switches.push({ key, ifMatch: Option.getOrNull(Option.map(before, (b) => b.etag)), body: encodeManifest(remote) })
        if (Option.isSome(before)) replaced.push(...before.value.value.files.map((f) => `${base}/${f.path}`))
      }
    }

    const localGold = yield* readCurrent(root)
    if (Option.isSome(localGold) && localGold.value.current.runId === runId) {
      const now = yield* goldFiles(root, localGold.value)
      const before = snapshot.gold === null ? { files: new Map<string, number>(), dirs: new Set<string>() } : yield* goldFiles(root, snapshot.gold.value)
      for (const [path, bytes] of now.files) if (!before.files.has(path)) uploads.push({ key: `${GOLD_DIR}/${path}`, file: join(root, GOLD_DIR, path), bytes })
      for (const dir of now.dirs) if (!before.dirs.has(dir)) uploads.push({ key: `${GOLD_DIR}/${dir}/${MANIFEST_FILE}`, file: join(root, GOLD_DIR, dir, MANIFEST_FILE), bytes: 0 })
      for (const path of before.files.keys()) if (!now.files.has(path)) replaced.push(`${GOLD_DIR}/${path}`)
      for (const dir of before.dirs) if (!now.dirs.has(dir)) replaced.push(`${GOLD_DIR}/${dir}/${MANIFEST_FILE}`)
      const pointerFile = join(root, GOLD_DIR, "_current.json")
      const body = yield* io("read gold pointer", pointerFile, () => readFile(pointerFile, "utf8"))
      switches.push({ key: GOLD_POINTER_KEY, ifMatch: snapshot.gold?.etag ?? null, body })
    }
    if (switches.length === 0) return { files: 0, bytes: 0, pointers: [] }

    // Before the first upload: what it uploads is garbage unless the commit names it.
    yield* recordGarbage(store, runId, uploads.map((u) => u.key))
    yield* Effect.forEach(
      uploads,
      (u) =>
        store.put(u.key, { file: u.file }, { ifNoneMatch: "*" }).pipe(
          // Already there: uploaded by this very run before (keys are the run's own).
          Effect.catchTag("PreconditionFailed", () => Effect.void),
          Effect.zipRight(onStep("uploaded-one"))
        ),
      { concurrency: 4, discard: true }
    )
    yield* onStep("uploaded")
    yield* commitSwitches({ runId, switches, replaced }, onStep)
    return { files: uploads.length, bytes: uploads.reduce((sum, u) => sum + u.bytes, 0), pointers: switches.map((s) => s.key) }
  })
