/**
 * The fast, in-process path of the refine stage's judgement, for property
 * tests that need many runs. It uses the pipeline's own parts, unchanged:
 * the array splitter, the source contract's judge (`makeJudge`), the staging
 * encoder (`stageBatch`), the staging CSV options, the contract's batch-check
 * SQL and `quarantineRateResult`. Only the glue of `refine.ts` is repeated
 * (append the batch checks' violations; a record with an error-severity
 * violation is rejected), so what is judged here is what the pipeline judges;
 * the full-pipeline properties check that the two agree.
 *
 * @example
 * ```ts
 * const verdict = yield* judgeBatch(records, "2024-06-01") // needs Duck
 * verdict.quarantined // Map { 3 => ["email.format"] }
 * ```
 */
import { type CheckResult, defaultQuarantineThreshold, readCsvOptions, Duck, DuckError, sqlString, ArraySplitter, type RawRecord, quarantineRateResult, stageBatch, tempDirectory, violationColumns } from "lakegate"
import { Effect } from "effect"
import { existsSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { silverCustomers, silverTransactions, sourceCustomers } from "../index.ts"
import { candidateTransactionsSql, customersSource, stagingColumns } from "../source/staging.ts"
import { sourceDocument } from "./arbitraries.ts"

/** One violation of one record, as the quarantine table would hold it. */
export interface JudgedViolation {
  readonly recordIndex: number
  readonly check: string
  readonly severity: string
  readonly path: string
  readonly message: string
  readonly value: string | null
}

/** What refine would decide about a batch. */
export interface BatchVerdict {
  readonly records: number
  readonly decoded: number
  /** Rejected record index → the distinct ids of the checks it failed, sorted. */
  readonly quarantined: ReadonlyMap<number, ReadonlyArray<string>>
  readonly violations: ReadonlyArray<JudgedViolation>
  /** `quarantine.rate` of silver customers and transactions. */
  readonly rates: ReadonlyArray<CheckResult>
  /** Sums in whole cents: every decoded amount, the accepted ones, the quarantined ones; accepted total_spent. */
  readonly cents: { readonly decoded: number; readonly accepted: number; readonly quarantined: number; readonly totalSpentAccepted: number }
  /**
   * Transactions: staged by decoded records, of them accepted, and those of
   * rejected records that did not decode (the length of their raw JSON's
   * `transactions` array, 0 when it is not one). The transactions quarantine
   * rate is `decoded - accepted + undecoded` of `decoded + undecoded`: a
   * rejected record's transactions count whatever check rejected it.
   */
  readonly transactions: { readonly decoded: number; readonly accepted: number; readonly undecoded: number }
}

const T = {
  customers: "pt_candidate_customers",
  transactions: "pt_candidate_transactions",
  violations: "pt_violations"
} as const

/** The relation names of the candidates staged by the last {@link judgeBatch}. */
export const candidateRelations = { candidate_customers: T.customers, candidate_transactions: T.transactions } as const

/** Split a `{"customers": [...]}` document exactly as ingest does. */
export const splitDocument = (document: string): ReadonlyArray<RawRecord> => {
  const splitter = new ArraySplitter("customers")
  const pushed = splitter.push(Buffer.from(document, "utf8"))
  if (pushed._tag === "Left") throw new Error(`the test document does not split: ${pushed.left.reason}`)
  const ended = splitter.end()
  if (ended._tag === "Left") throw new Error(`the test document does not split: ${ended.left.reason}`)
  return pushed.right
}

let workDir: string | undefined
/**
 * The folder the candidates are staged through, made once per process; made
 * again when it was removed (the test set-up removes every temp directory
 * after each test file, and test files share this module's state).
 */
const work = (): string => (workDir !== undefined && existsSync(workDir) ? workDir : (workDir = tempDirectory("lakegate-props-").path))

/** The length of a raw record's `transactions` array, parsed here with `JSON.parse` (0 when it is not JSON or not an array). */
const rawTransactions = (text: string): number => {
  try {
    const json: unknown = JSON.parse(text)
    const transactions = typeof json === "object" && json !== null && "transactions" in json ? json.transactions : undefined
    return Array.isArray(transactions) ? transactions.length : 0
  } catch {
    return 0
  }
}

const cents = (decimal: unknown): number => {
  const text = decimal === null || decimal === undefined ? "0" : String(decimal)
  const [units = "0", frac = ""] = text.replace("-", "").split(".")
  const value = Number(units) * 100 + Number(frac.padEnd(2, "0").slice(0, 2))
  return text.startsWith("-") ? -value : value
}

/**
 * Judge source records as refine would, in the Duck of the context: decode and
 * row-check each record, stage the candidates through CSV, run the batch checks
 * in SQL and compute the quarantine rates. Leaves the staged candidates in
 * the relations named by {@link candidateRelations}.
 */
export const judgeBatch = (records: ReadonlyArray<unknown>, ingestionDate: string): Effect.Effect<BatchVerdict, DuckError, Duck> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const raw = splitDocument(sourceDocument(records))
    const staged = stageBatch(raw, customersSource, { ingestionDate })
    if ("invalid" in staged) return yield* new DuckError({ sql: "<stage>", message: `record ${staged.invalid.index} is not JSON: ${staged.reason}` })
    const dir = work()
    const load = (table: string, name: string, data: Buffer, columns: ReadonlyArray<readonly [string, string]>) =>
      Effect.gen(function* () {
        const file = join(dir, `${name}.csv`)
        yield* Effect.sync(() => writeFileSync(file, data))
        yield* duck.run(`create or replace table ${table} as select * from read_csv(${sqlString(file)}, ${readCsvOptions(columns)})`)
      })
    // The source's staging tables, in its declaration order: customers, then transactions.
    const [customerRows = Buffer.alloc(0), transactionRows = Buffer.alloc(0)] = staged.batch.tables
    yield* load(T.customers, "customers", customerRows, stagingColumns.customers)
    yield* load("staged_transactions", "transactions", transactionRows, stagingColumns.transactions)
    yield* duck.run(`create or replace table ${T.transactions} as ${candidateTransactionsSql("staged_transactions", T.customers)}`)
    yield* load(T.violations, "violations", staged.batch.violations, violationColumns)
    // As refine does, one insert per check, here in one statement.
    yield* duck.run(
      `insert into ${T.violations} ${sourceCustomers.batchChecks
        .map((check) => `select record_index, source_id, ${sqlString(check.id)}, ${sqlString(check.severity)}, path, message, value from (${check.violationsSql((table) => (table === "customers" ? T.customers : T.transactions))})`)
        .join(" union all ")}`
    )
    const rejected = `(select distinct record_index from ${T.violations} where severity = 'error')`
    const rows = yield* duck.all(`select record_index, check_id, severity, path, message, value from ${T.violations} order by record_index, check_id, path`)
    const violations: Array<JudgedViolation> = rows.map((r) => ({
      recordIndex: Number(r["record_index"]),
      check: String(r["check_id"]),
      severity: String(r["severity"]),
      path: String(r["path"]),
      message: String(r["message"]),
      value: r["value"] === null ? null : String(r["value"])
    }))
    const rejectedIndexes = new Set(violations.filter((v) => v.severity === "error").map((v) => v.recordIndex))
    const quarantined = new Map<number, ReadonlyArray<string>>()
    for (const index of [...rejectedIndexes].sort((a, b) => a - b)) {
      quarantined.set(index, [...new Set(violations.filter((v) => v.recordIndex === index).map((v) => v.check))].sort())
    }
    const [sums] = yield* duck.all(`select
      (select count(*) from ${T.transactions}) as tx_decoded,
      (select count(*) from ${T.transactions} where record_index not in ${rejected}) as tx_accepted,
      (select coalesce(sum(amount), 0)::varchar from ${T.transactions}) as decoded,
      (select coalesce(sum(amount), 0)::varchar from ${T.transactions} where record_index not in ${rejected}) as accepted,
      (select coalesce(sum(amount), 0)::varchar from ${T.transactions} where record_index in ${rejected}) as quarantined,
      (select coalesce(sum(total_spent), 0)::varchar from ${T.customers} where record_index not in ${rejected}) as total_spent`)
    const txDecoded = Number(sums?.["tx_decoded"] ?? 0)
    const txAccepted = Number(sums?.["tx_accepted"] ?? 0)
    // Rejected records that did not decode staged no transactions: count those of their raw JSON.
    const decodedIndexes = new Set((yield* duck.all(`select record_index from ${T.customers}`)).map((r) => Number(r["record_index"])))
    const txUndecoded = raw.filter((r) => rejectedIndexes.has(r.index) && !decodedIndexes.has(r.index)).reduce((n, r) => n + rawTransactions(r.text), 0)
    const rates = [
      quarantineRateResult("customers", quarantined.size, raw.length, silverCustomers.quarantine ?? defaultQuarantineThreshold),
      quarantineRateResult("transactions", txDecoded - txAccepted + txUndecoded, txDecoded + txUndecoded, silverTransactions.quarantine ?? defaultQuarantineThreshold)
    ]
    return {
      records: raw.length,
      decoded: staged.batch.decoded,
      quarantined,
      violations,
      rates,
      cents: { decoded: cents(sums?.["decoded"]), accepted: cents(sums?.["accepted"]), quarantined: cents(sums?.["quarantined"]), totalSpentAccepted: cents(sums?.["total_spent"]) },
      transactions: { decoded: txDecoded, accepted: txAccepted, undecoded: txUndecoded }
    } satisfies BatchVerdict
  })
