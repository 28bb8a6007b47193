/** Helpers for the gold tests: the real CLI in a child process, and gold read back through `_current.json`. */
import { tempDirectory } from "../../src/testing/tempDirectory.ts"
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { bundle, repoRoot } from "../support/cli.ts"

export interface CliResult {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** Run a bundle of `dist/` (built once per test run by test/support/globalSetup.ts). */
const spawn = (bundlePath: string, args: ReadonlyArray<string>, env: Record<string, string> = {}): CliResult => {
  const started = Date.now()
  // The gold settings come from the environment: start from none, whatever the caller's shell has.
  const { LAKEGATE_TOP_N: _n, ...inherited } = process.env
  const result = spawnSync(process.execPath, [bundlePath, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...inherited, ...env, FORCE_COLOR: "0" },
    timeout: 120_000
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started }
}

/** `lakegate <args>`, the real CLI. */
export const lakegate = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => spawn(bundle("lakegate.mjs"), args, env)

/** `lakegate gold <args>`. */
export const lakegateGold = (args: ReadonlyArray<string>) => lakegate(["gold", ...args])

export const tempDir = (prefix = "lakegate-gold-"): string => tempDirectory(prefix).path

import { query } from "../support/lakehouseReader.ts"

/** Rows of a query on a throwaway in-memory DuckDB, JSON-safe (BIGINT and DECIMAL as strings). */
export { query }

/** The parsed `gold/_current.json`, or undefined before the first gold publish. */
export const currentOf = (lakehouse: string): CurrentJson | undefined => {
  const file = join(lakehouse, "gold", "_current.json")
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as CurrentJson) : undefined
}

export interface VersionJson {
  readonly version: string
  readonly ingestionDate: string
  readonly ingestedDates: ReadonlyArray<string>
  readonly basedOn: string | null
  readonly tables: Record<string, { readonly path: string; readonly rows: number; readonly files?: ReadonlyArray<{ readonly path: string; readonly rows: number; readonly sha256: string }> }>
}
export interface CurrentJson {
  readonly current: VersionJson
  readonly versions: ReadonlyArray<VersionJson>
}

/** `read_parquet` over a gold table of a version (default: the current one), through the file list `_current.json` holds. */
export const goldTable = (lakehouse: string, table: string, version?: string): string => {
  const state = currentOf(lakehouse)
  const v = version === undefined ? state?.current : state?.versions.find((x) => x.version === version)
  const ref = v?.tables[table]
  if (ref === undefined) throw new Error(`no gold table ${table} in ${lakehouse}`)
  if (ref.files === undefined) throw new Error(`gold table ${table} in ${lakehouse} has no file list`)
  return `read_parquet([${ref.files.map((f) => `'${join(lakehouse, "gold", f.path)}'`).join(", ")}], hive_partitioning = false)`
}

/** `read_parquet` over a published silver partition. */
export const silverTable = (lakehouse: string, table: string, date: string): string =>
  `read_parquet('${join(lakehouse, "silver", table, `ingestion_date=${date}`)}/*.parquet', hive_partitioning = false)`

export const GOLD_TABLES = ["customer_presence", "dim_customer", "dim_product", "dim_date", "fact_transactions", "customer_totals", "top_customers"] as const

/** Every gold table's full content, each sorted by all columns: equal snapshots mean content-identical gold. */
export const goldSnapshot = async (lakehouse: string, version?: string): Promise<Record<string, unknown>> => {
  const snapshot: Record<string, unknown> = {}
  for (const table of GOLD_TABLES) snapshot[table] = await query(`select * from ${goldTable(lakehouse, table, version)} order by all`)
  return snapshot
}
