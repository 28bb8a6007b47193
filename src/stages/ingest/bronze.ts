/**
 * Bronze: every landed record, verbatim, with lineage, published per
 * ingestion date. Only lineage is judged here (nothing lost).
 *
 * Lineage's `_source_file` is the delivery's file name as given (a
 * compressed delivery keeps its `.gz`: `orders.json.gz`), or `<stdin>` for
 * a delivery read from standard input (`--input -`), which has no name.
 */
import { Effect } from "effect"
import { join } from "node:path"
import type { TableSpec } from "../../contract/Contract.ts"
import { datasetResult } from "../../contract/DatasetCheck.ts"
import { RAW_QUOTE, readCsvOptions } from "../../engine/csv.ts"
import { Duck, sqlString } from "../../engine/Duck.ts"
import { Lakehouse, type StagedTable } from "../../lakehouse/Lakehouse.ts"
import type { Run } from "../../run/Run.ts"
import { bronzeStagingColumns } from "../refine/stageBatch.ts"
import { PARQUET_OPTIONS, publishAudited, stageAndAudit, withResults } from "../writeAuditPublish.ts"
import type { LandedFiles, LandedSource } from "./landSource.ts"
import { sourceFileName } from "./openInput.ts"

/** The view of this run's published bronze records, for the stages after bronze. */
export const BRONZE_TABLE = "bronze_records"

/** The staging directory of this run's bronze partition, where {@link bronzeSegment} writes. */
export const stageBronze = (run: Run, bronze: TableSpec) => Effect.flatMap(Lakehouse, (lakehouse) => lakehouse.stage(run.runId, "bronze", bronze.table, run.ingestionDate))

/**
 * Write one landed segment's records, with lineage, as the `k`-th Parquet file
 * of the staged bronze partition: straight from the staging file to Parquet,
 * so the raw text never sits in a database table.
 */
export const bronzeSegment = (run: Run, staged: StagedTable, segment: LandedFiles, k: number): string =>
  `copy (select _record_index, raw, ${sqlString(run.ingestionDate)}::date as _ingestion_date, ${sqlString(sourceFileName(run.input))} as _source_file,
      ${sqlString(run.startedAt.replace("T", " ").replace("Z", ""))}::timestamp as _ingested_at
    from read_csv(${sqlString(segment.bronze)}, ${readCsvOptions(bronzeStagingColumns, RAW_QUOTE)}))
  to ${sqlString(join(staged.dir, `part-${String(k).padStart(5, "0")}.parquet`))} (${PARQUET_OPTIONS})`

/** Audit the staged bronze partition (every segment written by {@link bronzeSegment}) and publish it if the gate passes. */
export const writeBronze = (run: Run, bronze: TableSpec, landed: LandedSource, staged: StagedTable) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const audited = yield* stageAndAudit(run, {
      layer: "bronze",
      ingestionDate: run.ingestionDate,
      tables: [{ contract: bronze, staged, rowsIn: landed.records, quarantined: 0 }],
      profile: false
    })
    const rowsStaged = audited.rows[0] ?? 0
    const landedAll = datasetResult(
      {
        id: "reconcile.source_bronze",
        layer: "bronze",
        table: bronze.table,
        severity: "error",
        description: "The records split from the source file differ in number from the rows staged in bronze."
      },
      {
        failed: Math.abs(rowsStaged - landed.records),
        total: landed.records,
        observed: { records_in_source: String(landed.records), rows_staged: String(rowsStaged) },
        message: rowsStaged === landed.records ? `all ${rowsStaged} source records landed` : `${landed.records} records in the source but ${rowsStaged} staged in bronze`
      }
    )
    const checked = withResults(audited, [landedAll])
    const outcome = yield* publishAudited(run, checked)
    if (outcome.status === "published") {
      const lakehouse = yield* Lakehouse
      const files = yield* lakehouse.files("bronze", bronze.table, run.ingestionDate)
      yield* duck.run(`create or replace view ${BRONZE_TABLE} as select * from read_parquet([${files.map(sqlString).join(", ")}], hive_partitioning = false)`)
    }
    return { outcome, checks: checked.checks }
  })
