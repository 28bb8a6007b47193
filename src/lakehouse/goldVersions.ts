/**
 * Gold versions. A version is, per table, a LIST OF PARQUET FILES (with row
 * counts, sizes, sha256 and column statistics), held in `gold/_current.json`.
 * A run writes the files it adds under `gold/_files/<table>/version=<runId>/`
 * (with the `_manifest.json` of those files), and then switches ONE file,
 * `gold/_current.json`, to name the new version and its file lists. A version
 * may list files another version added (files are shared, never rewritten).
 * Readers resolve every table through `_current.json`, so they never mix one
 * table of one run with another table of another run, and never see a
 * retained version: data lives under `_files/` (a `_` folder, skipped by
 * Spark, Hive and Trino listings), so nothing sits in a table's own folder
 * that a glob would count twice.
 *
 * `_current.json` holds the current version and the history of versions that
 * passed their gates (newest first, at most {@link KEEP_VERSIONS}). It is
 * replaced by writing a temporary file, syncing it and renaming it over the old
 * one, so it is always whole. A crash after the version directories were
 * published but before the switch leaves directories no entry references:
 * garbage that {@link pruneVersions} deletes after the next successful switch.
 *
 * @example
 * ```ts
 * const files = yield* currentTableFiles("lakehouse", "fact_orders")
 * // → ["/…/lakehouse/gold/fact_orders/version=…/part-0.parquet"]
 * ```
 */
import { Data, Effect, Option, Schema } from "effect"
import { randomBytes } from "node:crypto"
import { open, readdir, readFile, rename, rm, stat } from "node:fs/promises"
import { join, resolve } from "node:path"
import { LakehouseError } from "./LakehouseError.ts"
import { decodeManifest, MANIFEST_FILE, type Manifest } from "./Manifest.ts"

/** The gold layer's directory name under the lakehouse root. */
export const GOLD_DIR = "gold"

/** The pointer file, under the gold directory. */
export const CURRENT_FILE = "_current.json"

/** Versions kept (the current one is always kept). */
export const KEEP_VERSIONS = 7

/** The folder, under the gold directory, holding every table's data files. */
export const FILES_DIR = "_files"

/** Statistics of one column of a data file, as text (null when every value is null). */
export const ColumnStats = Schema.Struct({
  min: Schema.NullOr(Schema.String),
  max: Schema.NullOr(Schema.String),
  nulls: Schema.Number
})
export type ColumnStats = typeof ColumnStats.Type

/** One data file of a table of a version. */
export const GoldFile = Schema.Struct({
  /** Relative to the gold directory: `_files/<table>/version=<the version that added it>/part-N.parquet`. */
  path: Schema.String,
  rows: Schema.Number,
  bytes: Schema.Number,
  sha256: Schema.String,
  /** Per column (scalar columns only). */
  stats: Schema.optional(Schema.Record({ key: Schema.String, value: ColumnStats }))
})
export type GoldFile = typeof GoldFile.Type

/** One table of a gold version. */
export const GoldTableRef = Schema.Struct({
  /**
   * The directory of the files this version added, relative to the gold
   * directory (`_files/<table>/version=<version>`; `<table>/version=<version>`
   * for versions of format 1), with their `_manifest.json`.
   */
  path: Schema.String,
  rows: Schema.Number,
  contract: Schema.Struct({ id: Schema.String, version: Schema.String }),
  /** Every data file of the table in this version (absent in format 1: the manifest in `path` lists them). */
  files: Schema.optional(Schema.Array(GoldFile))
})
export type GoldTableRef = typeof GoldTableRef.Type

/** A gold version that passed its gates. */
export const GoldVersion = Schema.Struct({
  /** The id of the version: the runId of the run that built it. */
  version: Schema.String,
  runId: Schema.String,
  /** The ingestion date the run merged in. */
  ingestionDate: Schema.String,
  createdAt: Schema.String,
  /** The version this one was merged into (null for the first). */
  basedOn: Schema.NullOr(Schema.String),
  /** Every ingestion date merged into this version, ascending. */
  ingestedDates: Schema.Array(Schema.String),
  tables: Schema.Record({ key: Schema.String, value: GoldTableRef })
})
export type GoldVersion = typeof GoldVersion.Type

/** The content of `gold/_current.json`. */
export const GoldCurrent = Schema.Struct({
  /** 2: tables carry their file lists (1: read from each table's manifest). */
  formatVersion: Schema.Literal(1, 2),
  /** The version readers must use, with the directory of each of its tables. */
  current: GoldVersion,
  switchedAt: Schema.String,
  /** The versions that can be rolled back to, newest first (the current one included). */
  versions: Schema.Array(GoldVersion)
})
export type GoldCurrent = typeof GoldCurrent.Type

const decodeCurrent = Schema.decodeUnknownEither(Schema.parseJson(GoldCurrent))

