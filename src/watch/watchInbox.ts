/**
 * `lakegate watch`'s loop: wait for deliveries in an inbox folder and run the
 * pipeline once per delivery, in arrival order, recording each in the ledger.
 *
 * For each arrived file (see `inbox.ts`), by its ledger state:
 * - never seen, or seen and moved away before (a redelivery), or started but
 *   never finished (the watcher was killed mid-run): `started` is recorded,
 *   the run goes, `finished` is recorded, the file moves to `processed/`
 *   (exit 0) or `failed/` (any other exit), `moved` is recorded;
 * - finished but not moved (killed just after the run): only moved, never
 *   run again;
 * - a run that found the lakehouse busy (exit 5) leaves the file in the inbox
 *   for the next scan.
 *
 * A delivery is never cut in the middle: an interruption (SIGTERM) waits for
 * the current delivery and ends the loop between deliveries.
 *
 * @example
 * yield* watchInbox({ inbox: "inbox", lakehouse: "lakehouse", intervalMs: 1000, runDelivery, log: Console.log })
 */
import { Effect, Fiber } from "effect"
import { randomBytes } from "node:crypto"
import { relative, dirname, resolve } from "node:path"
import { makeRun } from "../run/Run.ts"
import { ingestionDateOf } from "./deliveryDate.ts"
import { arrivedFiles, moveInto, outboxes, sha256Of, type FileState } from "./inbox.ts"
import { lastEvent, openLedger, type Delivery, type Ledger } from "./ledger.ts"
import type { WatchError } from "./WatchError.ts"

/** What a delivery's run ended with. */
export interface DeliveryOutcome {
  readonly verdict: string
  readonly exitCode: number
  /** The run's error, first line, if it failed. */
  readonly error: string | null
}

/** The exit code of a run that found the lakehouse in use. */
const BUSY = 5

/** How the watcher runs one delivery and where it logs. */
export interface WatchOptions {
  readonly inbox: string
  readonly lakehouse: string
  /** Time between scans of the inbox. */
  readonly intervalMs: number
  /** Run the pipeline on `input` for `ingestionDate` with this run id. */
  readonly runDelivery: (input: string, ingestionDate: string, runId: string, startedAt: Date) => Effect.Effect<DeliveryOutcome>
  /** One line per delivery. */
  readonly log: (line: string) => Effect.Effect<void>
}

const describe = (file: FileState, date: { date: string; from: string }): string => `${file.name} (${file.size} bytes, date ${date.date} from ${date.from})`

/** Process one arrived file; true when it must wait (the lakehouse was busy). */
const processFile = (options: WatchOptions, ledger: Ledger, file: FileState): Effect.Effect<boolean, WatchError> =>
  Effect.gen(function* () {
    const delivery: Delivery = { name: file.name, size: file.size, sha256: yield* sha256Of(file.path) }
    const date = ingestionDateOf(file.name, new Date(file.mtimeMs))
    const boxes = outboxes(options.inbox)
    const shown = (to: string) => relative(dirname(resolve(options.inbox)), to)
    const previous = lastEvent(yield* ledger.events, delivery)
    if (previous?.event === "finished") {
      const to = yield* moveInto(file.path, previous.exitCode === 0 ? boxes.processed : boxes.failed, previous.runId)
      yield* ledger.append({ event: "moved", ...delivery, runId: previous.runId, to, at: new Date().toISOString() })
      yield* options.log(`${describe(file, date)} already ran as ${previous.runId} (${previous.verdict}, exit ${previous.exitCode}), not run again → ${shown(to)}`)
      return false
    }
    const now = new Date()
    const run = makeRun(file.path, date.date, now, randomBytes(3).toString("hex"))
    const resumed = previous?.event === "started" ? ` (its run ${previous.runId} was interrupted)` : ""
    yield* ledger.append({ event: "started", ...delivery, runId: run.runId, ingestionDate: date.date, dateFrom: date.from, at: now.toISOString() })
    const outcome = yield* options.runDelivery(file.path, date.date, run.runId, now)
    if (outcome.exitCode === BUSY) {
      yield* options.log(`${describe(file, date)} run ${run.runId}: the lakehouse is in use, left in the inbox for the next scan`)
      return true
    }
    yield* ledger.append({ event: "finished", ...delivery, runId: run.runId, ingestionDate: date.date, verdict: outcome.verdict, exitCode: outcome.exitCode, at: new Date().toISOString() })
    const to = yield* moveInto(file.path, outcome.exitCode === 0 ? boxes.processed : boxes.failed, run.runId)
    yield* ledger.append({ event: "moved", ...delivery, runId: run.runId, to, at: new Date().toISOString() })
    const error = outcome.error === null ? "" : `: ${outcome.error}`
    yield* options.log(`${describe(file, date)} run ${run.runId}${resumed} ${outcome.verdict.toUpperCase()} exit ${outcome.exitCode}${error} → ${shown(to)}`)
    return false
  })

/**
 * Run an effect to its end even when the caller is interrupted: one delivery
 * at a time, never cut in the middle, so SIGTERM waits for it and then ends
 * the loop. The effect runs in a fiber of its own, interruptible inside (a
 * stream that fails still stops its readers: an uninterruptible region would
 * wait for them forever); the caller's interruption waits for it instead of
 * interrupting it.
 */
const untilDone = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.flatMap(Effect.forkDaemon(effect), (fiber) => Fiber.join(fiber).pipe(Effect.onInterrupt(() => Fiber.await(fiber))))

/** Watch the inbox until interrupted; fails only on the watcher's own I/O (inbox, ledger, moves). */
export const watchInbox = (options: WatchOptions): Effect.Effect<void, WatchError> =>
  Effect.gen(function* () {
    const ledger = yield* openLedger(options.lakehouse)
    const seen = new Map<string, FileState>()
    for (;;) {
      const next = (yield* arrivedFiles(options.inbox, seen))[0]
      const wait = next === undefined || (yield* untilDone(processFile(options, ledger, next)))
      if (wait) yield* Effect.sleep(options.intervalMs)
    }
  })
