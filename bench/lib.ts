/**
 * The bench's pure parts: sizes, statistics and the rendering of results.
 */

/** Bytes per customer the project's generator writes (about 8 transactions each, 2% defects), measured on 100,000 customers. */
export const BYTES_PER_CUSTOMER = 1077

/** Parse `10MB`, `1GB`, `1.5GB`, `500KB` or a plain byte count; MB = 10^6 bytes, as in BASELINES.md. */
export const parseSize = (text: string): number => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?\s*$/i.exec(text)
  if (match === null) throw new Error(`not a size: ${JSON.stringify(text)} (try 10MB, 1GB)`)
  const unit = (match[2] ?? "B").toUpperCase()
  const scale = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 }[unit as "B"]
  return Math.round(Number(match[1]) * scale)
}

/** A byte count as the shortest of `KB`, `MB`, `GB` (decimal units). */
export const formatSize = (bytes: number): string =>
  bytes >= 1e9 ? `${trim(bytes / 1e9)}GB` : bytes >= 1e6 ? `${trim(bytes / 1e6)}MB` : bytes >= 1e3 ? `${trim(bytes / 1e3)}KB` : `${bytes}B`

const trim = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(x < 10 ? 2 : 1).replace(/\.?0+$/, ""))

/** The value after `--name` in argv, if given; a flag followed by nothing or by another flag is an error. */
export const optionValue = (argv: ReadonlyArray<string>, name: string): string | undefined => {
  const at = argv.indexOf(`--${name}`)
  if (at < 0) return undefined
  const v = argv[at + 1]
  if (v === undefined || v.startsWith("--")) throw new Error(`--${name} needs a value`)
  return v
}

/** Every `--env KEY=VALUE` of argv, as an environment. */
export const envOptions = (argv: ReadonlyArray<string>): Record<string, string> => {
  const env: Record<string, string> = {}
  argv.forEach((a, i) => {
    if (a !== "--env") return
    const kv = argv[i + 1] ?? ""
    const eq = kv.indexOf("=")
    if (eq <= 0) throw new Error(`--env needs KEY=VALUE, got ${JSON.stringify(kv)}`)
    env[kv.slice(0, eq)] = kv.slice(eq + 1)
  })
  return env
}

/** How many customers to generate for about `bytes` of input. */
export const customersFor = (bytes: number): number => Math.max(1, Math.round(bytes / BYTES_PER_CUSTOMER))

/** The median of some numbers (the mean of the middle two for an even count). */
export const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** What one measured process did. */
export interface RunMeasure {
  readonly wallMs: number
  /** Peak resident memory of the whole process (all threads), MiB. */
  readonly peakMiB: number
  /** User + system CPU of the whole process, seconds. */
  readonly cpuS: number
  /** Machine load (1-minute average) when the run ended: other work on the machine slows wall times. */
  readonly load: number
  readonly ok: boolean
  readonly note?: string
  /** Bytes the process caused to be written to storage (its rusage block output × 512), when measured. */
  readonly writtenBytes?: number
}

/** One lakegate run: the process measures plus what its report says. */
export interface LakegateRun extends RunMeasure {
  readonly stages: Readonly<Record<string, number>>
  readonly verdict: string
  readonly records: number
  readonly quarantined: number
}

/** One reference (plain DuckDB) run. */
export interface ReferenceRun extends RunMeasure {
  readonly records: number
  readonly rejected: number
}

/** The summary of several runs of one pipeline on one input. */
export interface Summary {
  readonly runs: number
  readonly wallS: number
  readonly mbPerS: number
  readonly customersPerS: number
  /** The highest peak of all runs. */
  readonly peakMiB: number
  readonly cpuS: number
  /** CPU seconds (all threads) per GB (10^9 bytes) of input: the cost, whatever else ran on the machine. */
  readonly cpuSPerGB: number
  readonly stagesS: Readonly<Record<string, number>>
}

