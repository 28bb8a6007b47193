/**
 * `volume.recent` (issue 20): a delivery far below the table's recent volume
 * warns by default and still publishes; a contract can make it block, change
 * its window and share, or turn it off. The history is the row counts of the
 * table's earlier published dates, from their manifests. A pipeline of a
 * dataset the framework has never seen, declared with the public API, run
 * in-process on tiny NDJSON deliveries.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Layer, Schema } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import {
  acceptedTable, BRONZE_TABLE, bronzeTable, column, csvText, duckLayer, lakehouseLayer, makeRun, pipeline, REJECTED, runPipeline, source, table, toRunReport,
  volumeCheck, type CheckResult, type DatasetCheck, type SourceContract
} from "lakegate"
import { checkPhrase } from "../../src/report/checkWords.ts"
import { tempDir } from "../support/cli.ts"

const Reading = Schema.Struct({ sensor: Schema.String, value: Schema.Number })

const readings: SourceContract<typeof Reading.Type, typeof Reading.Encoded> = {
  id: "source.readings",
  version: "1.0.0",
  description: "Sensor readings.",
  schema: Reading,
  schemaSeverity: "error",
  rowChecks: [],
  batchChecks: []
}

const readingsPipeline = (datasetChecks: ReadonlyArray<DatasetCheck>) =>
  pipeline({
    name: "readings",
    source: source({
      name: "readings",
      format: { _tag: "Ndjson" },
      contract: readings,
      sourceId: () => null,
      staging: {
        tables: { readings: [["record_index", "BIGINT"], ["sensor", "VARCHAR"], ["value", "DOUBLE"]] },
        write: (out, index, _id, r) => out.readings.add(`${index},${csvText(r.sensor)},${r.value}\n`)
      }
    }),
    bronze: bronzeTable({ name: "readings_raw", version: "1.0.0", description: "Every reading as delivered." }),
    silver: [
      {
        contract: table({
          name: "readings",
          version: "1.0.0",
          columns: { sensor: column.text(), value: column.integer(), _record_index: column.integer({ min: 0 }) },
          key: ["_record_index"],
          datasetChecks
        }),
        build: `select sensor, value::BIGINT as value, record_index::BIGINT as _record_index from ${acceptedTable("readings")}`,
        rowsIn: `select count(*) from ${BRONZE_TABLE}`,
        quarantined: `select count(*) from ${REJECTED}`
      }
    ],
    downstream: []
  })

/** Run one delivery of `rows` readings for `date` into `lakehouse`; the report as `lakegate run` makes it. */
const deliver = async (lakehouse: string, date: string, rows: number, datasetChecks: ReadonlyArray<DatasetCheck> = []) => {
  const file = join(lakehouse, `..`, `${date}.ndjson`)
  writeFileSync(file, Array.from({ length: rows }, (_, i) => `${JSON.stringify({ sensor: `s${i}`, value: i })}\n`).join(""))
  const outcome = await Effect.runPromise(
    runPipeline(readingsPipeline(datasetChecks), makeRun(file, date, new Date(`${date}T06:00:00Z`), date.replaceAll("-", ""))).pipe(
      Effect.provide(Layer.mergeAll(duckLayer({ threads: 1, memoryLimit: "256MB" }), lakehouseLayer(lakehouse).pipe(Layer.provide(NodeContext.layer))))
    )
  )
  return toRunReport(outcome, "error")
}

const volumeOf = (checks: ReadonlyArray<CheckResult>): CheckResult | undefined => checks.find((c) => c.checkId === "volume.recent" && c.table === "readings")

/** A lakehouse with three published dates of 10, 12 and 8 readings (median 10). */
const withHistory = async (datasetChecks: ReadonlyArray<DatasetCheck> = []) => {
  const lakehouse = join(tempDir("lakegate-volume-"), "lakehouse")
  for (const [date, rows] of [["2026-03-01", 10], ["2026-03-02", 12], ["2026-03-03", 8]] as const) {
    const report = await deliver(lakehouse, date, rows, datasetChecks)
    expect(report.verdict, JSON.stringify(report.error)).toBe("published")
  }
  return lakehouse
}

describe("volume.recent: a delivery far below the recent volume", () => {
  it("passes with no history, then an empty delivery after three dates publishes with a warning naming the median and the bound", async () => {
    const lakehouse = join(tempDir("lakegate-volume-"), "lakehouse")
    const first = await deliver(lakehouse, "2026-03-01", 10)
    const firstVolume = volumeOf(first.checks)
    expect(firstVolume?.status).toBe("pass")
    expect(firstVolume?.message).toContain("no history")
    await deliver(lakehouse, "2026-03-02", 12)
    await deliver(lakehouse, "2026-03-03", 8)
    const steady = volumeOf((await deliver(lakehouse, "2026-03-04", 9)).checks)
    expect(steady?.status).toBe("pass")
    expect(steady?.observed).toMatchObject({ rows: "9", median: "10", dates: "3" })

    const empty = await deliver(lakehouse, "2026-03-05", 0)
    expect(empty.verdict).toBe("published")
    expect(empty.exitCode).toBe(0)
    const volume = volumeOf(empty.checks)
    expect(volume?.status).toBe("warn")
    expect(volume?.severity).toBe("warn")
    // The 4 published dates before 2026-03-05 held 10, 12, 8 and 9 rows: median 9.5, half of it 4.75.
    expect(volume?.observed).toMatchObject({ rows: "0", median: "9.5", dates: "4", min_rows: "4.75", min_share: "50%" })
    expect(volume && checkPhrase(volume)).toBe("warned: 0 rows < 4.75 (50% of the median 9.5 of the last 4 dates; never blocks)")
  }, 60_000)

  it("a contract that makes it blocking blocks a delivery at 10% of the median: exit 1, the date not published", async () => {
    const blocking = [volumeCheck("readings", { severity: "error" })]
    const lakehouse = await withHistory(blocking)
    const report = await deliver(lakehouse, "2026-03-04", 1, blocking)
    expect(report.verdict).toBe("blocked")
    expect(report.exitCode).toBe(1)
    const volume = volumeOf(report.checks)
    expect(volume?.status).toBe("fail")
    expect(volume?.observed).toMatchObject({ rows: "1", median: "10", dates: "3", min_rows: "5" })
    expect(report.layers.find((l) => l.layer === "silver")?.reasons.map((r) => r.checkId)).toContain("volume.recent")
    // Exactly one volume check ran: the declared one replaced the default.
    expect(report.checks.filter((c) => c.checkId === "volume.recent")).toHaveLength(1)
  }, 60_000)

  it("a contract sets the window and the share: the last 2 dates (12, 8: median 10) at 95% flag 9 rows", async () => {
    const strict = [volumeCheck("readings", { lastDates: 2, minShare: 0.95 })]
    const lakehouse = await withHistory(strict)
    const volume = volumeOf((await deliver(lakehouse, "2026-03-04", 9, strict)).checks)
    expect(volume?.status).toBe("warn")
    expect(volume?.observed).toMatchObject({ rows: "9", median: "10", dates: "2", min_rows: "9.5", min_share: "95%" })
  }, 60_000)

  it("a contract turns it off: no volume result, the empty delivery publishes without it", async () => {
    const off = [volumeCheck("readings", { off: true })]
    const lakehouse = await withHistory(off)
    const report = await deliver(lakehouse, "2026-03-04", 0, off)
    expect(report.verdict).toBe("published")
    expect(volumeOf(report.checks)).toBeUndefined()
  }, 60_000)
})
