/**
 * `--poll-interval`: a duration as people write it (`500ms`, `5s`, `2m`, or
 * plain seconds `5`, `0.2`), in milliseconds; null when it is not one or not
 * above zero.
 *
 * @example
 * parsePollInterval("5s")    // → 5000
 * parsePollInterval("500ms") // → 500
 * parsePollInterval("0")     // → null
 */
const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 }

/** The interval in milliseconds, or null. */
export const parsePollInterval = (text: string): number | null => {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m)?\s*$/.exec(text)
  if (match === null) return null
  const ms = Number(match[1]) * (UNITS[match[2] ?? "s"] ?? 1000)
  return Number.isFinite(ms) && ms >= 1 ? Math.round(ms) : null
}

/** The default interval of a folder inbox (a scan is a directory listing). */
export const FOLDER_POLL_MS = 2_000
/** The default interval of an object-store inbox (a scan is a list request, billed). */
export const STORE_POLL_MS = 10_000
