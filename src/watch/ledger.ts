/**
 * The delivery ledger, `<lakehouse>/_watch/ledger.ndjson`: one JSON line per
 * event of a delivery (`started`, `finished`, `moved`, or `busy` for a run
 * that found the lakehouse in use and did nothing), appended and fsynced
 * before the step it records goes on, so it survives a kill -9. A delivery is
 * its file's name, size and sha256: a changed file under the same name is a
 * new delivery. A torn last line (a crash inside the write) is ignored.
 *
 * @example
 * const ledger = yield* openLedger("lakehouse")
 * yield* ledger.append({ event: "started", ...delivery, runId, ingestionDate, at: new Date().toISOString() })
 */
import { Effect, Either, Schema } from "effect"
import { mkdir, open, readFile } from "node:fs/promises"
import { dirname, join } from "node:path"
import { attempt, WatchError } from "./WatchError.ts"

/** Where the ledger lives in a lakehouse. */
export const ledgerPath = (lakehouse: string): string => join(lakehouse, "_watch", "ledger.ndjson")

const Identity = { name: Schema.String, size: Schema.Number, sha256: Schema.String }

/** One ledger line. */
export const LedgerEvent = Schema.Union(
  Schema.Struct({ event: Schema.Literal("started"), ...Identity, runId: Schema.String, ingestionDate: Schema.String, dateFrom: Schema.Literal("name", "arrival"), at: Schema.String }),
  Schema.Struct({
    event: Schema.Literal("finished"),
    ...Identity,
    runId: Schema.String,
    ingestionDate: Schema.String,
    verdict: Schema.String,
    exitCode: Schema.Number,
    at: Schema.String
  }),
  Schema.Struct({ event: Schema.Literal("moved"), ...Identity, runId: Schema.String, to: Schema.String, at: Schema.String }),
  // The run found the lakehouse in use and did nothing: the delivery waits in the inbox, as if never run.
  Schema.Struct({ event: Schema.Literal("busy"), ...Identity, runId: Schema.String, at: Schema.String })
)
export type LedgerEvent = typeof LedgerEvent.Type

/** A delivery's identity. */
export interface Delivery {
  readonly name: string
  readonly size: number
  readonly sha256: string
}

/** The key of a delivery: name, size and checksum. */
export const deliveryKey = (d: Delivery): string => `${d.name}\u0000${d.size}\u0000${d.sha256}`

const decodeLine = Schema.decodeUnknownEither(Schema.parseJson(LedgerEvent))

/** Parse a ledger's text; lines that do not decode (a torn last line) are skipped. */
export const parseLedger = (text: string): ReadonlyArray<LedgerEvent> =>
  text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      const decoded = decodeLine(line)
      return Either.isRight(decoded) ? [decoded.right] : []
    })

/** Where a delivery stands in the ledger: its last event, if any. */
export const lastEvent = (events: ReadonlyArray<LedgerEvent>, delivery: Delivery): LedgerEvent | undefined => {
  const key = deliveryKey(delivery)
  return events.findLast((e) => deliveryKey(e) === key)
}

/** The runs of a delivery that started and recorded nothing after (killed mid-run), oldest first. */
export const interruptedRuns = (events: ReadonlyArray<LedgerEvent>, delivery: Delivery): ReadonlyArray<string> => {
  const key = deliveryKey(delivery)
  const mine = events.filter((e) => deliveryKey(e) === key)
  return mine.filter((e) => e.event === "started" && !mine.some((o) => o.runId === e.runId && o.event !== "started")).map((e) => e.runId)
}

/** The ledger of one lakehouse. */
export interface Ledger {
  readonly path: string
  readonly events: Effect.Effect<ReadonlyArray<LedgerEvent>, WatchError>
  readonly append: (event: LedgerEvent) => Effect.Effect<void, WatchError>
}

/** Open (create if missing) the ledger of a lakehouse. */
export const openLedger = (lakehouse: string): Effect.Effect<Ledger, WatchError> =>
  Effect.gen(function* () {
    const path = ledgerPath(lakehouse)
    yield* attempt("create the ledger directory", dirname(path), () => mkdir(dirname(path), { recursive: true }))
    const events = attempt("read the ledger", path, () =>
      readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? "" : Promise.reject(e)))
    ).pipe(Effect.map(parseLedger))
    const append = (event: LedgerEvent) =>
      attempt("append to the ledger", path, async () => {
        const handle = await open(path, "a")
        try {
          // One write per line (a torn line is skipped when read), then fsync: the event is on disk before the step it records.
          await handle.write(`\n${JSON.stringify(event)}\n`)
          await handle.sync()
        } finally {
          await handle.close()
        }
      })
    return { path, events, append }
  })
