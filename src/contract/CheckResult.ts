/**
 * The outcome of one check on one table. Every report, gate decision and exit
 * code is derived from these values and from nothing else.
 */
import { Schema } from "effect"

/** How bad a failing check is: `error` rejects/blocks, `warn` only flags. */
export const Severity = Schema.Literal("error", "warn")
export type Severity = typeof Severity.Type

/**
 * The verdict of a check after its thresholds are applied:
 * - `pass`: nothing failed;
 * - `warn`: something failed but publishing goes on (records quarantined within tolerance, or a warn-severity check);
 * - `fail`: the failure blocks the publish of its layer;
 * - `error`: the check could not be evaluated (counts as blocking).
 */
export const CheckStatus = Schema.Literal("pass", "warn", "fail", "error")
export type CheckStatus = typeof CheckStatus.Type

/** `row` checks judge one decoded record; `dataset` checks judge a whole staged table in SQL. */
export const CheckKind = Schema.Literal("row", "dataset")
export type CheckKind = typeof CheckKind.Type

/** What a failure does: row failures `quarantine` records, dataset failures `block` the layer. */
export const CheckAction = Schema.Literal("quarantine", "block", "flag")
export type CheckAction = typeof CheckAction.Type

/** One failing row, as shown in reports: where it came from and what was wrong. */
export const FailureSample = Schema.Struct({
  recordIndex: Schema.NullOr(Schema.Number),
  sourceId: Schema.NullOr(Schema.String),
  path: Schema.String,
  message: Schema.String,
  value: Schema.NullOr(Schema.String)
})
export type FailureSample = typeof FailureSample.Type

/** The result of one check on one table. */
export const CheckResult = Schema.Struct({
  checkId: Schema.String,
  layer: Schema.String,
  table: Schema.String,
  kind: CheckKind,
  severity: Severity,
  action: CheckAction,
  status: CheckStatus,
  description: Schema.String,
  /** Rows (or records) that failed. */
  failed: Schema.Number,
  /** Rows (or records) the check looked at. */
  total: Schema.Number,
  /** failed / total, 0 when total is 0. */
  rate: Schema.Number,
  /** The tolerated rate or bound, when the check has one. */
  threshold: Schema.NullOr(Schema.Number),
  /** What was measured, e.g. the reconciled sums, as strings to keep decimals exact. */
  observed: Schema.Record({ key: Schema.String, value: Schema.String }),
  message: Schema.String,
  samples: Schema.Array(FailureSample)
})
export type CheckResult = typeof CheckResult.Type

/** Most samples kept per check in reports. */
export const MAX_SAMPLES = 20

/** Ratio helper that never divides by zero. */
export const rateOf = (failed: number, total: number): number => (total === 0 ? 0 : failed / total)
