/**
 * The cause of a failed run in one short line, for the banner, the runs table
 * and the CI summary. An engine's error text can run to kilobytes and quote a
 * raw input record, staging paths and reader options: the line keeps the
 * first line of the text, with every JSON object or array in it shown as
 * `{…}`/`[…]`, long quoted texts other than paths as `"…"`, and, when the
 * line is still too long, paths by their file name. The full text stays in
 * `quality.json` (`error.detail`), with its data values (a record's line, a
 * value that did not convert) replaced by their size: see {@link redactData}.
 */
import type { RunReport } from "./RunReport.ts"
import { truncate } from "./format.ts"

/** Longest cause line shown. */
export const MAX_CAUSE_LENGTH = 200

/** Longest quoted text kept in a cause line. */
const MAX_QUOTED = 40

/** A text that is one path: no spaces, a separator. */
const PATH = /^[^\s]*[\\/][^\s]*$/

/** An absolute or nested path with at least three separators; group 1 is its file name. */
const PATHS = /(?:[A-Za-z]:)?(?:[\\/][^\s"'\\/,;:()]+){2,}[\\/]([^\s"'\\/,;:()]+)/g

/**
 * Every `{…}` and `[…]` span (brackets balanced, quotes respected) replaced by
 * its empty form (`keep` = 0), or, with `keep` > 0, each span longer than
 * `keep` characters replaced by its size (shorter ones stay).
 */
const elideStructures = (text: string, keep = 0): string => {
  let out = ""
  let depth = 0
  let quote: string | null = null
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? ""
    if (depth === 0) {
      if (ch === "{" || ch === "[") {
        depth = 1
        quote = null
        start = i
      } else out += ch
      continue
    }
    if (quote !== null) {
      if (ch === "\\") i++
      else if (ch === quote) quote = null
    } else if (ch === '"') quote = ch
    else if (ch === "{" || ch === "[") depth++
    else if (ch === "}" || ch === "]") depth--
    if (depth === 0) out += closed(text.slice(start, i + 1), keep)
  }
  // An unclosed span (a cut record) is data too.
  return depth === 0 ? out : out + closed(text.slice(start), keep)
}

/** A bracketed span as it is shown: `{…}`/`[…]`, or kept when short enough, or its size. */
const closed = (span: string, keep: number): string => {
  const open = span[0] === "{" ? "{" : "["
  const close = open === "{" ? "}" : "]"
  if (keep === 0) return `${open}…${close}`
  return span.length <= keep ? span : `${open}${omitted(span)}${close}`
}

/** The placeholder of a data value left out of an error text. */
const omitted = (text: string): string => `<${Buffer.byteLength(text, "utf8")} bytes of data omitted>`

/**
 * An engine's error text with the data values it quotes replaced by their
 * size, so no record or value of the data reaches an error message, a report
 * or a log: a CSV reader's `Original Line: ...`, a value that did not convert
 * (`Could not convert string '...'` or `"..."`, `value '...'`, `with value 123`,
 * `Could not cast value 1.5`), a date, time or timestamp that did not
 * (`date field value out of range: "2024-02-30"`, `invalid date field format:
 * "..."`, `Date out of range: 2024-2-30`, a value echoed above a caret), a JSON text's `Input: "..."`, and every JSON object or
 * array longer than 40 characters (a record). Error classes, positions, file
 * paths and column names stay.
 *
 * @example
 * redactData("Conversion Error: Could not convert string 'Jane Doe' to INT32")
 * // "Conversion Error: Could not convert string '<8 bytes of data omitted>' to INT32"
 */
export const redactData = (text: string): string =>
  text
    .replace(/^(\s*Original Line:\s?)(.*)$/gim, (_, label: string, line: string) => `${label}${omitted(line)}`)
    .replace(/\b(string|value|text|line)\s+'((?:[^']|'')*)'/gi, (_, word: string, value: string) => `${word} '${omitted(value.replaceAll("''", "'"))}'`)
    .replace(/\b(string|value|text)\s+"((?:[^"\\]|\\.)*)"/gi, (_, word: string, value: string) => `${word} "${omitted(value)}"`)
    .replace(/\b(field value out of range|field format|Input):\s*"((?:[^"\\]|\\.)*)"/gi, (_, words: string, value: string) => `${words}: "${omitted(value)}"`)
    .replace(/\b((?:Date|Time|Timestamp) out of range):[ \t]*([^\s'"]+)/gi, (_, words: string, value: string) => `${words}: ${omitted(value)}`)
    .replace(/\b(with value|cast value)[ \t]+([^\s'"]+)/gi, (_, words: string, value: string) => `${words} ${omitted(value)}`)
    .split("\n")
    // DuckDB echoes the statement (`LINE 1: select ...`): its string literals other than paths may be data (one the echo cuts runs to the end).
    .map((line) =>
      /^\s*LINE \d+:/.test(line) ? line.replace(/'((?:[^']|'')*)('|$)/g, (whole, value: string, end: string) => (PATH.test(value) ? whole : `'${omitted(value)}${end}`)) : line
    )
    // A value echoed on its own line above a caret (`strptime`'s "SECRET\n^") is data.
    .map((line, i, lines) => (!/^\s*LINE \d+:/.test(line) && line.trim() !== "" && /^\s*\^\s*$/.test(lines[i + 1] ?? "") ? omitted(line) : line))
    .map((line) => elideStructures(line, 40))
    .join("\n")

/**
 * The first line of an error text, cut to `max` characters, with no raw
 * record, long quoted value or full path in it.
 *
 * @example
 * causeLine('Invalid Input Error: Malformed JSON in file "/tmp/s/part-0.json" near {"id":1,"name":"Ann"}\n...')
 * // 'Invalid Input Error: Malformed JSON in file "…/part-0.json" near {…}'
 */
export const causeLine = (text: string, max: number = MAX_CAUSE_LENGTH): string => {
  const first = redactData(text).split(/\r?\n/).find((line) => line.trim() !== "")?.trim() ?? ""
  const line = elideStructures(first).replace(/"([^"]*)"|'([^']*)'/g, (whole, double?: string, single?: string) => {
    const quoted = double ?? single ?? ""
    return quoted.length <= MAX_QUOTED || PATH.test(quoted) ? whole : double !== undefined ? '"…"' : "'…'"
  })
  // Paths stay whole in a short line (the operator's input path is worth reading); a long line keeps their file names.
  return truncate(line.length <= max ? line : line.replace(PATHS, "…/$1"), max)
}

/** True when an error message is more than its cause line (several lines, or too long, or quoting data). */
const needsDetail = (message: string): boolean => causeLine(message) !== message.trim()

/**
 * A run whose error message is more than one short line: `message` becomes
 * the cause line, the full text moves to `detail`. Other runs are unchanged.
 *
 * @example
 * withErrorDetail(run).error // { tag: "DuckError", message: "Invalid Input Error: …", detail: "<the full text>" }
 */
export const withErrorDetail = (run: RunReport): RunReport =>
  run.error === null || run.error.detail !== undefined || !needsDetail(run.error.message)
    ? run
    : { ...run, error: { tag: run.error.tag, message: causeLine(run.error.message), detail: redactData(run.error.message) } }
