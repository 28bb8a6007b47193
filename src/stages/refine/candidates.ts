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

const tables = [
  [Candidates.customers, "customers"],
  [Candidates.transactions, "transactions"],
  [Candidates.violations, "violations"]
] as const

/** Create the working tables, empty (replacing those of an earlier run in the same database). */
export const createCandidateTables = (): ReadonlyArray<string> =>
  tables.map(
    ([table, file]) => `create or replace table ${table} (${stagingColumns[file].map(([name, type]) => `${sqlIdent(name)} ${type}`).join(", ")})`
  )

/** Append one landed segment's rows to the working tables. */
export const loadCandidateSegment = (segment: LandedFiles): ReadonlyArray<string> =>
  tables.map(([table, file]) => `insert into ${table} select * from read_csv(${sqlString(segment[file])}, ${readCsvOptions(stagingColumns[file])})`)
