/**
 * CSV fields for staging files that DuckDB loads with `read_csv` (quote and
 * escape `"`, NULL as an empty unquoted field, `allow_quoted_nulls = false`).
 */

/** A text field, always quoted so an empty string stays distinct from NULL. */
export const csvText = (value: string): string => (value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`)

/** A nullable text field. */
export const csvOptionalText = (value: string | null): string => (value === null ? "" : csvText(value))

/** The `read_csv` options matching the writers above, for the given `{name: type}` columns. */
export const readCsvOptions = (columns: ReadonlyArray<readonly [string, string]>): string =>
  `header = false, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, auto_detect = false, max_line_size = 4194304, buffer_size = 16777216, columns = {${columns
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(", ")}}`
