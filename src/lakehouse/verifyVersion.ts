/**
 * The full audit of a gold version, `lakegate gold verify`: what a daily run
 * no longer needs to read, checked whole. First the files: every file a table
 * lists is there with its size, sha256 and Parquet row count, and the table's
 * rows are their sum (`version.files`). Then the contracts: each table's
 * checks run over all of its files (views named by the tables), with the
 * relations and extra checks a pipeline gives for the audit.
 *
 * @example
 * ```ts
 * const state = yield* readCurrent("lakehouse")
 * const results = yield* verifyFiles("lakehouse", state.value.current)
 * // → one `version.files` result per table: pass, or fail with the files that differ
 * ```
 */
import type { FileSystem, Path } from "@effect/platform"
import { Effect } from "effect"
import { stat } from "node:fs/promises"
import { join } from "node:path"
import { datasetResult, type DatasetCheck } from "../contract/DatasetCheck.ts"
import type { CheckResult, FailureSample } from "../contract/CheckResult.ts"
import type { TableSpec } from "../contract/Contract.ts"
import { tableChecks } from "../contract/standardChecks.ts"
import { Duck, sqlIdent, sqlString } from "../engine/Duck.ts"
import { goldDir, tableFileList, type GoldVersion } from "./goldVersions.ts"
import { Lakehouse, lakehouseLayer, sha256File } from "./Lakehouse.ts"
import { LakehouseError } from "./LakehouseError.ts"

const describeFiles = "Every file a gold version lists is there, with its size, sha256 and row count, and each table's rows are the sum of its files'."

const sizeOf = (path: string) =>
  Effect.tryPromise({ try: () => stat(path).then((s) => s.size), catch: () => null }).pipe(Effect.orElseSucceed(() => null))

/** `version.files` for every table of a version: a failing sample per missing or changed file. */
export const verifyFiles = (root: string, version: GoldVersion): Effect.Effect<ReadonlyArray<CheckResult>, LakehouseError, Duck> =>
  Effect.forEach(Object.entries(version.tables), ([table, ref]) =>
    Effect.gen(function* () {
      const duck = yield* Duck
      const files = yield* tableFileList(root, ref)
      const samples: Array<FailureSample> = []
      const problem = (path: string, message: string) => samples.push({ recordIndex: null, sourceId: null, path, message, value: null })
      let rows = 0
      for (const file of files) {
        const path = join(goldDir(root), file.path)
        const size = yield* sizeOf(path)
        if (size === null) {
          problem(file.path, "missing")
          continue
        }
        if (size !== file.bytes) {
          problem(file.path, `${size} bytes, listed with ${file.bytes}`)
          continue
        }
        if ((yield* sha256File(path)) !== file.sha256) {
          problem(file.path, "sha256 differs from the listed one")
          continue
        }
        const counted = yield* Effect.either(duck.all(`select sum(num_rows)::BIGINT as n from parquet_file_metadata(${sqlString(path)})`))
        if (counted._tag === "Left") {
          problem(file.path, "not a readable Parquet file")
          continue
        }
        const n = Number(counted.right[0]?.["n"] ?? 0)
        rows += n
        if (n !== file.rows) problem(file.path, `${n} rows, listed with ${file.rows}`)
      }
      if (rows !== ref.rows && samples.length === 0) problem(ref.path, `the files hold ${rows} rows, the version lists ${ref.rows}`)
      return datasetResult(
        { id: "version.files", layer: "gold", table, severity: "error", description: describeFiles },
        {
          failed: samples.length,
          total: files.length,
          samples,
          observed: { files: String(files.length), rows: String(rows) },
          message: samples.length === 0 ? `${files.length} file(s), ${rows} rows, as listed` : `${samples.length} file(s) differ from the version's list`
        }
      )
    })
  )

/** What a pipeline adds to the audit of its versioned layer. */
export interface VersionAudit {
  /** The version's tables, whose standard and declared checks run over all their files. */
  readonly tables: ReadonlyArray<TableSpec>
  /** Declared checks that need a run's context (its input, the version merged into): left out. */
  readonly runOnly?: ReadonlyArray<string>
  /** Checks the daily run leaves to the audit (e.g. recounts from every fact). */
  readonly extra?: ReadonlyArray<DatasetCheck>
  /** Statements creating the relations those checks read besides the tables (one view per table exists already). */
  readonly relations?: (version: GoldVersion, table: (name: string) => string) => ReadonlyArray<string>
  /**
   * Creates relations that need the lakehouse (e.g. a layer's inputs over the
   * silver partitions of the version's dates), named as the checks read them.
   */
  readonly prepare?: (version: GoldVersion) => Effect.Effect<void, { readonly message: string }, Duck | Lakehouse>
}

/** The view of one table of the version under audit. */
export const auditView = (table: string): string => sqlIdent(`verify_${table}`)

/** Run the contracts' checks over every file of each table of a version. */
export const auditVersion = (root: string, version: GoldVersion, audit: VersionAudit): Effect.Effect<ReadonlyArray<CheckResult>, LakehouseError, Duck | FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const wrap = Effect.mapError((e: { readonly message: string }) => new LakehouseError({ operation: "audit gold version", path: goldDir(root), message: e.message }))
    for (const contract of audit.tables) {
      const ref = version.tables[contract.table]
      const files = ref === undefined ? [] : (yield* tableFileList(root, ref)).map((f) => sqlString(join(goldDir(root), f.path)))
      const columns = contract.definition.sqlColumns
      yield* duck
        .run(
          `create or replace view ${auditView(contract.table)} as ${
            files.length === 0
              ? `select ${columns.map(([name, type]) => `cast(null as ${type}) as ${sqlIdent(name)}`).join(", ")} where false`
              : `select * from read_parquet([${files.join(", ")}], hive_partitioning = false)`
          }`
        )
        .pipe(wrap)
    }
    const own = new Set(audit.tables.map((t) => t.table))
    const relation = (name: string) => (own.has(name) ? auditView(name) : sqlIdent(name))
    for (const statement of audit.relations?.(version, relation) ?? []) yield* duck.run(statement).pipe(wrap)
    if (audit.prepare !== undefined) yield* audit.prepare(version).pipe(wrap, Effect.provide(lakehouseLayer(root)))
    const runOnly = new Set(audit.runOnly ?? [])
    const checks = [...audit.tables.flatMap((t) => tableChecks(t).filter((c) => !runOnly.has(c.id))), ...(audit.extra ?? [])]
    const context = { layer: "gold", ingestionDate: version.ingestionDate, relation }
    return yield* Effect.forEach(checks, (check) => check.evaluate(context).pipe(wrap))
  })
