/**
 * Compaction: a gold version whose tables list many small files (a next-day
 * run adds one fact file a day and keeps the others) gets a successor version
 * in which the small files of a table are merged into few, audited, and
 * committed by the same pointer switch as a run's version. Nothing else
 * changes: the same rows, the same ingested dates; the version it compacted
 * stays retained, so a rollback is one switch, and its files are deleted only
 * when no retained version lists them any more.
 *
 * The audit proves the merged files hold exactly the rows of the files they
 * replace: the same count and the same sum of every row's hash (a multiset
 * fingerprint), computed by DuckDB over both. The files are then checked
 * against their manifest like any version's (sha256, size, rows).
 *
 * @example
 * ```ts
 * const plan = planCompaction(files, { maxFiles: 32, smallBytes: 128e6 })
 * // null when the table has at most 32 files, or fewer than 2 small ones
 * const result = yield* compactTable(root, "fact_orders", { maxFiles: 32, smallBytes: 128e6 })
 * // Option.some({ version, merged: 58, written: 1 }) once switched
 * ```
 */
import { Data, Effect, Option } from "effect"
import { randomBytes } from "node:crypto"
import { readdir, rm, stat, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { Duck, sqlIdent, sqlString } from "../engine/Duck.ts"
import { PARQUET_OPTIONS } from "../stages/writeAuditPublish.ts"
import { goldDir, readCurrent, switchToNewVersion, tableFileList, tableManifest, versionDir, versionTablePath, type GoldConflict, type GoldFile, type GoldVersion } from "./goldVersions.ts"
import { makeDirectories, sha256File } from "./Lakehouse.ts"
import { LakehouseError } from "./LakehouseError.ts"
import { encodeManifest, MANIFEST_FILE, type Manifest } from "./Manifest.ts"
import { addedFiles } from "./versionFiles.ts"

/** When a table is compacted, and which of its files. */
export interface CompactionOptions {
  /** Compact a table only when its current version lists more files than this. */
  readonly maxFiles: number
  /** Files smaller than this many bytes are merged; larger ones are listed again as they are. */
  readonly smallBytes: number
}

/** The default: more than 32 files, those under 128 MB merged (into files of at most 512 MB, as a run writes). */
export const defaultCompaction: CompactionOptions = { maxFiles: 32, smallBytes: 128e6 }

/** Which files to merge and which to keep, or null when the table needs no compaction. */
export const planCompaction = (files: ReadonlyArray<GoldFile>, options: CompactionOptions): { readonly merge: ReadonlyArray<GoldFile>; readonly keep: ReadonlyArray<GoldFile> } | null => {
  if (files.length <= options.maxFiles) return null
  const merge = files.filter((f) => f.bytes < options.smallBytes)
  return merge.length < 2 ? null : { merge, keep: files.filter((f) => f.bytes >= options.smallBytes) }
}

/** The merged files do not hold the rows of the files they replace: nothing was switched. */
export class CompactionMismatch extends Data.TaggedError("CompactionMismatch")<{
  readonly table: string
  readonly expected: { readonly rows: string; readonly fingerprint: string }
  readonly found: { readonly rows: string; readonly fingerprint: string }
}> {
  override get message() {
    return `compaction of ${this.table} would change its rows (${this.expected.rows} rows, fingerprint ${this.expected.fingerprint}; merged: ${this.found.rows}, ${this.found.fingerprint}); nothing was switched`
  }
}

/** What a compaction did. */
export interface Compacted {
  readonly version: GoldVersion
  readonly table: string
  /** Files merged, and files they were merged into. */
  readonly merged: number
  readonly written: number
  readonly rows: number
}

const io = <A>(operation: string, path: string, run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: (e) => new LakehouseError({ operation, path, message: e instanceof Error ? e.message : String(e) }) })

const list = (files: ReadonlyArray<string>) => `[${files.map(sqlString).join(", ")}]`

/** Row count and the sum of every row's hash over some Parquet files with the given columns. */
const fingerprint = (files: ReadonlyArray<string>, columns: ReadonlyArray<string>) =>
  Effect.flatMap(Duck, (duck) =>
    duck.all(`select count(*)::VARCHAR as rows, coalesce(sum(hash(${columns.map(sqlIdent).join(", ")})::HUGEINT), 0)::VARCHAR as fingerprint
      from read_parquet(${list(files)}, hive_partitioning = false)`)
  ).pipe(
    Effect.map((rows) => ({ rows: String(rows[0]?.["rows"] ?? ""), fingerprint: String(rows[0]?.["fingerprint"] ?? "") })),
    Effect.mapError((e) => new LakehouseError({ operation: "fingerprint rows", path: files[0] ?? "", message: e.message }))
  )