/** `gold rollback` named a version the history does not hold. */
export class UnknownGoldVersion extends Data.TaggedError("UnknownGoldVersion")<{
  readonly version: string
  readonly known: ReadonlyArray<string>
}> {
  override get message() {
    return this.known.length === 0
      ? `no gold version to roll back to (gold has never been published)`
      : `unknown gold version ${this.version}; see \`lakegate gold history\``
  }
}

/** `_current.json` moved while a run was merging into the version it had read. */
export class GoldConflict extends Data.TaggedError("GoldConflict")<{
  readonly expected: string | null
  readonly found: string | null
}> {
  override get message() {
    return `gold's current version changed during the run (expected ${this.expected ?? "none"}, found ${this.found ?? "none"}); re-run the date`
  }
}

/** A filesystem step; its error names the path when the system's message does not (a write's ENOSPC names none). */
const io = <A>(operation: string, path: string, thunk: () => Promise<A>) =>
  Effect.tryPromise({
    try: thunk,
    catch: (e) => {
      const message = e instanceof Error ? e.message : String(e)
      return new LakehouseError({ operation, path, message: message.includes(path) ? message : `${message} (${operation} ${path})` })
    }
  })

/** The gold directory of a lakehouse root. */
export const goldDir = (root: string): string => join(resolve(root), GOLD_DIR)

/** The directory of the files a version adds to one table. */
export const versionDir = (root: string, table: string, version: string): string => join(goldDir(root), versionTablePath(table, version))

/** The directory of the files a version adds to one table, relative to the gold directory. */
export const versionTablePath = (table: string, version: string): string => `${FILES_DIR}/${table}/version=${version}`

/** Read `_current.json`; none when gold was never published. */
export const readCurrent = (root: string): Effect.Effect<Option.Option<GoldCurrent>, LakehouseError> => {
  const file = join(goldDir(root), CURRENT_FILE)
  return Effect.gen(function* () {
    const text = yield* io("read gold pointer", file, () => readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : Promise.reject(e))))
    if (text === null) return Option.none()
    const decoded = decodeCurrent(text)
    if (decoded._tag === "Left") return yield* new LakehouseError({ operation: "decode gold pointer", path: file, message: decoded.left.message })
    return Option.some(decoded.right)
  })
}

/** Replace `_current.json` atomically: temp file, fsync, rename. */
export const writeCurrent = (root: string, state: GoldCurrent): Effect.Effect<void, LakehouseError> => {
  const file = join(goldDir(root), CURRENT_FILE)
  const temp = `${file}.tmp-${randomBytes(4).toString("hex")}`
  return io("write gold pointer", file, async () => {
    const handle = await open(temp, "w")
    try {
      await handle.writeFile(`${JSON.stringify(Schema.encodeSync(GoldCurrent)(state), null, 2)}\n`)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
  }).pipe(Effect.tapError(() => Effect.promise(() => rm(temp, { force: true }))))
}

/** The manifest of one table of a version. */
export const tableManifest = (root: string, ref: GoldTableRef): Effect.Effect<Manifest, LakehouseError> => {
  const file = join(goldDir(root), ref.path, MANIFEST_FILE)
  return Effect.gen(function* () {
    const text = yield* io("read manifest", file, () => readFile(file, "utf8"))
    const decoded = decodeManifest(text)
    if (decoded._tag === "Left") return yield* new LakehouseError({ operation: "decode manifest", path: file, message: decoded.left.message })
    return decoded.right
  })
}

/** The data files of one table of a version, relative to the gold directory (format 1: from its manifest). */
export const tableFileList = (root: string, ref: GoldTableRef): Effect.Effect<ReadonlyArray<GoldFile>, LakehouseError> =>
  ref.files !== undefined
    ? Effect.succeed(ref.files)
    : Effect.map(tableManifest(root, ref), (m) => m.files.map((f) => ({ path: `${ref.path}/${f.path}`, rows: f.rows, bytes: f.bytes, sha256: f.sha256 })))

/** The Parquet files of one table of a version, as absolute paths. */
export const tableFiles = (root: string, ref: GoldTableRef): Effect.Effect<ReadonlyArray<string>, LakehouseError> =>
  Effect.map(tableFileList(root, ref), (files) => files.map((f) => join(goldDir(root), f.path)))

/** The Parquet files of a table of the current version; empty when gold was never published. */
export const currentTableFiles = (root: string, table: string): Effect.Effect<ReadonlyArray<string>, LakehouseError> =>
  Effect.flatMap(readCurrent(root), (state) =>
    Option.match(Option.flatMapNullable(state, (s) => s.current.tables[table]), {
      onNone: () => Effect.succeed([]),
      onSome: (ref) => tableFiles(root, ref)
    })
  )

/** Versions to keep: the newest {@link KEEP_VERSIONS} by creation, and always the current one. */
export const retained = (current: GoldVersion, versions: ReadonlyArray<GoldVersion>, keep = KEEP_VERSIONS): ReadonlyArray<GoldVersion> => {
  const newest = [...versions].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.version < b.version ? 1 : -1)).slice(0, keep)
  return newest.some((v) => v.version === current.version) ? newest : [...newest.slice(0, keep - 1), current]
}

