/**
 * `npm run bench -- --history`: what a day costs after a long history.
 *
 * For each feed it generates a daily series with the project's generator
 * (cached under --cache), runs the pipeline on every day in turn into one
 * lakehouse (each run a separate process, measured like the main bench: wall
 * time, CPU seconds, peak RSS of all threads, bytes written), and after every
 * day runs `lakegate gold verify` (the full audit, outside the day's figures).
 * Then it compares the last days against the second: the first day is a full
 * load, the second the first daily merge at the same daily size.
 *
 * - `increment`: day 1 a full load, then each day only new and changed
 *   customers and that day's transactions (`--feed increment`), from a young,
 *   busy shop (`--signup-window 30 --mean-gap 2,30`) so that a day's bytes are
 *   mostly new transactions: the facts grow every day, the history with them.
 * - `snapshot`: every day the full snapshot (the generator's default habits):
 *   each day re-delivers every customer and transaction.
 *
 * - `synthetic` (with --synthetic-facts N, say 200M): the increment feed's
 *   first --synthetic-days days (default 4) again, with N synthetic facts
 *   added to the history after the first day (`bench/syntheticHistory.ts`),
 *   so that the next days run against a history of that size without
 *   running thousands of days first. Its days are compared with the
 *   increment feed's second day (same files, same daily size) when that feed ran.
 *
 *   npm run bench -- --history
 *   npm run bench -- --history --days 20 --daily 10MB --feeds increment
 *   npm run bench -- --history --synthetic-facts 200M --days 4 --feeds increment
 *
 * Options: --days N (default 60) · --daily SIZE (default 100MB: the bytes of one
 * day's delivery; the snapshot feed's every file, the increment feed's daily files) ·
 * --feeds LIST (default increment,snapshot) · --no-verify · --synthetic-facts N · --synthetic-days N ·
 * --cache DIR · --out FILE (default bench/results.history.json) · --chart FILE
 * (default docs/img/history-bench.svg) · --seed N · --date YYYY-MM-DD · --env KEY=VALUE.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { cpus, tmpdir, totalmem } from "node:os"
import { dirname, join, resolve } from "node:path"
import { customersFor, envOptions, formatSize, median, optionValue, parseSize, type RunMeasure } from "./lib.ts"
import { historyChart } from "./historyChart.ts"
import { exec, measure, program, root } from "./process.ts"
import { addSyntheticFacts } from "./syntheticHistory.ts"

type Feed = "increment" | "snapshot" | "synthetic"

interface HistoryOptions {
  readonly days: number
  readonly daily: number
  readonly feeds: ReadonlyArray<Feed>
  readonly verify: boolean
  readonly syntheticFacts: number
  readonly syntheticDays: number
  readonly cache: string
  readonly out: string
  readonly chart: string
  readonly seed: number
  readonly date: string
  readonly env: Readonly<Record<string, string>>
}

/** Bytes a customer of the young, busy shop adds to a day's increment (measured: 0.9 MB a day for 20,000 customers). */
const INCREMENT_BYTES_PER_CUSTOMER_DAY = 45

/** The young, busy shop's habits (generator flags). */
const BUSY_SHOP = ["--signup-window", "30", "--mean-gap", "2,30"] as const

const parseCount = (text: string): number => {
  const match = /^(\d+(?:\.\d+)?)([KMG]?)$/i.exec(text.trim())
  if (match === null) throw new Error(`not a count: ${JSON.stringify(text)} (try 200M)`)
  return Math.round(Number(match[1]) * { "": 1, K: 1e3, M: 1e6, G: 1e9 }[match[2]!.toUpperCase() as ""])
}

