/**
 * Summarise the staged violations into one CheckResult per record-level check
 * of the source contract, and one `quarantine.rate` result per quarantining table.
 */
import { Effect } from "effect"
import { MAX_SAMPLES, rateOf, type CheckResult } from "../../contract/CheckResult.ts"
import type { QuarantineThreshold } from "../../contract/Contract.ts"
import { sampleOf } from "../../contract/DatasetCheck.ts"
import { Duck } from "../../engine/Duck.ts"
import type { Source } from "../../pipeline/Source.ts"

/** One result per record-level check: how many records failed it, with samples. */
export const rowCheckResults = (source: Source, violationsTable: string, records: number) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const checks = [...source.recordChecks, ...source.batchChecks.map((c) => ({ id: c.id, severity: c.severity, description: c.description }))]
    const counts = yield* duck.all(`select "check_id", count(distinct record_index) as n from ${violationsTable} group by all`)
    const failedBy = new Map(counts.map((r) => [String(r["check_id"]), Number(r["n"])]))
    const samples = yield* duck.all(`
      select * from (select *, row_number() over (partition by "check_id" order by record_index) as k from ${violationsTable}) where k <= ${MAX_SAMPLES}
      order by "check_id", record_index`)
    return checks.map((c): CheckResult => {
      const failed = failedBy.get(c.id) ?? 0
      return {
        checkId: c.id,
        layer: "silver",
        table: source.name,
        kind: "row",
        severity: c.severity,
        action: c.severity === "error" ? "quarantine" : "flag",
        status: failed === 0 ? "pass" : "warn",
        description: c.description,
        failed,
        total: records,
        rate: rateOf(failed, records),
        threshold: null,
        observed: {},
        message: failed === 0 ? "ok" : `${failed} record(s) ${c.severity === "error" ? "quarantined" : "flagged"}`,
        samples: samples.filter((s) => s["check_id"] === c.id).map(sampleOf)
      }
    })
  })

/** `quarantine.rate` for one table: warn or block when too large a share was quarantined. */
export const quarantineRateResult = (table: string, quarantined: number, total: number, threshold: QuarantineThreshold): CheckResult => {
  const rate = rateOf(quarantined, total)
  const status = rate > threshold.fail ? "fail" : rate > threshold.warn ? "warn" : "pass"
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`
  return {
    checkId: "quarantine.rate",
    layer: "silver",
    table,
    kind: "dataset",
    severity: "error",
    action: "block",
    status,
    description: "The share of a table's rows sent to quarantine stays within the contract's warn and block levels.",
    failed: quarantined,
    total,
    rate,
    threshold: threshold.fail,
    observed: { rate: pct(rate), warn_over: pct(threshold.warn), fail_over: pct(threshold.fail) },
    message:
      status === "fail"
        ? `${pct(rate)} of ${table} quarantined (${quarantined} of ${total}), over the ${pct(threshold.fail)} limit`
        : status === "warn"
          ? `${pct(rate)} of ${table} quarantined (${quarantined} of ${total}), over the ${pct(threshold.warn)} warning level`
          : `${pct(rate)} of ${table} quarantined (${quarantined} of ${total})`,
    samples: []
  }
}

/** Quarantined records per check, for the report's breakdown. */
export const quarantineByCheck = (violationsTable: string, rejectedTable: string) =>
  Effect.flatMap(Duck, (duck) =>
    duck.all(`select "check_id", count(distinct record_index) as n from ${violationsTable} where record_index in (select record_index from ${rejectedTable}) group by all order by n desc, "check_id"`)
  ).pipe(Effect.map((rows) => rows.map((r) => ({ checkId: String(r["check_id"]), records: Number(r["n"]) }))))

