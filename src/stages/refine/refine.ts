/**
 * Refine: from landed candidates to the silver tables of one ingestion date.
 * Batch checks (duplicates, product names) add their violations, every record
 * with an error-severity violation is quarantined with all its transactions,
 * and the silver tables are staged, audited and published together or not at all.
 */
import { Effect } from "effect"
import { silverContracts, sourceCustomers } from "../../../contracts/index.ts"
import { sanitationChecks, sanitationColumn } from "../../../contracts/silver/sanitation.ts"
import type { CheckResult } from "../../contract/CheckResult.ts"
import type { BatchTables } from "../../contract/RowCheck.ts"
import { Duck, sqlIdent, sqlString } from "../../engine/Duck.ts"
import type { LayerOutcome } from "../../report/RunReport.ts"
import type { Run } from "../../run/Run.ts"
import { BRONZE_TABLE } from "../ingest/bronze.ts"
import type { LandedSource } from "../ingest/landSource.ts"
import { publishAudited, stageAndAudit, withResults } from "../writeAuditPublish.ts"
import { quarantineByCheck, quarantineRateResult, rowCheckResults } from "./rowCheckResults.ts"
import { Candidates } from "./candidates.ts"

const T = {
  ...Candidates,
  rejected: "rejected_records",
  accepted: "accepted_transactions"
} as const

/** What refine produced. */
export interface RefineResult {
  readonly outcome: LayerOutcome
  readonly checks: ReadonlyArray<CheckResult>
  readonly quarantineByCheck: ReadonlyArray<{ readonly checkId: string; readonly records: number }>
}

const count = (sql: string) => Effect.flatMap(Duck, (duck) => duck.all(`select count(*) as n from ${sql}`)).pipe(Effect.map((r) => Number(r[0]?.["n"] ?? 0)))

/**
 * The SQL producing each silver table from the judged candidates.
 * Sanitation has a row for every record that was decoded or has a violation,
 * which is every bronze record: a record that does not decode has a schema
 * violation (and `reconcile.bronze_silver` blocks the publish if a bronze
 * record is neither accepted nor quarantined). Joining the few records with
 * violations to the candidates, rather than all of bronze to all candidates,
 * keeps the join's hash table small: at 5 GB the old join ran out of a 128MB pool. Rows are
 * written in the order the engine produces them (readers sort): sorting
 * millions of rows costs time, and sorting the quarantine with its raw
 * records ran out of memory at 5 GB.
 */
const silverSql = {
  customers: `select customer_id, name, email, signup_date, last_purchase, total_spent, transaction_count, record_index as _record_index
    from ${T.customers} anti join ${T.rejected} using (record_index)`,
  products: `select product_id, any_value(product_name) as product_name from ${T.accepted} group by product_id order by product_id`,
  transactions: `select transaction_id, customer_id, transaction_date, amount, product_id, record_index as _record_index from ${T.accepted}`,
  denormalized: `select transaction_id, transaction_date, amount, product_id, product_name, customer_id, customer_name, email, signup_date
    from ${T.accepted}`,
  sanitation: `with v as (
      select record_index, any_value(source_id) as source_id, list(distinct "check" order by "check") as checks, bool_or(severity = 'error') as rejected
      from ${T.violations} group by record_index)
    select coalesce(c.record_index, v.record_index) as _record_index, coalesce(c.source_id, v.source_id) as source_id,
      case when coalesce(v.rejected, false) then 'quarantined' else 'accepted' end as outcome,
      coalesce(array_to_string(v.checks, ','), '') as failed_checks,
      ${sanitationChecks
        .map((id) =>
          id === "schema"
            ? `not list_contains(coalesce(v.checks, []), 'schema') as ${sqlIdent(sanitationColumn(id))}`
            : `case when c.record_index is null then null else not list_contains(coalesce(v.checks, []), ${sqlString(id)}) end as ${sqlIdent(sanitationColumn(id))}`
        )
        .join(",\n      ")}
    from ${T.customers} c full join v on v.record_index = c.record_index`,
  quarantine: `select v.source_id, v."check", v.severity, v.path, v.message, v.value, v.record_index as _record_index, b.raw
    from ${T.violations} v join ${T.rejected} r using (record_index) join ${BRONZE_TABLE} b on b._record_index = v.record_index`
} as const

