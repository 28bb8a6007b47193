/**
 * The full-pipeline path for property tests: write a batch to a temp file, run
 * `runPipeline` in-process against a lakehouse in a temp directory with a
 * fresh DuckDB, and read what was published back as plain, comparable rows.
 *
 * @example
 * ```ts
 * const result = await runBatch({ ingestionDate: "2024-06-01", records })
 * result.report.verdict // "published"
 * result.silver.customers // rows as canonical JSON texts
 * ```
 */
import { Duck, duckLayer, sqlString, readCurrent, tableFiles, Lakehouse, lakehouseLayer, makeLakehouse, type RunReport, runPipeline, type Downstream, makeRun, tempDirectory, toRunReport } from "lakegate"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Layer, Option } from "effect"
import { rmSync, writeFileSync } from "node:fs"
import { copyFile } from "node:fs/promises"
import { join } from "node:path"
import { bronzeCustomersRaw, silverContracts } from "../index.ts"
import { customersPipeline } from "../pipeline.ts"
import { sourceDocument } from "./arbitraries.ts"

/** One row of a published table as canonical JSON text (`to_json` in DuckDB, so no value is lost on the way to JS). */
export type RowText = string

/** The rows of a table, sorted, as canonical JSON texts. */
export type TableSnapshot = ReadonlyArray<RowText>

/** A batch to run: the records (any JSON values) and the run's ingestion date. */
export interface PipelineBatch {
  readonly ingestionDate: string
  readonly records: ReadonlyArray<unknown>
  /** The exact document text to write instead of `sourceDocument(records)`. */
  readonly document?: string
}

/** The engine settings of test runs: one thread, bounded memory. */
export const testDuckSettings = { threads: 1, memoryLimit: "256MB" } as const


/** Read every published table of a layer partition (silver, bronze) as sorted row texts, via manifests. */
export const snapshotPartition = (layer: "bronze" | "silver", tables: ReadonlyArray<string>, ingestionDate: string, options: { readonly exclude?: ReadonlyArray<string> } = {}) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const lakehouse = yield* Lakehouse
    const out: Record<string, TableSnapshot | null> = {}
    for (const table of tables) {
      const files = yield* lakehouse.files(layer, table, ingestionDate)
      if (files.length === 0) {
        out[table] = null
        continue
      }
      const exclude = options.exclude ?? []
      const projection = exclude.length === 0 ? "*" : `* exclude (${exclude.map((c) => `"${c}"`).join(", ")})`
      const rows = yield* duck.all(`select to_json(t)::varchar as j from (select ${projection} from read_parquet([${files.map(sqlString).join(", ")}], hive_partitioning = false)) t order by j`)
      out[table] = rows.map((r) => String(r["j"]))
    }
    return out
  })

/** Every table of the current gold version as sorted row texts (empty when gold was never published). */
export const snapshotGold = Effect.gen(function* () {
  const duck = yield* Duck
  const lakehouse = yield* Lakehouse
  const current = yield* readCurrent(lakehouse.root)
  const out: Record<string, TableSnapshot> = {}
  if (Option.isNone(current)) return out
  for (const [table, ref] of Object.entries(current.value.current.tables).sort(([a], [b]) => a.localeCompare(b))) {
    const files = yield* tableFiles(lakehouse.root, ref)
    const rows = files.length === 0 ? [] : yield* duck.all(`select to_json(t)::varchar as j from read_parquet([${files.map(sqlString).join(", ")}], hive_partitioning = false) t order by j`)
    out[table] = rows.map((r) => String(r["j"]))
  }
  return out
})

/** A stray Parquet file to plant in a staged table's directory. */
export interface StrayFile {
  readonly layer: string
  readonly table: string
  /** A Parquet file with the table's columns. */
  readonly file: string
}

/**
 * The real lakehouse, except that staging `stray.table` also copies
 * `stray.file` into the staging directory (a leftover of a crashed writer, say),
 * before the stage writes its own Parquet there.
 */
export const strayFileLakehouseLayer = (root: string, stray: StrayFile): Layer.Layer<Lakehouse> =>
  Layer.effect(
    Lakehouse,
    Effect.map(makeLakehouse(root), (real) =>
      Lakehouse.of({
        ...real,
        stage: (runId, layer, table, date) =>
          Effect.tap(real.stage(runId, layer, table, date), (staged) =>
            layer === stray.layer && table === stray.table ? Effect.promise(() => copyFile(stray.file, join(staged.dir, "stray.parquet"))) : Effect.void
          )
      })
    )
  ).pipe(Layer.provide(NodeContext.layer))

