/**
 * The `lakegate check` bench: how long and how much memory checking a file
 * in place takes, next to the best plain DuckDB doing the same scans.
 *
 * For each format (CSV, Parquet) it generates about `--size` bytes of order
 * rows with DuckDB itself (`range()` and hashes; about 0.1% defects of each
 * kind: values not accepted, out of range, malformed emails, a duplicated key
 * every 100,000 rows, and in CSV amounts that are not numbers), cached in
 * `bench/.cache/check/`, then measures, each as its own process:
 *
 * - `lakegate check CONTRACT FILE` (the bundle in `dist/`, built first), with
 *   its default engine settings (2 threads, 160MB DuckDB memory);
 * - the reference: one DuckDB process (2 threads) running the equivalent SQL
 *   written by hand: one aggregate scan with every count, the key's distinct
 *   count, then the `group by` of the key as the duplicates need it (see
 *   {@link referenceCheck} for its settings).
 *
 * Wall time from outside, peak RSS and CPU from inside (`bench/rusage.mjs`),
 * the reference's own query time, and whether both found the same counts.
 *
 *   node --import tsx bench/check.ts [--size 1GB] [--formats csv,parquet] [--runs 1] [--cache DIR] [--out FILE]
 *   npm run bench -- --check-only --check-size 1GB
 *
 * `--reference FORMAT FILE` runs the reference itself (what the bench spawns) and prints one JSON line.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api"
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { cpus, loadavg, tmpdir, totalmem } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { formatSize, parseSize } from "./lib.ts"

const benchDir = dirname(fileURLToPath(import.meta.url))
const root = resolve(benchDir, "..")
const rusagePreload = join(benchDir, "rusage.mjs")

/** The formats measured. */
export type CheckFormat = "csv" | "parquet"

/** Options of the check bench. */
export interface CheckBenchOptions {
  readonly size: number
  readonly formats: ReadonlyArray<CheckFormat>
  readonly runs: number
  readonly cache: string
  readonly out: string
}

/** One measured process. */
interface Measure {
  readonly wallS: number
  readonly peakMiB: number
  readonly cpuS: number
  readonly load: number
  readonly exitCode: number
}

/** What the bench found for one format. */
export interface CheckBenchResult {
  readonly format: CheckFormat
  readonly file: string
  readonly bytes: number
  readonly rows: number
  readonly lakegate: ReadonlyArray<Measure & { readonly verdict: string; readonly stages: Readonly<Record<string, number>> }>
  readonly reference: ReadonlyArray<Measure & { readonly queryS: number }>
  /** Whether lakegate's failing counts equal the reference's, check by check. */
  readonly countsAgree: boolean
  readonly counts: Readonly<Record<string, readonly [number, number]>>
}

const DATE = "2024-12-31"
const STATUSES = ["new", "paid", "shipped", "cancelled"]

const CONTRACT = `import { check, column, table } from "lakegate"

export default table({
  name: "orders",
  version: "1.0.0",
  columns: {
    order_id: column.id(),
    customer_id: column.id(),
    amount: column.money(),
    status: column.enum(${JSON.stringify(STATUSES)}),
    email: column.text(),
    ordered_on: column.date(),
    note: column.text({ nullable: true }),
    qty: column.integer()
  },
  key: ["order_id"],
  checks: [
    check.acceptedValues("status", ${JSON.stringify(STATUSES)}),
    check.range("amount", { min: "0.01", max: "100000" }),
    check.pattern("email", "^[^@ ]+@[^@ ]+\\\\.[a-z]+$"),
    check.length("note", { max: 24 }),
    check.range("qty", { min: 1, max: 9 }),
    check.rowCount({ min: 1 }),
    check.freshness("ordered_on", 400)
  ]
})
`

