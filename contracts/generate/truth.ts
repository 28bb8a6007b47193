/**
 * The ground-truth sidecar written next to every generated file: which records
 * carry which defect and which check ids they must trip. Tests and the
 * pipeline's own acceptance tests decode it with {@link Truth}.
 *
 * ```json
 * {"generator":"lakegate-generate","version":1,"seed":42,"customers":2000,"defectRate":0.02,"asOf":"2026-11-01","defects":[
 * {"customer_id":17,"record_index":16,"defect":"malformed_email","expected_checks":["email.format"],"detail":"email jane@"}
 * ]}
 * ```
 */
import { Schema } from "effect"
import { DEFECT_KINDS, type DefectKind } from "./defects.ts"

/** One defective record. */
export const TruthDefect = Schema.Struct({
  /** The customer id the record was generated for (the record may spell it as a string). */
  customer_id: Schema.Int.pipe(Schema.positive()),
  /** 0-based position of the record in the `customers` array. */
  record_index: Schema.Int.pipe(Schema.nonNegative()),
  defect: Schema.Literal(...DEFECT_KINDS),
  /** Exactly the check ids the record must trip. */
  expected_checks: Schema.Array(Schema.String),
  /** What was changed, for people reading a quarantine report next to it. */
  detail: Schema.optional(Schema.String)
})

/** One defective record (decoded). */
export type TruthDefect = typeof TruthDefect.Type

/** The whole sidecar. */
export const Truth = Schema.Struct({
  generator: Schema.Literal("lakegate-generate"),
  version: Schema.Literal(1),
  seed: Schema.Int,
  /** Number of customer records in the data file. */
  customers: Schema.Int.pipe(Schema.nonNegative()),
  defectRate: Schema.Number,
  /** The as-of date of the data file: no valid date in it is later. */
  asOf: Schema.String.pipe(Schema.pattern(/^\d{4}-\d{2}-\d{2}$/)),
  defects: Schema.Array(TruthDefect)
})

/** The whole sidecar (decoded). */
export type Truth = typeof Truth.Type

/** The sidecar's path for a data file: `data/customers.json` → `data/customers.truth.json`. */
export const truthPathFor = (dataPath: string): string =>
  (dataPath.endsWith(".json") ? dataPath.slice(0, -".json".length) : dataPath) + ".truth.json"

/** The sidecar's opening up to and including `"defects":[` (followed by entries and {@link truthFooter}). */
export const truthHeader = (header: {
  readonly seed: number
  readonly customers: number
  readonly defectRate: number
  readonly asOf: string
}): string =>
  "{\"generator\":\"lakegate-generate\",\"version\":1,\"seed\":" + header.seed + ",\"customers\":" + header.customers +
  ",\"defectRate\":" + header.defectRate + ",\"asOf\":\"" + header.asOf + "\",\"defects\":["

/** The sidecar's closing, after the last entry. */
export const truthFooter = "\n]}\n"

/** One sidecar entry as compact JSON (callers put `\n` or `,\n` before it). */
export const renderTruthDefect = (entry: {
  readonly customerId: number
  readonly recordIndex: number
  readonly kind: DefectKind
  readonly expectedChecks: ReadonlyArray<string>
  readonly detail: string
}): string =>
  "{\"customer_id\":" + entry.customerId + ",\"record_index\":" + entry.recordIndex + ",\"defect\":\"" + entry.kind +
  "\",\"expected_checks\":" + JSON.stringify(entry.expectedChecks) + ",\"detail\":" + JSON.stringify(entry.detail) + "}"
