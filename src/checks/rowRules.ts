/**
 * Reusable row-rule builders over decoded records: each returns the
 * violations of one record for one check id.
 */
import type { Violation } from "../contract/Violation.ts"
import type { Severity } from "../contract/CheckResult.ts"

/** Build a violation of `checkId`. */
export const violation = (checkId: string, severity: Severity, path: string, message: string, value: string | null): Violation => ({
  checkId,
  severity,
  path,
  message,
  value
})
