/**
 * `lakegate check` end to end: the bundled CLI on CSV, Parquet, NDJSON and
 * JSON-array files, with a TypeScript contract importing from "lakegate"
 * written to a temp dir, as a user runs it.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Ajv } from "ajv"
import { describe, expect, it } from "vitest"
import type { TableProfile } from "../../src/report/Profile.ts"
import { repoRoot, runCli, tempDir } from "../support/cli.ts"
import { csv, duckRun, queryFile, sqlString, write } from "./support.ts"

const CONTRACT = `
import { check, column, table } from "lakegate"

export default table({
  name: "orders",
  version: "1.2.0",
  columns: {
    order_id: column.id(),
    amount: column.money(),
    status: column.enum(["new", "paid", "shipped"]),
    email: column.text({ nullable: true }),
    ordered_on: column.date(),
    qty: column.integer({ nullable: true })
  },
  key: ["order_id"],
  checks: [
    check.acceptedValues("status", ["new", "paid", "shipped"]),
    check.range("amount", { min: "0.01", max: "10000" }),
    check.pattern("email", /^[^@ ]+@[^@ ]+$/),
    check.length("email", { max: 24 }),
    check.rowCount({ min: 1 }),
    check.range("qty", { min: 1 }, { severity: "warn" })
  ]
})
`

const HEADER = ["order_id", "amount", "status", "email", "ordered_on", "qty"]

type Cell = string | number | null
const CLEAN: ReadonlyArray<ReadonlyArray<Cell>> = [
  [1, "10.50", "new", "ann@example.com", "2024-04-01", 2],
  [2, "99.99", "paid", null, "2024-04-02", null],
  [3, "0.01", "shipped", "bo@example.org", "2024-04-03", 1]
]

/** The clean rows with one cell replaced. */
const withCell = (row: number, col: string, value: Cell) => CLEAN.map((r, i) => (i === row ? r.map((v, j) => (HEADER[j] === col ? value : v)) : r))

interface Checked {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
  readonly dir: string
  /** The run's report (quality.json's latest run), when one was written. */
  readonly report: {
    readonly verdict: string
    readonly exitCode: number
    readonly checks: ReadonlyArray<{ readonly checkId: string; readonly status: string; readonly message: string; readonly failed: number }>
    readonly input: { readonly records: number }
    readonly layers: ReadonlyArray<{ readonly tables: ReadonlyArray<{ readonly profile?: TableProfile }> }>
  } | null
}

/** `lakegate check CONTRACT DATA... --reports DIR/reports --date 2024-05-01`, in a fresh temp dir holding the files. */
const checkFiles = async (files: Record<string, string>, args: (dir: string) => ReadonlyArray<string>, contract = CONTRACT): Promise<Checked> => {
  const dir = tempDir("lakegate-check-e2e-")
  write(dir, "orders.contract.ts", contract)
  for (const [name, text] of Object.entries(files)) write(dir, name, text)
  const result = await runCli(["check", join(dir, "orders.contract.ts"), ...args(dir), "--reports", join(dir, "reports"), "--date", "2024-05-01"])
  let report: Checked["report"] = null
  try {
    const document = JSON.parse(readFileSync(join(dir, "reports", "2024-05-01", "quality.json"), "utf8")) as { runs: ReadonlyArray<NonNullable<Checked["report"]>> }
    report = document.runs[document.runs.length - 1] ?? null
  } catch {
    report = null
  }
  return { ...result, dir, report }
}

const checkCsv = (rows: ReadonlyArray<ReadonlyArray<Cell>>, extra: ReadonlyArray<string> = [], header: ReadonlyArray<string> = HEADER) =>
  checkFiles({ "orders.csv": csv(header, rows) }, (dir) => [join(dir, "orders.csv"), ...extra])

const statusOf = (c: Checked, id: string) => c.report?.checks.find((r) => r.checkId === id)?.status
const failing = (c: Checked) => (c.report?.checks ?? []).filter((r) => r.status === "fail" || r.status === "error").map((r) => r.checkId)

/** One line on stderr, starting `lakegate:`, and no stack trace. */
const expectOneLineError = (c: Checked, text: RegExp) => {
  const lines = c.stderr.trim().split("\n")
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^lakegate: /)
  expect(lines[0]).toMatch(text)
  expect(c.stderr + c.stdout).not.toMatch(/\n\s+at /)
}

