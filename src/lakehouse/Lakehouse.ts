/**
 * The lakehouse store. Tables are Parquet files in Hive-style directories
 * (`<layer>/<table>/ingestion_date=YYYY-MM-DD/part-*.parquet`), readable as they
 * are by DuckDB, Spark and Trino. Writes follow write-audit-publish:
 *
 * 1. `stage` a directory under `.staging/<runId>/` and write Parquet into it;
 * 2. audit the staged data (the caller runs the contract checks);
 * 3. `seal` it (row counts, sha256, `_manifest.json`), then `publish` all
 *    staged directories of a layer together: a journal is written first, then
 *    each directory is swapped in by `rename`. A crash between renames is
 *    rolled forward by `recover` on the next start, so a layer is never left
 *    half-published, and a failed gate never touches what is published.
 */
import { FileSystem, Path } from "@effect/platform"
import { Context, Effect, Layer, Option, Schema } from "effect"
import { createHash } from "node:crypto"
import { createReadStream } from "node:fs"
import { Duck, sqlString } from "../engine/Duck.ts"
import { ensureDirectory } from "./directory.ts"
import { syncPaths } from "./durable.ts"
import { LakehouseError } from "./LakehouseError.ts"
import { decodeManifest, encodeManifest, MANIFEST_FILE, type Manifest } from "./Manifest.ts"

/** A directory being prepared for publication, and where it will be published. */
export interface StagedTable {
  readonly layer: string
  readonly table: string
  readonly ingestionDate: string | null
  readonly dir: string
  readonly target: string
}

/** What the manifest records besides the files. */
export interface SealInfo {
  readonly runId: string
  readonly contract: { readonly id: string; readonly version: string }
  readonly columns: ReadonlyArray<readonly [string, string]>
  readonly checks: Manifest["checks"]
  readonly publishedAt: string
}

/** The publish journal: moves still to be carried out. */
const Journal = Schema.parseJson(
  Schema.Struct({ runId: Schema.String, moves: Schema.Array(Schema.Struct({ staged: Schema.String, target: Schema.String })) })
)

/** The store's operations. */
export interface LakehouseShape {
  readonly root: string
  /** Where a table's partition (or a gold table, with a null date) is published. */
  readonly publishedDir: (layer: string, table: string, ingestionDate: string | null) => string
  /** Create an empty staging directory for a table of this run. */
  readonly stage: (runId: string, layer: string, table: string, ingestionDate: string | null) => Effect.Effect<StagedTable, LakehouseError>
  /** Count rows, hash files and write `_manifest.json` into a staged directory. */
  readonly seal: (staged: StagedTable, info: SealInfo) => Effect.Effect<Manifest, LakehouseError, Duck>
  /** Publish staged directories together (journaled renames). */
  readonly publish: (runId: string, staged: ReadonlyArray<StagedTable>) => Effect.Effect<void, LakehouseError>
  /** Remove a run's staging area. */
  readonly discard: (runId: string) => Effect.Effect<void>
  /** Finish publishes interrupted by a crash; returns the run ids recovered. */
  readonly recover: Effect.Effect<ReadonlyArray<string>, LakehouseError>
  /** The manifest of a published partition, if it is published. */
  readonly manifest: (layer: string, table: string, ingestionDate: string | null) => Effect.Effect<Option.Option<Manifest>, LakehouseError>
  /** Published ingestion dates of a table, ascending. */
  readonly dates: (layer: string, table: string) => Effect.Effect<ReadonlyArray<string>, LakehouseError>
  /** Glob of the Parquet files of a published partition, for `read_parquet`. */
  readonly files: (layer: string, table: string, ingestionDate: string | null) => Effect.Effect<ReadonlyArray<string>, LakehouseError>
}

/** The lakehouse service. */
export class Lakehouse extends Context.Tag("lakegate/Lakehouse")<Lakehouse, LakehouseShape>() {}

/** The sha256 of a file, streamed, in hex. */
export const sha256File = (path: string): Effect.Effect<string, LakehouseError> =>
  Effect.async<string, LakehouseError>((resume) => {
    const hash = createHash("sha256")
    const stream = createReadStream(path)
    stream.on("data", (chunk) => hash.update(chunk))
    stream.on("error", (error) => resume(Effect.fail(new LakehouseError({ operation: "hash", path, message: error.message }))))
    stream.on("end", () => resume(Effect.succeed(hash.digest("hex"))))
    return Effect.sync(() => stream.destroy())
  })

/**
 * `mkdir -p` whose failure names its cause: Node 20's recursive `mkdir` reports
 * a full disk (ENOSPC, e.g. no inode left) as ENOENT; this creates the missing
 * levels one by one, so the error is the real one.
 */
