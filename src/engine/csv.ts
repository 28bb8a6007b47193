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

/** The `read_csv` options matching the writers above, for the given `{name: type}` columns. */
export const readCsvOptions = (columns: ReadonlyArray<readonly [string, string]>, quote: string = '"'): string =>
  `header = false, delim = ',', quote = '${quote}', escape = '${quote}', allow_quoted_nulls = false, auto_detect = false, new_line = '\\n', max_line_size = 4194304, buffer_size = 8388608, columns = {${columns
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(", ")}}`

/**
 * Collects CSV rows as Buffers, converting every few hundred rows. Long-lived
 * ropes of small strings are what makes the garbage collector slow; Buffers
 * live outside the JS heap, so building large staging batches stays cheap.
 */
export class RowBuffer {
  private pending = ""
  private rows = 0
  private readonly chunks: Array<Buffer> = []

  /** Append one row (including its trailing newline). */
  add(row: string): void {
    this.pending += row
    if (++this.rows % 256 === 0) this.flush()
  }

  /** Append bytes as they are. */
  addBytes(bytes: Buffer): void {
    this.flush()
    this.chunks.push(bytes)
  }

  /** Everything added so far, as one Buffer. */
  take(): Buffer {
    this.flush()
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)
  }

  private flush(): void {
    if (this.pending.length > 0) {
      this.chunks.push(Buffer.from(this.pending, "utf8"))
      this.pending = ""
    }
  }
}