describe.concurrent("lakegate check on CSV", () => {
  it("passes clean data: exit 0, every check passes, reports written", async () => {
    const c = await checkCsv(CLEAN)
    expect(c.stderr).toBe("")
    expect(c.status).toBe(0)
    expect(c.report?.verdict).toBe("published")
    expect(c.report?.input.records).toBe(3)
    expect(c.report?.checks.every((r) => r.status === "pass")).toBe(true)
    expect(c.report?.checks.map((r) => r.checkId)).toEqual([
      "schema.columns",
      "key.unique",
      "not_null",
      "range.order_id",
      "accepted_values.status",
      "range.amount",
      "pattern.email",
      "length.email",
      "row_count",
      "range.qty"
    ])
    expect(c.stdout).toMatch(/checks: 10 passed, 0 warned, 0 failed/)
    expect(c.stdout).toMatch(/verdict: PUBLISHED \(exit 0\)/)
    expect(c.stdout).toMatch(/report: .*2024-05-01\/quality\.html/)
  })

  it("profiles the checked table's columns as a run profiles its staged tables: quality.json and a folded section of the page", async () => {
    const c = await checkCsv([...CLEAN, [4, "10.50", "paid", "<b>x</b>@example.com", "2024-04-04", null]])
    expect(c.status).toBe(0)
    const profile = c.report?.layers[0]?.tables[0]?.profile
    expect(profile?.rows).toBe(4)
    expect(profile?.key).toEqual(["order_id"])
    const col = (name: string) => profile?.columns.find((x) => x.column === name)
    expect(profile?.columns.map((x) => x.column)).toEqual(HEADER)
    expect(col("order_id")).toMatchObject({ type: "BIGINT", nulls: 0, distinct: 4, min: "1", max: "4", top: [] })
    expect(col("amount")).toMatchObject({ type: "DECIMAL(18,2)", nulls: 0, min: "0.01", max: "99.99" })
    expect(col("status")?.top).toEqual([{ value: "paid", count: 2 }, { value: "new", count: 1 }, { value: "shipped", count: 1 }])
    expect(col("email")).toMatchObject({ nulls: 1, distinct: 3 })
    expect(col("qty")).toMatchObject({ nulls: 2, min: "1", max: "2" })
    expect(col("ordered_on")).toMatchObject({ type: "DATE", min: "2024-04-01", max: "2024-04-04" })
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(join(repoRoot, "docs", "quality-report.schema.json"), "utf8")) as object)
    expect(validate(JSON.parse(readFileSync(join(c.dir, "reports", "2024-05-01", "quality.json"), "utf8"))), JSON.stringify(validate.errors)).toBe(true)
    const page = readFileSync(join(c.dir, "reports", "2024-05-01", "quality.html"), "utf8")
    expect(page).toMatch(/<details class="profile"><summary>Column profile: 6 columns, 4 rows<\/summary>/)
    expect(page).toContain("&lt;b&gt;x&lt;/b&gt;@example.com")
    expect(page).not.toContain("<b>x</b>")
  })

  const defects: ReadonlyArray<readonly [string, ReadonlyArray<ReadonlyArray<Cell>>, string]> = [
    ["a NULL in a required column", withCell(1, "amount", null), "not_null"],
    ["a value not accepted", withCell(0, "status", "lost"), "accepted_values.status"],
    ["a value out of range", withCell(2, "amount", "0.00"), "range.amount"],
    ["a value not matching the pattern", withCell(0, "email", "not-an-email"), "pattern.email"],
    ["a value too long", withCell(0, "email", "a-very-long-name@example.com"), "length.email"],
    ["a duplicated key", withCell(2, "order_id", 1), "key.unique"]
  ]
  for (const [what, rows, id] of defects) {
    it(`fails on ${what}: exit 1, ${id} failed`, async () => {
      const c = await checkCsv(rows)
      expect(c.status).toBe(1)
      expect(c.report?.verdict).toBe("blocked")
      expect(failing(c)).toEqual([id])
      expect(c.stdout).toMatch(new RegExp(`✗ ${id.replace(".", "\\.")}: `))
    })
  }

  it("fails on too few rows (header only): row_count", async () => {
    const c = await checkCsv([])
    expect(c.status).toBe(1)
    expect(failing(c)).toEqual(["row_count"])
  })

  it("fails on a value that is not of the column's type, naming the column (and keeps checking the others)", async () => {
    const c = await checkCsv(withCell(0, "amount", "12,5O").map((r, i) => (i === 1 ? r.map((v, j) => (HEADER[j] === "ordered_on" ? "2024-02-30" : v)) : r)))
    expect(c.status).toBe(1)
    const schema = c.report?.checks.find((r) => r.checkId === "schema.columns")
    expect(schema?.status).toBe("fail")
    expect(schema?.message).toMatch(/amount: 1 of 3 values are not DECIMAL\(18,2\)/)
    expect(schema?.message).toMatch(/ordered_on: 1 of 3 values are not DATE/)
    expect(c.stdout).toMatch(/✗ schema\.columns: .*amount/)
    // A value that does not type reads as NULL in the typed view: the required-column check counts it too.
    expect(statusOf(c, "accepted_values.status")).toBe("pass")
  })

  it("fails on a missing column, naming it; the checks needing it are errors, the others run", async () => {
    const c = await checkCsv(
      CLEAN.map((r) => r.filter((_, j) => HEADER[j] !== "status")),
      [],
      HEADER.filter((h) => h !== "status")
    )
    expect(c.status).toBe(1)
    const schema = c.report?.checks.find((r) => r.checkId === "schema.columns")
    expect(schema?.message).toMatch(/missing column status/)
    expect(statusOf(c, "accepted_values.status")).toBe("error")
    expect(c.report?.checks.find((r) => r.checkId === "accepted_values.status")?.message).toMatch(/needs status \(missing from the data\)/)
    expect(statusOf(c, "not_null")).toBe("error")
    expect(statusOf(c, "range.amount")).toBe("pass")
    expect(statusOf(c, "key.unique")).toBe("pass")
    expect(c.stdout).toMatch(/✗ schema\.columns: missing column status/)
  })

  it("warns without failing, unless --fail-on warn", async () => {
    const rows = withCell(0, "qty", 0)
    const lenient = await checkCsv(rows)
    expect(lenient.status).toBe(0)
    expect(statusOf(lenient, "range.qty")).toBe("warn")
    expect(lenient.stdout).toMatch(/! range\.qty: /)
    const strict = await checkCsv(rows, ["--fail-on", "warn"])
    expect(strict.status).toBe(1)
  })

  it("reads a headerless file with another delimiter and quote", async () => {
    const text = CLEAN.map((r) => r.map((v) => (v === null ? "" : typeof v === "string" && v.includes("@") ? `'${v}'` : String(v))).join(";")).join("\n")
    const c = await checkFiles({ "orders.txt": text }, (dir) => [join(dir, "orders.txt"), "--format", "csv", "--delimiter", ";", "--quote", "'", "--no-header"])
    expect(c.stderr).toBe("")
    expect(c.status).toBe(0)
    expect(c.report?.input.records).toBe(3)
  })

  it("reads a row whose first value starts with # as a row, not a comment", async () => {
    const rows = withCell(1, "email", "#x@example.com").map((r) => [r[3] ?? null, ...r.filter((_, j) => j !== 3)])
    const c = await checkCsv(rows, [], ["email", ...HEADER.filter((h) => h !== "email")])
    expect(c.report?.input.records).toBe(3)
    expect(failing(c)).toEqual([])
  })

  it("reads several files and a glob as one dataset", async () => {
    const c = await checkFiles(
      { "a-1.csv": csv(HEADER, CLEAN.slice(0, 1)), "a-2.csv": csv(HEADER, CLEAN.slice(1)), "b.csv": csv(HEADER, withCell(0, "order_id", 9).slice(0, 1)) },
      (dir) => [join(dir, "a-*.csv"), join(dir, "b.csv")]
    )
    expect(c.status).toBe(0)
    expect(c.report?.input.records).toBe(4)
  })
})