export const makeDirectories = (operation: string, dir: string): Effect.Effect<void, LakehouseError> =>
  ensureDirectory(dir, "lakehouse").pipe(
    Effect.asVoid,
    Effect.mapError((e) => new LakehouseError({ operation, path: dir, message: e.reason }))
  )

const partitionSegment = (date: string | null): ReadonlyArray<string> => (date === null ? [] : [`ingestion_date=${date}`])

/** Build the store rooted at `root`. */
export const makeLakehouse = (root: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const absRoot = path.resolve(root)
    const wrap = (operation: string, target: string) =>
      Effect.mapError((e: { readonly message: string }) => new LakehouseError({ operation, path: target, message: e.message }))

    const journalDir = path.join(absRoot, "_journal")
    const trashDir = (runId: string) => path.join(absRoot, ".trash", runId)
    const publishedDir = (layer: string, table: string, date: string | null) => path.join(absRoot, layer, table, ...partitionSegment(date))

    const stage: LakehouseShape["stage"] = (runId, layer, table, date) => {
      const dir = path.join(absRoot, ".staging", runId, layer, table, ...partitionSegment(date))
      return fs.remove(dir, { recursive: true }).pipe(
        Effect.catchAll(() => Effect.void),
        Effect.zipRight(makeDirectories("stage", dir)),
        Effect.as({ layer, table, ingestionDate: date, dir, target: publishedDir(layer, table, date) })
      )
    }

    const parquetFiles = (dir: string) =>
      fs.readDirectory(dir).pipe(
        Effect.map((names) => names.filter((n) => n.endsWith(".parquet")).sort()),
        wrap("list", dir)
      )

    const seal: LakehouseShape["seal"] = (staged, info) =>
      Effect.gen(function* () {
        const duck = yield* Duck
        const names = yield* parquetFiles(staged.dir)
        const files = yield* Effect.forEach(names, (name) =>
          Effect.gen(function* () {
            const file = path.join(staged.dir, name)
            const counted = yield* duck.all(`select num_rows from parquet_file_metadata(${sqlString(file)})`).pipe(wrap("count rows", file))
            const stat = yield* fs.stat(file).pipe(wrap("stat", file))
            const sha256 = yield* sha256File(file)
            return { path: name, rows: Number(counted[0]?.["num_rows"] ?? 0), bytes: Number(stat.size), sha256 }
          })
        )
        const manifest: Manifest = {
          formatVersion: 1,
          layer: staged.layer,
          table: staged.table,
          ingestionDate: staged.ingestionDate,
          runId: info.runId,
          publishedAt: info.publishedAt,
          contract: info.contract,
          rows: files.reduce((sum, f) => sum + f.rows, 0),
          columns: info.columns.map(([n, t]) => [n, t] as const),
          files,
          checks: info.checks
        }
        const manifestPath = path.join(staged.dir, MANIFEST_FILE)
        yield* fs.writeFileString(manifestPath, encodeManifest(manifest)).pipe(wrap("write manifest", manifestPath))
        // Sealed means durable: the data files, the manifest and the directory naming them are on disk before any publish.
        yield* syncPaths([...names.map((name) => path.join(staged.dir, name)), manifestPath, staged.dir])
        return manifest
      })

    const move = (runId: string, staged: string, target: string) =>
      Effect.gen(function* () {
        if (!(yield* fs.exists(staged).pipe(wrap("exists", staged)))) return
        if (yield* fs.exists(target).pipe(wrap("exists", target))) {
          const old = path.join(trashDir(runId), path.relative(absRoot, target))
          yield* makeDirectories("trash", path.dirname(old))
          yield* fs.remove(old, { recursive: true }).pipe(Effect.catchAll(() => Effect.void))
          yield* fs.rename(target, old).pipe(wrap("trash", target))
        }
        yield* makeDirectories("publish", path.dirname(target))
        yield* fs.rename(staged, target).pipe(wrap("publish", target))
      })

    const finish = (runId: string, moves: ReadonlyArray<{ readonly staged: string; readonly target: string }>) =>
      Effect.gen(function* () {
        for (const m of moves) yield* move(runId, m.staged, m.target)
        // The renames are durable (the directories holding the new names synced) before the journal goes.
        const parents = yield* Effect.filter(new Set(moves.map((m) => path.dirname(m.target))), (dir) => fs.exists(dir).pipe(wrap("exists", dir)))
        yield* syncPaths(parents)
        const journal = path.join(journalDir, `${runId}.json`)
        yield* fs.remove(journal).pipe(wrap("journal", journal))
        yield* fs.remove(trashDir(runId), { recursive: true }).pipe(Effect.catchAll(() => Effect.void))
        // And the trash folder itself once nothing is left in it (another run's leftovers stay for its recovery).
        const trash = path.dirname(trashDir(runId))
        yield* fs.readDirectory(trash).pipe(
          Effect.flatMap((left) => (left.length === 0 ? fs.remove(trash, { recursive: true }) : Effect.void)),
          Effect.catchAll(() => Effect.void)
        )
      })

    const publish: LakehouseShape["publish"] = (runId, staged) =>
      Effect.gen(function* () {
        const moves = staged.map((s) => ({ staged: s.dir, target: s.target }))
        const journal = path.join(journalDir, `${runId}.json`)
        yield* makeDirectories("journal", journalDir)
        // Write then rename, so a journal is either whole or absent (a part written on a full disk is removed).
        yield* Effect.gen(function* () {
          yield* fs.writeFileString(`${journal}.tmp`, JSON.stringify({ runId, moves })).pipe(wrap("journal", journal))
          yield* syncPaths([`${journal}.tmp`])
          yield* fs.rename(`${journal}.tmp`, journal).pipe(wrap("journal", journal))
        }).pipe(Effect.tapError(() => fs.remove(`${journal}.tmp`).pipe(Effect.ignore)))
        // The journal is durable before the first rename it covers.
        yield* syncPaths([journalDir])
        yield* finish(runId, moves)
      })

    const recover: LakehouseShape["recover"] = Effect.gen(function* () {
      if (!(yield* fs.exists(journalDir).pipe(wrap("exists", journalDir)))) return []
      const all = yield* fs.readDirectory(journalDir).pipe(wrap("list", journalDir))
      // A journal never renamed into place (its run was killed while writing it) covers no move: it goes.
      for (const partial of all.filter((n) => n.endsWith(".json.tmp"))) yield* fs.remove(path.join(journalDir, partial)).pipe(Effect.ignore)
      const names = all.filter((n) => n.endsWith(".json"))
      const recovered: Array<string> = []
      for (const name of names) {
        const file = path.join(journalDir, name)
        const text = yield* fs.readFileString(file).pipe(wrap("read journal", file))
        const journal = yield* Schema.decodeUnknown(Journal)(text).pipe(wrap("decode journal", file))
        yield* finish(journal.runId, journal.moves)
        // That run is over (its lock is gone): what its staging still holds (emptied folders, landing) goes too.
        yield* fs.remove(path.join(absRoot, ".staging", journal.runId), { recursive: true }).pipe(Effect.catchAll(() => Effect.void))
        recovered.push(journal.runId)
      }
      return recovered
    })

    // A run whose publish began and did not finish (its journal is there) keeps its staged directories:
    // `recover` rolls the publish forward from them on the next start.
    const discard: LakehouseShape["discard"] = (runId) =>
      Effect.gen(function* () {
        const journal = path.join(journalDir, `${runId}.json`)
        if (yield* fs.exists(journal).pipe(Effect.orElseSucceed(() => true))) return
        yield* fs.remove(path.join(absRoot, ".staging", runId), { recursive: true }).pipe(Effect.catchAll(() => Effect.void))
      })

    const manifest: LakehouseShape["manifest"] = (layer, table, date) => {
      const file = path.join(publishedDir(layer, table, date), MANIFEST_FILE)
      return Effect.gen(function* () {
        if (!(yield* fs.exists(file).pipe(wrap("exists", file)))) return Option.none()
        const text = yield* fs.readFileString(file).pipe(wrap("read manifest", file))
        const decoded = decodeManifest(text)
        return decoded._tag === "Right"
          ? Option.some(decoded.right)
          : yield* Effect.fail(new LakehouseError({ operation: "decode manifest", path: file, message: decoded.left.message }))
      })
    }

    const dates: LakehouseShape["dates"] = (layer, table) =>
      Effect.gen(function* () {
        const dir = path.join(absRoot, layer, table)
        if (!(yield* fs.exists(dir).pipe(wrap("exists", dir)))) return []
        const names = yield* fs.readDirectory(dir).pipe(wrap("list", dir))
        const published: Array<string> = []
        for (const name of names.filter((n) => n.startsWith("ingestion_date=")).sort()) {
          if (yield* fs.exists(path.join(dir, name, MANIFEST_FILE)).pipe(wrap("exists", name))) published.push(name.slice("ingestion_date=".length))
        }
        return published
      })

    const files: LakehouseShape["files"] = (layer, table, date) =>
      Effect.map(manifest(layer, table, date), (m) =>
        Option.match(m, { onNone: () => [], onSome: (found) => found.files.map((f) => path.join(publishedDir(layer, table, date), f.path)) })
      )

    return Lakehouse.of({ root: absRoot, publishedDir, stage, seal, publish, discard, recover, manifest, dates, files })
  })

/** The lakehouse rooted at a directory (needs the platform's FileSystem and Path). */
export const lakehouseLayer = (root: string): Layer.Layer<Lakehouse, never, FileSystem.FileSystem | Path.Path> =>
  Layer.effect(Lakehouse, makeLakehouse(root))