/**
 * Judge the batch, build the silver tables, audit them and publish them if the
 * gate passes. Starts from the {@link Candidates} tables, loaded with every
 * landed segment (see `loadCandidateSegment`).
 */
export const refine = (run: Run, landed: LandedSource) =>
  Effect.gen(function* () {
    const duck = yield* Duck

    // Batch checks see every decoded record and add their violations.
    const batchTables: BatchTables = { customers: T.customers, transactions: T.transactions }
    for (const check of sourceCustomers.batchChecks) {
      yield* duck.run(
        `insert into ${T.violations} select record_index, source_id, ${sqlString(check.id)}, ${sqlString(check.severity)}, path, message, value from (${check.violationsSql(batchTables)})`
      )
    }
    yield* duck.run(`create or replace table ${T.rejected} as select distinct record_index from ${T.violations} where severity = 'error'`)
    // A view, not a table: the rejected records are few, so the anti join is cheap to repeat.
    yield* duck.run(`create or replace view ${T.accepted} as select * from ${T.transactions} anti join ${T.rejected} using (record_index)`)

    const rejectedRecords = yield* count(T.rejected)
    const decodedTransactions = yield* count(T.transactions)
    const acceptedTransactions = yield* count(T.accepted)
    const rowResults = yield* rowCheckResults(sourceCustomers, T.violations, landed.records)
    const rates = [
      quarantineRateResult("customers", rejectedRecords, landed.records, { warn: 0.01, fail: 0.05, ...silverContracts[0].quarantine }),
      quarantineRateResult("transactions", decodedTransactions - acceptedTransactions, decodedTransactions, { warn: 0.01, fail: 0.05, ...silverContracts[2].quarantine })
    ]
    const quarantineRows = yield* count(`${T.violations} where record_index in (select record_index from ${T.rejected})`)

    const counts: Record<string, { rowsIn: number; quarantined: number }> = {
      customers: { rowsIn: landed.records, quarantined: rejectedRecords },
      products: { rowsIn: acceptedTransactions, quarantined: 0 },
      transactions: { rowsIn: decodedTransactions, quarantined: decodedTransactions - acceptedTransactions },
      denormalized: { rowsIn: acceptedTransactions, quarantined: 0 },
      sanitation: { rowsIn: landed.records, quarantined: 0 },
      quarantine: { rowsIn: quarantineRows, quarantined: 0 }
    }
    const audited = yield* stageAndAudit(run, {
      layer: "silver",
      ingestionDate: run.ingestionDate,
      tables: silverContracts.map((contract) => ({
        contract,
        sql: silverSql[contract.table as keyof typeof silverSql],
        rowsIn: counts[contract.table]?.rowsIn ?? 0,
        quarantined: counts[contract.table]?.quarantined ?? 0
      })),
      relations: { bronze: BRONZE_TABLE, candidate_transactions: T.transactions, candidate_customers: T.customers }
    })
    const checked = withResults(audited, [...rowResults, ...rates])
    const outcome = yield* publishAudited(run, checked)
    const byCheck = yield* quarantineByCheck(T.violations, T.rejected)
    // The working tables are done with: give their memory back before gold.
    yield* duck.run(`drop view if exists ${T.accepted}; ${[T.customers, T.transactions, T.violations, T.rejected].map((t) => `drop table if exists ${t};`).join(" ")}`)
    return { outcome, checks: checked.checks, quarantineByCheck: byCheck } satisfies RefineResult
  })
