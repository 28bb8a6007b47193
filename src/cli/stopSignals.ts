/**
 * The first stop signal (SIGINT, SIGTERM) the process received, recorded from
 * the moment this module is evaluated: by the CLI's small launcher
 * (`src/cli/launch.ts`, `dist/lakegate.mjs`) before it loads the CLI's bundle,
 * so a signal that arrives while lakegate is still loading is noted instead
 * of ending the process silently (Node's default). The runtime's own handler (installed when the command starts)
 * interrupts the command; the CLI's teardown then prints one line and exits
 * 128 + the signal's number, unless the command printed its own line (as
 * `run` does) with `reportInterruption`.
 *
 * Imports nothing that runs code, so that it is evaluated first.
 *
 * @example
 * // in the teardown, after the command was interrupted
 * const signal = firstStopSignal() // "SIGINT"
 * if (!interruptionReported()) process.stderr.write(`lakegate: interrupted by ${signal} (exit 130)\n`)
 */
import type { StopSignal } from "../run/exitCode.ts"

interface StopState {
  signal: StopSignal | null
  reported: boolean
}

/**
 * Records the first signal. A second one when nothing else listens any more
 * (the command is already stopping) ends the process as Node would without
 * this listener, so a stuck process can still be stopped.
 */
const listener = (state: StopState, signal: StopSignal): (() => void) => {
  const onSignal = (): void => {
    if (state.signal !== null && process.listenerCount(signal) === 1) {
      process.off(signal, onSignal)
      process.kill(process.pid, signal)
      return
    }
    state.signal ??= signal
  }
  return onSignal
}

/** One record per process, shared by the launcher's bundle and the CLI's (each holds a copy of this module). */
const KEY = Symbol.for("lakegate/stop-signals")
const holder = globalThis as unknown as Record<symbol, StopState | undefined>
const state: StopState =
  holder[KEY] ??
  (() => {
    const created: StopState = { signal: null, reported: false }
    holder[KEY] = created
    process.on("SIGINT", listener(created, "SIGINT"))
    process.on("SIGTERM", listener(created, "SIGTERM"))
    return created
  })()

/** The first stop signal received, or null. */
export const firstStopSignal = (): StopSignal | null => state.signal

/** Note that the command printed its own line about the interruption (the teardown then prints none). */
export const reportInterruption = (): void => {
  state.reported = true
}

/** Whether the command printed its own line about the interruption. */
export const interruptionReported = (): boolean => state.reported