/**
 * Delete every data file no retained version references: files of versions
 * past retention and garbage of runs that crashed before their switch (a
 * `version=*` directory none of whose files is referenced goes whole, its
 * manifest with it). Format-1 directories (`<table>/version=*`) are pruned the
 * same way. Also removes stray temporary pointer files. Returns what it removed,
 * relative to the gold directory.
 */
export const pruneVersions = (root: string, state: GoldCurrent): Effect.Effect<ReadonlyArray<string>, LakehouseError> =>
  Effect.gen(function* () {
    const gold = goldDir(root)
    const refs = [...state.versions.flatMap((v) => Object.values(v.tables)), ...Object.values(state.current.tables)]
    const referencedFiles = new Set<string>()
    for (const ref of refs) for (const f of yield* tableFileList(root, ref).pipe(Effect.orElseSucceed(() => []))) referencedFiles.add(f.path)
    const referencedDirs = new Set(refs.map((r) => r.path))
    for (const f of referencedFiles) referencedDirs.add(f.slice(0, f.lastIndexOf("/")))
    const removed: Array<string> = []
    const list = (dir: string) => io("list gold", dir, () => readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? [] : Promise.reject(e))))
    const remove = (rel: string) => Effect.zipRight(io("prune", join(gold, rel), () => rm(join(gold, rel), { recursive: true, force: true })), Effect.sync(() => removed.push(rel)))
    /** Prune the `version=*` directories of one table folder (relative to gold). */
    const pruneTable = (tableRel: string) =>
      Effect.gen(function* () {
        for (const entry of yield* list(join(gold, tableRel))) {
          if (!entry.isDirectory() || !entry.name.startsWith("version=")) continue
          const dirRel = `${tableRel}/${entry.name}`
          if (!referencedDirs.has(dirRel)) {
            yield* remove(dirRel)
            continue
          }
          for (const file of yield* list(join(gold, dirRel))) {
            if (file.isFile() && file.name.endsWith(".parquet") && !referencedFiles.has(`${dirRel}/${file.name}`)) yield* remove(`${dirRel}/${file.name}`)
          }
        }
        if ((yield* list(join(gold, tableRel))).length === 0) yield* io("prune", join(gold, tableRel), () => rm(join(gold, tableRel), { recursive: true, force: true }))
      })
    for (const entry of yield* list(gold)) {
      if (entry.isFile() && entry.name.startsWith(`${CURRENT_FILE}.tmp-`)) yield* io("prune", join(gold, entry.name), () => rm(join(gold, entry.name), { force: true }))
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue
      if (entry.name === FILES_DIR) {
        for (const table of yield* list(join(gold, FILES_DIR))) if (table.isDirectory()) yield* pruneTable(`${FILES_DIR}/${table.name}`)
      } else if (!entry.name.startsWith("_")) yield* pruneTable(entry.name)
    }
    return removed
  })

/**
 * Make a freshly published version current: check that the current version is
 * still the one the run merged into, switch `_current.json`, then prune.
 */
export const switchToNewVersion = (root: string, version: GoldVersion, now: string): Effect.Effect<GoldCurrent, LakehouseError | GoldConflict> =>
  Effect.gen(function* () {
    const before = yield* readCurrent(root)
    const found = Option.getOrNull(Option.map(before, (s) => s.current.version))
    if (found !== version.basedOn) return yield* new GoldConflict({ expected: version.basedOn, found })
    const history = Option.match(before, { onNone: () => [], onSome: (s) => s.versions })
    const state: GoldCurrent = { formatVersion: 2, current: version, switchedAt: now, versions: retained(version, [version, ...history]) }
    yield* writeCurrent(root, state)
    yield* pruneVersions(root, state)
    return state
  })

/** Switch `_current.json` back (or forth) to a version of the history; every table of it must still be readable. */
export const rollbackTo = (root: string, version: string, now: string): Effect.Effect<GoldCurrent, LakehouseError | UnknownGoldVersion> =>
  Effect.gen(function* () {
    const state = yield* readCurrent(root)
    const versions = Option.match(state, { onNone: () => [], onSome: (s) => s.versions })
    const target = versions.find((v) => v.version === version)
    if (state._tag === "None" || target === undefined) return yield* new UnknownGoldVersion({ version, known: versions.map((v) => v.version) })
    for (const ref of Object.values(target.tables)) {
      for (const file of yield* tableFiles(root, ref)) yield* io("check version file", file, () => stat(file))
    }
    const next: GoldCurrent = { ...state.value, formatVersion: 2, current: target, switchedAt: now }
    yield* writeCurrent(root, next)
    return next
  })
