/**
 * Figures derived from a RunReport for every rendering: the headline counts,
 * the order checks are shown in, and one trend point per ingestion date. Pure
 * functions of the report, so the HTML, JUnit and markdown never disagree.
 */
import type { CheckResult, CheckStatus } from "../contract/CheckResult.ts"
import { formatInt } from "./format.ts"
import type { DateReport, LayerOutcome, RunReport, TableOutcome } from "./RunReport.ts"

/** A check status that blocks its layer. */
export const isBlockingStatus = (status: CheckStatus): boolean => status === "fail" || status === "error"

const STATUS_RANK: Readonly<Record<CheckStatus, number>> = { error: 0, fail: 1, warn: 2, pass: 3 }

/** Checks worst first (error, fail, warn, pass), keeping the report's order within a status. */
export const sortChecks = (checks: ReadonlyArray<CheckResult>): ReadonlyArray<CheckResult> =>
  checks
    .map((check, index) => ({ check, index }))
    .sort((a, b) => STATUS_RANK[a.check.status] - STATUS_RANK[b.check.status] || a.index - b.index)
    .map((x) => x.check)

/** The name of the table a run's source records land in: the table its record-level (row) checks report on. */
export const recordTable = (run: RunReport): string | undefined => run.checks.find((c) => c.kind === "row")?.table

/**
 * The table whose figures headline a run: the silver table of the source's
 * records (records in → accepted + quarantined); otherwise the first silver
 * table; otherwise the first table of any layer; otherwise none.
 */
export const headlineTable = (run: RunReport): TableOutcome | undefined => {
  const tables = run.layers.flatMap((l) => l.tables)
  const records = recordTable(run)
  return tables.find((t) => t.layer === "silver" && t.table === records) ?? tables.find((t) => t.layer === "silver")
}

/** The id of the check that judges a table's share of quarantined rows. */
export const QUARANTINE_RATE = "quarantine.rate"

/** One table's quarantine rate, as its `quarantine.rate` check measured and judged it. */
export interface TableRate {
  readonly layer: string
  readonly table: string
  readonly rate: number
  readonly check: CheckResult
}

/**
 * Every table's quarantine rate, worst first: blocking checks, then warnings,
 * then passes; within a status the table of the source's records first, then
 * the higher rate. The first one is the rate a run's headline shows.
 *
 * @example
 * quarantineRates(run)[0]?.table // "orders" when the orders table's rate blocked the run
 */
export const quarantineRates = (run: RunReport): ReadonlyArray<TableRate> => {
  const records = recordTable(run)
  return run.checks
    .filter((c) => c.checkId === QUARANTINE_RATE)
    .map((check, index) => ({ check, index }))
    .sort(
      (a, b) =>
        STATUS_RANK[a.check.status] - STATUS_RANK[b.check.status] ||
        Number(b.check.table === records) - Number(a.check.table === records) ||
        b.check.rate - a.check.rate ||
        a.index - b.index
    )
    .map(({ check }) => ({ layer: check.layer, table: check.table, rate: check.rate, check }))
}

/** The counts a reader wants first. `null` when the run did not get far enough to know. */
export interface Headline {
  readonly recordsIn: number
  /** Rows accepted into the headline table (`headlineTable`). */
  readonly accepted: number | null
  /** Rows of the headline table sent to quarantine. */
  readonly quarantined: number | null
  /**
   * The quarantine rate that decided the run: that of the table whose
   * `quarantine.rate` check is worst (the blocking one in a blocked run),
   * else the headline table's share of quarantined rows.
   */
  readonly quarantineRate: number | null
  /** The table `quarantineRate` is of. */
  readonly rateTable: string | null
  /** Checks with status `fail` or `error`. */
  readonly failing: number
  /** Checks with status `warn`. */
  readonly warnings: number
  readonly checks: number
  readonly durationMs: number | null
}

/** Milliseconds between `startedAt` and `finishedAt`, when both parse. */
export const durationMs = (run: RunReport): number | null => {
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt)
  return Number.isFinite(ms) && ms >= 0 ? ms : null
}

/**
 * A table's share of quarantined rows (0 when no row came in).
 *
 * @example
 * tableRate({ ...outcome, rowsIn: 200, quarantined: 3 }) // 0.015
 */
export const tableRate = (table: TableOutcome): number => (table.rowsIn === 0 ? 0 : table.quarantined / table.rowsIn)

