/**
 * A row-level finding: one record failed one check, at one path.
 */
export interface Violation {
  readonly checkId: string
  readonly severity: "error" | "warn"
  /** JSON path inside the record, e.g. `lines[2].amount`; `$` for the record itself. */
  readonly path: string
  readonly message: string
  /** The offending value rendered as text, or null when there is none (e.g. a missing field). */
  readonly value: string | null
}

/** Render any JSON value for a report, bounded in length. */
export const renderValue = (value: unknown): string | null => {
  if (value === undefined) return null
  const text = typeof value === "string" ? value : JSON.stringify(value)
  return text.length > 200 ? `${text.slice(0, 197)}...` : text
}

/** Render a property path as `a.b[2].c`. */
export const renderPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0
    ? "$"
    : path
        .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
        .join("")
