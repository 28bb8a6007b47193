/**
 * CSV fields for staging files that DuckDB loads with `read_csv` (quote and
 * escape `"`, NULL as an empty unquoted field, `allow_quoted_nulls = false`).
 */

const QUOTES = /"/g

/** A text field, always quoted so an empty string stays distinct from NULL. */
export const csvText = (value: string): string => (value.includes('"') ? `"${value.replace(QUOTES, '""')}"` : `"${value}"`)

/**
 * The quote byte of raw-JSON staging files. Valid JSON text never contains a
 * raw U+0001 (inside strings it must be escaped, outside only whitespace is
 * allowed), so a JSON record quoted with it needs no escaping at all and can
 * be copied byte for byte.
 */
export const RAW_QUOTE = "\x01"

/** A nullable text field. */
export const csvOptionalText = (value: string | null): string => (value === null ? "" : csvText(value))

/**
 * The longest staging line `read_csv` accepts by default (DuckDB's
 * `max_line_size`; its `buffer_size` must be larger, and a larger buffer
 * slows every read, ×3 at 1 GiB: so it is raised only for the segments that
 * need it, see {@link withLineLimit}).
 */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024

const lineOptions = (maxLineBytes: number): string => `max_line_size = ${maxLineBytes}, buffer_size = ${2 * maxLineBytes}`

/** The line options every {@link readCsvOptions} carries until {@link withLineLimit} raises them. */
const DEFAULT_LINE_OPTIONS = lineOptions(DEFAULT_MAX_LINE_BYTES)

/**
 * A statement reading staging files whose lines may be up to `longestLine`
 * bytes long: the line limits of every `read_csv` built with
 * {@link readCsvOptions} in it raised to fit (unchanged when the default
 * fits). Landing knows a bound on each segment's longest line (see
 * `LandedFiles.maxLineBytes`), so a record of any size loads, and the
 * segments of ordinary records keep the fast default.
 */
export const withLineLimit = (sql: string, longestLine: number): string => {
  if (longestLine <= DEFAULT_MAX_LINE_BYTES) return sql
  // A little room for DuckDB's own accounting, in whole MiB.
  const limit = Math.ceil((longestLine + 1024) / (1 << 20)) * (1 << 20)
  return sql.split(DEFAULT_LINE_OPTIONS).join(lineOptions(limit))
}

/** The `read_csv` options matching the writers above, for the given `{name: type}` columns. */
export const readCsvOptions = (columns: ReadonlyArray<readonly [string, string]>, quote: string = '"'): string =>
  `header = false, delim = ',', quote = '${quote}', escape = '${quote}', allow_quoted_nulls = false, auto_detect = false, new_line = '\\n', ${DEFAULT_LINE_OPTIONS}, columns = {${columns
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(", ")}}`

/**
 * Collects CSV rows as bytes in one buffer that is reused from batch to batch.
 * Rows are converted every few hundred (long-lived ropes of small strings are
 * what makes the garbage collector slow), and the buffer only grows, so after
 * the first batches staging writes into memory it already has: allocating
 * fresh buffers for every batch cost a page fault per 4 KiB written (~15% of
 * landing's CPU, measured at 100 MB).
 */
export class RowBuffer {
  private pending = ""
  private rows = 0
  private bytes: Buffer
  private length = 0

  constructor(initialBytes = 64 * 1024) {
    this.bytes = Buffer.allocUnsafeSlow(initialBytes)
  }

  /** Append one row (including its trailing newline). */
  add(row: string): void {
    this.pending += row
    if (++this.rows % 256 === 0) this.flush()
  }

  /**
   * Every row added since the last `take`, as a view of this buffer's memory:
   * valid until the next `add`, so write it (or copy it) before adding more.
   */
  take(): Buffer {
    this.flush()
    const out = this.bytes.subarray(0, this.length)
    this.length = 0
    return out
  }

  /** Drop every row added since the last `take`. */
  clear(): void {
    this.pending = ""
    this.length = 0
  }

  private flush(): void {
    if (this.pending.length === 0) return
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const room = this.length + this.pending.length * 3
    if (room > this.bytes.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(room, this.bytes.length * 2))
      this.bytes.copy(grown, 0, 0, this.length)
      this.bytes = grown
    }
    this.length += this.bytes.write(this.pending, this.length, "utf8")
    this.pending = ""
  }
}