describe.concurrent("lakegate check on Parquet", () => {
  const parquet = async (dir: string, select: string) => {
    const path = join(dir, "orders.parquet")
    await duckRun([`copy (${select}) to ${sqlString(path)} (format parquet)`])
    return path
  }
  const CLEAN_SELECT = `select * from (values
      (1::INTEGER, 10.50::DECIMAL(10,2), 'new', 'ann@example.com', DATE '2024-04-01', 2::SMALLINT),
      (2::INTEGER, 99.99::DECIMAL(10,2), 'paid', NULL, DATE '2024-04-02', NULL::SMALLINT)
    ) t(order_id, amount, status, email, ordered_on, qty)`

  it("passes clean data whose types widen safely (INTEGER to BIGINT, DECIMAL(10,2) to DECIMAL(18,2))", async () => {
    const path = await parquet(tempDir("lakegate-check-pq-"), CLEAN_SELECT)
    const c = await checkFiles({}, () => [path])
    expect(c.stderr).toBe("")
    expect(c.status).toBe(0)
    expect(c.report?.checks.every((r) => r.status === "pass")).toBe(true)
  })

  it("fails on a column of the wrong type, naming it and its type", async () => {
    const dir = tempDir("lakegate-check-pq-")
    const path = await parquet(dir, `select order_id, amount::VARCHAR as amount, status, email, ordered_on, qty from (${CLEAN_SELECT})`)
    const c = await checkFiles({}, () => [path])
    expect(c.status).toBe(1)
    const schema = c.report?.checks.find((r) => r.checkId === "schema.columns")
    expect(schema?.message).toBe("amount is VARCHAR, the contract says DECIMAL(18,2)")
    expect(statusOf(c, "range.amount")).toBe("error")
    expect(statusOf(c, "accepted_values.status")).toBe("pass")
  })

  it("fails on a lossy type (DOUBLE for a DECIMAL, BIGINT for a date)", async () => {
    const dir = tempDir("lakegate-check-pq-")
    const path = await parquet(dir, `select order_id, amount::DOUBLE as amount, status, email, 20240401 as ordered_on, qty from (${CLEAN_SELECT})`)
    const c = await checkFiles({}, () => [path])
    expect(c.status).toBe(1)
    expect(c.report?.checks.find((r) => r.checkId === "schema.columns")?.message).toBe(
      "amount is DOUBLE, the contract says DECIMAL(18,2); ordered_on is INTEGER, the contract says DATE"
    )
  })

  it("fails on a defect: a value out of range", async () => {
    const dir = tempDir("lakegate-check-pq-")
    const path = await parquet(dir, `select order_id, case when order_id = 2 then -1 else amount end as amount, status, email, ordered_on, qty from (${CLEAN_SELECT})`)
    const c = await checkFiles({}, () => [path])
    expect(c.status).toBe(1)
    expect(failing(c)).toEqual(["range.amount"])
  })
})