/** The generated rows, `rows` of them; `text`: with CSV's defects that only text can hold. */
const ordersSql = (rows: number, text: boolean) => `select
    case when i % 100000 = 0 then i - 1 else i end as order_id,
    (hash(i) % 1000000)::bigint + 1 as customer_id,
    ${
      text
        ? `case when i % 10007 = 0 then 'n/a' when i % 997 = 0 then '0.00' else (((hash(i * 7) % 100000) / 100 + 0.01)::decimal(18,2))::varchar end`
        : `case when i % 997 = 0 then 0.00 else ((hash(i * 7) % 100000) / 100 + 0.01)::decimal(18,2) end`
    } as amount,
    case when i % 1009 = 0 then 'lost' else ${sqlList(STATUSES)}[(hash(i * 3) % 4)::int + 1] end as status,
    case when i % 1013 = 0 then 'not-an-email' else 'u' || substr(md5(i::varchar), 1, 10) || '@example.com' end as email,
    date '2024-01-01' + (i % 365)::int as ordered_on,
    case when i % 5 = 0 then null else substr(md5((i * 31)::varchar), 1, (hash(i) % 26)::int + 1) end as note,
    ((hash(i * 11) % 9) + 1)::integer as qty
  from range(1, ${rows} + 1) t(i)`

const sqlList = (values: ReadonlyArray<string>) => `[${values.map((v) => `'${v}'`).join(", ")}]`
const q = (text: string) => `'${text.replaceAll("'", "''")}'`

const copyTo = (format: CheckFormat, path: string) => `to ${q(path)} ${format === "csv" ? "(header, delimiter ',')" : "(format parquet, compression zstd)"}`

const withDuck = async <A>(config: Record<string, string>, use: (c: DuckDBConnection) => Promise<A>): Promise<A> => {
  const db = await DuckDBInstance.create(":memory:", config)
  const connection = await db.connect()
  try {
    return await use(connection)
  } finally {
    connection.closeSync()
    db.closeSync()
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`)

/** The cached file of a format and size, generated if missing (rows scaled from a sample's bytes per row). */
export const dataFor = async (options: CheckBenchOptions, format: CheckFormat): Promise<string> => {
  const file = join(options.cache, `orders-${formatSize(options.size)}.${format}`)
  if (existsSync(file)) return file
  mkdirSync(options.cache, { recursive: true })
  const sample = join(options.cache, `sample.${format}`)
  const partial = `${file}.partial`
  const started = performance.now()
  await withDuck({ threads: "2" }, async (c) => {
    const sampleRows = 200_000
    await c.run(`copy (${ordersSql(sampleRows, format === "csv")}) ${copyTo(format, sample)}`)
    const rows = Math.max(1000, Math.round((options.size / statSync(sample).size) * sampleRows))
    log(`generating ${formatSize(options.size)} of ${format} (${rows.toLocaleString("en-US")} rows) into ${file} ...`)
    await c.run(`copy (${ordersSql(rows, format === "csv")}) ${copyTo(format, partial)}`)
  })
  rmSync(sample, { force: true })
  renameSync(partial, file)
  log(`  ${formatSize(statSync(file).size)} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return file
}

/** Run a node program under the resource-usage preload; its measure and output. */
const measure = (args: ReadonlyArray<string>, work: string): Promise<Measure & { readonly stdout: string; readonly stderr: string }> =>
  new Promise((done, fail) => {
    const usageFile = join(work, `rusage-${process.hrtime.bigint()}.json`)
    const started = performance.now()
    const child = spawn(process.execPath, ["--import", rusagePreload, ...args], { cwd: root, env: { ...process.env, LAKEGATE_BENCH_RUSAGE: usageFile }, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => (stdout = (stdout + d.toString()).slice(-16_384)))
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-16_384)))
    child.on("error", fail)
    child.on("close", (code) => {
      const wallS = (performance.now() - started) / 1000
      const usage = existsSync(usageFile) ? (JSON.parse(readFileSync(usageFile, "utf8")) as NodeJS.ResourceUsage) : null
      rmSync(usageFile, { force: true })
      done({
        wallS,
        peakMiB: usage === null ? Number.NaN : usage.maxRSS / 1024,
        cpuS: usage === null ? Number.NaN : (usage.userCPUTime + usage.systemCPUTime) / 1e6,
        load: loadavg()[0] ?? 0,
        exitCode: code ?? -1,
        stdout,
        stderr
      })
    })
  })