/**
 * Compact one table of the current gold version of `root`: merge its small
 * files into a new version and switch to it. None when the table needs no
 * compaction (see {@link planCompaction}) or has no version yet. The caller
 * holds the lakehouse (a compaction is a write, like a run); the switch still
 * fails with GoldConflict if the current version changed meanwhile.
 */
export const compactTable = (
  root: string,
  table: string,
  options: CompactionOptions = defaultCompaction
): Effect.Effect<Option.Option<Compacted>, LakehouseError | GoldConflict | CompactionMismatch, Duck> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const state = yield* readCurrent(root)
    if (Option.isNone(state)) return Option.none()
    const current = state.value.current
    const ref = current.tables[table]
    if (ref === undefined) return Option.none()
    const plan = planCompaction(yield* tableFileList(root, ref), options)
    if (plan === null) return Option.none()
    const previous = yield* tableManifest(root, ref)
    const columns = previous.columns.map(([name]) => name)
    const now = new Date().toISOString()
    const version = `${current.ingestionDate}_${now.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}_compact${randomBytes(3).toString("hex")}`
    const dir = versionDir(root, table, version)
    const sources = plan.merge.map((f) => join(goldDir(root), f.path))
    // Until the switch no reader sees this directory; a crash leaves it unreferenced, and the next switch prunes it.
    const written = Effect.gen(function* () {
      yield* makeDirectories("create version directory", dir)
      yield* duck
        .run(`copy (select ${columns.map(sqlIdent).join(", ")} from read_parquet(${list(sources)}, hive_partitioning = false)) to ${sqlString(dir)} (${PARQUET_OPTIONS}, file_size_bytes '512MB', filename_pattern 'part-{i}', overwrite_or_ignore)`)
        .pipe(Effect.mapError((e) => new LakehouseError({ operation: "merge files", path: dir, message: e.message })))
      const names = (yield* io("list merged files", dir, () => readdir(dir))).filter((n) => n.endsWith(".parquet")).sort()
      const paths = names.map((n) => join(dir, n))
      const expected = yield* fingerprint(sources, columns)
      const found = yield* fingerprint(paths, columns)
      if (expected.rows !== found.rows || expected.fingerprint !== found.fingerprint) return yield* new CompactionMismatch({ table, expected, found })
      const files = yield* Effect.forEach(names, (name) =>
        Effect.gen(function* () {
          const path = join(dir, name)
          const counted = yield* duck.all(`select count(*)::VARCHAR as n from read_parquet(${sqlString(path)})`).pipe(Effect.mapError((e) => new LakehouseError({ operation: "count rows", path, message: e.message })))
          const size = (yield* io("stat merged file", path, () => stat(path))).size
          return { path: name, rows: Number(counted[0]?.["n"] ?? 0), bytes: size, sha256: yield* sha256File(path) }
        })
      )
      const rows = files.reduce((sum, f) => sum + f.rows, 0)
      const manifest: Manifest = { ...previous, runId: version, publishedAt: now, rows, files, checks: { pass: 1, warn: 0, fail: 0, error: 0 } }
      yield* io("write manifest", join(dir, MANIFEST_FILE), () => writeFile(join(dir, MANIFEST_FILE), encodeManifest(manifest)))
      return yield* addedFiles(root, table, version)
    }).pipe(Effect.tapError(() => io("remove merged files", dir, () => rm(dir, { recursive: true, force: true })).pipe(Effect.ignore)))
    const added = yield* written
    const listed = [...plan.keep, ...added]
    const next: GoldVersion = {
      ...current,
      version,
      runId: version,
      createdAt: now,
      basedOn: current.version,
      tables: { ...current.tables, [table]: { path: versionTablePath(table, version), rows: listed.reduce((sum, f) => sum + f.rows, 0), contract: ref.contract, files: listed } }
    }
    yield* switchToNewVersion(root, next, now)
    return Option.some({ version: next, table, merged: plan.merge.length, written: added.length, rows: added.reduce((sum, f) => sum + f.rows, 0) })
  })