const parseHistoryOptions = (argv: ReadonlyArray<string>): HistoryOptions => {
  const value = (name: string): string | undefined => optionValue(argv, name)
  const known = new Set(["history", "days", "daily", "feeds", "no-verify", "synthetic-facts", "synthetic-days", "cache", "out", "chart", "seed", "date", "env"])
  for (const a of argv) if (a.startsWith("--") && !known.has(a.slice(2))) throw new Error(`unknown option ${a} (with --history)`)
  const env = envOptions(argv)
  const syntheticFacts = parseCount(value("synthetic-facts") ?? "0")
  const feeds = (value("feeds") ?? "increment,snapshot").split(",").map((f) => f.trim())
  for (const f of feeds) if (f !== "increment" && f !== "snapshot") throw new Error(`--feeds takes increment and snapshot, got ${JSON.stringify(f)}`)
  if (syntheticFacts > 0) feeds.push("synthetic")
  const days = Number(value("days") ?? 60)
  if (!Number.isInteger(days) || days < 3) throw new Error(`--days needs a whole number ≥ 3, got ${days}`)
  return {
    days,
    daily: parseSize(value("daily") ?? "100MB"),
    feeds: feeds as ReadonlyArray<Feed>,
    verify: !argv.includes("--no-verify"),
    syntheticFacts,
    syntheticDays: Math.max(3, Number(value("synthetic-days") ?? 4)),
    cache: resolve(value("cache") ?? join(root, "bench", ".cache")),
    out: resolve(value("out") ?? join(root, "bench", "results.history.json")),
    chart: resolve(value("chart") ?? join(root, "docs", "img", "history-bench.svg")),
    seed: Number(value("seed") ?? 7),
    date: value("date") ?? "2026-11-20",
    env
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`)

/** The daily files of a feed, generated into the cache when missing: `customers-YYYY-MM-DD.json`, in date order. */
const feedFiles = async (options: HistoryOptions, feed: Feed): Promise<ReadonlyArray<string>> => {
  if (feed === "synthetic") return (await feedFiles(options, "increment")).slice(0, options.syntheticDays)
  const customers = feed === "increment" ? Math.max(1, Math.round(options.daily / INCREMENT_BYTES_PER_CUSTOMER_DAY)) : customersFor(options.daily)
  const dir = join(options.cache, `history-${feed}-${customers}-seed${options.seed}-days${options.days}-from${options.date}`)
  const files = () => (existsSync(dir) ? readdirSync(dir).filter((f) => /^customers-\d{4}-\d{2}-\d{2}\.json$/.test(f)).sort().map((f) => join(dir, f)) : [])
  if (files().length < options.days) {
    mkdirSync(dir, { recursive: true })
    log(`generating the ${feed} feed: ${options.days} days, ${customers} customers on day 1, into ${dir} ...`)
    const generated = await exec(
      [
        ...program(root, "generate.mjs", "contracts/generate/main.ts"),
        ...["--customers", String(customers), "--seed", String(options.seed), "--days", String(options.days), "--start", options.date, "--out-dir", dir],
        ...(feed === "increment" ? ["--feed", "increment", "--defect-rate", "0", ...BUSY_SHOP] : ["--defect-rate", "0.02"])
      ],
      { ...process.env }
    )
    if (generated.code !== 0 || files().length < options.days) throw new Error(`the generator failed (exit ${generated.code}): ${generated.stderr.trim()}`)
    log(`  ${generated.stdout.trim().split("\n").at(-1) ?? ""}`)
  }
  return files().slice(0, options.days)
}

/** One day of the history: the run's measure and what gold holds after it. */
export interface HistoryDay extends RunMeasure {
  readonly day: number
  readonly date: string
  readonly inputBytes: number
  readonly verdict: string
  /** Rows of the current gold fact table after the run. */
  readonly facts: number
  /** Rows of the current gold customer versions after the run. */
  readonly customerVersions: number
  /** `lakegate gold verify` after the run: its wall time and whether it passed (null: not run). */
  readonly verify: { readonly wallMs: number; readonly ok: boolean } | null
}

interface CurrentLike {
  readonly current: { readonly tables: Readonly<Record<string, { readonly rows: number }>> }
}

const goldRows = (lakehouse: string): { facts: number; customerVersions: number } => {
  const file = join(lakehouse, "gold", "_current.json")
  if (!existsSync(file)) return { facts: 0, customerVersions: 0 }
  const tables = (JSON.parse(readFileSync(file, "utf8")) as CurrentLike).current.tables
  return { facts: tables["fact_transactions"]?.rows ?? 0, customerVersions: tables["dim_customer"]?.rows ?? 0 }
}

interface ReportRun {
  readonly runId: string
  readonly verdict: string
  readonly checks: ReadonlyArray<{ readonly checkId: string; readonly table: string; readonly status: string; readonly message: string }>
}

const latestRun = (reports: string, date: string): ReportRun | undefined => {
  const file = join(reports, date, "quality.json")
  if (!existsSync(file)) return undefined
  const document = JSON.parse(readFileSync(file, "utf8")) as { latest: string; runs: ReadonlyArray<ReportRun> }
  return document.runs.find((r) => r.runId === document.latest) ?? document.runs.at(-1)
}

const latestVerdict = (reports: string, date: string): string => latestRun(reports, date)?.verdict ?? "no report"

/** The checks that failed or could not be evaluated in the date's latest run, one per line: why a day was blocked. */
const failedChecks = (reports: string, date: string): string =>
  (latestRun(reports, date)?.checks ?? [])
    .filter((c) => c.status === "fail" || c.status === "error")
    .map((c) => `${c.checkId} on ${c.table}: ${c.message}`)
    .join("\n")

/** The comparison the issue asks for: the last days against the second. */
export interface HistorySummary {
  readonly feed: Feed
  readonly days: number
  readonly syntheticFacts: number
  readonly day2: { readonly wallS: number; readonly cpuS: number; readonly peakMiB: number; readonly writtenMB: number; readonly inputMB: number }
  readonly dayN: { readonly wallS: number; readonly cpuS: number; readonly peakMiB: number; readonly writtenMB: number; readonly inputMB: number }
  /** Median wall time of the last three days over the median of days 2 to 4: the steady ratio, less noisy than one pair. */
  readonly wallRatio: number
  readonly cpuRatio: number
  readonly peakRatio: number
  readonly factsDay2: number
  readonly factsDayN: number
  readonly verifyPassed: number
  readonly verifyRun: number
}

const figures = (days: ReadonlyArray<HistoryDay>) => ({
  wallS: median(days.map((d) => d.wallMs)) / 1000,
  cpuS: median(days.map((d) => d.cpuS)),
  peakMiB: median(days.map((d) => d.peakMiB)),
  writtenMB: median(days.map((d) => d.writtenBytes ?? Number.NaN)) / 1e6,
  inputMB: median(days.map((d) => d.inputBytes)) / 1e6
})

/**
 * Days 2-4 against the last three; `baseline` replaces days 2-4 (the
 * synthetic feed's days are compared with the plain increment feed's).
 */
export const summariseHistory = (feed: Feed, syntheticFacts: number, days: ReadonlyArray<HistoryDay>, baseline?: ReadonlyArray<HistoryDay>): HistorySummary => {
  const early = (baseline ?? days).slice(1, 4)
  const late = feed === "synthetic" ? days.slice(1) : days.slice(-3)
  const d2 = figures(early)
  const dN = figures(late)
  return {
    feed,
    days: days.length,
    syntheticFacts,
    day2: d2,
    dayN: dN,
    wallRatio: dN.wallS / d2.wallS,
    cpuRatio: dN.cpuS / d2.cpuS,
    peakRatio: dN.peakMiB / d2.peakMiB,
    factsDay2: (baseline ?? days)[1]?.facts ?? 0,
    factsDayN: days.at(-1)?.facts ?? 0,
    verifyPassed: days.filter((d) => d.verify?.ok === true).length,
    verifyRun: days.filter((d) => d.verify !== null).length
  }
}

/** Run every day of a feed into one fresh lakehouse. */
const runFeed = async (options: HistoryOptions, feed: Feed, files: ReadonlyArray<string>): Promise<ReadonlyArray<HistoryDay>> => {
  const work = mkdtempSync(join(tmpdir(), `lakegate-history-${feed}-`))
  const lakehouse = join(work, "lakehouse")
  const reports = join(work, "reports")
  const lakegate = program(root, "lakegate.mjs", "src/cli/main.ts")
  const days: Array<HistoryDay> = []
  try {
    for (const [i, file] of files.entries()) {
      const date = /customers-(\d{4}-\d{2}-\d{2})\.json$/.exec(file)![1]!
      const { result, measured } = await measure([...lakegate, "run", "--input", file, "--date", date, "--lakehouse", lakehouse, "--reports", reports, "--quiet"], options.env, work)
      const verdict = latestVerdict(reports, date)
      if (!measured.ok || verdict !== "published") throw new Error(`day ${i + 1} (${date}) of the ${feed} feed: verdict ${verdict}, exit ${result.code}: ${result.stderr.trim().slice(-600)}\n${failedChecks(reports, date)}`)
      if (i === 0 && feed === "synthetic") {
        log(`  adding ${options.syntheticFacts} synthetic facts to the history ...`)
        const started = performance.now()
        await addSyntheticFacts(lakehouse, options.syntheticFacts, date)
        log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      }
      let verify: HistoryDay["verify"] = null
      if (options.verify) {
        // The customers pipeline's gold contracts over every row (without --pipeline, run outside the checkout, only the files would be checked).
        const checked = await exec([...lakegate, "gold", "verify", "--lakehouse", lakehouse, "--pipeline", join(root, "contracts", "pipeline.ts")], { ...process.env, ...options.env }, work)
        verify = { wallMs: checked.wallMs, ok: checked.code === 0 && /^verified: \d+ checks passed$/m.test(checked.stdout) }
        if (!verify.ok) log(`  gold verify FAILED after ${date}: ${checked.stdout.trim().slice(-400)} ${checked.stderr.trim().slice(-400)}`)
      }
      const day: HistoryDay = { ...measured, day: i + 1, date, inputBytes: statSync(file).size, verdict, ...goldRows(lakehouse), verify }
      days.push(day)
      log(
        `  ${feed} day ${day.day} (${date}, ${formatSize(day.inputBytes)}): ${(day.wallMs / 1000).toFixed(2)} s, CPU ${day.cpuS.toFixed(1)} s, peak ${day.peakMiB.toFixed(0)} MiB, ` +
          `wrote ${((day.writtenBytes ?? 0) / 1e6).toFixed(0)} MB, ${day.facts} facts` +
          (verify === null ? "" : `; verify ${verify.ok ? "ok" : "FAILED"} ${(verify.wallMs / 1000).toFixed(1)} s`)
      )
    }
    return days
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const row = (cells: ReadonlyArray<string>) => `| ${cells.join(" | ")} |`

/** The summaries as a markdown table. */
export const historyTable = (summaries: ReadonlyArray<HistorySummary>): string => {
  const f = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a")
  return [
    row(["feed", "days", "facts day 2 → day N", "day 2 wall s", "day N wall s", "N/2 wall", "day 2 CPU s", "day N CPU s", "N/2 CPU", "day 2 peak MiB", "day N peak MiB", "written MB day 2 / N", "input MB day 2 / N", "gold verify"]),
    row(Array(14).fill("---")),
    ...summaries.map((s) =>
      row([
        feedLabel(s.feed, s.syntheticFacts),
        String(s.days),
        `${formatCount(s.factsDay2)} → ${formatCount(s.factsDayN)}`,
        f(s.day2.wallS),
        f(s.dayN.wallS),
        f(s.wallRatio),
        f(s.day2.cpuS, 1),
        f(s.dayN.cpuS, 1),
        f(s.cpuRatio),
        f(s.day2.peakMiB, 0),
        f(s.dayN.peakMiB, 0),
        `${f(s.day2.writtenMB, 0)} / ${f(s.dayN.writtenMB, 0)}`,
        `${f(s.day2.inputMB, 1)} / ${f(s.dayN.inputMB, 1)}`,
        `${s.verifyPassed}/${s.verifyRun} passed`
      ])
    )
  ].join("\n")
}

const feedLabel = (feed: Feed, syntheticFacts: number): string => (feed === "synthetic" ? `increment + ${formatCount(syntheticFacts)} synthetic facts` : feed)

const formatCount = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(n < 1e5 ? 1 : 0)}k` : String(n))

/** `npm run bench -- --history ...` */
export const historyBench = async (argv: ReadonlyArray<string>): Promise<void> => {
  const options = parseHistoryOptions(argv)
  const results: Array<{ summary: HistorySummary; days: ReadonlyArray<HistoryDay> }> = []
  for (const feed of options.feeds) {
    const files = await feedFiles(options, feed)
    log(`${feed} feed: ${files.length} days`)
    const synthetic = feed === "synthetic" ? options.syntheticFacts : 0
    const days = await runFeed(options, feed, files)
    const baseline = feed === "synthetic" ? results.find((r) => r.summary.feed === "increment")?.days : undefined
    results.push({ summary: summariseHistory(feed, synthetic, days, baseline), days })
  }
  const document = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    settings: { days: options.days, daily: options.daily, seed: options.seed, date: options.date, syntheticFacts: options.syntheticFacts, env: options.env },
    target: { wallRatio: 1.25 },
    results
  }
  mkdirSync(dirname(options.out), { recursive: true })
  writeFileSync(options.out, `${JSON.stringify(document, null, 2)}\n`)
  mkdirSync(dirname(options.chart), { recursive: true })
  writeFileSync(options.chart, historyChart(results.map((r) => ({ label: feedLabel(r.summary.feed, r.summary.syntheticFacts), days: r.days }))))
  console.log(historyTable(results.map((r) => r.summary)))
  console.log(`\nday 2 = median of days 2-4 (for the synthetic history: the increment feed's), day N = median of the last 3 days (synthetic: of its days after the first); results in ${options.out}, chart in ${options.chart}`)
  if (results.some((r) => r.summary.verifyPassed < r.summary.verifyRun)) process.exitCode = 1
}
