/**
 * Write-audit-publish for one layer: stage every table as Parquet, run every
 * contract check on the staged files, let the gate decide, then publish all
 * tables of the layer together or none of them.
 */
import { Effect } from "effect"
import type { CheckResult } from "../contract/CheckResult.ts"
import type { TableSpec } from "../contract/Contract.ts"
import type { DatasetCheck, DatasetContext, PublishedRows } from "../contract/DatasetCheck.ts"
import { decide, GateDecision } from "../contract/gate.ts"
import { tableChecks } from "../contract/standardChecks.ts"
import { isVolumeCheck, VOLUME_CHECK, volumeCheck } from "../contract/volumeCheck.ts"
import { Duck, sqlIdent, sqlString } from "../engine/Duck.ts"
import type { StagedTable } from "../lakehouse/Lakehouse.ts"
import { Lakehouse } from "../lakehouse/Lakehouse.ts"
import { MANIFEST_FILE } from "../lakehouse/Manifest.ts"
import type { TableProfile } from "../report/Profile.ts"
import type { LayerOutcome, TableOutcome } from "../report/RunReport.ts"
import type { Run } from "../run/Run.ts"
import { profileTable } from "./profileTable.ts"

/**
 * One table to write: its contract, where its rows come from, and its counts
 * for the report. The rows are either a query (staged here) or Parquet files
 * the stage already wrote into its staging directory (`lakehouse.stage`), e.g.
 * bronze, which is written segment by segment while the source lands.
 */
export type TableWrite = {
  readonly contract: TableSpec
  readonly rowsIn: number
  readonly quarantined: number
  /** Relations this table's checks read instead of the layer's (e.g. only the run's date, for a table staged with only the rows that date adds). */
  readonly relations?: Readonly<Record<string, string>>
  /**
   * Rows of the version merged into that the new version keeps unread (its
   * files listed again), of which every check of the layer also sees those a
   * change can reach: `relation(table)` is then the staged rows plus the kept
   * rows whose `column` is in `scope`. The kept rows were audited when they
   * were written: `key.unique` looks for the staged keys among them, not for
   * repeats among themselves (`duplicateKeysSql`).
   */
  readonly kept?: KeptRows
} & (
  | {
      /** A query whose columns are the contract's columns, in order. */
      readonly sql: string
      /**
       * Conditions that split the staged rows into files of their own: each
       * row goes into the files of the first condition that holds for it, the
       * rows of none into one more set. E.g. the rows a later run cannot
       * change apart from those it may, so that it keeps the first files
       * unread (see `splitByStats`).
       */
      readonly parts?: ReadonlyArray<string>
    }
  | {
      /** The staging directory holding the table's Parquet files, with the contract's columns. */
      readonly staged: StagedTable
    }
)

/** The Parquet writer's options for every lakehouse file: zstd at a fast level, row groups bounded in bytes so the writer's buffers stay small. */
export const PARQUET_OPTIONS = "format parquet, compression zstd, compression_level 1, row_group_size 122880, row_group_size_bytes '16MB'"

/**
 * The kept rows of a table staged with only what a run rewrites.
 *
 * @example
 * ```ts
 * // The checks of order_lines see the staged lines plus the kept lines of every order the run restaged.
 * const kept: KeptRows = { files: keptPaths, column: "order_id", scope: "select order_id from build_order_lines" }
 * ```
 */
export interface KeptRows {
  /** The Parquet files the new version lists again, unread. */
  readonly files: ReadonlyArray<string>
  /** The column that names what a change reaches (say, the order). */
  readonly column: string
  /** A query returning the values of `column` (under that name) whose kept rows the checks see. */
  readonly scope: string
}

/** A layer to write for one run. */
export interface LayerWrite {
  readonly layer: "bronze" | "silver" | "gold"
  /** The partition to write, or null for tables not partitioned by date. */
  readonly ingestionDate: string | null
  readonly tables: ReadonlyArray<TableWrite>
  /** Relations the checks may read besides this layer's staged tables (e.g. `bronze`). */
  readonly relations?: Readonly<Record<string, string>>
  /** Results computed by the stage itself (row checks, quarantine rates), judged by the same gate. */
  readonly results?: ReadonlyArray<CheckResult>
  /** Profile each staged table's columns for the report (default true; bronze's raw text is not worth it). */
  readonly profile?: boolean
  /** Give each table the default `volume.recent` check unless its contract declares one (dated partitions only). */
  readonly volume?: boolean
  /**
   * Statements run once every table is staged, before the checks: say,
   * dropping the working tables the staging queries read, so that the checks
   * have the engine's memory pool to themselves.
   *
   * @example
   * ```ts
   * afterStage: ["drop table if exists build_order_lines"]
   * ```
   */
  readonly afterStage?: ReadonlyArray<string>
}

