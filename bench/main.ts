/**
 * `npm run bench`: how fast and how flat the whole gated run is.
 *
 * For each input size it generates two daily snapshots with the project's
 * generator (seeded, 2% defects; cached in `bench/.cache/`), runs the full pipeline on
 * it as a separate process (`lakegate run`, a warm-up then N runs), and the
 * reference pipeline in plain DuckDB SQL (`bench/reference.ts`) on the same
 * file. Every process is measured from outside (wall time) and from inside
 * (`process.resourceUsage()` at exit through `bench/rusage.mjs`: peak memory
 * of all its threads, CPU time); the stage times come from the run's report.
 * Writes `bench/results.json` and prints the table, also as markdown.
 *
 *   npm run bench
 *   npm run bench -- --sizes 5GB --runs 1
 *   npm run bench -- --sizes 100MB --env LAKEGATE_WORKERS=0 --out bench/results.single.json
 *
 * Options: --sizes LIST (default 10MB,100MB,1GB) · --runs N (default 3 up to
 * 100MB, 1 above) · --no-warmup · --no-reference · --reference fast|strict
 * (default fast: typed structs; strict keeps every leaf as JSON to check JSON
 * types, 3–4× slower, see bench/reference.ts) · --reference-max SIZE
 * (default 1GB: json_transform holds the whole document, so its memory grows
 * with the input) · --env KEY=VALUE (for the lakegate runs; repeatable) · --out FILE
 * · --cache DIR · --seed N · --defect-rate X · --date YYYY-MM-DD · --root DIR
 * (measure the lakegate checkout there, e.g. the previous commit, for a before/after)
 * · --no-next-day (by default the last run's lakehouse gets one more run, of
 * the next day's snapshot: a daily run, merging into existing gold).
 *
 * `--history` runs the history bench instead (`bench/history.ts`: 60 days of
 * both feeds, the last days against the second, optionally on a synthetic
 * history of 200M facts).
 *
 * Then the `lakegate check` bench (`bench/check.ts`: CSV and Parquet against
 * plain DuckDB, at the largest of --sizes, cached under --cache, results
 * beside --out as `*.check.json`): --no-check skips it, --check-only runs it
 * alone; --check-size SIZE · --check-formats csv,parquet · --check-runs N.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { cpus, tmpdir, totalmem } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import {
  customersFor,
  envOptions,
  optionValue,
  formatSize,
  parseSize,
  renderMarkdown,
  renderTable,
  summarise,
  type LakegateRun,
  type ReferenceRun,
  type RunMeasure,
  type SizeResult
} from "./lib.ts"
import { checkBenchOptions, renderCheckTable, runCheckBench } from "./check.ts"
import { historyBench } from "./history.ts"
import { exec, measure, program } from "./process.ts"

const benchDir = dirname(fileURLToPath(import.meta.url))
const root = resolve(benchDir, "..")

interface Options {
  /** The lakegate checkout whose pipeline is measured (default: this one), e.g. another branch for a before/after. */
  readonly root: string
  readonly sizes: ReadonlyArray<number>
  readonly runs: number | null
  readonly warmup: boolean
  readonly reference: boolean
  /** Which reference pipeline: `fast` (typed structs, the default) or `strict` (every leaf a JSON value). */
  readonly referenceMode: "fast" | "strict"
  readonly nextDay: boolean
  readonly referenceMax: number
  readonly env: Readonly<Record<string, string>>
  readonly out: string
  readonly cache: string
  readonly seed: number
  readonly defectRate: number
  readonly date: string
}

