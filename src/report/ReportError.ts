import { Data } from "effect"

/**
 * Reading, decoding or writing a report failed.
 * - `missing`: the date has no `quality.json` (e.g. `lakegate report` for a date never run);
 * - `invalid`: the file exists but is not a DateReport (bad JSON, other format, wrong date);
 * - `io`: the filesystem refused a read or a write.
 *
 * @example
 * new ReportError({ kind: "missing", path: "reports/2024-05-01/quality.json", message: "no report for 2024-05-01" })
 */
export class ReportError extends Data.TaggedError("ReportError")<{
  readonly kind: "missing" | "invalid" | "io"
  readonly path: string
  readonly message: string
}> {}
