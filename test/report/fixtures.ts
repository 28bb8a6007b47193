/**
 * RunReports for the report tests, decoded through the Schema so they are
 * valid by construction: a published run, a blocked run (customers quarantine
 * rate 30% over the 5% limit, a failing reconcile check, a customer named
 * `<img src=x onerror=alert(1)>` in the samples), and a failed run.
 */
import { Schema } from "effect"
import type { CheckResult, FailureSample } from "../../src/contract/CheckResult.ts"
import { DateReport, RunReport, type TableOutcome } from "../../src/report/RunReport.ts"

/** The name that must never turn into markup. */
export const XSS_NAME = "<img src=x onerror=alert(1)>"

const decodeRun = Schema.decodeUnknownSync(RunReport)
const decodeDate = Schema.decodeUnknownSync(DateReport)

const check = (c: Partial<CheckResult> & Pick<CheckResult, "checkId" | "layer" | "table" | "status">): CheckResult => {
  const failed = c.failed ?? 0
  const total = c.total ?? 1000
  return {
    kind: "row",
    severity: "error",
    action: "quarantine",
    description: `description of ${c.checkId}`,
    failed,
    total,
    rate: total === 0 ? 0 : failed / total,
    threshold: null,
    observed: {},
    message: failed === 0 ? "ok" : `${failed} record(s) quarantined`,
    samples: [],
    ...c
  }
}

const table = (layer: string, name: string, status: TableOutcome["status"], rowsIn: number, accepted: number, quarantined: number): TableOutcome => ({
  layer,
  table: name,
  contract: { id: `${layer}.${name}`, version: "1.0.0" },
  rowsIn,
  accepted,
  quarantined,
  status,
  manifestPath: status === "published" ? `lakehouse/${layer}/${name}/_manifest.json` : null
})

const sample = (recordIndex: number, sourceId: string | null, path: string, message: string, value: string | null): FailureSample => ({ recordIndex, sourceId, path, message, value })

const pct = (x: number) => `${(x * 100).toFixed(2)}%`

const quarantineRate = (tableName: string, quarantined: number, total: number): CheckResult => {
  const rate = total === 0 ? 0 : quarantined / total
  const status = rate > 0.05 ? "fail" : rate > 0.01 ? "warn" : "pass"
  return check({
    checkId: "quarantine.rate",
    layer: "silver",
    table: tableName,
    kind: "dataset",
    action: "block",
    status,
    failed: quarantined,
    total,
    rate,
    threshold: 0.05,
    observed: { rate: pct(rate), warn_over: "1.00%", fail_over: "5.00%" },
    message:
      status === "fail"
        ? `${pct(rate)} of ${tableName} quarantined (${quarantined} of ${total}), over the 5.00% limit`
        : `${pct(rate)} of ${tableName} quarantined (${quarantined} of ${total})`
  })
}

/** Options of the fixtures. */
export interface RunOptions {
  readonly date?: string
  readonly runId?: string
  readonly records?: number
  readonly startedAt?: string
}

const base = (o: RunOptions, verdict: RunReport["verdict"], exitCode: number) => {
  const date = o.date ?? "2024-05-02"
  const startedAt = o.startedAt ?? `${date}T06:00:00.000Z`
  return {
    reportVersion: 1,
    tool: { name: "lakegate", version: "0.1.0" },
    runId: o.runId ?? `${date}_060000Z_${verdict}`,
    ingestionDate: date,
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 12_345).toISOString(),
    input: { path: "data/customers.json", bytes: 1_234_567, sha256: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", records: o.records ?? 1000 },
    contracts: [
      { id: "source.customers", version: "1.0.0" },
      { id: "bronze.customers_raw", version: "1.0.0" },
      { id: "silver.customers", version: "1.0.0" }
    ],
    failOn: "error",
    verdict,
    exitCode,
    timings: [
      { stage: "land", ms: 1200 },
      { stage: "bronze", ms: 2300 },
      { stage: "silver", ms: 4100 },
      { stage: "gold", ms: 3000 }
    ]
  } as const
}

