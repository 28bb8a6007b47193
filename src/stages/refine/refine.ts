/**
 * Refine: from the landed working tables to the silver tables of one
 * ingestion date. Batch checks add their violations, every record with an
 * error-severity violation is rejected (quarantined whole, with every row it
 * staged), and the silver tables are built, staged, audited and published
 * together or not at all.
 */
import { Effect } from "effect"
import type { CheckResult } from "../../contract/CheckResult.ts"
import { Duck, sqlIdent, sqlString } from "../../engine/Duck.ts"
import type { SilverTable } from "../../pipeline/Pipeline.ts"
import { workingTable, type Source } from "../../pipeline/Source.ts"
import type { LayerOutcome } from "../../report/RunReport.ts"
import type { Run } from "../../run/Run.ts"
import { BRONZE_TABLE } from "../ingest/bronze.ts"
import type { LandedSource } from "../ingest/landSource.ts"
import { publishAudited, stageAndAudit, withResults } from "../writeAuditPublish.ts"
import { quarantineByCheck, quarantineRateResult, rowCheckResults } from "./rowCheckResults.ts"
import { dropWorkingTables, VIOLATIONS } from "./working.ts"

/** The working table of rejected records (`record_index`). */
export const REJECTED = "rejected_records"

/** The view of a working table's rows whose record was not rejected. */
export const acceptedTable = (name: string): string => `accepted_${name}`

/** What refine produced. */
export interface RefineResult {
  readonly outcome: LayerOutcome
  readonly checks: ReadonlyArray<CheckResult>
  readonly quarantineByCheck: ReadonlyArray<{ readonly checkId: string; readonly records: number }>
}

const countOf = (sql: string) => Effect.flatMap(Duck, (duck) => duck.all(sql)).pipe(Effect.map((r) => Number(Object.values(r[0] ?? {})[0] ?? 0)))

/**
 * Judge the batch, build the silver tables, audit them and publish them if the
 * gate passes. Starts from the working tables, loaded with every landed
 * segment (see `loadWorkingSegment`).
 */
export const refine = (run: Run, source: Source, silver: ReadonlyArray<SilverTable>, landed: LandedSource) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const working = (name: string) => sqlIdent(workingTable(name))

    // Batch checks see every decoded record and add their violations.
    for (const check of source.batchChecks) {
      yield* duck.run(
        `insert into ${VIOLATIONS} select record_index, source_id, ${sqlString(check.id)}, ${sqlString(check.severity)}, path, message, value from (${check.violationsSql(working)})`
      )
    }
    yield* duck.run(`create or replace table ${REJECTED} as select distinct record_index from ${VIOLATIONS} where severity = 'error'`)
    // Views, not tables: the rejected records are few, so the anti join is cheap to repeat.
    for (const [name] of source.tables) {
      yield* duck.run(`create or replace view ${sqlIdent(acceptedTable(name))} as select * from ${working(name)} anti join ${REJECTED} using (record_index)`)
    }

    const rowResults = yield* rowCheckResults(source, VIOLATIONS, landed.records)
    const counts: Array<{ rowsIn: number; quarantined: number }> = []
    const rates: Array<CheckResult> = []
    for (const t of silver) {
      const rowsIn = yield* countOf(t.rowsIn)
      const quarantined = t.quarantined === undefined ? 0 : yield* countOf(t.quarantined)
      counts.push({ rowsIn, quarantined })
      if (t.quarantined !== undefined && t.contract.quarantine !== null) rates.push(quarantineRateResult(t.contract.table, quarantined, rowsIn, t.contract.quarantine))
    }

    const audited = yield* stageAndAudit(run, {
      layer: "silver",
      ingestionDate: run.ingestionDate,
      tables: silver.map((t, i) => ({ contract: t.contract, sql: t.build, rowsIn: counts[i]?.rowsIn ?? 0, quarantined: counts[i]?.quarantined ?? 0 })),
      relations: {
        bronze: BRONZE_TABLE,
        ...Object.fromEntries(source.tables.map(([name]) => [workingTable(name), working(name)]))
      },
      volume: true
    })
    const checked = withResults(audited, [...rowResults, ...rates])
    const outcome = yield* publishAudited(run, checked)
    const byCheck = yield* quarantineByCheck(VIOLATIONS, REJECTED)
    // The working tables are done with: give their memory back before gold.
    yield* duck.run(
      `${source.tables.map(([name]) => `drop view if exists ${sqlIdent(acceptedTable(name))};`).join(" ")} ${dropWorkingTables(source)} drop table if exists ${REJECTED};`
    )
    return { outcome, checks: checked.checks, quarantineByCheck: byCheck } satisfies RefineResult
  })
