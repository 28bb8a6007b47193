/**
 * lakegate's public API: everything a user composes to declare contracts,
 * check data and run gated pipelines. Import from `"lakegate"` only.
 *
 * @example
 * import { check, column, table } from "lakegate"
 * export default table({
 *   name: "orders",
 *   version: "1.0.0",
 *   columns: { order_id: column.id(), amount: column.money({ min: "0.01" }), status: column.enum(["new", "paid"]) },
 *   key: ["order_id"],
 *   checks: [check.rowCount({ min: 1 })]
 * })
 */

// Contracts: column kinds, tables, thresholds, results and the gate.
export { column, nullable, sqlTypeOf, schemaOf, describeKind, formatPattern, compareDecimal } from "./contract/kinds.ts"
export type { ColumnKind, KindSpec, KindOptions, TextFormat } from "./contract/kinds.ts"
export { table, buildSql } from "./contract/tableContract.ts"
export type { Build, DeclaredTable, TableDeclaration } from "./contract/tableContract.ts"
export { threshold, thresholdsOf, statusOf, severityOf, crosses, comparePercent, describeLimit, describeThresholds } from "./contract/Threshold.ts"
export type { Limit, Thresholds } from "./contract/Threshold.ts"
export { CheckResult, CheckStatus, Severity, CheckKind, CheckAction, FailureSample, MAX_SAMPLES, rateOf } from "./contract/CheckResult.ts"
export { decide, isBlocking, GateDecision } from "./contract/gate.ts"
export type { BlockReason } from "./contract/gate.ts"
export { contractRef, defaultQuarantineThreshold } from "./contract/Contract.ts"
export type { QuarantineThreshold, Reference, SourceContract, TableContract, TableSpec } from "./contract/Contract.ts"
export { column as columnOf, defineTable, rowCodec } from "./contract/Table.ts"
export type { Column, RowCodec, TableDefinition } from "./contract/Table.ts"
export { col } from "./contract/columns.ts"
export { customDatasetCheck, datasetResult, erroredResult, sampleOf, sqlDatasetCheck } from "./contract/DatasetCheck.ts"
export type { DatasetCheck, DatasetCheckSpec, DatasetContext } from "./contract/DatasetCheck.ts"
export { duplicateKeysSql } from "./contract/duplicateKeys.ts"
export type { BatchCheck, BatchTables, RowCheck, RowContext } from "./contract/RowCheck.ts"
export { renderPath, renderValue } from "./contract/Violation.ts"
export type { Violation } from "./contract/Violation.ts"
export { tableChecks } from "./contract/standardChecks.ts"
export { volumeCheck, VOLUME_CHECK, DEFAULT_VOLUME, type VolumeOptions, type VolumeCheck } from "./contract/volumeCheck.ts"

// The check vocabulary.
export { check, Rule, ruleColumns, describeCheckValue } from "./checks/Check.ts"
export type { Check, CheckOptions, Literal } from "./checks/Check.ts"
export { failingRowsSql, thresholdedResult, toDatasetCheck, sqlLiteral } from "./checks/evaluate.ts"
export type { CheckTarget } from "./checks/evaluate.ts"
export { IsoDate, isIsoDate, epochDay, fromEpochDay, todayUtc } from "./checks/dates.ts"
export { Decimal2, formatCents, parseCents, toCents } from "./checks/money.ts"
export { violation } from "./checks/rowRules.ts"

// The engine and the lakehouse store.
export { Duck, DuckError, DuckLive, duckLayer, DuckSettingsConfig, scalar, sqlIdent, sqlString } from "./engine/Duck.ts"
export type { DuckSettings, DuckShape, Row } from "./engine/Duck.ts"
export { Lakehouse, lakehouseLayer } from "./lakehouse/Lakehouse.ts"
export type { LakehouseShape, StagedTable } from "./lakehouse/Lakehouse.ts"
export { LakehouseError } from "./lakehouse/LakehouseError.ts"

// The lakehouse on an object store (Azure Blob Storage, or a folder standing in for one).
export { ObjectStore, StorageError, PreconditionFailed, LeaseHeld, LeaseLost } from "./storage/ObjectStore.ts"
export type { ObjectStoreShape, ObjectInfo, ObjectContent, WriteCondition, Body } from "./storage/ObjectStore.ts"
export { localObjectStore, localObjectStoreLayer } from "./storage/localObjectStore.ts"
export { azureBlobStore, azureBlobStoreLayer, DEFAULT_RETRY } from "./storage/azureBlobStore.ts"
export type { AzureBlobSettings, RetrySettings } from "./storage/azureBlobStore.ts"
export { runOnObjectStore, GARBAGE_RETENTION_MS } from "./storage/runOnObjectStore.ts"
export type { ObjectStoreRunOptions } from "./storage/runOnObjectStore.ts"
export { RemoteConflict, rollForward, collectGarbage } from "./storage/remoteCommit.ts"
export { azureLocation, isStoreUrl, BadStoreLocation } from "./storage/objectStoreLocation.ts"

