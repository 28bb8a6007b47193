/**
 * `lakegate watch`'s loop: wait for deliveries in an inbox (a folder, or a
 * prefix of an object store) and run the pipeline once per delivery, in
 * arrival order, recording each in the ledger (a file in a local lakehouse,
 * a blob in one on an object store).
 *
 * For each arrived delivery (see `inboxPort.ts`), by its ledger state:
 * - never seen, or seen and moved away before (a redelivery), or started but
 *   never finished (the watcher was killed mid-run): `started` is recorded,
 *   the run goes, `finished` is recorded, the file moves to `processed/`
 *   (exit 0) or `failed/` (any other exit), `moved` is recorded;
 * - finished but not moved (killed just after the run): only moved, never
 *   run again;
 * - a run that found the lakehouse busy (exit 5) is recorded `busy` and leaves the file in the inbox
 *   for the next scan.
 *
 * A delivery is never cut in the middle: an interruption (SIGTERM) waits for
 * the current delivery and ends the loop between deliveries.
 *
 * @example
 * const ledger = yield* openLedger("lakehouse")
 * yield* watchInbox({ inbox: folderInbox("inbox"), ledger, intervalMs: 1000, runDelivery, log: Console.log })
 */
import { Effect, Fiber, Option } from "effect"
import { randomBytes } from "node:crypto"
import { makeRun } from "../run/Run.ts"
import { ingestionDateOf } from "./deliveryDate.ts"
import type { Arrival, InboxShape } from "./inboxPort.ts"
import { interruptedRuns, lastEvent, type Delivery, type Ledger } from "./ledger.ts"
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
  /** The inbox: a folder (`folderInbox`) or an object-store prefix (`blobInbox`). */
  readonly inbox: InboxShape
  /** The lakehouse's ledger: a local file (`openLedger`) or a blob (`storeLedger`). */
  readonly ledger: Ledger
  /** Time between scans of the inbox. */
  readonly intervalMs: number
  /** Run the pipeline on `input` for `ingestionDate` with this run id. */
  readonly runDelivery: (input: string, ingestionDate: string, runId: string, startedAt: Date) => Effect.Effect<DeliveryOutcome>
  /** One line per delivery. */
  readonly log: (line: string) => Effect.Effect<void>
}

const describe = (arrival: Arrival, date: { date: string; from: string }): string => `${arrival.name} (${arrival.size} bytes, date ${date.date} from ${date.from})`

/** Process one arrived delivery; true when it must wait (the lakehouse was busy). */
const processDelivery = (options: WatchOptions, arrival: Arrival): Effect.Effect<boolean, WatchError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const { inbox, ledger } = options
      const fetched = yield* inbox.fetch(arrival)
      // Gone between the listing and the fetch (moved away by someone else): nothing to do.
      if (Option.isNone(fetched)) return false
      const file = fetched.value
      const delivery: Delivery = { name: arrival.name, size: file.size, sha256: file.sha256 }
      const date = ingestionDateOf(arrival.name, new Date(arrival.arrivedAt))
      const events = yield* ledger.events
      const previous = lastEvent(events, delivery)
      if (previous?.event === "finished") {
        const moved = yield* inbox.move(arrival, file, previous.exitCode === 0 ? "processed" : "failed", previous.runId)
        yield* ledger.append({ event: "moved", ...delivery, runId: previous.runId, to: moved.to, at: new Date().toISOString() })
        yield* options.log(`${describe(arrival, date)} already ran as ${previous.runId} (${previous.verdict}, exit ${previous.exitCode}), not run again → ${moved.shown}`)
        return false
      }
      const now = new Date()
      const run = makeRun(file.file, date.date, now, randomBytes(3).toString("hex"))
      const killed = interruptedRuns(events, delivery).at(-1)
      const resumed = killed === undefined ? "" : ` (its run ${killed} was interrupted)`
      yield* ledger.append({ event: "started", ...delivery, runId: run.runId, ingestionDate: date.date, dateFrom: date.from, at: now.toISOString() })
      const outcome = yield* options.runDelivery(file.file, date.date, run.runId, now)
      if (outcome.exitCode === BUSY) {
        yield* ledger.append({ event: "busy", ...delivery, runId: run.runId, at: new Date().toISOString() })
        yield* options.log(`${describe(arrival, date)} run ${run.runId}: the lakehouse is in use, left in the inbox for the next scan`)
        return true
      }
      yield* ledger.append({ event: "finished", ...delivery, runId: run.runId, ingestionDate: date.date, verdict: outcome.verdict, exitCode: outcome.exitCode, at: new Date().toISOString() })
      const moved = yield* inbox.move(arrival, file, outcome.exitCode === 0 ? "processed" : "failed", run.runId)
      yield* ledger.append({ event: "moved", ...delivery, runId: run.runId, to: moved.to, at: new Date().toISOString() })
      const error = outcome.error === null ? "" : `: ${outcome.error}`
      yield* options.log(`${describe(arrival, date)} run ${run.runId}${resumed} ${outcome.verdict.toUpperCase()} exit ${outcome.exitCode}${error} → ${moved.shown}`)
      return false
    })
  )

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
    for (;;) {
      const next = (yield* options.inbox.arrived)[0]
      const wait = next === undefined || (yield* untilDone(processDelivery(options, next)))
      if (wait) yield* Effect.sleep(options.intervalMs)
    }
  })
