/**
 * `reconcile.bronze_silver`: nothing lost, nothing invented. Every bronze
 * record is either accepted or quarantined (never both), and the decoded
 * amounts split exactly, to the cent, into accepted and quarantined.
 */
import { customDatasetCheck, datasetResult, type DatasetCheck, Duck } from "lakegate"
import { Effect } from "effect"
import { describeCheck } from "../catalogue.ts"

const spec = { id: "reconcile.bronze_silver", layer: "silver", table: "customers", severity: "error" as const, description: describeCheck("reconcile.bronze_silver") }

/**
 * Reads the relations `bronze` (staged bronze records), `customers`, `transactions`,
 * `quarantine` (staged silver) and `candidate_transactions` (every decoded transaction).
 */
export const reconcileBronzeSilver: DatasetCheck = customDatasetCheck(spec, ({ relation }) =>
    Effect.gen(function* () {
      const duck = yield* Duck
      const rows = yield* duck.all(`
        with accepted as (select _record_index from ${relation("customers")}),
             rejected as (select distinct _record_index from ${relation("quarantine")})
        select
          (select count(*) from ${relation("bronze")}) as bronze_records,
          (select count(*) from accepted) as accepted,
          (select count(*) from rejected) as quarantined,
          (select count(*) from accepted join rejected using (_record_index)) as both_outcomes,
          (select count(*) from ${relation("bronze")} b where b._record_index not in (select _record_index from accepted union all select _record_index from rejected)) as unaccounted,
          (select coalesce(sum(amount), 0)::decimal(38,2)::varchar from ${relation("candidate_transactions")}) as amount_decoded,
          (select coalesce(sum(amount), 0)::decimal(38,2)::varchar from ${relation("transactions")}) as amount_accepted,
          (select coalesce(sum(amount), 0)::decimal(38,2)::varchar from ${relation("candidate_transactions")} where record_index in (select _record_index from rejected)) as amount_quarantined,
          (select coalesce(sum(total_spent), 0)::decimal(38,2)::varchar from ${relation("customers")}) as total_spent_accepted,
          (select (coalesce(sum(amount), 0) = (select coalesce(sum(total_spent), 0) from ${relation("customers")}))
             from ${relation("transactions")}) as totals_agree,
          (select coalesce(sum(amount), 0) from ${relation("candidate_transactions")}) =
            (select coalesce(sum(amount), 0) from ${relation("transactions")}) +
            (select coalesce(sum(amount), 0) from ${relation("candidate_transactions")} where record_index in (select _record_index from rejected)) as amounts_split
      `)
      const r = rows[0] ?? {}
      const n = (key: string) => Number(r[key] ?? 0)
      const countGap = Math.abs(n("bronze_records") - n("accepted") - n("quarantined"))
      const problems = [
        countGap > 0 ? `bronze has ${n("bronze_records")} records but ${n("accepted")} accepted + ${n("quarantined")} quarantined` : null,
        n("both_outcomes") > 0 ? `${n("both_outcomes")} records both accepted and quarantined` : null,
        n("unaccounted") > 0 ? `${n("unaccounted")} bronze records neither accepted nor quarantined` : null,
        r["amounts_split"] === true ? null : `decoded amounts ${String(r["amount_decoded"])} ≠ accepted ${String(r["amount_accepted"])} + quarantined ${String(r["amount_quarantined"])}`,
        r["totals_agree"] === true ? null : `accepted total_spent ${String(r["total_spent_accepted"])} ≠ accepted amounts ${String(r["amount_accepted"])}`
      ].filter((p): p is string => p !== null)
      return datasetResult(spec, {
        failed: problems.length === 0 ? 0 : Math.max(1, countGap + n("both_outcomes") + n("unaccounted")),
        total: n("bronze_records"),
        observed: Object.fromEntries(
          ["bronze_records", "accepted", "quarantined", "amount_decoded", "amount_accepted", "amount_quarantined", "total_spent_accepted"].map((k) => [k, String(r[k] ?? "")])
        ),
        message: problems.length === 0 ? `${n("bronze_records")} = ${n("accepted")} accepted + ${n("quarantined")} quarantined; amounts reconcile to the cent` : problems.join("; ")
      })
    })
)
