/**
 * A pipeline is a value: a source, its bronze table, the silver tables built
 * from the judged records (each with its build beside its contract), and the
 * layers after silver (gold), each written with write-audit-publish.
 *
 * @example
 * import { pipeline } from "lakegate"
 * export default pipeline({ name: "orders", source: orders, bronze: ordersRaw, silver: [silverOrders, silverLines], downstream: [gold] })
 */
import type { Effect } from "effect"
import type { CheckResult } from "../contract/CheckResult.ts"
import type { TableSpec } from "../contract/Contract.ts"
import { buildSql, type DeclaredTable } from "../contract/tableContract.ts"
import { sqlIdent, type Duck } from "../engine/Duck.ts"
import { acceptedTable } from "../stages/refine/refine.ts"
import type { Lakehouse } from "../lakehouse/Lakehouse.ts"
import type { LayerOutcome, RunReport } from "../report/RunReport.ts"
import type { VersionAudit } from "../lakehouse/verifyVersion.ts"
import type { Run } from "../run/Run.ts"
import type { Source } from "./Source.ts"

/**
 * A silver table: its contract and how it is built. Builds read the run's
 * working relations: `candidate_<staging table>` (decoded rows),
 * `accepted_<staging table>` (rows of records that were not rejected),
 * `rejected_records` (`record_index` of every rejected record), `violations`
 * (every violation: `record_index, source_id, check_id, severity, path, message,
 * value`) and `bronze_records` (the published bronze rows, with `raw`).
 */
export interface SilverTable {
  readonly contract: TableSpec
  /** A query whose columns are the contract's, in order. */
  readonly build: string
  /** A `select count(*) ...` of the rows that came in for this table, for the report. */
  readonly rowsIn: string
  /** A `select count(*) ...` of the rows quarantined instead; with a contract `quarantine` threshold it also feeds `quarantine.rate`. */
  readonly quarantined?: string
}

/** Options of {@link silverTable}: relations (table names or queries) counted for the report. */
export interface SilverCounts {
  /** The rows that came in for this table, e.g. `bronze_records` or `candidate_order_lines`. */
  readonly rowsIn: string
  /** The rows quarantined instead, e.g. `rejected_records`; with a contract `quarantine` threshold it also feeds `quarantine.rate`. */
  readonly quarantined?: string
}

const relationOf = (relation: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(relation) ? relation : `(${relation})`)

/**
 * A silver table from its declared contract: the build is the contract's own
 * (or, when it has none, its columns selected from `accepted_<table>`) and
 * the report counts the relations given.
 *
 * @example
 * silverTable(orders, { rowsIn: BRONZE_TABLE, quarantined: REJECTED })
 */
export const silverTable = (contract: DeclaredTable, counts: SilverCounts): SilverTable => ({
  contract,
  build: buildSql(contract, (name) => name) ?? `select ${Object.keys(contract.columns).map(sqlIdent).join(", ")} from ${sqlIdent(acceptedTable(contract.table))}`,
  rowsIn: `select count(*) from ${relationOf(counts.rowsIn)}`,
  ...(counts.quarantined === undefined ? {} : { quarantined: `select count(*) from ${relationOf(counts.quarantined)}` })
})

/** What a layer after silver reports. */
export interface DownstreamResult {
  readonly outcome: LayerOutcome
  readonly checks: ReadonlyArray<CheckResult>
  readonly highlights?: RunReport["highlights"]
  readonly contracts?: ReadonlyArray<{ readonly id: string; readonly version: string }>
}

/** A layer that runs after silver was published (e.g. gold). */
export interface Downstream {
  readonly layer: string
  readonly run: (run: Run) => Effect.Effect<DownstreamResult, unknown, Duck | Lakehouse>
  /** The full audit of a published version (`lakegate gold verify`): its tables' checks over every file. */
  readonly audit?: VersionAudit
}

/** A whole pipeline. */
export interface Pipeline {
  readonly name: string
  readonly source: Source
  readonly bronze: TableSpec
  readonly silver: ReadonlyArray<SilverTable>
  readonly downstream: ReadonlyArray<Downstream>
  /** Defaults for the command line, e.g. the bundled input file (`lakegate run` without `--input`). */
  readonly defaults?: { readonly input?: string }
}

/** Declare a pipeline (an identity that checks the shape). */
export const pipeline = (declaration: Pipeline): Pipeline => declaration

/** True for a value that looks like a pipeline (for loading one from a user's module). */
export const isPipeline = (value: unknown): value is Pipeline =>
  value !== null &&
  typeof value === "object" &&
  "source" in value &&
  "bronze" in value &&
  "silver" in value &&
  Array.isArray((value as { silver: unknown }).silver)