// Runs and reports.
export { makeRun, CurrentRun } from "./run/Run.ts"
export type { Run } from "./run/Run.ts"
export { RunReport, DateReport, LayerOutcome, TableOutcome } from "./report/RunReport.ts"
export { TableProfile, ColumnProfile as TableColumnProfile, TopValue } from "./report/Profile.ts"
export { profileTable } from "./stages/profileTable.ts"
export { writeReports } from "./report/writeReports.ts"
export { loadModule, compileModule, importCompiled, publishHostModules, ModuleLoadError } from "./load/loadModule.ts"

// Pipelines: sources, bronze, silver builds, layers after silver, and running them.
export { source, idField, violationColumns, workingTable } from "./pipeline/Source.ts"
export type { RecordFormat, RecordStager, Source, SourceCheckInfo, SourceDeclaration, StagedRows, StagingColumns, StagingDeclaration } from "./pipeline/Source.ts"
export { bronzeTable, bronzeColumns } from "./pipeline/bronzeTable.ts"
export { pipeline, isPipeline, silverTable } from "./pipeline/Pipeline.ts"
export type { Downstream, DownstreamResult, Pipeline, SilverCounts, SilverTable } from "./pipeline/Pipeline.ts"
export { versionedLayer, ForeignVersion, NothingPublished } from "./pipeline/versionedLayer.ts"
export type { Input, Published, VersionedLayerDeclaration } from "./pipeline/versionedLayer.ts"
export { runPipeline } from "./pipeline/runPipeline.ts"
export type { PipelineOptions, RunOutcome, StageEvent } from "./pipeline/runPipeline.ts"
export { csvText, csvOptionalText, readCsvOptions, RowBuffer, RAW_QUOTE } from "./engine/csv.ts"
export { REJECTED, acceptedTable } from "./stages/refine/refine.ts"
export { VIOLATIONS, stagedFile } from "./stages/refine/working.ts"
export { BRONZE_TABLE } from "./stages/ingest/bronze.ts"
export { InputError } from "./stages/ingest/InputError.ts"
export { makeJudge, compileGuard } from "./stages/refine/judgeRecord.ts"
export type { Judgement } from "./stages/refine/judgeRecord.ts"

// Write-audit-publish and gold versions, for layers after silver.
export { stageAndAudit, sealAudited, publishAudited, layerOutcome, withResults, checkSummary, PARQUET_OPTIONS } from "./stages/writeAuditPublish.ts"
export type { AuditedLayer, KeptRows, LayerWrite, TableWrite } from "./stages/writeAuditPublish.ts"
export {
  GoldVersion, GoldCurrent, GoldTableRef, GoldConflict, UnknownGoldVersion, goldDir, versionDir, versionTablePath, readCurrent, writeCurrent,
  tableManifest, tableFiles, currentTableFiles, retained, pruneVersions, switchToNewVersion, rollbackTo, KEEP_VERSIONS, CURRENT_FILE, GOLD_DIR,
  GoldFile, ColumnStats, FILES_DIR, tableFileList
} from "./lakehouse/goldVersions.ts"
export { addedFiles, fileStats } from "./lakehouse/versionFiles.ts"
export { compactTable, planCompaction, defaultCompaction, CompactionMismatch, type CompactionOptions, type Compacted } from "./lakehouse/compactVersion.ts"
export { auditVersion, auditView, verifyFiles, type VersionAudit } from "./lakehouse/verifyVersion.ts"
export { numericOrder, provablyBelow, splitByStats, statsRange, textOrder, type AtLeast, type FileSplit } from "./lakehouse/fileReuse.ts"
export { catalogViews, catalogStatements, type CatalogView } from "./lakehouse/catalog.ts"
export { Manifest, MANIFEST_FILE, decodeManifest, encodeManifest } from "./lakehouse/Manifest.ts"
export { holdLakehouse, LakehouseBusy, LOCK_FILE } from "./lakehouse/RunLock.ts"

// Landing and staging pieces, for pipelines that test their own sources.
export { ArraySplitter, describeTopLevel } from "./stages/ingest/splitArray.ts"
export type { RawRecord, SplitBounds, SplitError } from "./stages/ingest/splitArray.ts"
export { LineSplitter } from "./stages/ingest/splitLines.ts"
export { stageBatch, stageSpans, Stager, bronzeStagingColumns } from "./stages/refine/stageBatch.ts"
export type { StagedBatch, RecordSpans, InvalidRecord } from "./stages/refine/stageBatch.ts"
export { landSource, segmentBytesFor, autoWorkers, CHUNK_BYTES } from "./stages/ingest/landSource.ts"
export type { LandedFiles, LandedSource, LandOptions } from "./stages/ingest/landSource.ts"
export { quarantineRateResult, rowCheckResults, quarantineByCheck } from "./stages/refine/rowCheckResults.ts"
export { makeLakehouse } from "./lakehouse/Lakehouse.ts"