/** The failing counts by check id, as lakegate's report has them. */
interface ReportLike {
  readonly verdict: string
  readonly input: { readonly records: number }
  readonly timings: ReadonlyArray<{ readonly stage: string; readonly ms: number }>
  readonly checks: ReadonlyArray<{ readonly checkId: string; readonly failed: number; readonly observed: Readonly<Record<string, string>> }>
}

const lakegateRun = async (contract: string, file: string) => {
  const work = mkdtempSync(join(tmpdir(), "lakegate-bench-check-"))
  try {
    const m = await measure([join(root, "dist", "lakegate.mjs"), "check", contract, file, "--reports", join(work, "reports"), "--date", DATE], work)
    const reportFile = join(work, "reports", DATE, "quality.json")
    const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, "utf8")) as { runs: ReadonlyArray<ReportLike> }).runs[0] ?? null : null
    if (report === null) throw new Error(`lakegate check wrote no report (exit ${m.exitCode}): ${m.stderr.trim().slice(-400)}`)
    return { ...m, report }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const SURPLUS = "count(*) - count(distinct order_id_t) - (count(*) filter (where order_id_t is null) > 0)::bigint"

/** The reference counts, by the check ids lakegate reports them under. */
type Counts = Record<string, number>

/**
 * The reference: plain DuckDB SQL, the way one would write it by hand for
 * this contract, tuned as far as measured (1 GB, 2 cores). CSV is read as
 * text (as it must be to find values that are not numbers), each column cast
 * once; one aggregate computes every count, with the key's distinct count
 * inside it for CSV (one parse; it needs 512MB of DuckDB memory) and as a
 * query of its own for Parquet (faster there, and within 160MB); the key's
 * `group by` runs only when there are duplicates. A small memory limit is
 * faster than DuckDB's default (80% of RAM): 12.5 s instead of 28 s on
 * Parquet, whose hash tables otherwise grow into gigabytes.
 */
export const referenceCheck = async (format: CheckFormat, file: string, separateKey = format === "parquet"): Promise<{ readonly rows: number; readonly counts: Counts; readonly queryS: number }> =>
  withDuck({ threads: "2", preserve_insertion_order: "false", memory_limit: format === "csv" ? "512MB" : "160MB" }, async (c) => {
    const started = performance.now()
    const source =
      format === "csv"
        ? `(select *, try_cast(order_id as bigint) as order_id_t, try_cast(customer_id as bigint) as customer_id_t, try_cast(amount as decimal(18,2)) as amount_t,
             try_cast(ordered_on as date) as ordered_on_t, try_cast(qty as bigint) as qty_t
           from read_csv(${q(file)}, header = true, delim = ',', quote = '"', skip = 0, comment = '', all_varchar = true))`
        : `(select *, order_id as order_id_t, customer_id as customer_id_t, amount as amount_t, ordered_on as ordered_on_t, qty as qty_t from read_parquet(${q(file)}))`
    const untyped = (col: string) => (format === "csv" ? `count(*) filter (where ${col} is not null and ${col}_t is null)` : "0::bigint")
    const row = (await c.runAndReadAll(`select count(*) as rows,
        ${untyped("order_id")} as u1, ${untyped("customer_id")} as u2, ${untyped("amount")} as u3, ${untyped("ordered_on")} as u4, ${untyped("qty")} as u5,
        count(*) filter (where order_id_t is null) + count(*) filter (where customer_id_t is null) + count(*) filter (where amount_t is null)
          + count(*) filter (where status is null) + count(*) filter (where email is null) + count(*) filter (where ordered_on_t is null)
          + count(*) filter (where qty_t is null) as not_null,
        count(*) filter (where status not in (${STATUSES.map(q).join(", ")})) as accepted,
        count(*) filter (where amount_t < 0.01 or amount_t > 100000) as amount_range,
        count(*) filter (where not regexp_full_match(email, '^[^@ ]+@[^@ ]+\\.[a-z]+$')) as pattern,
        count(*) filter (where length(note) > 24) as length,
        count(*) filter (where qty_t < 1 or qty_t > 9) as qty_range,
        max(ordered_on_t) as latest${separateKey ? "" : `,
        ${SURPLUS} as surplus`}
      from ${source}`)).getRowObjectsJson()[0]!
    const surplus = separateKey ? Number((await c.runAndReadAll(`select ${SURPLUS} as surplus from ${source}`)).getRowObjectsJson()[0]?.["surplus"] ?? 0) : Number(row["surplus"] ?? 0)
    const n = (k: string) => Number(row[k] ?? 0)
    let duplicated = 0
    if (surplus > 0) {
      const dup = (await c.runAndReadAll(`select count(*) as n from (select order_id_t from ${source} group by order_id_t having count(*) > 1)`)).getRowObjectsJson()[0]!
      duplicated = Number(dup["n"] ?? 0)
    }
    const typed = ["u1", "u2", "u3", "u4", "u5"].filter((k) => n(k) > 0).length
    return {
      rows: n("rows"),
      queryS: (performance.now() - started) / 1000,
      counts: {
        "schema.columns": typed,
        "key.unique": duplicated,
        not_null: n("not_null"),
        "accepted_values.status": n("accepted"),
        "range.amount": n("amount_range"),
        "pattern.email": n("pattern"),
        "length.note": n("length"),
        "range.qty": n("qty_range")
      }
    }
  })

