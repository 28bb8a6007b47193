/**
 * The generator's file-level operations as Effects: one snapshot file with its
 * truth sidecar, or a series of daily snapshots with their sidecars and a
 * change log. Both stream: records are generated one at a time and written in
 * chunks through {@link openSink}, so memory stays flat for any size.
 */
import { Data, Effect } from "effect"
import * as path from "node:path"
import { ByteBuffer } from "./bytes.ts"
import { DATA_FOOTER, DATA_HEADER, renderRowDefect, type SnapshotSpec, snapshotCount, snapshotRecords } from "./customers.ts"
import { dayFromCivil, DEFAULT_AS_OF, formatDay, parseDay } from "./dates.ts"
import { DEFAULT_HABITS, type Habits, type IdentityChange, makePopulation } from "./history.ts"
import { displayName, emailAddress } from "./names.ts"
import { truthFooter, truthHeader, truthPathFor } from "./truth.ts"
import { CHUNK_SIZE, type FileSink, openSink, type WriteError } from "./write.ts"

/** The options of a generation request are not usable; the message says why in one line. */
export class InvalidOptionsError extends Data.TaggedError("InvalidOptionsError")<{
  readonly message: string
}> {}

/** What was written for one snapshot. */
export interface SnapshotFileResult {
  readonly path: string
  readonly truthPath: string
  readonly asOf: string
  readonly customers: number
  readonly defects: number
  readonly bytes: number
}

/** Options shared by both modes. */
interface CommonOptions {
  /** Any safe integer. */
  readonly seed: number
  /** Number of customers (in daily mode: on the start day). */
  readonly customers: number
  /** Probability in [0, 1] that a record gets exactly one defect. */
  readonly defectRate: number
}

/** Options of {@link writeSnapshotFile}. */
export interface SnapshotFileOptions extends CommonOptions {
  /** `YYYY-MM-DD`; defaults to {@link DEFAULT_AS_OF}. */
  readonly asOf?: string | undefined
  /** The data file; the sidecar goes beside it (see {@link truthPathFor}). */
  readonly out: string
}

/** Options of {@link writeDailySnapshots}. */
export interface DailyOptions extends CommonOptions {
  /** Number of daily snapshots (≥ 1). */
  readonly days: number
  /** `YYYY-MM-DD` of the first snapshot; defaults to {@link DEFAULT_AS_OF}. */
  readonly start?: string | undefined
  readonly outDir: string
  /** `increment`: day 1 a full load, then each day only what it adds or changes (see `SnapshotSpec.feed`). Default `snapshot`. */
  readonly feed?: "snapshot" | "increment" | undefined
  /** How the customers sign up and buy (default {@link DEFAULT_HABITS}). */
  readonly habits?: Habits | undefined
}

/** What {@link writeDailySnapshots} wrote. */
export interface DailyResult {
  readonly snapshots: ReadonlyArray<SnapshotFileResult>
  readonly changesPath: string
  readonly changes: number
}

const invalid = (message: string) => Effect.fail(new InvalidOptionsError({ message }))

const checkCommon = (options: CommonOptions): Effect.Effect<void, InvalidOptionsError> => {
  if (!Number.isSafeInteger(options.seed)) return invalid(`--seed must be an integer, got ${options.seed}`)
  if (!Number.isSafeInteger(options.customers) || options.customers < 0) {
    return invalid(`--customers must be a whole number ≥ 0, got ${options.customers}`)
  }
  // Transaction ids (customer id × 100 + n) then stay below 2^31 for 32-bit readers.
  if (options.customers > 21_000_000) return invalid(`--customers must be at most 21000000, got ${options.customers}`)
  if (!(options.defectRate >= 0 && options.defectRate <= 1)) {
    return invalid(`--defect-rate must be between 0 and 1, got ${options.defectRate}`)
  }
  return Effect.void
}