/** Every gate passed; 8 of 1000 customers quarantined (0.8%), two warnings. */
export const publishedRun = (o: RunOptions = {}): RunReport => {
  const records = o.records ?? 1000
  const quarantined = Math.round(records * 0.008)
  return decodeRun({
    ...base(o, "published", 0),
    layers: [
      { layer: "bronze", status: "published", reasons: [], tables: [table("bronze", "customers_raw", "published", records, records, 0)] },
      {
        layer: "silver",
        status: "published",
        reasons: [],
        tables: [
          table("silver", "customers", "published", records, records - quarantined, quarantined),
          table("silver", "transactions", "published", records * 3, records * 3 - 20, 20)
        ]
      },
      { layer: "gold", status: "published", reasons: [], tables: [table("gold", "dim_customer", "published", records - quarantined, records - quarantined, 0)] }
    ],
    checks: [
      check({ checkId: "bronze.lineage", layer: "bronze", table: "customers_raw", kind: "dataset", action: "block", status: "pass", total: records }),
      check({ checkId: "schema", layer: "silver", table: "customers", status: "warn", failed: 5, total: records, samples: [sample(17, "C-17", "signup_date", "not a date", "2024-13-45")] }),
      check({ checkId: "email.format", layer: "silver", table: "customers", status: "warn", failed: 3, total: records, samples: [sample(21, "C-21", "email", "malformed email", "ann@@example")] }),
      check({ checkId: "amount.positive", layer: "silver", table: "customers", status: "pass", total: records }),
      quarantineRate("customers", quarantined, records),
      check({ checkId: "reconcile.bronze_silver", layer: "silver", table: "customers", kind: "dataset", action: "block", status: "pass", total: records, observed: { bronze: String(records), silver: String(records) } }),
      check({ checkId: "key.gold_unique", layer: "gold", table: "dim_customer", kind: "dataset", action: "block", status: "pass", total: records - quarantined })
    ],
    quarantineByCheck: [
      { checkId: "schema", records: 5 },
      { checkId: "email.format", records: 3 }
    ],
    highlights: [
      {
        title: "Top customers by total spent",
        columns: ["customer", "name", "total spent"],
        rows: [
          ["C-1", "Ann Lee", "4,020.50"],
          ["C-2", XSS_NAME, "3,100.00"]
        ]
      }
    ],
    error: null
  })
}

/** Silver blocked: 300 of 1000 customers quarantined (30% > 5%) and bronze/silver do not reconcile; gold not run. */
export const blockedRun = (o: RunOptions = {}): RunReport =>
  decodeRun({
    ...base(o, "blocked", 1),
    layers: [
      { layer: "bronze", status: "published", reasons: [], tables: [table("bronze", "customers_raw", "published", 1000, 1000, 0)] },
      {
        layer: "silver",
        status: "blocked",
        reasons: [
          { checkId: "quarantine.rate", table: "customers", message: "30.00% of customers quarantined (300 of 1000), over the 5.00% limit" },
          { checkId: "reconcile.bronze_silver", table: "customers", message: "bronze has 1000 records but accepted + quarantined is 998" }
        ],
        tables: [table("silver", "customers", "blocked", 1000, 700, 300), table("silver", "transactions", "blocked", 3000, 2900, 100)]
      },
      { layer: "gold", status: "not_run", reasons: [], tables: [] }
    ],
    checks: [
      check({ checkId: "bronze.lineage", layer: "bronze", table: "customers_raw", kind: "dataset", action: "block", status: "pass" }),
      check({
        checkId: "schema",
        layer: "silver",
        table: "customers",
        status: "warn",
        failed: 120,
        samples: [
          sample(3, "C-0003", "signup_date", "expected a calendar date YYYY-MM-DD", "2024-02-30"),
          sample(42, XSS_NAME, "name", `customer "${XSS_NAME}" has markup in the name`, XSS_NAME)
        ]
      }),
      check({ checkId: "email.format", layer: "silver", table: "customers", status: "warn", failed: 90, samples: [sample(7, "C-0007", "email", "The email address is malformed.", "bob@")] }),
      check({ checkId: "amount.positive", layer: "silver", table: "customers", status: "warn", failed: 60, samples: [sample(9, "C-0009", "transactions[1].amount", "amount must be positive", "-12.50")] }),
      check({ checkId: "date.not_in_future", layer: "silver", table: "customers", status: "pass" }),
      quarantineRate("customers", 300, 1000),
      check({
        checkId: "reconcile.bronze_silver",
        layer: "silver",
        table: "customers",
        kind: "dataset",
        action: "block",
        status: "fail",
        failed: 2,
        message: "bronze has 1000 records but accepted + quarantined is 998",
        observed: { bronze_records: "1000", accepted_plus_quarantined: "998", bronze_amount: "123456.78", silver_amount: "123400.00" }
      }),
      quarantineRate("transactions", 100, 3000)
    ],
    quarantineByCheck: [
      { checkId: "schema", records: 120 },
      { checkId: "email.format", records: 90 },
      { checkId: "amount.positive", records: 60 },
      { checkId: "key.customer_id_unique", records: 40 }
    ],
    highlights: [],
    error: null
  })

