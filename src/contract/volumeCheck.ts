/**
 * `volume.recent`: a delivery that drops far below its recent volume. The
 * staged table's rows are compared with the median row count of the table's
 * last `lastDates` published dates (read from their manifests through the
 * lakehouse, no data scan); below `minShare` of it the check warns (or
 * blocks, with `severity: "error"`). With no published date before the
 * ingestion date it passes, saying so. Every date-partitioned table a
 * pipeline refines (silver) gets it by default, warning below 50% of the
 * median of the last 7 dates; a table declares its own to change that, as a
 * declared check with the same id replaces an implied one.
 *
 * @example
 * import { column, table, volumeCheck } from "lakegate"
 * export const orders = table({
 *   name: "orders",
 *   version: "1.0.0",
 *   columns: { order_id: column.id() },
 *   datasetChecks: [volumeCheck("orders", { severity: "error", lastDates: 5, minShare: 0.8 })] // block below 80% of the median of the last 5 dates
 *   // or volumeCheck("orders", { off: true }) to turn the check off
 * })
 */
import { Effect } from "effect"
import { Duck } from "../engine/Duck.ts"
import type { CheckResult, Severity } from "./CheckResult.ts"
import { datasetResult, erroredResult, type DatasetCheck, type DatasetCheckSpec, type DatasetContext } from "./DatasetCheck.ts"

/** The check's id, in reports, JUnit and CI history. */
export const VOLUME_CHECK = "volume.recent"

/** What a table's contract may set. */
export interface VolumeOptions {
  /** How many of the latest published dates the median is taken over (default 7). */
  readonly lastDates?: number
  /** The share of that median below which the check fails (default 0.5: half). */
  readonly minShare?: number
  /** `warn` (default) only warns; `error` blocks the layer. */
  readonly severity?: Severity
  /** Turn the check off for this table. */
  readonly off?: boolean
}

/** The defaults every silver table gets. */
export const DEFAULT_VOLUME: Required<VolumeOptions> = { lastDates: 7, minShare: 0.5, severity: "warn", off: false }

/** A volume check, with the settings it runs with. */
export interface VolumeCheck extends DatasetCheck {
  readonly volume: Required<VolumeOptions>
}

/** Whether a dataset check is a volume check. */
export const isVolumeCheck = (c: DatasetCheck): c is VolumeCheck => c.id === VOLUME_CHECK && "volume" in c

/** The median of row counts (the mean of the two middle ones for an even count). */
export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length === 0 ? 0 : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const pct = (share: number): string => `${Number((share * 100).toFixed(2))}%`

const describe = (v: Required<VolumeOptions>): string =>
  `The table's rows are at least ${pct(v.minShare)} of the median of its last ${v.lastDates} published dates.`

/** The result from the staged rows and the recent counts. */
const judge = (spec: DatasetCheckSpec, v: Required<VolumeOptions>, rows: number, recent: ReadonlyArray<{ readonly date: string; readonly rows: number }>, ingestionDate: string): CheckResult => {
  if (recent.length === 0) {
    return datasetResult(spec, { failed: 0, total: 1, observed: { rows: String(rows), dates: "0" }, message: `no history: no published date before ${ingestionDate}, ${rows} rows` })
  }
  const mid = median(recent.map((r) => r.rows))
  const minRows = mid * v.minShare
  const low = rows < minRows
  const share = mid === 0 ? 1 : rows / mid
  const dates = `${recent.length} date${recent.length === 1 ? "" : "s"} (${recent[0]!.date}..${recent[recent.length - 1]!.date})`
  return datasetResult(spec, {
    failed: low ? 1 : 0,
    total: 1,
    observed: {
      rows: String(rows),
      median: String(mid),
      dates: String(recent.length),
      share_of_median: pct(share),
      min_share: pct(v.minShare),
      min_rows: String(Number(minRows.toFixed(2)))
    },
    message: low
      ? `${rows} rows, ${pct(share)} of the median ${mid} of the last ${dates}: below ${pct(v.minShare)} (${Number(minRows.toFixed(2))} rows)`
      : `${rows} rows, ${pct(share)} of the median ${mid} of the last ${dates}`
  })
}

/**
 * The volume check of a table (`off: true` turns it off; the stage then runs
 * none for the table). Without lakehouse history in its context it passes.
 */
export const volumeCheck = (table: string, options: VolumeOptions = {}): VolumeCheck => {
  const v: Required<VolumeOptions> = { ...DEFAULT_VOLUME, ...options }
  const description = describe(v)
  const evaluate = (context: DatasetContext) => {
    const spec: DatasetCheckSpec = { id: VOLUME_CHECK, layer: context.layer, table, severity: v.severity, description }
    return Effect.gen(function* () {
      const duck = yield* Duck
      const rows = Number((yield* duck.all(`select count(*) as n from ${context.relation(table)}`))[0]?.["n"] ?? 0)
      const date = context.ingestionDate ?? "today"
      if (context.publishedRows === undefined) {
        return datasetResult(spec, { failed: 0, total: 1, observed: { rows: String(rows), dates: "0" }, message: `no history: no lakehouse here, ${rows} rows` })
      }
      const recent = yield* Effect.either(context.publishedRows(table, v.lastDates))
      if (recent._tag === "Left") {
        return datasetResult(spec, { failed: 1, total: 1, observed: { rows: String(rows) }, message: `could not read the recent row counts: ${recent.left.message}` })
      }
      return judge(spec, v, rows, recent.right, date)
    }).pipe(Effect.catchTag("DuckError", (error) => Effect.succeed(erroredResult(spec, error))))
  }
  return { id: VOLUME_CHECK, table, severity: v.severity, description, evaluate, volume: v }
}
