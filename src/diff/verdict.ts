/**
 * The verdict of a diff: a breaking change fails unless its table's major
 * version went up (semver: `1.4.0` → `2.0.0`); a table removed has no new
 * version, so its removal always fails.
 *
 * @example
 * majorRaised("1.4.0", "2.0.0") // true
 * majorRaised("1.4.0", "1.5.0") // false
 */
import type { Change } from "./rules.ts"

/** The major version of a semver version (`v2.1.0` → 2); null when it is not one. */
export const majorOf = (version: string): number | null => {
  const m = /^v?(\d+)(?:\.\d+(?:\.\d+(?:[-+][0-9A-Za-z.+-]+)?)?)?$/.exec(version.trim())
  return m === null ? null : Number(m[1])
}

/** True when the new version's major is above the old one's. */
export const majorRaised = (before: string, after: string): boolean => {
  const b = majorOf(before)
  const a = majorOf(after)
  return b !== null && a !== null && a > b
}

/** One table's outcome: its versions, its changes, and whether it fails the diff. */
export interface TableVerdict {
  readonly table: string
  /** The contract file the table is in (the new one; the old one when the table was removed). */
  readonly file: string
  readonly before: string | null
  readonly after: string | null
  readonly breaking: number
  readonly majorRaised: boolean
  /** Breaking changes without a new major version. */
  readonly fails: boolean
}

/** A table's verdict from its changes and versions. */
export const tableVerdict = (table: string, file: string, before: string | null, after: string | null, changes: ReadonlyArray<Change>): TableVerdict => {
  const breaking = changes.filter((c) => c.breaking).length
  const raised = before !== null && after !== null && majorRaised(before, after)
  return { table, file, before, after, breaking, majorRaised: raised, fails: breaking > 0 && !raised }
}