/** Write the rows of a query to a Parquet file, with a DuckDB of its own. */
export const writeParquet = (select: string, file: string): Promise<void> =>
  Effect.runPromise(Effect.flatMap(Duck, (duck) => duck.run(`copy (${select}) to ${sqlString(file)} (format parquet)`)).pipe(Effect.provide(duckLayer(testDuckSettings))) as Effect.Effect<void, unknown, never>)

/** The silver tables' names, in publish order. */
export const silverTables = silverContracts.map((c) => c.table)

/** What one pipeline run produced. */
export interface PipelineResult {
  readonly report: RunReport
  /** Published silver tables of the run's date (null: not published). */
  readonly silver: Readonly<Record<string, TableSnapshot | null>>
  readonly bronze: Readonly<Record<string, TableSnapshot | null>>
  /** The current gold version's tables after the run (empty without gold). */
  readonly gold: Readonly<Record<string, TableSnapshot>>
}

/**
 * Run one batch through the pipeline with a lakehouse at `lakehouseDir`
 * (kept, so runs can be chained on one lakehouse) and a fresh DuckDB.
 * `inspect` runs afterwards in the same engine and lakehouse.
 */
export const runBatchIn = <A = undefined>(
  lakehouseDir: string,
  batch: PipelineBatch,
  options: {
    readonly downstream?: ReadonlyArray<Downstream>
    readonly now?: Date
    readonly inspect?: (report: RunReport) => Effect.Effect<A, unknown, Duck | Lakehouse>
    /** Plant a stray file in a staging directory (see {@link strayFileLakehouseLayer}). */
    readonly stray?: StrayFile
    /** Bytes of input per landing segment (default: by the file's size). */
    readonly segmentBytes?: number
  } = {}
): Promise<PipelineResult & { readonly inspected: A | undefined }> => {
  const input = join(lakehouseDir, "..", `source-${batch.ingestionDate}-${Math.random().toString(36).slice(2, 8)}.json`)
  writeFileSync(input, batch.document ?? sourceDocument(batch.records))
  const now = options.now ?? new Date(`${batch.ingestionDate}T06:00:00.000Z`)
  const run = makeRun(input, batch.ingestionDate, now, Math.random().toString(16).slice(2, 8))
  const program = Effect.gen(function* () {
    // Silver alone unless a test asks for the layers after it.
    const pipeline = { ...customersPipeline, downstream: options.downstream ?? [] }
    const outcome = yield* runPipeline(pipeline, run, options.segmentBytes === undefined ? {} : { segmentBytes: options.segmentBytes })
    const report = toRunReport(outcome, "error")
    const silver = yield* snapshotPartition("silver", silverTables, batch.ingestionDate)
    const bronze = yield* snapshotPartition("bronze", [bronzeCustomersRaw.table], batch.ingestionDate, { exclude: ["_ingested_at", "_source_file"] })
    const gold = yield* snapshotGold
    const inspected = options.inspect === undefined ? undefined : yield* options.inspect(report)
    return { report, silver, bronze, gold, inspected }
  })
  return Effect.runPromise(
    program.pipe(
      Effect.provide(
        Layer.mergeAll(
          duckLayer(testDuckSettings),
          options.stray === undefined ? lakehouseLayer(lakehouseDir).pipe(Layer.provide(NodeContext.layer)) : strayFileLakehouseLayer(lakehouseDir, options.stray)
        )
      ),
      Effect.ensuring(Effect.sync(() => rmSync(input, { force: true })))
    ) as Effect.Effect<PipelineResult & { readonly inspected: A | undefined }, unknown, never>
  )
}

/** Run an effect on an existing lakehouse (e.g. read what is published) with a fresh DuckDB. */
export const inspectLakehouse = <A>(lakehouseDir: string, effect: Effect.Effect<A, unknown, Duck | Lakehouse>): Promise<A> =>
  Effect.runPromise(effect.pipe(Effect.provide(Layer.mergeAll(duckLayer(testDuckSettings), lakehouseLayer(lakehouseDir).pipe(Layer.provide(NodeContext.layer))))) as Effect.Effect<A, unknown, never>)

/** Run one batch through the pipeline in a fresh temp lakehouse, removed afterwards. */
export const runBatch = async <A = undefined>(
  batch: PipelineBatch,
  options: Parameters<typeof runBatchIn<A>>[2] = {}
): Promise<PipelineResult & { readonly inspected: A | undefined }> => {
  const dir = tempDirectory()
  try {
    return await runBatchIn(join(dir.path, "lakehouse"), batch, options)
  } finally {
    dir.remove()
  }
}