const referenceRun = async (format: CheckFormat, file: string) => {
  const work = mkdtempSync(join(tmpdir(), "lakegate-bench-check-ref-"))
  try {
    const m = await measure(["--import", "tsx", join(benchDir, "check.ts"), "--reference", format, file], work)
    const line = m.stdout.trim().split("\n").pop() ?? ""
    if (m.exitCode !== 0 || !line.startsWith("{")) throw new Error(`the reference failed (exit ${m.exitCode}): ${m.stderr.trim().slice(-400)}`)
    return { ...m, result: JSON.parse(line) as { rows: number; counts: Counts; queryS: number } }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const describe = (m: Measure) => `${m.wallS.toFixed(2)} s, peak ${m.peakMiB.toFixed(0)} MiB, CPU ${m.cpuS.toFixed(1)} s, load ${m.load.toFixed(1)}`

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/** Build the CLI bundle, generate the data, measure every format; writes `options.out` and returns the results. */
export const runCheckBench = async (options: CheckBenchOptions): Promise<ReadonlyArray<CheckBenchResult>> => {
  const built = spawnSync("npm", ["run", "-s", "build"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
  if (built.status !== 0) throw new Error(`npm run build failed (exit ${built.status}): ${built.stderr.trim()}`)
  mkdirSync(options.cache, { recursive: true })
  const contract = join(options.cache, "orders.contract.ts")
  writeFileSync(contract, CONTRACT)
  const results: Array<CheckBenchResult> = []
  for (const format of options.formats) {
    const file = await dataFor(options, format)
    const bytes = statSync(file).size
    log(`check ${formatSize(bytes)} ${format}: lakegate check, ${options.runs} run(s)`)
    const lakegate: Array<CheckBenchResult["lakegate"][number]> = []
    let report: ReportLike | null = null
    for (let i = 0; i < options.runs; i++) {
      const run = await lakegateRun(contract, file)
      report = run.report
      const stages = Object.fromEntries(run.report.timings.map((t) => [t.stage, t.ms / 1000]))
      lakegate.push({ wallS: run.wallS, peakMiB: run.peakMiB, cpuS: run.cpuS, load: run.load, exitCode: run.exitCode, verdict: run.report.verdict, stages })
      log(`  run ${i + 1}: ${describe(run)}; verdict ${run.report.verdict}; ${Object.entries(stages).map(([s, v]) => `${s} ${v.toFixed(2)}`).join(", ")}`)
    }
    log(`check ${formatSize(bytes)} ${format}: plain DuckDB reference, ${options.runs} run(s)`)
    const reference: Array<CheckBenchResult["reference"][number]> = []
    let counts: Counts = {}
    let referenceRows = -1
    for (let i = 0; i < options.runs; i++) {
      const run = await referenceRun(format, file)
      counts = run.result.counts
      referenceRows = run.result.rows
      reference.push({ wallS: run.wallS, peakMiB: run.peakMiB, cpuS: run.cpuS, load: run.load, exitCode: run.exitCode, queryS: run.result.queryS })
      log(`  run ${i + 1}: ${describe(run)}; DuckDB queries ${run.result.queryS.toFixed(2)} s`)
    }
    const compared = Object.fromEntries(Object.entries(counts).map(([id, n]) => [id, [report?.checks.find((c) => c.checkId === id)?.failed ?? Number.NaN, n] as const]))
    // schema.columns counts columns in both; the others count rows (not_null: NULL values).
    const countsAgree = Object.values(compared).every(([a, b]) => a === b) && report?.input.records === referenceRows
    if (!countsAgree) log(`  counts differ: ${JSON.stringify(compared)}`)
    results.push({ format, file, bytes, rows: report?.input.records ?? 0, lakegate, reference, countsAgree, counts: compared })
  }
  const document = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    size: formatSize(options.size),
    results
  }
  mkdirSync(dirname(options.out), { recursive: true })
  writeFileSync(options.out, `${JSON.stringify(document, null, 2)}\n`)
  return results
}

/** The results as a markdown table: medians of the runs. */
export const renderCheckTable = (results: ReadonlyArray<CheckBenchResult>): string => {
  const header = ["format", "input", "rows", "wall s", "MB/s", "peak MiB", "CPU s", "checks s", "DuckDB ref wall s", "DuckDB ref query s", "ref peak MiB", "lakegate / ref query", "counts agree"]
  const rows = results.map((r) => {
    const wall = median(r.lakegate.map((m) => m.wallS))
    const refQuery = median(r.reference.map((m) => m.queryS))
    return [
      r.format,
      formatSize(r.bytes),
      r.rows.toLocaleString("en-US"),
      wall.toFixed(2),
      (r.bytes / 1e6 / wall).toFixed(1),
      Math.max(...r.lakegate.map((m) => m.peakMiB)).toFixed(0),
      median(r.lakegate.map((m) => m.cpuS)).toFixed(1),
      median(r.lakegate.map((m) => m.stages["checks"] ?? Number.NaN)).toFixed(2),
      median(r.reference.map((m) => m.wallS)).toFixed(2),
      refQuery.toFixed(2),
      Math.max(...r.reference.map((m) => m.peakMiB)).toFixed(0),
      `${(wall / refQuery).toFixed(2)}×`,
      r.countsAgree ? "yes" : "NO"
    ]
  })
  return [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i < 2 ? "---" : "---:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n")
}

/** Parse the check bench's own options (also used by `bench/main.ts` for `--check-*`). */
export const checkBenchOptions = (value: (name: string) => string | undefined): CheckBenchOptions => ({
  size: parseSize(value("size") ?? "1GB"),
  formats: (value("formats") ?? "csv,parquet").split(",").map((f) => {
    if (f !== "csv" && f !== "parquet") throw new Error(`unknown format ${f} (csv, parquet)`)
    return f
  }),
  runs: Math.max(1, Number(value("runs") ?? 1)),
  cache: resolve(value("cache") ?? join(benchDir, ".cache", "check")),
  out: resolve(value("out") ?? join(benchDir, "results.check.json"))
})

const optionValue = (argv: ReadonlyArray<string>, prefix: string) => (name: string): string | undefined => {
  const at = argv.indexOf(`--${prefix}${name}`)
  return at < 0 ? undefined : argv[at + 1]
}

/** `node --import tsx bench/check.ts ...`: the bench, or (`--reference FORMAT FILE`) the reference alone. */
const main = async (argv: ReadonlyArray<string>) => {
  const at = argv.indexOf("--reference")
  if (at >= 0) {
    const format = argv[at + 1]
    const file = argv[at + 2]
    if ((format !== "csv" && format !== "parquet") || file === undefined) throw new Error("usage: bench/check.ts --reference csv|parquet FILE")
    console.log(JSON.stringify(await referenceCheck(format, file)))
    return
  }
  const results = await runCheckBench(checkBenchOptions(optionValue(argv, "")))
  console.log(renderCheckTable(results))
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`bench check: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 2
  })
}
