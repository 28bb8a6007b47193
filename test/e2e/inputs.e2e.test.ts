/**
 * Deliveries as they arrive (issue 20): from standard input (`--input -`) and
 * gzip-compressed (`.json.gz`, `.csv.gz`), streamed. The same records give
 * the same silver tables whichever way they come; a `.gz` that is cut short
 * or is no gzip at all is unreadable input (exit 3, one line), for `run` and
 * for `check` alike (DuckDB alone would read a truncated `.csv.gz` as a
 * shorter file).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { beforeAll, describe, expect, it } from "vitest"
import { machineMemoryLimit, thisMachine } from "../../src/engine/machineSettings.ts"
import { repoRoot, runCli, tempDir, type CliResult } from "../support/cli.ts"
import { manifestOf, parquetOf, query } from "../support/lakehouseReader.ts"

const DATE = "2026-11-20"
const root = tempDir("lakegate-inputs-")
const plainFile = join(repoRoot, "data", "customers.json")
const gzFile = join(root, "customers.json.gz")
writeFileSync(gzFile, gzipSync(readFileSync(plainFile)))

const run = (name: string, input: string, stdin?: string, env: Record<string, string> = {}) =>
  runCli(
    ["run", "--input", input, "--date", DATE, "--lakehouse", join(root, name, "lakehouse"), "--reports", join(root, name, "reports"), "--quiet"],
    env,
    stdin === undefined ? {} : { stdin }
  )

/** Per silver table: its rows and an order-independent checksum of their values. */
const silverContent = async (name: string): Promise<Record<string, { rows: number; checksum: string }>> => {
  const lakehouse = join(root, name, "lakehouse")
  const content: Record<string, { rows: number; checksum: string }> = {}
  for (const table of readdirSync(join(lakehouse, "silver")).sort()) {
    const [row] = await query(`select count(*) as n, sum(hash(t))::varchar as checksum from ${parquetOf(lakehouse, "silver", table, DATE)} t`)
    content[table] = { rows: Number(row!["n"]), checksum: String(row!["checksum"]) }
  }
  return content
}

const sourceFiles = async (name: string) =>
  (await query(`select distinct _source_file as f from ${parquetOf(join(root, name, "lakehouse"), "bronze", "customers_raw", DATE)}`)).map((r) => r["f"])

/** The last run of a date's `quality.json` under a reports directory. */
const lastRun = (reports: string) => {
  const report = JSON.parse(readFileSync(join(reports, DATE, "quality.json"), "utf8")) as {
    runs: Array<{ input: { path: string; bytes: number; sha256: string; records: number }; checks: Array<{ checkId: string; status: string; failed: number }> }>
  }
  return report.runs[report.runs.length - 1]!
}

const inputOf = (name: string) => {
  const { path: _path, ...input } = lastRun(join(root, name, "reports")).input
  return input
}

describe("the bundled delivery, plain, gzip-compressed and from standard input", () => {
  const results: Record<string, CliResult> = {}
  beforeAll(async () => {
    // One after the other: the machine's cores are shared.
    results["plain"] = await run("plain", plainFile)
    // Settings from the environment change how the run works, not what it publishes.
    results["gzip"] = await run("gzip", gzFile, undefined, { LAKEGATE_DUCKDB_MEMORY: "200MB", LAKEGATE_WORKERS: "0" })
    results["stdin"] = await run("stdin", "-", plainFile)
  }, 180_000)

  it("each publishes, with the same silver content (row counts and a checksum of every table's rows)", async () => {
    for (const [name, result] of Object.entries(results)) expect(result.status, `${name}: ${result.stderr}${result.stdout}`).toBe(0)
    const plain = await silverContent("plain")
    expect(Object.keys(plain)).toContain("customers")
    expect(plain["customers"]!.rows).toBeGreaterThan(1000)
    expect(await silverContent("gzip")).toEqual(plain)
    expect(await silverContent("stdin")).toEqual(plain)
  })

  it("the summary prints the settings the run used, each from the machine or the environment", () => {
    const line = (name: string) => results[name]!.stdout.split("\n").find((l) => l.startsWith("settings: ")) ?? results[name]!.stdout
    const machine = thisMachine()
    // The file is ~2 MB: below the size for which workers start, whatever the cores.
    expect(line("plain")).toBe(`settings: DuckDB threads ${machine.cores} (machine), memory limit ${machineMemoryLimit(machine)} (machine), workers 0 (machine); ${machine.cores} cores, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB RAM`)
    expect(line("gzip")).toMatch(/memory limit 200MB \(environment\), workers 0 \(environment\)/)
  })

  it("bronze lineage names the .gz file as delivered, and <stdin> for standard input", async () => {
    expect(await sourceFiles("plain")).toEqual(["customers.json"])
    expect(await sourceFiles("gzip")).toEqual(["customers.json.gz"])
    expect(await sourceFiles("stdin")).toEqual(["<stdin>"])
  })

  it("the report's input bytes and sha256 are the records' own, after decompression", () => {
    const plain = inputOf("plain")
    expect(plain.bytes).toBe(readFileSync(plainFile).length)
    expect(inputOf("gzip")).toEqual(plain)
    expect(inputOf("stdin")).toEqual(plain)
  })
})

