/**
 * Progress of a long command on standard error: on a terminal, one live line
 * rewritten in place and cleared at the end; when standard error is not a
 * terminal (piped, a CI log), one line per finished step, so a log shows
 * what is going on instead of minutes of silence; with `--quiet`, nothing.
 * Names in a line have control characters escaped (they may come from data or
 * user modules).
 *
 * @example
 * const progress = makeProgress("contracts test", { quiet: false })
 * progress.live("property 2: schema.bad_type")   // a terminal only
 * progress.step("orders: range.amount proven (0.4 s)") // "contracts test: orders: range.amount proven (0.4 s)" when piped
 * progress.done()
 */
import { terminalSafe } from "../report/format.ts"

/** Where progress goes: standard error, or a stand-in in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean
  readonly columns?: number
  readonly write: (text: string) => unknown
}

/** A command's progress reporter. */
export interface Progress {
  /** Something under way: shown on a terminal, not logged. */
  readonly live: (line: string) => void
  /** A finished step: the live line on a terminal, a line of its own otherwise. */
  readonly step: (line: string) => void
  /** Clear the live line (before the command prints its result). */
  readonly done: () => void
}

/** Seconds with one decimal since `startedMs`: `3.1 s`. */
export const secondsSince = (startedMs: number, nowMs: number = Date.now()): string => `${((nowMs - startedMs) / 1000).toFixed(1)} s`

/** The progress of a command named `name` (the prefix of each logged line). */
export const makeProgress = (name: string, options: { readonly quiet: boolean; readonly stream?: ProgressStream }): Progress => {
  const stream = options.stream ?? process.stderr
  if (options.quiet) return { live: () => {}, step: () => {}, done: () => {} }
  if (stream.isTTY === true) {
    let shown = false
    const show = (line: string) => {
      shown = true
      // A terminal of unknown width (0 columns under some emulators) is taken as 80 wide.
      const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80
      stream.write(`\r\x1b[K  ${terminalSafe(line).slice(0, Math.max(10, columns - 3))}`)
    }
    return {
      live: show,
      step: show,
      done: () => {
        if (shown) stream.write("\r\x1b[K")
        shown = false
      }
    }
  }
  return { live: () => {}, step: (line) => void stream.write(`${name}: ${terminalSafe(line)}\n`), done: () => {} }
}