const parseOptions = (argv: ReadonlyArray<string>): Options => {
  const value = (name: string): string | undefined => optionValue(argv, name)
  const env = envOptions(argv)
  const known = new Set(["root", "sizes", "runs", "no-warmup", "no-reference", "reference", "no-next-day", "reference-max", "env", "out", "cache", "seed", "defect-rate", "date", "no-check", "check-only", "check-size", "check-formats", "check-runs"])
  for (const a of argv) if (a.startsWith("--") && !known.has(a.slice(2))) throw new Error(`unknown option ${a}`)
  const runs = value("runs")
  const referenceMode = value("reference") ?? "fast"
  if (referenceMode !== "fast" && referenceMode !== "strict") throw new Error(`--reference is fast or strict, not ${JSON.stringify(referenceMode)}`)
  return {
    root: resolve(value("root") ?? root),
    sizes: (value("sizes") ?? "10MB,100MB,1GB").split(",").map(parseSize),
    runs: runs === undefined ? null : Math.max(1, Number(runs)),
    warmup: !argv.includes("--no-warmup"),
    reference: !argv.includes("--no-reference"),
    referenceMode,
    nextDay: !argv.includes("--no-next-day"),
    referenceMax: parseSize(value("reference-max") ?? "1GB"),
    env,
    out: resolve(value("out") ?? join(benchDir, "results.json")),
    cache: resolve(value("cache") ?? join(benchDir, ".cache")),
    seed: Number(value("seed") ?? 7),
    defectRate: Number(value("defect-rate") ?? 0.02),
    date: value("date") ?? "2026-11-20"
  }
}

/** The day after `date` (YYYY-MM-DD). */
const nextDate = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/** A size's inputs: the first day's snapshot and the next day's. */
interface Inputs {
  readonly file: string
  readonly nextDay: string
  readonly customers: number
}

/**
 * The cached inputs for a size, generated if missing: two daily snapshots
 * from the generator's daily mode, starting on the bench's date. The next
 * day's is what a daily delivery looks like: the same customers and a few
 * new ones, their transactions up to that day, and names or emails changed
 * on about 2% of customers, so gold opens versions and re-keys facts.
 */
const inputsFor = async (options: Options, bytes: number): Promise<Inputs> => {
  const customers = customersFor(bytes)
  const dir = join(options.cache, `daily-${customers}-seed${options.seed}-defects${options.defectRate}-from${options.date}`)
  const day = (date: string) => join(dir, `customers-${date}.json`)
  const inputs = { file: day(options.date), nextDay: day(nextDate(options.date)), customers }
  if (!existsSync(inputs.file) || !existsSync(inputs.nextDay)) {
    mkdirSync(dir, { recursive: true })
    log(`generating ${formatSize(bytes)} (${customers} customers), two daily snapshots, into ${dir} ...`)
    const generated = await exec(
      [
        ...program(root, "generate.mjs", "contracts/generate/main.ts"),
        ...["--customers", String(customers), "--seed", String(options.seed), "--defect-rate", String(options.defectRate)],
        ...["--days", "2", "--start", options.date, "--out-dir", dir]
      ],
      { ...process.env }
    )
    if (generated.code !== 0 || !existsSync(inputs.nextDay)) throw new Error(`the generator failed (exit ${generated.code}): ${generated.stderr.trim()}`)
    log(`  ${generated.stdout.trim().replaceAll("\n", "\n  ")}`)
  }
  return inputs
}

const log = (line: string) => process.stderr.write(`${line}\n`)

/** The parts of a run's report the bench reads. */
interface RunReportLike {
  readonly runId: string
  readonly verdict: string
  readonly input: { readonly records: number }
  readonly timings: ReadonlyArray<{ readonly stage: string; readonly ms: number }>
  readonly layers: ReadonlyArray<{ readonly layer: string; readonly tables: ReadonlyArray<{ readonly table: string; readonly quarantined: number }> }>
}

/** `reports/<date>/quality.json` holds the date's runs (newest last), or, in older versions, the run itself. */
const latestRun = (document: RunReportLike | { readonly latest: string; readonly runs: ReadonlyArray<RunReportLike> }): RunReportLike =>
  "runs" in document ? (document.runs.find((r) => r.runId === document.latest) ?? document.runs[document.runs.length - 1]!) : document

