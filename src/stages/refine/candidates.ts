/**
 * The working tables refine starts from: the decoded candidate rows and the
 * row-level violations of every landed record, loaded from the staging
 * segments as landing produces them.
 */
import { readCsvOptions } from "../../engine/csv.ts"
import { sqlIdent, sqlString } from "../../engine/Duck.ts"
import type { LandedFiles } from "../ingest/landSource.ts"
import { stagingColumns } from "./stageBatch.ts"

/** The working tables' names. */
export const Candidates = {
  customers: "candidate_customers",
  transactions: "candidate_transactions",
  violations: "violations"
} as const

/**
 * The candidate transactions' columns, each with the expression that fills it:
 * the staged transaction's (`t`), then its record's source id and customer
 * (`c`). The customer's columns ride along on every candidate transaction, so
 * silver's transactions and denormalized tables need no join of customers.
 */
const candidateTransactionColumns: ReadonlyArray<readonly [name: string, type: string, from: string]> = [
  ["record_index", "BIGINT", "t.record_index"], ["source_id", "VARCHAR", "c.source_id"], ["position", "INTEGER", "t.position"],
  ["transaction_id", "BIGINT", "t.transaction_id"], ["transaction_date", "DATE", "t.transaction_date"], ["amount", "DECIMAL(18,2)", "t.amount"],
  ["product_id", "BIGINT", "t.product_id"], ["product_name", "VARCHAR", "t.product_name"],
  ["customer_id", "BIGINT", "c.customer_id"], ["customer_name", "VARCHAR", "c.name"], ["email", "VARCHAR", "c.email"], ["signup_date", "DATE", "c.signup_date"]
]

const columnList = (columns: ReadonlyArray<readonly [string, string, ...Array<string>]>) => columns.map(([name, type]) => `${sqlIdent(name)} ${type}`).join(", ")

/**
 * The candidate transaction rows of staged transactions (`transactions`,
 * as staged) and their records' customer rows (`customers`, as staged): every
 * staged transaction has its record's customer row, so the join drops none.
 */
export const candidateTransactionsSql = (transactions: string, customers: string): string =>
  `select ${candidateTransactionColumns.map(([name, , from]) => `${from} as ${sqlIdent(name)}`).join(", ")}
  from ${transactions} t join ${customers} c using (record_index)`

/** Create the working tables, empty (replacing those of an earlier run in the same database). */
export const createCandidateTables = (): ReadonlyArray<string> => [
  `create or replace table ${Candidates.customers} (${columnList(stagingColumns.customers)})`,
  `create or replace table ${Candidates.transactions} (${columnList(candidateTransactionColumns)})`,
  `create or replace table ${Candidates.violations} (${columnList(stagingColumns.violations)})`
]

/** A staging file as a relation. */
const staged = (file: string, columns: ReadonlyArray<readonly [string, string]>) => `read_csv(${sqlString(file)}, ${readCsvOptions(columns)})`

/** The working table of one segment's customer rows, for the join that completes its transactions. */
const SEGMENT_CUSTOMERS = "segment_customers"

/**
 * Append one landed segment's rows to the working tables. Its customer rows
 * are read once, into a small table (a segment is at most ~256 MiB of input),
 * and the segment's transactions are joined with them: records never span
 * segments, so the join needs nothing of earlier segments.
 */
export const loadCandidateSegment = (segment: LandedFiles): ReadonlyArray<string> => [
  `create or replace temp table ${SEGMENT_CUSTOMERS} as select * from ${staged(segment.customers, stagingColumns.customers)}`,
  `insert into ${Candidates.customers} select * from ${SEGMENT_CUSTOMERS}`,
  `insert into ${Candidates.transactions} ${candidateTransactionsSql(staged(segment.transactions, stagingColumns.transactions), SEGMENT_CUSTOMERS)}`,
  `insert into ${Candidates.violations} select * from ${staged(segment.violations, stagingColumns.violations)}`,
  `drop table ${SEGMENT_CUSTOMERS}`
]
