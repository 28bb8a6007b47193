/**
 * A pipeline of a dataset the framework has never seen, declared here with
 * the public API only, lands the same records from every kind of source:
 * a JSON array at the top level or under a key, NDJSON, CSV and Parquet.
 * Each record ends accepted or quarantined with its reason, and bronze keeps
 * one row per record.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Layer, Schema } from "effect"
import { existsSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import {
  acceptedTable, BRONZE_TABLE, bronzeTable, check, column, csvText, duckLayer, lakehouseLayer, makeRun, pipeline, REJECTED, runPipeline, source, table, violation,
  workingTable, type RecordFormat, type SourceContract
} from "lakegate"
import { query, parquetOf } from "../support/lakehouseReader.ts"
import { tempDir } from "../support/cli.ts"

/** A sensor reading; CSV delivers text, so numbers are decoded from text or taken as numbers. */
const Numeric = Schema.Union(Schema.Number, Schema.NumberFromString)
const Reading = Schema.Struct({ sensor: Schema.String, value: Numeric, unit: Schema.Literal("C", "F") })

const readings: SourceContract<typeof Reading.Type, typeof Reading.Encoded> = {
  id: "source.readings",
  version: "1.0.0",
  description: "Sensor readings.",
  schema: Reading,
  schemaSeverity: "error",
  rowChecks: [
    {
      id: "value.plausible",
      severity: "error",
      description: "A reading is between -50 and 150.",
      validate: (r) => (r.value >= -50 && r.value <= 150 ? [] : [violation("value.plausible", "error", "value", "implausible reading", String(r.value))])
    }
  ],
  batchChecks: []
}

const readingsPipeline = (format: RecordFormat) =>
  pipeline({
    name: "readings",
    source: source({
      name: "readings",
      format,
      contract: readings,
      sourceId: (json) => (json !== null && typeof json === "object" && "sensor" in json ? String(json.sensor) : null),
      staging: {
        tables: { readings: [["record_index", "BIGINT"], ["sensor", "VARCHAR"], ["value", "DOUBLE"], ["unit", "VARCHAR"]] },
        write: (out, index, _id, r) => out.readings.add(`${index},${csvText(r.sensor)},${r.value},${r.unit}\n`)
      }
    }),
    bronze: bronzeTable({ name: "readings_raw", version: "1.0.0", description: "Every reading as delivered." }),
    silver: [
      {
        contract: table({
          name: "readings",
          version: "1.0.0",
          columns: { sensor: column.text(), value: column.integer(), unit: column.enum(["C", "F"]), _record_index: column.integer({ min: 0 }) },
          key: ["_record_index"],
          checks: [check.acceptedValues("unit", ["C", "F"])]
        }),
        build: `select sensor, value::BIGINT as value, unit, record_index::BIGINT as _record_index from ${acceptedTable("readings")}`,
        rowsIn: `select count(*) from ${BRONZE_TABLE}`,
        quarantined: `select count(*) from ${REJECTED}`
      }
    ],
    downstream: []
  })

const rows = [
  { sensor: "a", value: 21, unit: "C" },
  { sensor: "b", value: 70, unit: "F" },
  { sensor: "c", value: 900, unit: "C" },
  { sensor: "d", value: -3, unit: "C" }
]

const runWith = async (format: RecordFormat, file: string) => {
  const lakehouse = join(tempDir("lakegate-sources-"), "lakehouse")
  const outcome = await Effect.runPromise(
    runPipeline(readingsPipeline(format), makeRun(file, "2026-12-01", new Date("2026-12-01T06:00:00Z"), "abc123")).pipe(
      Effect.provide(Layer.mergeAll(duckLayer({ threads: 1, memoryLimit: "256MB" }), lakehouseLayer(lakehouse).pipe(Layer.provide(NodeContext.layer))))
    )
  )
  const published = existsSync(join(lakehouse, "silver", "readings"))
  const accepted = published ? await query(`select sensor, value, unit from ${parquetOf(lakehouse, "silver", "readings", "2026-12-01")} order by sensor`) : null
  const bronze = existsSync(join(lakehouse, "bronze", "readings_raw")) ? await query(`select count(*)::INTEGER as n from ${parquetOf(lakehouse, "bronze", "readings_raw", "2026-12-01")}`) : null
  return { outcome, accepted, bronze: bronze?.[0]?.["n"] ?? null }
}

