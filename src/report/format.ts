/**
 * Number and text formats shared by the HTML page, the JUnit file and the CI
 * summary, so that a figure reads the same everywhere. Locale-independent.
 */

/** An integer with thousands separators: `1234567` → `1,234,567`. */
export const formatInt = (n: number): string => {
  if (!Number.isFinite(n)) return String(n)
  const sign = n < 0 ? "-" : ""
  return sign + Math.round(Math.abs(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")
}

/** A rate as a percentage with 2 decimals; tiny non-zero rates show as `<0.01%`. */
export const formatPct = (rate: number): string => {
  if (!Number.isFinite(rate)) return String(rate)
  if (rate > 0 && rate < 0.0001) return "<0.01%"
  return `${(rate * 100).toFixed(2)}%`
}

/** A check threshold: a rate (0..1) as a percentage, a larger bound as a number, none as `—`. */
export const formatThreshold = (threshold: number | null): string =>
  threshold === null ? "—" : threshold >= 0 && threshold <= 1 ? formatPct(threshold) : formatInt(threshold)

/** A size in decimal units: `12345678` → `12.3 MB`. */
export const formatBytes = (bytes: number): string => {
  const units = ["B", "kB", "MB", "GB", "TB"] as const
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit += 1
  }
  return unit === 0 ? `${formatInt(value)} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`
}

/** A duration: `850 ms`, `12.4 s`, `3 min 05 s`, `1 h 02 min`. */
export const formatDuration = (ms: number): string => {
  if (!Number.isFinite(ms) || ms < 0) return "—"
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)} s`
  const totalSeconds = Math.round(s)
  const minutes = Math.floor(totalSeconds / 60)
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, "0")} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`
}

/** The first 12 hex digits of a sha256, enough to tell files apart at a glance. */
export const shortSha = (sha256: string): string => (sha256 === "" ? "—" : sha256.slice(0, 12))

/** Cut a long text for display; the full text stays in the JSON. */
export const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`)

/** An ISO timestamp shown as `2024-05-01 06:30:12 UTC`; other texts pass through. */
export const formatTimestamp = (iso: string): string => {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso)
  return m === null ? iso : `${m[1]} ${m[2]} UTC`
}

/**
 * C0 and C1 control characters, DEL, line and paragraph separators and the
 * bidirectional overrides: what lets a value move the cursor, recolour or
 * clear a terminal, forge a log line or reorder what is shown.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * A value for a terminal or a log: every control character shown as a
 * `\uXXXX` escape (ESC as `\u001b`, NUL as `\u0000`, a newline as `\u000a`), so
 * data can never rewrite the operator's screen or forge a line.
 */
export const terminalSafe = (text: string): string =>
  text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