describe.concurrent("lakegate check on JSON", () => {
  const record = (r: ReadonlyArray<Cell>) => Object.fromEntries(HEADER.map((h, j) => [h, h === "amount" && r[j] !== null ? Number(r[j]) : r[j]]))
  const ndjson = (rows: ReadonlyArray<ReadonlyArray<Cell>>) => rows.map((r) => JSON.stringify(record(r))).join("\n") + "\n"

  it("passes clean NDJSON (.ndjson and .jsonl)", async () => {
    const c = await checkFiles({ "orders.ndjson": ndjson(CLEAN), "more.jsonl": ndjson(withCell(0, "order_id", 7).slice(0, 1)) }, (dir) => [join(dir, "orders.ndjson"), join(dir, "more.jsonl")])
    expect(c.stderr).toBe("")
    expect(c.status).toBe(0)
    expect(c.report?.input.records).toBe(4)
  })

  it("fails on NDJSON values of the wrong JSON type, per row and column", async () => {
    const text = ndjson(CLEAN).replace('"order_id":1,', '"order_id":"1",').replace('"ordered_on":"2024-04-03"', '"ordered_on":20240403')
    const c = await checkFiles({ "orders.ndjson": text }, (dir) => [join(dir, "orders.ndjson")])
    expect(c.status).toBe(1)
    const schema = c.report?.checks.find((r) => r.checkId === "schema.columns")
    expect(schema?.message).toBe("order_id: 1 of 3 values are not BIGINT; ordered_on: 1 of 3 values are not DATE")
  })

  it("fails on an NDJSON defect: a value not accepted", async () => {
    const c = await checkFiles({ "orders.ndjson": ndjson(withCell(1, "status", "lost")) }, (dir) => [join(dir, "orders.ndjson")])
    expect(c.status).toBe(1)
    expect(failing(c)).toEqual(["accepted_values.status"])
  })

  it("passes a clean JSON array, and fails on its defects", async () => {
    const clean = await checkFiles({ "orders.json": JSON.stringify(CLEAN.map(record)) }, (dir) => [join(dir, "orders.json")])
    expect(clean.status).toBe(0)
    const bad = await checkFiles({ "orders.json": JSON.stringify(withCell(0, "amount", -5).map(record)) }, (dir) => [join(dir, "orders.json")])
    expect(bad.status).toBe(1)
    expect(failing(bad)).toEqual(["range.amount"])
  })
})