/** The input could not be read: nothing ran. */
export const failedRun = (o: RunOptions = {}): RunReport =>
  decodeRun({
    ...base(o, "failed", 3),
    input: { path: "data/missing.json", bytes: 0, sha256: "", records: 0 },
    timings: [],
    layers: [
      { layer: "bronze", status: "not_run", reasons: [], tables: [] },
      { layer: "silver", status: "not_run", reasons: [], tables: [] }
    ],
    checks: [],
    quarantineByCheck: [],
    highlights: [],
    error: { tag: "InputError", message: "data/missing.json: no such file" }
  })

/** A DateReport of some runs of one date (the last is the latest). */
export const dateReportOf = (runs: ReadonlyArray<RunReport>): DateReport =>
  decodeDate({
    reportVersion: 1,
    ingestionDate: runs[0]?.ingestionDate ?? "2024-05-02",
    latest: runs[runs.length - 1]?.runId ?? "",
    runs
  })

/** Dates before 2024-05-02 with their latest runs, for trends. */
export const history = (): ReadonlyArray<RunReport> => [
  publishedRun({ date: "2024-04-29", records: 900 }),
  publishedRun({ date: "2024-04-30", records: 950 }),
  publishedRun({ date: "2024-05-01", records: 980 })
]

/** A customer's raw record, as an engine error quotes it: must never reach the banner. */
export const RAW_RECORD = '{"customer_id":"C-0042","name":"Ann Lee","email":"ann.lee@example.com","transactions":[{"transaction_id":"T-1","amount":"12.50"}]}'

/**
 * Silver blocked by the second table only: customers' quarantine rate 0.99%
 * (10 of 1,010) passes, transactions' 5.63% (169 of 3,000) is over its 5% limit.
 */
export const transactionsBlockedRun = (o: RunOptions = {}): RunReport =>
  decodeRun({
    ...base({ records: 1010, ...o }, "blocked", 1),
    layers: [
      { layer: "bronze", status: "published", reasons: [], tables: [table("bronze", "customers_raw", "published", 1010, 1010, 0)] },
      {
        layer: "silver",
        status: "blocked",
        reasons: [{ checkId: "quarantine.rate", table: "transactions", message: "5.63% of transactions quarantined (169 of 3000), over the 5.00% limit" }],
        tables: [table("silver", "customers", "blocked", 1010, 1000, 10), table("silver", "transactions", "blocked", 3000, 2831, 169)]
      },
      { layer: "gold", status: "not_run", reasons: [], tables: [] }
    ],
    checks: [
      check({ checkId: "bronze.lineage", layer: "bronze", table: "customers_raw", kind: "dataset", action: "block", status: "pass", total: 1010 }),
      check({ checkId: "schema", layer: "silver", table: "customers", status: "warn", failed: 10, total: 1010, samples: [sample(3, "C-0003", "signup_date", "expected a calendar date YYYY-MM-DD", "2024-02-30")] }),
      check({ checkId: "email.format", layer: "silver", table: "customers", status: "pass", total: 1010 }),
      check({ checkId: "amount.positive", layer: "silver", table: "transactions", status: "warn", failed: 169, total: 3000, samples: [sample(9, "C-0009", "transactions[1].amount", "amount must be positive", "-12.50")] }),
      check({ checkId: "date.not_in_future", layer: "silver", table: "transactions", status: "pass", total: 3000 }),
      quarantineRate("customers", 10, 1010),
      quarantineRate("transactions", 169, 3000),
      check({ checkId: "reconcile.bronze_silver", layer: "silver", table: "customers", kind: "dataset", action: "block", status: "pass", total: 1010 }),
      check({
        checkId: "key.unique",
        layer: "silver",
        table: "customers",
        kind: "dataset",
        action: "block",
        status: "pass",
        total: 1000,
        threshold: 0
      }),
      check({ checkId: "rows.min", layer: "silver", table: "customers", kind: "dataset", action: "flag", severity: "warn", status: "pass", total: 1000, observed: { warn_above: ">0 rows", rows: "1000" } })
    ],
    quarantineByCheck: [
      { checkId: "amount.positive", records: 169 },
      { checkId: "schema", records: 10 }
    ],
    highlights: [],
    error: null
  })