// Property-test machinery (fast-check through Effect's Arbitrary).
export { runProperty, propertySettings, share, replayHint, DEFAULT_RUNS } from "./testing/runProperty.ts"
export type { PropertyCost, PropertyOutcome, PropertySettings } from "./testing/runProperty.ts"
export { tempDirectory } from "./testing/tempDirectory.ts"
export { ExitCode, exitCodeOf, exitCodeOfOutcome, toRunReport } from "./run/exitCode.ts"
export type { FailOn } from "./run/exitCode.ts"
export { contractSuite, isContractSuite } from "./testing/ContractSuite.ts"
export type { ContractSuite, SuiteOptions, SuiteOutcome } from "./testing/ContractSuite.ts"

// ODCS contracts and `lakegate check`.
export { parseOdcs, OdcsError, formatOdcsError } from "./odcs/parse.ts"

// `lakegate check`: any contract (TypeScript or ODCS) over any CSV, TSV, Parquet, NDJSON or JSON file.
export { loadContract, contractKind } from "./check/loadContract.ts"
export type { LoadContractOptions } from "./check/loadContract.ts"
export { checkData } from "./check/checkData.ts"
export type { CheckDataOptions, CheckRun } from "./check/checkData.ts"
export { resolveSource, dataFormats, formatOfPath } from "./check/source.ts"
export type { CsvOptions, DataFormat, DataSource, SourceSpec } from "./check/source.ts"
export { ContractError, FormatError, DataError, describeError } from "./check/errors.ts"
export { renderCheckSummary } from "./check/summary.ts"
export { QuarantineError, QUARANTINE_FILE, writeQuarantine } from "./check/quarantine.ts"
export type { QuarantineWritten } from "./check/quarantine.ts"

// `lakegate contracts test`: prove a table contract's checks with generated data.
export { testContract, VALID_DATA } from "./testing/testContract.ts"
export type { TestContractOptions } from "./testing/testContract.ts"
export { validRows, datasetPlan, UnsatisfiableContract } from "./testing/validRows.ts"
export type { DatasetPlan } from "./testing/validRows.ts"
export type { Dataset, TableData } from "./testing/dataset.ts"
export { mutationsOf } from "./testing/mutationsOf.ts"
export type { MutationOptions } from "./testing/mutationsOf.ts"
export { renderReport, verdictLine, summarize, Verdict } from "./testing/report.ts"
export type { CheckReport, ContractTestReport, Counterexample } from "./testing/report.ts"
export { resolveContract, ContractLoadError, isDeclaredTable } from "./testing/resolveContract.ts"
export type { ResolvedContract } from "./testing/resolveContract.ts"

// `lakegate contracts export`: a contract as ODCS v3.1, JSON Schema, SQL DDL or a dbt schema.yml.
export { exportContract, exportTables, loadTables, ExportError, EXPORT_FORMATS } from "./export/exportContract.ts"
export type { ExportFormat, ExportOptions } from "./export/exportContract.ts"
export { exportModel, describeOmission, kindOfSqlType } from "./export/model.ts"
export type { ExportColumn, ExportModel, Exported, Omission } from "./export/model.ts"
export { toOdcs } from "./export/odcs.ts"
export { toJsonSchema, kindSchema, JSON_SCHEMA_DRAFT } from "./export/jsonSchema.ts"
export { toDdl, DIALECTS } from "./export/ddl.ts"
export type { Dialect } from "./export/ddl.ts"
export { toDbt } from "./export/dbt.ts"

// `lakegate contracts diff`: breaking and non-breaking changes between two versions of contracts.
export { DIFF_RULES, change as diffChange } from "./diff/rules.ts"
export type { Change, DiffRule } from "./diff/rules.ts"
export { diffTables, diffTable } from "./diff/tables.ts"
export { tableShape } from "./diff/shape.ts"
export type { TableShape, FieldShape, CheckShape } from "./diff/shape.ts"
export { compareContracts } from "./diff/report.ts"
export type { ComparedFile, DiffReport, FileChange } from "./diff/report.ts"
export { majorOf, majorRaised } from "./diff/verdict.ts"
export type { TableVerdict } from "./diff/verdict.ts"
export { diffContractFiles, diffAgainstRef } from "./diff/compare.ts"
export { loadContractTables, readContractTables } from "./diff/load.ts"
export { renderDiff, diffJson, githubAnnotations } from "./diff/render.ts"
export { DiffLoadError, GitRefError, describeDiffError } from "./diff/DiffError.ts"

// `lakegate init`: a starting contract profiled from data (every suggested check passes on it).
export { initContract, renderContract, writeContract, contractFormatOf, contractFormats, InitError } from "./init/initContract.ts"
export type { ContractFormat, InitOptions, InitResult } from "./init/initContract.ts"
export { profileData } from "./init/profile.ts"
export type { ColumnProfile, DataProfile } from "./init/profile.ts"
export { inferContract, inferredTable, tableNameOf } from "./init/inferContract.ts"
export type { InferredContract } from "./init/inferContract.ts"
export { Suggestion, suggestChecks, toCheck } from "./init/suggestChecks.ts"
export { renderTs } from "./init/renderTs.ts"
export { renderOdcs } from "./init/renderOdcs.ts"