describe("a pipeline over any kind of source", () => {
  const dir = tempDir("lakegate-sources-in-")
  const files = {
    array: join(dir, "readings.json"),
    keyed: join(dir, "readings-keyed.json"),
    ndjson: join(dir, "readings.ndjson"),
    csv: join(dir, "readings.csv"),
    parquet: join(dir, "readings.parquet")
  }
  writeFileSync(files.array, JSON.stringify(rows))
  writeFileSync(files.keyed, JSON.stringify({ readings: rows }))
  writeFileSync(files.ndjson, `${rows.map((r) => JSON.stringify(r)).join("\n")}\n\n`)
  writeFileSync(files.csv, `sensor,value,unit\n${rows.map((r) => `${r.sensor},${r.value},${r.unit}`).join("\n")}\n`)

  const expected = [
    { sensor: "a", value: 21, unit: "C" },
    { sensor: "b", value: 70, unit: "F" },
    { sensor: "d", value: -3, unit: "C" }
  ]

  it.each([
    ["a top-level JSON array", { _tag: "JsonArray", key: null } as const, "array"],
    ["a JSON array under a key", { _tag: "JsonArray", key: "readings" } as const, "keyed"],
    ["NDJSON", { _tag: "Ndjson" } as const, "ndjson"],
    ["CSV", { _tag: "Csv" } as const, "csv"]
  ] as const)("lands %s: the implausible reading quarantined, the rest published", async (_name, format, key) => {
    const result = await runWith(format, files[key])
    expect(result.outcome.verdict, JSON.stringify(result.outcome.error)).toBe("published")
    expect(result.accepted).toEqual(expected.map((r) => ({ ...r, value: String(r.value) })))
    expect(result.bronze).toBe(4)
    expect(result.outcome.quarantineByCheck).toEqual([{ checkId: "value.plausible", records: 1 }])
    const silver = result.outcome.layers.find((l) => l.layer === "silver")?.tables[0]
    expect([silver?.rowsIn, silver?.accepted, silver?.quarantined]).toEqual([4, 3, 1])
  })

  it("lands Parquet", async () => {
    await query(`copy (select * from read_json('${files.ndjson}')) to '${files.parquet}' (format parquet)`)
    const result = await runWith({ _tag: "Parquet" }, files.parquet)
    expect(result.outcome.verdict, JSON.stringify(result.outcome.error)).toBe("published")
    expect(result.accepted).toEqual(expected.map((r) => ({ ...r, value: String(r.value) })))
    expect(result.bronze).toBe(4)
  })

  it("refuses a file that is not its format with an input error, publishing nothing", async () => {
    const result = await runWith({ _tag: "JsonArray", key: "readings" }, files.array)
    expect(result.outcome.verdict).toBe("failed")
    expect(result.outcome.error?.tag).toBe("InputError")
    expect(result.outcome.error?.message).toContain('top level must be {"readings": [...]}')
    expect([result.accepted, result.bronze]).toEqual([null, null])
  })

  it("a schema failure in CSV text (a value that is not a number) is quarantined, not a crash", async () => {
    const bad = join(dir, "bad.csv")
    writeFileSync(bad, "sensor,value,unit\na,21,C\nb,warm,C\n")
    const result = await runWith({ _tag: "Csv" }, bad)
    expect(result.outcome.verdict).toBe("published")
    expect(result.outcome.quarantineByCheck).toEqual([{ checkId: "schema", records: 1 }])
    expect(result.accepted).toEqual([{ sensor: "a", value: "21", unit: "C" }])
  })

  it("the working relations are named as documented", () => {
    expect([workingTable("readings"), acceptedTable("readings"), REJECTED, BRONZE_TABLE]).toEqual(["candidate_readings", "accepted_readings", "rejected_records", "bronze_records"])
  })
})