/** Summarise runs (medians; the peak memory is the highest of any run). */
export const summarise = (runs: ReadonlyArray<RunMeasure & { readonly stages?: Readonly<Record<string, number>> }>, bytes: number, customers: number): Summary | null => {
  const ok = runs.filter((r) => r.ok)
  if (ok.length === 0) return null
  const wallS = median(ok.map((r) => r.wallMs)) / 1000
  const cpuS = median(ok.map((r) => r.cpuS))
  const stageNames = [...new Set(ok.flatMap((r) => Object.keys(r.stages ?? {})))]
  return {
    runs: ok.length,
    wallS,
    mbPerS: bytes / 1e6 / wallS,
    customersPerS: customers / wallS,
    peakMiB: Math.max(...ok.map((r) => r.peakMiB)),
    cpuS,
    cpuSPerGB: cpuS / (bytes / 1e9),
    stagesS: Object.fromEntries(stageNames.map((s) => [s, median(ok.map((r) => r.stages?.[s] ?? 0)) / 1000]))
  }
}

/** The results of one input size. */
export interface SizeResult {
  readonly size: string
  readonly bytes: number
  readonly customers: number
  readonly input: string
  readonly lakegate: { readonly summary: Summary | null; readonly runs: ReadonlyArray<LakegateRun> }
  readonly reference: { readonly summary: Summary | null; readonly runs: ReadonlyArray<ReferenceRun>; readonly skipped?: string }
  /**
   * The next day's run on the lakehouse the last run left (the next day's
   * snapshot, `input`: silver gets a new partition, gold merges into the version the
   * first day published), or null when not measured (`--no-next-day`).
   */
  readonly nextDay?: { readonly input?: string; readonly summary: Summary | null; readonly runs: ReadonlyArray<LakegateRun> } | null
  /** Reference wall time over lakegate's: how many times faster lakegate is (below 1: slower). */
  readonly speedRatio: number | null
}

const fixed = (x: number | undefined, digits: number): string => (x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits))

/** The columns of the results table, one row per size. */
export const tableRows = (results: ReadonlyArray<SizeResult>): { header: Array<string>; rows: Array<Array<string>> } => {
  const stages = [...new Set(results.flatMap((r) => Object.keys(r.lakegate.summary?.stagesS ?? {})))]
  const nextDay = results.some((r) => r.nextDay !== undefined && r.nextDay !== null)
  const header = [
    "input", "customers", "wall s", "MB/s", "customers/s", "peak MiB", "CPU s", "CPU s/GB", ...stages.map((s) => `${s} s`),
    ...(nextDay ? ["next day s", "next day peak MiB"] : []), "DuckDB SQL s", "DuckDB peak MiB", "DuckDB CPU s/GB", "speed vs DuckDB"
  ]
  const rows = results.map((r) => {
    const l = r.lakegate.summary
    const ref = r.reference.summary
    return [
      `${formatSize(r.bytes)}`,
      String(r.customers),
      fixed(l?.wallS, 2),
      fixed(l?.mbPerS, 1),
      l === null ? "—" : String(Math.round(l.customersPerS)),
      fixed(l?.peakMiB, 0),
      fixed(l?.cpuS, 1),
      fixed(l?.cpuSPerGB, 0),
      ...stages.map((s) => fixed(l?.stagesS[s], 2)),
      ...(nextDay ? [fixed(r.nextDay?.summary?.wallS, 2), fixed(r.nextDay?.summary?.peakMiB, 0)] : []),
      ref === null ? (r.reference.skipped !== undefined ? "not run" : "failed") : fixed(ref.wallS, 2),
      ref === null ? "—" : fixed(ref.peakMiB, 0),
      ref === null ? "—" : fixed(ref.cpuSPerGB, 0),
      r.speedRatio === null ? "—" : `${r.speedRatio.toFixed(2)}×`
    ]
  })
  return { header, rows }
}

/** The results as an aligned plain-text table. */
export const renderTable = (results: ReadonlyArray<SizeResult>): string => {
  const { header, rows } = tableRows(results)
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: ReadonlyArray<string>) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")
}

/** The results as a markdown table (for the README and docs/performance.md). */
export const renderMarkdown = (results: ReadonlyArray<SizeResult>): string => {
  const { header, rows } = tableRows(results)
  return [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n")
}