const checkDate = (flag: string, text: string | undefined): Effect.Effect<number, InvalidOptionsError> => {
  const day = parseDay(text ?? DEFAULT_AS_OF)
  if (day === undefined) return invalid(`${flag} must be a date YYYY-MM-DD, got ${JSON.stringify(text)}`)
  // Before 2100, so the far-future dates of the `future_date` defect are always after it.
  if (day < dayFromCivil(1990, 1, 1) || day > dayFromCivil(2099, 12, 31)) {
    return invalid(`${flag} must be between 1990-01-01 and 2099-12-31, got ${text}`)
  }
  return Effect.succeed(day)
}

/** Stream one snapshot into a data sink and a truth sink; name/email changes of its day go to `onChanges`. */
const streamSnapshot = (
  spec: SnapshotSpec,
  data: FileSink,
  truth: FileSink,
  onChanges?: (changes: Array<IdentityChange>) => Effect.Effect<void, WriteError>
): Effect.Effect<{ readonly customers: number; readonly defects: number }, WriteError> =>
  Effect.gen(function*() {
    const customers = snapshotCount(spec)
    const asOf = formatDay(spec.asOfDay)
    const dataBuffer = new ByteBuffer(CHUNK_SIZE + 256 * 1024)
    const truthBuffer = new ByteBuffer(64 * 1024)
    const changes: Array<IdentityChange> | undefined = onChanges === undefined ? undefined : []
    dataBuffer.ascii(DATA_HEADER)
    truthBuffer.ascii(truthHeader({ seed: spec.seed, customers, defectRate: spec.defectRate, asOf }))
    let defects = 0
    for (const defect of snapshotRecords(spec, dataBuffer, { separators: true, changes })) {
      if (dataBuffer.length >= CHUNK_SIZE) yield* data.write(dataBuffer.take())
      if (defect !== undefined) {
        truthBuffer.text((defects === 0 ? "\n" : ",\n") + renderRowDefect(defect))
        defects++
        if (truthBuffer.length >= CHUNK_SIZE) yield* truth.write(truthBuffer.take())
      }
      if (changes !== undefined && changes.length >= 1024 && onChanges !== undefined) {
        yield* onChanges(changes.splice(0))
      }
    }
    dataBuffer.ascii(DATA_FOOTER)
    yield* data.write(dataBuffer.take())
    truthBuffer.ascii(truthFooter)
    yield* truth.write(truthBuffer.take())
    if (changes !== undefined && changes.length > 0 && onChanges !== undefined) yield* onChanges(changes.splice(0))
    return { customers, defects }
  })

/**
 * Write one snapshot (`--out`) and its truth sidecar.
 *
 * @example
 * writeSnapshotFile({ seed: 42, customers: 2000, defectRate: 0.02, out: "data/customers.json" })
 */
export const writeSnapshotFile = (
  options: SnapshotFileOptions
): Effect.Effect<SnapshotFileResult, WriteError | InvalidOptionsError> =>
  Effect.gen(function*() {
    yield* checkCommon(options)
    const asOfDay = yield* checkDate("--as-of", options.asOf)
    const spec: SnapshotSpec = {
      seed: options.seed,
      population: makePopulation(options.seed, options.customers, asOfDay),
      asOfDay,
      defectRate: options.defectRate
    }
    return yield* writeSpec(spec, options.out)
  })

const writeSpec = (
  spec: SnapshotSpec,
  out: string,
  onChanges?: (changes: Array<IdentityChange>) => Effect.Effect<void, WriteError>
): Effect.Effect<SnapshotFileResult, WriteError> =>
  Effect.scoped(
    Effect.gen(function*() {
      const truthPath = truthPathFor(out)
      const data = yield* openSink(out)
      const truth = yield* openSink(truthPath)
      const { customers, defects } = yield* streamSnapshot(spec, data, truth, onChanges)
      const bytes = yield* data.commit
      yield* truth.commit
      return { path: out, truthPath, asOf: formatDay(spec.asOfDay), customers, defects, bytes }
    })
  )

