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
export { threshold, thresholdsOf, statusOf, severityOf, crosses, describeLimit, describeThresholds } from "./contract/Threshold.ts"
export type { Limit, Thresholds } from "./contract/Threshold.ts"
export { CheckResult, CheckStatus, Severity, CheckKind, CheckAction, FailureSample, MAX_SAMPLES, rateOf } from "./contract/CheckResult.ts"
export { decide, isBlocking, GateDecision } from "./contract/gate.ts"
export type { BlockReason } from "./contract/gate.ts"
export { contractRef, defaultQuarantineThreshold } from "./contract/Contract.ts"
export type { QuarantineThreshold, Reference, SourceContract, TableContract, TableSpec } from "./contract/Contract.ts"
export { column as legacyColumn, defineTable, rowCodec } from "./contract/Table.ts"
export type { Column, RowCodec, TableDefinition } from "./contract/Table.ts"
export { col } from "./contract/columns.ts"
export { customDatasetCheck, datasetResult, erroredResult, sampleOf, sqlDatasetCheck } from "./contract/DatasetCheck.ts"
export type { DatasetCheck, DatasetCheckSpec, DatasetContext } from "./contract/DatasetCheck.ts"
export type { BatchCheck, BatchTables, RowCheck, RowContext } from "./contract/RowCheck.ts"
export { renderPath, renderValue } from "./contract/Violation.ts"
export type { Violation } from "./contract/Violation.ts"
export { tableChecks } from "./contract/standardChecks.ts"

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

// Runs and reports.
export { makeRun, CurrentRun } from "./run/Run.ts"
export type { Run } from "./run/Run.ts"
export { RunReport, DateReport, LayerOutcome, TableOutcome } from "./report/RunReport.ts"
export { writeReports } from "./report/writeReports.ts"
export { loadModule, compileModule, importCompiled, publishHostModules, ModuleLoadError } from "./load/loadModule.ts"