/** One measured run on `date`, with its lakehouse and reports in `work` (which the caller removes). */
const lakegateRunIn = async (options: Options, input: string, work: string, date: string): Promise<LakegateRun> => {
  const { result, measured } = await measure(
    [...program(options.root, "lakegate.mjs", "src/cli/main.ts"), "run", "--input", input, "--date", date, "--lakehouse", join(work, "lakehouse"), "--reports", join(work, "reports"), "--quiet"],
    options.env,
    work,
    options.root
  )
  const reportFile = join(work, "reports", date, "quality.json")
  if (!existsSync(reportFile)) return { ...measured, ok: false, note: `no report (exit ${result.code}): ${result.stderr.trim().slice(-400)}`, stages: {}, verdict: "failed", records: 0, quarantined: 0 }
  const report = latestRun(JSON.parse(readFileSync(reportFile, "utf8")) as RunReportLike | { latest: string; runs: ReadonlyArray<RunReportLike> })
  const quarantined = report.layers.find((l) => l.layer === "silver")?.tables.find((t) => t.table === "customers")?.quarantined ?? 0
  const ok = measured.ok && report.verdict === "published"
  return {
    ...measured,
    ok,
    ...(ok ? {} : { note: `verdict ${report.verdict}, exit ${result.code}: ${result.stderr.trim().slice(-400)}` }),
    stages: Object.fromEntries(report.timings.map((t) => [t.stage, t.ms])),
    verdict: report.verdict,
    records: report.input.records,
    quarantined
  }
}

/**
 * A first-day run on a fresh lakehouse; with `then`, the same work directory
 * gets a run of the next day's snapshot too, whose measure is passed to `then`.
 */