describe.concurrent("lakegate check on data it cannot read: exit 3, one line", () => {
  it("a missing file", async () => {
    const c = await checkFiles({}, (dir) => [join(dir, "nope.csv")])
    expect(c.status).toBe(3)
    expectOneLineError(c, /nope\.csv: no such file/)
    expect(c.report?.verdict).toBe("failed")
  })

  it("a glob matching nothing", async () => {
    const c = await checkFiles({}, (dir) => [join(dir, "landing-*.parquet")])
    expect(c.status).toBe(3)
    expectOneLineError(c, /landing-\*\.parquet: no file matches this pattern/)
  })

  it("a malformed CSV (a line with more fields than the header)", async () => {
    const c = await checkFiles({ "orders.csv": `${csv(HEADER, CLEAN)}4,1.00,new,x@y.z,2024-04-04,1,surprise\n` }, (dir) => [join(dir, "orders.csv")])
    expect(c.status).toBe(3)
    expectOneLineError(c, /orders\.csv/)
  })

  it("a malformed CSV line far beyond the lines DuckDB samples", async () => {
    const many = Array.from({ length: 30_000 }, (_, i) => [i + 1, "1.00", "new", null, "2024-04-01", 1])
    const text = `${csv(HEADER, many)}30001,1.00,new,,2024-04-01,1,surprise\n`
    const c = await checkFiles({ "orders.csv": text }, (dir) => [join(dir, "orders.csv")])
    expect(c.status).toBe(3)
    expectOneLineError(c, /CSV Error on Line: 30002: Expected Number of Columns: 6 Found: 7/)
  })

  it("a file that is not Parquet", async () => {
    const c = await checkFiles({ "orders.parquet": "PAR1 not really" }, (dir) => [join(dir, "orders.parquet")])
    expect(c.status).toBe(3)
    expectOneLineError(c, /orders\.parquet/)
  })

  it("truncated NDJSON", async () => {
    const c = await checkFiles({ "orders.ndjson": '{"order_id": 1, "amount": 1.5}\n{"order_id": 2, "amou' }, (dir) => [join(dir, "orders.ndjson")])
    expect(c.status).toBe(3)
    expectOneLineError(c, /Malformed JSON|orders\.ndjson/)
  })

  it("a .json file whose top level is not an array", async () => {
    const c = await checkFiles({ "orders.json": '{"orders": []}' }, (dir) => [join(dir, "orders.json")])
    expect(c.status).toBe(3)
    expectOneLineError(c, /top-level JSON array/)
  })
})