/** A staged and audited layer, waiting for its publish. */
export interface AuditedLayer {
  readonly write: LayerWrite
  readonly staged: ReadonlyArray<StagedTable>
  /** Rows staged per table, in the order of `write.tables`. */
  readonly rows: ReadonlyArray<number>
  readonly checks: ReadonlyArray<CheckResult>
  readonly decision: GateDecision
  /** Column profiles per table, in the order of `write.tables` (null: not profiled, or the profile query failed). */
  readonly profiles?: ReadonlyArray<TableProfile | null>
}

/** The SQL relation of a staged table: a view over its Parquet files. */
const stagedView = (layer: string, table: string) => sqlIdent(`staged_${layer}_${table}`)

/** The kept rows in scope of a table ({@link KeptRows}), materialized once for all its checks. */
const keptTable = (layer: string, table: string) => sqlIdent(`kept_${layer}_${table}`)

/** What the checks read as a table with kept rows: the staged rows and the kept rows in scope. */
const auditView = (layer: string, table: string) => sqlIdent(`audited_${layer}_${table}`)

/**
 * The statements that stage a table's rows: one COPY, or, with parts, one per
 * part into files of their own: each row into the first part whose condition
 * is true, and the rows of none (a NULL condition included) into one more.
 */
const stageStatements = (sql: string, parts: ReadonlyArray<string> | undefined, dir: string): ReadonlyArray<string> => {
  const copy = (name: string, where: string) =>
    `copy (select * from (${sql}) where ${where}) to ${sqlString(dir)} (${PARQUET_OPTIONS}, file_size_bytes '512MB', filename_pattern '${name}-{i}', overwrite_or_ignore)`
  if (parts === undefined || parts.length === 0) return [`copy (${sql}) to ${sqlString(dir)} (${PARQUET_OPTIONS}, file_size_bytes '512MB', filename_pattern 'part-{i}', overwrite_or_ignore)`]
  const holds = (condition: string) => `coalesce((${condition}), false)`
  const noneBefore = (i: number) => parts.slice(0, i).map((c) => `not ${holds(c)}`)
  return [
    ...parts.map((condition, i) => copy(`part${i}`, [holds(condition), ...noneBefore(i)].join(" and "))),
    copy(`part${parts.length}`, noneBefore(parts.length).join(" and "))
  ]
}

/** Stage every table of the layer as Parquet and run all contract checks on the staged files. */
export const stageAndAudit = (run: Run, write: LayerWrite) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const lakehouse = yield* Lakehouse
    const staged: Array<StagedTable> = []
    const rows: Array<number> = []
    for (const t of write.tables) {
      const target = "staged" in t ? t.staged : yield* lakehouse.stage(run.runId, write.layer, t.contract.table, write.ingestionDate)
      if ("sql" in t) {
        for (const statement of stageStatements(t.sql, t.parts, target.dir)) yield* duck.run(statement)
      }
      yield* duck.run(`create or replace view ${stagedView(write.layer, t.contract.table)} as select * from read_parquet(${sqlString(`${target.dir}/*.parquet`)}, hive_partitioning = false)`)
      const counted = yield* duck.all(`select count(*) as n from ${stagedView(write.layer, t.contract.table)}`)
      rows.push(Number(counted[0]?.["n"] ?? 0))
      staged.push(target)
    }
    for (const statement of write.afterStage ?? []) yield* duck.run(statement)
    const own = new Set(write.tables.map((t) => t.contract.table))
    const withKept = new Set<string>()
    for (const t of write.tables) {
      if (t.kept === undefined || t.kept.files.length === 0) continue
      const column = sqlIdent(t.kept.column)
      yield* duck.run(
        `create or replace table ${keptTable(write.layer, t.contract.table)} as select k.* from read_parquet([${t.kept.files.map(sqlString).join(", ")}], hive_partitioning = false) k
          semi join (${t.kept.scope}) s on s.${column} = k.${column}`
      )
      yield* duck.run(
        `create or replace view ${auditView(write.layer, t.contract.table)} as select * from ${stagedView(write.layer, t.contract.table)} union all select * from ${keptTable(write.layer, t.contract.table)}`
      )
      withKept.add(t.contract.table)
    }
    const date = write.ingestionDate
    /** A table of the layer as staged (without kept rows), or a relation the layer names, or the name itself. */
    const stagedOnly = (table: string) => (own.has(table) ? stagedView(write.layer, table) : write.relations?.[table] ?? sqlIdent(table))
    const context: DatasetContext = {
      layer: write.layer,
      ingestionDate: date ?? run.ingestionDate,
      relation: (table) => (withKept.has(table) ? auditView(write.layer, table) : stagedOnly(table)),
      staged: stagedOnly,
      kept: (table) => (withKept.has(table) ? keptTable(write.layer, table) : undefined),
      ...(date === null ? {} : { publishedRows: (table: string, dates: number) => publishedRowsBefore(lakehouse, write.layer, table, date, dates) })
    }
    const results: Array<CheckResult> = [...(write.results ?? [])]
    for (const t of write.tables) {
      const own = t.relations
      const tableContext: DatasetContext = own === undefined ? context : { ...context, relation: (table) => own[table] ?? context.relation(table) }
      for (const check of auditChecks(t.contract, write.volume === true && date !== null)) results.push(yield* check.evaluate(tableContext))
    }
    // Profiles never decide anything: one that cannot be computed is left out of the report, not a failure.
    const profiles =
      write.profile === false
        ? write.tables.map(() => null)
        : yield* Effect.forEach(write.tables, (t) => profileTable(stagedView(write.layer, t.contract.table)).pipe(
              Effect.map((p): TableProfile => ({ ...p, key: t.contract.primaryKey })),
              Effect.orElseSucceed(() => null)
            ))
    for (const table of withKept) yield* duck.run(`drop view if exists ${auditView(write.layer, table)}; drop table if exists ${keptTable(write.layer, table)}`)
    return { write, staged, rows, checks: results, decision: decide(results), profiles } satisfies AuditedLayer
  })

