/**
 * `LayerWrite.afterStage`: statements that run once every table is staged and
 * before the checks (gold drops its working tables there, so that the checks
 * have the engine's pool to themselves). The staging may read what they drop;
 * the checks then read the staged files, never the working tables.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { column, Duck, duckLayer, lakehouseLayer, makeRun, sqlDatasetCheck, stageAndAudit, table } from "lakegate"
import { tempDir } from "../support/cli.ts"

const working = "build_measures_tmp"

/** A check whose query fails with a DuckDB error unless the working table is there. */
const readsWorkingTable = sqlDatasetCheck(
  { id: "measures.working_table_read", layer: "gold", table: "measures", severity: "error", description: "reads the working table" },
  () => ({ failing: `select id::varchar as value from ${working} where id < 0`, total: `select count(*) as n from ${working}` })
)

const measures = table({
  name: "measures",
  layer: "gold",
  version: "1.0.0",
  columns: { id: column.integer({ min: 0 }) },
  key: ["id"],
  datasetChecks: [readsWorkingTable]
})

const audit = (afterStage: ReadonlyArray<string> | undefined) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    yield* duck.run(`create or replace table ${working} as select range as id from range(5)`)
    const audited = yield* stageAndAudit(makeRun("measures.json", "2026-12-01", new Date(), "after1"), {
      layer: "gold",
      ingestionDate: null,
      tables: [{ contract: measures, sql: `select id from ${working}`, rowsIn: 5, quarantined: 0 }],
      ...(afterStage === undefined ? {} : { afterStage })
    })
    const exists = yield* duck.all(`select count(*) as n from duckdb_tables() where table_name = '${working}'`)
    return { rows: audited.rows, check: audited.checks.find((c) => c.checkId === readsWorkingTable.id)!, workingLeft: Number(exists[0]?.["n"]) }
  }).pipe(Effect.provide(Layer.mergeAll(lakehouseLayer(tempDir("lakegate-after-stage-")).pipe(Layer.provide(NodeContext.layer)), duckLayer({ threads: 1, memoryLimit: "256MB" }))))

describe("LayerWrite.afterStage", () => {
  it("runs after the staging (which read the working table) and before the checks (which no longer find it)", async () => {
    const dropped = await Effect.runPromise(audit([`drop table ${working}`]))
    expect(dropped.rows).toEqual([5])
    expect(dropped.workingLeft).toBe(0)
    expect(dropped.check.status).toBe("error")
    expect(dropped.check.message).toContain(working)
  })

  it("without it the checks see the working table", async () => {
    const kept = await Effect.runPromise(audit(undefined))
    expect(kept.rows).toEqual([5])
    expect(kept.workingLeft).toBe(1)
    expect(kept.check.status).toBe("pass")
  })
})