const lakegateRun = async (options: Options, inputs: Inputs, then?: (nextDay: LakegateRun) => void): Promise<LakegateRun> => {
  const work = mkdtempSync(join(tmpdir(), "lakegate-bench-"))
  try {
    const first = await lakegateRunIn(options, inputs.file, work, options.date)
    if (then !== undefined && first.ok) then(await lakegateRunIn(options, inputs.nextDay, work, nextDate(options.date)))
    return first
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const referenceRun = async (input: string, options: Options): Promise<ReferenceRun> => {
  const work = mkdtempSync(join(tmpdir(), "lakegate-bench-ref-"))
  try {
    const { result, measured } = await measure(["--import", "tsx", join(benchDir, "reference.ts"), "--input", input, "--out", join(work, "out"), "--date", options.date, "--mode", options.referenceMode], {}, work)
    const line = result.stdout.trim().split("\n").pop() ?? ""
    if (result.code !== 0 || !line.startsWith("{")) return { ...measured, ok: false, note: `exit ${result.code}: ${result.stderr.trim().slice(-400)}`, records: 0, rejected: 0 }
    const counts = JSON.parse(line) as { records: number; rejected: number }
    return { ...measured, ok: true, records: counts.records, rejected: counts.rejected }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** The next day's runs, summarised on the next day's input (a few more customers and transactions than the first day's). */
const nextDaySummary = (input: string, runs: ReadonlyArray<LakegateRun>) => {
  const records = runs.find((r) => r.ok)?.records ?? 0
  return { input, summary: summarise(runs, statSync(input).size, records), runs }
}

const describeRun = (r: RunMeasure) =>
  `${(r.wallMs / 1000).toFixed(2)} s, peak ${r.peakMiB.toFixed(0)} MiB, CPU ${r.cpuS.toFixed(1)} s, load ${r.load.toFixed(1)}${r.ok ? "" : ` FAILED ${r.note ?? ""}`}`

/** The `lakegate check` bench, with the `--check-*` options (defaults from the pipeline bench's). */
const checkBench = async (argv: ReadonlyArray<string>, options: Options) => {
  const defaults: Record<string, string> = { size: formatSize(Math.max(...options.sizes)), cache: join(options.cache, "check"), out: options.out.replace(/(\.json)?$/, ".check.json") }
  const results = await runCheckBench(checkBenchOptions((name) => (argv.includes(`--check-${name}`) ? argv[argv.indexOf(`--check-${name}`) + 1] : defaults[name])))
  console.log(`\nlakegate check:\n${renderCheckTable(results)}`)
  if (results.some((r) => !r.countsAgree)) process.exitCode = 1
}

const main = async () => {
  if (process.argv.includes("--history")) return historyBench(process.argv.slice(2))
  const options = parseOptions(process.argv.slice(2))
  if (process.argv.includes("--check-only")) return checkBench(process.argv, options)
  const results: Array<SizeResult> = []
  for (const target of options.sizes) {
    const inputs = await inputsFor(options, target)
    const { file, customers } = inputs
    const bytes = statSync(file).size
    const runs = options.runs ?? (bytes <= 100e6 * 1.05 ? 3 : 1)
    log(`${formatSize(bytes)}: lakegate, ${options.warmup ? "a warm-up and " : ""}${runs} run(s)`)
    if (options.warmup) log(`  warm-up: ${describeRun(await lakegateRun(options, inputs))}`)
    const lakegate: Array<LakegateRun> = []
    const nextDay: Array<LakegateRun> = []
    const stages = (run: LakegateRun) => Object.entries(run.stages).map(([s, ms]) => `${s} ${(ms / 1000).toFixed(2)}`).join(", ")
    for (let i = 0; i < runs; i++) {
      const last = i === runs - 1 && options.nextDay
      const run = await lakegateRun(options, inputs, last ? (next) => nextDay.push(next) : undefined)
      lakegate.push(run)
      log(`  run ${i + 1}: ${describeRun(run)}; ${stages(run)}`)
      for (const next of last ? nextDay : []) log(`  next day: ${describeRun(next)}; ${stages(next)}`)
    }
    const reference: Array<ReferenceRun> = []
    let skipped: string | undefined
    if (!options.reference) skipped = "--no-reference"
    else if (target > options.referenceMax) skipped = `over --reference-max ${formatSize(options.referenceMax)} (json_transform holds the whole document in memory)`
    else {
      log(`${formatSize(bytes)}: DuckDB SQL reference (${options.referenceMode}), ${runs} run(s)`)
      for (let i = 0; i < runs; i++) {
        const run = await referenceRun(file, options)
        reference.push(run)
        log(`  run ${i + 1}: ${describeRun(run)}`)
      }
    }
    if (skipped !== undefined) log(`${formatSize(bytes)}: reference not run: ${skipped}`)
    const l = summarise(lakegate, bytes, customers)
    const ref = summarise(reference, bytes, customers)
    results.push({
      size: formatSize(target),
      bytes,
      customers,
      input: file,
      lakegate: { summary: l, runs: lakegate },
      reference: { summary: ref, runs: reference, ...(skipped === undefined ? {} : { skipped }) },
      nextDay: options.nextDay ? nextDaySummary(inputs.nextDay, nextDay) : null,
      speedRatio: l !== null && ref !== null ? ref.wallS / l.wallS : null
    })
  }
  const document = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` },
    settings: { root: options.root, seed: options.seed, defectRate: options.defectRate, date: options.date, warmup: options.warmup, env: options.env, reference: options.reference ? options.referenceMode : "none" },
    targets: { mbPerS: 50, peakMiB: 500 },
    results
  }
  mkdirSync(dirname(options.out), { recursive: true })
  writeFileSync(options.out, `${JSON.stringify(document, null, 2)}\n`)
  console.log(renderTable(results))
  console.log("")
  console.log(renderMarkdown(results))
  console.log("")
  console.log(`machine: ${document.machine.cpus} × ${document.machine.cpu}, ${document.machine.memoryGiB} GiB, Node ${document.machine.node}; results in ${options.out}`)
  if (results.some((r) => r.lakegate.summary === null || (r.nextDay !== null && r.nextDay?.summary === null) || (r.reference.summary === null && r.reference.skipped === undefined))) process.exitCode = 1
  if (!process.argv.includes("--no-check")) await checkBench(process.argv, options)
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 2
})