describe("a .gz that is not a whole gzip stream is unreadable input", () => {
  it("a truncated .json.gz: exit 3, one line, nothing published", async () => {
    const truncated = join(root, "truncated.json.gz")
    const whole = readFileSync(gzFile)
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)))
    const result = await run("truncated", truncated)
    expect(result.status, result.stderr + result.stdout).toBe(3)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("truncated.json.gz: not a readable gzip file: unexpected end of file")
    expect(manifestOf(join(root, "truncated", "lakehouse"), "bronze", "customers_raw", DATE)).toBeUndefined()
  }, 60_000)

  it("a plain JSON file named .json.gz: exit 3, one line", async () => {
    const fake = join(root, "fake.json.gz")
    writeFileSync(fake, readFileSync(plainFile))
    const result = await run("fake", fake)
    expect(result.status, result.stderr + result.stdout).toBe(3)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("fake.json.gz: not a readable gzip file: incorrect header check")
  }, 60_000)
})

describe("lakegate check on gzip-compressed files", () => {
  const contract = join(repoRoot, "examples", "odcs", "orders.odcs.yaml")
  const defects = join(repoRoot, "examples", "odcs", "data", "orders.defects.csv")
  const check = (data: string, name: string) => runCli(["check", contract, data, "--date", DATE, "--reports", join(root, name)])
  const checksOf = (name: string) => lastRun(join(root, name)).checks.map((c) => [c.checkId, c.status, c.failed])

  it("a .csv.gz is read as CSV, with the same verdict and check results as the plain file", async () => {
    const gz = join(root, "orders.defects.csv.gz")
    writeFileSync(gz, gzipSync(readFileSync(defects)))
    const plain = await check(defects, "check-plain")
    const compressed = await check(gz, "check-gz")
    expect(plain.status, plain.stderr).toBe(1)
    expect(compressed.status, compressed.stderr).toBe(1)
    expect(checksOf("check-gz")).toEqual(checksOf("check-plain"))
    expect(checksOf("check-gz").some(([, status]) => status === "fail")).toBe(true)
  }, 60_000)

  it("a truncated .csv.gz is unreadable (exit 3, one line), not checked as a shorter file", async () => {
    const rows = ["order_id,amount", ...Array.from({ length: 50_000 }, (_, i) => `${i + 1},${(i % 97) + 0.5}`)].join("\n")
    const whole = gzipSync(Buffer.from(rows))
    const truncated = join(root, "orders.truncated.csv.gz")
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)))
    const result = await check(truncated, "check-truncated")
    expect(result.status, result.stderr + result.stdout).toBe(3)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("not a readable gzip file: unexpected end of file")
  }, 60_000)
})