/** The headline counts of a run. */
export const headline = (run: RunReport): Headline => {
  const table = headlineTable(run)
  const worst = quarantineRates(run)[0]
  return {
    recordsIn: run.input.records,
    accepted: table?.accepted ?? null,
    quarantined: table?.quarantined ?? null,
    quarantineRate: worst !== undefined ? worst.rate : table === undefined ? null : tableRate(table),
    rateTable: worst !== undefined ? worst.table : (table?.table ?? null),
    failing: run.checks.filter((c) => isBlockingStatus(c.status)).length,
    warnings: run.checks.filter((c) => c.status === "warn").length,
    checks: run.checks.length,
    durationMs: durationMs(run)
  }
}

/** The run a DateReport names as `latest` (or its last run, if the name is unknown). */
export const latestRun = (report: DateReport): RunReport | undefined =>
  report.runs.find((r) => r.runId === report.latest) ?? report.runs[report.runs.length - 1]

/** The runs of a date other than the latest, newest first. */
export const earlierRuns = (report: DateReport): ReadonlyArray<RunReport> => {
  const latest = latestRun(report)
  return report.runs.filter((r) => r !== latest).reverse()
}

/** One ingestion date in the trend charts: the figures of its latest run. */
export interface TrendPoint extends Headline {
  readonly date: string
  readonly runId: string
  readonly verdict: RunReport["verdict"]
  /** The quarantine rate of each table with a `quarantine.rate` check (else of the headline table), in the run's check order. */
  readonly rates: ReadonlyArray<{ readonly table: string; readonly rate: number }>
}

/** The quarantine rate of each table of a run, in check order, for the trends. */
const ratesOf = (run: RunReport): TrendPoint["rates"] => {
  const checked = run.checks.filter((c) => c.checkId === QUARANTINE_RATE).map((c) => ({ table: c.table, rate: c.rate }))
  const table = headlineTable(run)
  return checked.length > 0 ? checked : table === undefined ? [] : [{ table: table.table, rate: tableRate(table) }]
}

/** The trend point of a date, from its latest run. */
export const trendPoint = (report: DateReport): TrendPoint | undefined => {
  const run = latestRun(report)
  return run === undefined ? undefined : { date: report.ingestionDate, runId: run.runId, verdict: run.verdict, ...headline(run), rates: ratesOf(run) }
}

/** A group of checks shown together: one table of one layer. */
export interface TableSection {
  readonly table: string
  readonly outcome: TableOutcome | undefined
  readonly checks: ReadonlyArray<CheckResult>
}

/** A layer with its tables and their checks, in pipeline order. */
export interface LayerSection {
  readonly layer: string
  readonly outcome: LayerOutcome | undefined
  readonly tables: ReadonlyArray<TableSection>
}

const unique = (xs: ReadonlyArray<string>): ReadonlyArray<string> => [...new Set(xs)]

/**
 * Group a run's checks by layer and table. Layers and tables come from the
 * outcomes first, then from any check that names one the outcomes do not, so
 * no check is ever left out of the page.
 */
export const layerSections = (run: RunReport): ReadonlyArray<LayerSection> =>
  unique([...run.layers.map((l) => l.layer), ...run.checks.map((c) => c.layer)]).map((layer) => {
    const outcome = run.layers.find((l) => l.layer === layer)
    const checks = run.checks.filter((c) => c.layer === layer)
    const tables = unique([...(outcome?.tables ?? []).map((t) => t.table), ...checks.map((c) => c.table)]).map((table) => ({
      table,
      outcome: outcome?.tables.find((t) => t.table === table),
      checks: sortChecks(checks.filter((c) => c.table === table))
    }))
    return { layer, outcome, tables }
  })

/** `1 record`, `2 records`. */
export const plural = (n: number, one: string, many: string = `${one}s`): string => `${formatInt(n)} ${n === 1 ? one : many}`

/** One sentence that explains the verdict. */
export const verdictSentence = (run: RunReport): string => {
  const h = headline(run)
  if (run.verdict === "failed") return `The run could not complete${run.error === null ? "" : ` (${run.error.tag})`}; nothing was published by it.`
  if (run.verdict === "blocked") {
    const layers = run.layers.filter((l) => l.status === "blocked").map((l) => l.layer)
    return `${layers.join(", ")} blocked by ${plural(h.failing, "failing check")}${h.warnings > 0 ? ` and ${plural(h.warnings, "warning")}` : ""}; blocked layers keep their previously published data.`
  }
  return h.warnings > 0 ? `Every gate passed, with ${plural(h.warnings, "warning")}.` : `Every gate passed: all ${formatInt(h.checks)} checks green.`
}