/** Every gate passed, but customers' quarantine rate (1.70%, 17 of 1,000) is over its 1% warning level. */
export const warnedRun = (o: RunOptions = {}): RunReport =>
  decodeRun({
    ...base(o, "published", 0),
    runId: o.runId ?? `${o.date ?? "2024-05-02"}_060000Z_warned`,
    layers: [
      { layer: "bronze", status: "published", reasons: [], tables: [table("bronze", "customers_raw", "published", 1000, 1000, 0)] },
      {
        layer: "silver",
        status: "published",
        reasons: [],
        tables: [table("silver", "customers", "published", 1000, 983, 17), table("silver", "transactions", "published", 3000, 2985, 15)]
      },
      { layer: "gold", status: "published", reasons: [], tables: [table("gold", "dim_customer", "published", 983, 983, 0)] }
    ],
    checks: [
      check({ checkId: "bronze.lineage", layer: "bronze", table: "customers_raw", kind: "dataset", action: "block", status: "pass" }),
      check({ checkId: "schema", layer: "silver", table: "customers", status: "warn", failed: 17, samples: [sample(17, "C-17", "signup_date", "not a date", "2024-13-45")] }),
      check({ checkId: "email.format", layer: "silver", table: "customers", status: "pass" }),
      check({ checkId: "amount.positive", layer: "silver", table: "transactions", status: "warn", failed: 15, total: 3000 }),
      quarantineRate("customers", 17, 1000),
      quarantineRate("transactions", 15, 3000),
      check({ checkId: "reconcile.bronze_silver", layer: "silver", table: "customers", kind: "dataset", action: "block", status: "pass" }),
      check({ checkId: "key.gold_unique", layer: "gold", table: "dim_customer", kind: "dataset", action: "block", status: "pass", total: 983 })
    ],
    quarantineByCheck: [
      { checkId: "schema", records: 17 },
      { checkId: "amount.positive", records: 15 }
    ],
    highlights: [],
    error: null
  })

/** A long engine error, as DuckDB gives it: a first line, then the raw record, staging paths and reader options. */
export const ENGINE_ERROR = [
  `Invalid Input Error: JSON transform error in file "/tmp/lakegate-stage-91f/bronze/customers_raw/part-0.json", in record/value 42: Could not convert string "twelve" to DECIMAL(18,2) when parsing ${RAW_RECORD} with options {"format":"newline_delimited","records":true}`,
  "",
  `Record: ${RAW_RECORD}`,
  ...Array.from({ length: 80 }, (_, i) => `  reader option ${i}: /tmp/lakegate-stage-91f/silver/staging/part-${i}.parquet maximum_object_size=16777216 ignore_errors=false`)
].join("\n")

/** The engine failed mid-run: exit 4, a ~10 KB error. */
export const engineFailedRun = (o: RunOptions = {}): RunReport =>
  decodeRun({
    ...base(o, "failed", 4),
    runId: o.runId ?? `${o.date ?? "2024-05-02"}_060000Z_engine`,
    layers: [
      { layer: "bronze", status: "published", reasons: [], tables: [table("bronze", "customers_raw", "published", 1000, 1000, 0)] },
      { layer: "silver", status: "not_run", reasons: [], tables: [] }
    ],
    checks: [check({ checkId: "bronze.lineage", layer: "bronze", table: "customers_raw", kind: "dataset", action: "block", status: "pass" })],
    quarantineByCheck: [],
    highlights: [],
    error: { tag: "DuckError", message: ENGINE_ERROR }
  })

/**
 * The run with a column profile on each silver and gold table (issue 20):
 * a key, an email column whose NULLs grow with the number of records (1 per
 * 100), a status column whose top values include the XSS name, and an exact
 * DECIMAL. Bronze stays without one, as the pipeline leaves it.
 */
export const withProfiles = (run: RunReport): RunReport =>
  decodeRun({
    ...run,
    layers: run.layers.map((l) => ({
      ...l,
      tables: l.tables.map((t) => {
        if (t.layer === "bronze") return t
        const rows = t.accepted
        const nulls = Math.floor(rows / 100)
        return {
          ...t,
          profile: {
            rows,
            key: ["customer_id"],
            columns: [
              { column: "customer_id", type: "BIGINT", nulls: 0, distinct: rows, min: "1", max: String(rows), top: [] },
              { column: "email", type: "VARCHAR", nulls, distinct: rows - nulls, min: "aaron@example.com", max: "zoe@example.com", top: [] },
              { column: "status", type: "VARCHAR", nulls: 0, distinct: 2, min: XSS_NAME, max: "active", top: [{ value: "active", count: rows - 3 }, { value: XSS_NAME, count: 3 }] },
              { column: "amount", type: "DECIMAL(18,2)", nulls: 0, distinct: 50, min: "0.10", max: "1234.50", top: [] }
            ]
          }
        }
      })
    }))
  })