/** One entry of `changes.json`, as readers (tests, the gold layer's checks) decode it. */
export interface ChangeEntry {
  readonly customer_id: number
  readonly date: string
  readonly field: "name" | "email"
  readonly old: string
  readonly new: string
}

/** One line of changes.json. */
const renderChange = (change: IdentityChange): string =>
  "{\"customer_id\":" + change.customerId + ",\"date\":\"" + formatDay(change.day) + "\",\"field\":\"" + change.field +
  "\",\"old\":" + JSON.stringify(changeValue(change, "before")) + ",\"new\":" +
  JSON.stringify(changeValue(change, "after")) + "}"

const changeValue = (change: IdentityChange, side: "before" | "after"): string =>
  change.field === "name" ? displayName(change[side]) : emailAddress(change[side], change.customerId)

/** The file name of a daily snapshot: `customers-YYYY-MM-DD.json`. */
export const dailyFileName = (asOf: string): string => `customers-${asOf}.json`

/**
 * Write `days` daily full snapshots `customers-YYYY-MM-DD.json` (each with its
 * sidecar, its own date as as-of) and `changes.json`, the list of every name
 * and email change: `[{"customer_id","date","field","old","new"}, …]`.
 */
export const writeDailySnapshots = (options: DailyOptions): Effect.Effect<DailyResult, WriteError | InvalidOptionsError> =>
  Effect.gen(function*() {
    yield* checkCommon(options)
    if (!Number.isSafeInteger(options.days) || options.days < 1 || options.days > 3660) {
      return yield* invalid(`--days must be a whole number from 1 to 3660, got ${options.days}`)
    }
    const startDay = yield* checkDate("--start", options.start)
    // An increment's record indexes are its own; the truth sidecar of a defect names one by the customer's place in a snapshot.
    if (options.feed === "increment" && options.defectRate > 0) return yield* invalid(`--feed increment takes no defects: give --defect-rate 0`)
    if (startDay + options.days - 1 > dayFromCivil(2099, 12, 31)) {
      return yield* invalid(`the last daily snapshot must be dated 2099-12-31 or earlier`)
    }
    const habits = options.habits ?? DEFAULT_HABITS
    const [minGap, maxGap] = habits.meanGapDays
    if (!Number.isSafeInteger(habits.signupWindowDays) || habits.signupWindowDays < 0 || habits.signupWindowDays > 36600) {
      return yield* invalid(`--signup-window must be a whole number of days from 0 to 36600, got ${habits.signupWindowDays}`)
    }
    if (!(minGap >= 1 && maxGap >= minGap && maxGap <= 100000)) return yield* invalid(`--mean-gap must be MIN,MAX days with 1 <= MIN <= MAX <= 100000, got ${minGap},${maxGap}`)
    const population = makePopulation(options.seed, options.customers, startDay, habits)
    const changesPath = path.join(options.outDir, "changes.json")
    return yield* Effect.scoped(
      Effect.gen(function*() {
        const changesSink = yield* openSink(changesPath)
        let changeCount = 0
        let changeSeparator = "\n"
        const onChanges = (changes: Array<IdentityChange>): Effect.Effect<void, WriteError> => {
          let text = ""
          for (const change of changes) {
            text += changeSeparator + renderChange(change)
            changeSeparator = ",\n"
          }
          changeCount += changes.length
          return changesSink.write(text)
        }
        yield* changesSink.write("[")
        const snapshots: Array<SnapshotFileResult> = []
        for (let d = 0; d < options.days; d++) {
          const asOfDay = startDay + d
          const spec: SnapshotSpec = { seed: options.seed, population, asOfDay, defectRate: options.defectRate, feed: options.feed ?? "snapshot" }
          snapshots.push(yield* writeSpec(spec, path.join(options.outDir, dailyFileName(formatDay(asOfDay))), onChanges))
        }
        yield* changesSink.write("\n]\n")
        yield* changesSink.commit
        return { snapshots, changesPath, changes: changeCount }
      })
    )
  })
