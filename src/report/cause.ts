/**
 * The cause of a failed run in one short line, for the banner, the runs table
 * and the CI summary. An engine's error text can run to kilobytes and quote a
 * raw input record, staging paths and reader options: the line keeps the
 * first line of the text, with every JSON object or array in it shown as
 * `{…}`/`[…]`, long quoted texts other than paths as `"…"`, and, when the
 * line is still too long, paths by their file name. The full text stays in
 * `quality.json` (`error.detail`).
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

/** Every `{…}` and `[…]` span (brackets balanced, quotes respected) replaced by its empty form. */
const elideStructures = (text: string): string => {
  let out = ""
  let depth = 0
  let quote: string | null = null
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? ""
    if (depth === 0) {
      if (ch === "{" || ch === "[") {
        depth = 1
        quote = null
        out += ch === "{" ? "{…}" : "[…]"
      } else out += ch
      continue
    }
    if (quote !== null) {
      if (ch === "\\") i++
      else if (ch === quote) quote = null
    } else if (ch === '"') quote = ch
    else if (ch === "{" || ch === "[") depth++
    else if (ch === "}" || ch === "]") depth--
  }
  return out
}

/**
 * The first line of an error text, cut to `max` characters, with no raw
 * record, long quoted value or full path in it.
 *
 * @example
 * causeLine('Invalid Input Error: Malformed JSON in file "/tmp/s/part-0.json" near {"id":1,"name":"Ann"}\n...')
 * // 'Invalid Input Error: Malformed JSON in file "…/part-0.json" near {…}'
 */
export const causeLine = (text: string, max: number = MAX_CAUSE_LENGTH): string => {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== "")?.trim() ?? ""
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
    : { ...run, error: { tag: run.error.tag, message: causeLine(run.error.message), detail: run.error.message } }
