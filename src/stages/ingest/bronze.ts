/**
 * Bronze: every landed record, verbatim, with lineage, published per
 * ingestion date. Only lineage is judged here (nothing lost).
 */
import { Effect } from "effect"
import { basename } from "node:path"
import { bronzeCustomersRaw } from "../../../contracts/bronze/customers_raw.ts"
import { describeCheck } from "../../checks/catalogue.ts"
import { datasetResult } from "../../contract/DatasetCheck.ts"
import { RAW_QUOTE, readCsvOptions } from "../../engine/csv.ts"
import { Duck, sqlString } from "../../engine/Duck.ts"
import { Lakehouse } from "../../lakehouse/Lakehouse.ts"
import type { Run } from "../../run/Run.ts"
import { stagingColumns } from "../refine/stageBatch.ts"
import { publishAudited, stageAndAudit, withResults } from "../writeAuditPublish.ts"
import type { LandedSource } from "./landSource.ts"

/** The view of this run's published bronze records, for the stages after bronze. */
export const BRONZE_TABLE = "bronze_records"

/** Load the landed bronze records, then stage, audit and publish the bronze partition. */
export const writeBronze = (run: Run, landed: LandedSource) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    // Straight from the landed file to Parquet: the raw text never sits in a database table.
    const sql = `select _record_index, raw, ${sqlString(run.ingestionDate)}::date as _ingestion_date, ${sqlString(basename(run.input))} as _source_file,
      ${sqlString(run.startedAt.replace("T", " ").replace("Z", ""))}::timestamp as _ingested_at
      from read_csv(${sqlString(landed.files.bronze)}, ${readCsvOptions(stagingColumns.bronze, RAW_QUOTE)})`
    const audited = yield* stageAndAudit(run, {
      layer: "bronze",
      ingestionDate: run.ingestionDate,
      tables: [{ contract: bronzeCustomersRaw, sql, rowsIn: landed.records, quarantined: 0 }]
    })
    const staged = audited.rows[0] ?? 0
    const landedAll = datasetResult(
      { id: "reconcile.source_bronze", layer: "bronze", table: "customers_raw", severity: "error", description: describeCheck("reconcile.source_bronze") },
      {
        failed: Math.abs(staged - landed.records),
        total: landed.records,
        observed: { records_in_source: String(landed.records), rows_staged: String(staged) },
        message: staged === landed.records ? `all ${staged} source records landed` : `${landed.records} records in the source but ${staged} staged in bronze`
      }
    )
    const checked = withResults(audited, [landedAll])
    const outcome = yield* publishAudited(run, checked)
    if (outcome.status === "published") {
      const lakehouse = yield* Lakehouse
      const files = yield* lakehouse.files("bronze", bronzeCustomersRaw.table, run.ingestionDate)
      yield* duck.run(`create or replace view ${BRONZE_TABLE} as select * from read_parquet([${files.map(sqlString).join(", ")}], hive_partitioning = false)`)
    }
    return { outcome, checks: checked.checks }
  })