/** A pipeline of CSV deliveries (sensor readings), as a module the CLI loads: CSV lands through DuckDB, not the JSON splitter. */
const CSV_PIPELINE = `
import { Schema } from "effect"
import { acceptedTable, BRONZE_TABLE, bronzeTable, column, csvText, pipeline, REJECTED, source, table } from "lakegate"

const Reading = Schema.Struct({ sensor: Schema.String, value: Schema.NumberFromString, unit: Schema.Literal("C", "F") })

export default pipeline({
  name: "readings",
  source: source({
    name: "readings",
    format: { _tag: "Csv" },
    contract: { id: "source.readings", version: "1.0.0", description: "Sensor readings.", schema: Reading, schemaSeverity: "error", rowChecks: [], batchChecks: [] },
    sourceId: (json) => (json !== null && typeof json === "object" && "sensor" in json ? String(json.sensor) : null),
    staging: {
      tables: { readings: [["record_index", "BIGINT"], ["sensor", "VARCHAR"], ["value", "DOUBLE"], ["unit", "VARCHAR"]] },
      write: (out, index, _id, r) => out.readings.add(\`\${index},\${csvText(r.sensor)},\${r.value},\${r.unit}\\n\`)
    }
  }),
  bronze: bronzeTable({ name: "readings_raw", version: "1.0.0", description: "Every reading as delivered." }),
  silver: [
    {
      contract: table({
        name: "readings",
        version: "1.0.0",
        columns: { sensor: column.text(), value: column.integer(), unit: column.enum(["C", "F"]), _record_index: column.integer({ min: 0 }) },
        key: ["_record_index"],
        checks: []
      }),
      build: \`select sensor, value::BIGINT as value, unit, record_index::BIGINT as _record_index from \${acceptedTable("readings")}\`,
      rowsIn: \`select count(*) from \${BRONZE_TABLE}\`,
      quarantined: \`select count(*) from \${REJECTED}\`
    }
  ],
  downstream: []
})
`

describe("a CSV source, gzip-compressed and from standard input", () => {
  const dir = join(root, "csv")
  mkdirSync(dir, { recursive: true })
  const module = join(dir, "readings.pipeline.ts")
  writeFileSync(module, CSV_PIPELINE)
  const csv = join(dir, "readings.csv")
  writeFileSync(csv, `sensor,value,unit\n${Array.from({ length: 3000 }, (_, i) => `s${i},${i % 120},${i % 2 === 0 ? "C" : "F"}`).join("\n")}\n`)
  const gz = join(dir, "readings.csv.gz")
  writeFileSync(gz, gzipSync(readFileSync(csv)))
  const runCsv = (name: string, input: string, stdin?: string) =>
    runCli(
      ["run", "--pipeline", module, "--input", input, "--date", DATE, "--lakehouse", join(dir, name, "lakehouse"), "--reports", join(dir, name, "reports"), "--quiet"],
      {},
      stdin === undefined ? {} : { stdin }
    )
  const silver = async (name: string) =>
    query(`select count(*)::INTEGER as n, sum(hash(t))::varchar as checksum from ${parquetOf(join(dir, name, "lakehouse"), "silver", "readings", DATE)} t`)

  it("publishes the same silver rows from the .csv.gz and from standard input as from the plain file", async () => {
    for (const [name, input, stdin] of [["plain", csv, undefined], ["gzip", gz, undefined], ["stdin", "-", csv]] as const) {
      const result = await runCsv(name, input, stdin)
      expect(result.status, `${name}: ${result.stderr}${result.stdout}`).toBe(0)
    }
    const plain = await silver("plain")
    expect(plain[0]?.["n"]).toBe(3000)
    expect(await silver("gzip")).toEqual(plain)
    expect(await silver("stdin")).toEqual(plain)
  }, 120_000)

  it("refuses a truncated .csv.gz (exit 3, one line) rather than land the rows before the cut", async () => {
    const truncated = join(dir, "cut.csv.gz")
    const whole = gzipSync(readFileSync(csv))
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)))
    const result = await runCsv("cut", truncated)
    expect(result.status, result.stderr + result.stdout).toBe(3)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("cut.csv.gz: not a readable gzip file: unexpected end of file")
    expect(manifestOf(join(dir, "cut", "lakehouse"), "bronze", "readings_raw", DATE)).toBeUndefined()
  }, 60_000)
})