describe.concurrent("lakegate check with a contract it cannot use, or bad usage: exit 2, one line", () => {
  it("a module that does not compile", async () => {
    const c = await checkFiles({ "orders.csv": csv(HEADER, CLEAN) }, (dir) => [join(dir, "orders.csv")], "export default table({ name: ")
    expect(c.status).toBe(2)
    expectOneLineError(c, /orders\.contract\.ts/)
    expect(c.report).toBeNull()
  })

  it("a module exporting no table", async () => {
    const c = await checkFiles({ "orders.csv": csv(HEADER, CLEAN) }, (dir) => [join(dir, "orders.csv")], "export const answer = 42\n")
    expect(c.status).toBe(2)
    expectOneLineError(c, /orders\.contract\.ts: exports no table contract/)
  })

  it("a module exporting two tables: --table chooses", async () => {
    const two = `${CONTRACT.replace("export default table(", "export const orders = table(")}\nexport const other = table({ name: "other", version: "1", columns: { id: column.id() } })\n`
    const ambiguous = await checkFiles({ "orders.csv": csv(HEADER, CLEAN) }, (dir) => [join(dir, "orders.csv")], two)
    expect(ambiguous.status).toBe(2)
    expectOneLineError(ambiguous, /declares 2 table contracts \(orders, other\); choose one with --table NAME/)
    const chosen = await checkFiles({ "orders.csv": csv(HEADER, CLEAN) }, (dir) => [join(dir, "orders.csv"), "--table", "orders"], two)
    expect(chosen.status).toBe(0)
  })

  it("a check naming a column the contract does not declare, with the path inside the contract", async () => {
    const bad = CONTRACT.replace('check.rowCount({ min: 1 }),', 'check.rowCount({ min: 1 }), check.notNull("amout"),')
    const c = await checkFiles({ "orders.csv": csv(HEADER, CLEAN) }, (dir) => [join(dir, "orders.csv")], bad)
    expect(c.status).toBe(2)
    expectOneLineError(c, /at checks\[5\]: not_null\.amout names amout, which is not a column of the contract/)
  })

  it("a pattern DuckDB's regular expressions refuse", async () => {
    const bad = CONTRACT.replace("/^[^@ ]+@[^@ ]+$/", '"([a-"')
    const c = await checkFiles({ "orders.csv": csv(HEADER, CLEAN) }, (dir) => [join(dir, "orders.csv")], bad)
    expect(c.status).toBe(2)
    expectOneLineError(c, /at checks\[2\]: pattern\.email: /)
  })

  it("a data file whose format the name does not tell", async () => {
    const c = await checkFiles({ "orders.dat": csv(HEADER, CLEAN) }, (dir) => [join(dir, "orders.dat")])
    expect(c.status).toBe(2)
    expectOneLineError(c, /orders\.dat: cannot tell the format from the file name; pass --format/)
  })

  it("a CSV option on Parquet", async () => {
    const c = await checkFiles({ "orders.parquet": "x" }, (dir) => [join(dir, "orders.parquet"), "--delimiter", ";"])
    expect(c.status).toBe(2)
    expectOneLineError(c, /apply to CSV only/)
  })
})

describe("lakegate check --quarantine", () => {
  it("writes the failing rows as Parquet: check_id, reason, column, value, and the row as read (JSON)", async () => {
    const rows: ReadonlyArray<ReadonlyArray<Cell>> = [
      [1, "10.50", "new", "ann@example.com", "2024-04-01", 2],
      [2, "abc", "paid", null, "2024-04-02", null],
      [3, "0.00", "lost", "bo@example.org", "2024-04-03", 1],
      [3, "5.00", "new", null, "2024-04-04", null]
    ]
    const c = await checkFiles({ "orders.csv": csv(HEADER, rows) }, (dir) => [join(dir, "orders.csv"), "--quarantine", join(dir, "quarantine")])
    expect(c.status).toBe(1)
    const file = join(c.dir, "quarantine", "quarantine.parquet")
    expect(c.stdout).toContain(`quarantine: ${file} (`)
    const written = await queryFile(`select check_id, reason, "column", value, row from read_parquet(${sqlString(file)})`)
    const sorted = (list: ReadonlyArray<Record<string, unknown>>) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    const raw = (r: ReadonlyArray<Cell>) => JSON.stringify(Object.fromEntries(HEADER.map((h, j) => [h, r[j] === null ? null : String(r[j])])))
    // Which of the two rows with key 3 is the duplicate is not defined (the key's second row in scan order).
    const duplicate = written.find((w) => w["check_id"] === "key.unique")
    expect([raw(rows[2]!), raw(rows[3]!)]).toContain(duplicate?.["row"])
    expect(sorted(written.filter((w) => w["check_id"] !== "key.unique"))).toEqual(
      sorted([
        { check_id: "accepted_values.status", reason: "not an accepted value", column: "status", value: "lost", row: raw(rows[2]!) },
        { check_id: "not_null", reason: "NULL in a required column", column: "amount", value: null, row: raw(rows[1]!) },
        { check_id: "range.amount", reason: "out of range", column: "amount", value: "0.00", row: raw(rows[2]!) },
        { check_id: "schema.columns", reason: "not a DECIMAL(18,2)", column: "amount", value: "abc", row: raw(rows[1]!) }
      ])
    )
    expect(duplicate).toMatchObject({ reason: "duplicate key", column: "order_id", value: "3" })
    expect(written).toHaveLength(5)
  })

  it("writes an empty file when nothing fails", async () => {
    const c = await checkFiles({ "orders.csv": csv(HEADER, CLEAN) }, (dir) => [join(dir, "orders.csv"), "--quarantine", join(dir, "q")])
    expect(c.status).toBe(0)
    const written = await queryFile(`select count(*) as n from read_parquet(${sqlString(join(c.dir, "q", "quarantine.parquet"))})`)
    expect(written[0]?.["n"]).toBe("0")
  })
})