/** The row counts of a table's last `count` published dates before `date`, oldest first, from their manifests. */
const publishedRowsBefore = (lakehouse: typeof Lakehouse.Service, layer: string, table: string, date: string, count: number) =>
  Effect.gen(function* () {
    const dates = (yield* lakehouse.dates(layer, table)).filter((d) => d < date).slice(-Math.max(0, count))
    const manifests = yield* Effect.forEach(dates, (d) => lakehouse.manifest(layer, table, d))
    return manifests.flatMap((m): ReadonlyArray<PublishedRows> => (m._tag === "Some" ? [{ date: m.value.ingestionDate ?? "", rows: m.value.rows }] : []))
  })

/**
 * The checks a staged table runs: its contract's, plus the default volume
 * check when asked for and the contract declares none (a declared one
 * replaces it; one declared `off` runs nothing).
 */
const auditChecks = (contract: TableSpec, volume: boolean): ReadonlyArray<DatasetCheck> => {
  const declared = tableChecks(contract)
  const withVolume = volume && !declared.some((c) => c.id === VOLUME_CHECK) ? [...declared, volumeCheck(contract.table)] : declared
  return withVolume.filter((c) => !(isVolumeCheck(c) && c.volume.off))
}

/** How many of a table's checks ended in each status, for its manifest. */
export const checkSummary = (checks: ReadonlyArray<CheckResult>, table: string) => {
  const mine = checks.filter((c) => c.table === table)
  const count = (status: CheckResult["status"]) => mine.filter((c) => c.status === status).length
  return { pass: count("pass"), warn: count("warn"), fail: count("fail"), error: count("error") }
}

/** Seal every staged table of an audited layer: row counts, sha256, contract and check summary in `_manifest.json`. */
export const sealAudited = (run: Run, audited: AuditedLayer) =>
  Effect.gen(function* () {
    const lakehouse = yield* Lakehouse
    const publishedAt = new Date().toISOString()
    for (const [i, staged] of audited.staged.entries()) {
      const contract = audited.write.tables[i]!.contract
      yield* lakehouse.seal(staged, {
        runId: run.runId,
        contract: { id: contract.id, version: contract.version },
        columns: contract.definition.sqlColumns,
        checks: checkSummary(audited.checks, contract.table),
        publishedAt
      })
    }
  })

/** Publish an audited layer if its gate passed (dated partitions), or discard it; returns the layer's outcome. */
export const publishAudited = (run: Run, audited: AuditedLayer) =>
  Effect.gen(function* () {
    const lakehouse = yield* Lakehouse
    const publish = audited.decision._tag === "Publish"
    if (publish) {
      yield* sealAudited(run, audited)
      yield* lakehouse.publish(run.runId, audited.staged)
    }
    return layerOutcome(audited, publish ? "published" : "blocked", (s) => `${s.target}/${MANIFEST_FILE}`)
  })

const profileField = (profile: TableProfile | null | undefined): { readonly profile?: TableProfile } => (profile == null ? {} : { profile })

/** Describe an audited layer for the report. */
export const layerOutcome = (
  audited: AuditedLayer,
  status: "published" | "blocked",
  manifestPath: (staged: StagedTable) => string
): LayerOutcome => ({
  layer: audited.write.layer,
  status,
  reasons: GateDecision.$match(audited.decision, { Publish: () => [], Block: ({ reasons }) => reasons }),
  tables: audited.write.tables.map(
    (t, i): TableOutcome => ({
      layer: audited.write.layer,
      table: t.contract.table,
      contract: { id: t.contract.id, version: t.contract.version },
      rowsIn: t.rowsIn,
      accepted: audited.rows[i] ?? 0,
      quarantined: t.quarantined,
      status,
      manifestPath: status === "published" ? manifestPath(audited.staged[i]!) : null,
      ...profileField(audited.profiles?.[i])
    })
  )
})

/** Add results the stage computed after staging (e.g. counts against the source) and decide again. */
export const withResults = (audited: AuditedLayer, extra: ReadonlyArray<CheckResult>): AuditedLayer => {
  const checks = [...extra, ...audited.checks]
  return { ...audited, checks, decision: decide(checks) }
}
