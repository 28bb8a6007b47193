/** Helpers of the `lakegate check` tests: data files, contracts in temp dirs, the library's steps in one call. */
import { Effect } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { planColumns } from "../../src/check/columnPlan.ts"
import { evaluateChecks, type CheckInputs } from "../../src/check/evaluateChecks.ts"
import { describeSource, readColumns, readerSql } from "../../src/check/reader.ts"
import { resolveSource, type SourceSpec } from "../../src/check/source.ts"
import { createViews, viewNames } from "../../src/check/views.ts"
import type { FailureSample } from "../../src/contract/CheckResult.ts"
import type { CheckResult } from "../../src/contract/CheckResult.ts"
import type { TableSpec } from "../../src/contract/Contract.ts"
import { tableChecks } from "../../src/contract/standardChecks.ts"
import { Duck, sqlIdent, sqlString } from "../../src/engine/Duck.ts"
import { DuckDBInstance } from "@duckdb/node-api"

/** Write a file and return its path. */
export const write = (dir: string, name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** CSV text from a header and rows (values written as given; null as an empty field). */
export const csv = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string =>
  [header.join(","), ...rows.map((r) => r.map((v) => (v === null ? "" : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v))).join(","))].join("\n") + "\n"

/** Resolve, describe and plan a source, and create its views: what `checkData` does before it evaluates. */
export const prepare = (contract: TableSpec, spec: SourceSpec, ingestionDate = "2024-05-01"): Effect.Effect<CheckInputs, unknown, Duck> =>
  Effect.gen(function* () {
    const source = yield* resolveSource(spec)
    const described = yield* describeSource(source)
    const names = contract.definition.sqlColumns.map(([n]) => n)
    const plan = planColumns(contract.definition.sqlColumns, readColumns(source, described, names), source.format)
    const views = viewNames(contract.table)
    yield* createViews(views, readerSql(source, described, names), plan)
    return { contract, plan, views, ingestionDate }
  })

/** The single-scan results, without `schema.columns`. */
export const singleScan = (inputs: CheckInputs): Effect.Effect<ReadonlyArray<CheckResult>, unknown, Duck> =>
  Effect.map(evaluateChecks(inputs), (e) => e.results.slice(1))

/** Each check evaluated on its own, as the pipeline does (`tableChecks` without its Parquet `schema.columns`), on the typed view. */
export const perCheck = (inputs: CheckInputs): Effect.Effect<ReadonlyArray<CheckResult>, unknown, Duck> =>
  Effect.forEach(
    tableChecks({ ...inputs.contract, layer: "check" }).filter((c) => c.id !== "schema.columns"),
    (c) => Effect.map(c.evaluate({ layer: "check", relation: sqlIdent, ingestionDate: inputs.ingestionDate }), (r) => ({ ...r, layer: "check" }))
  )

const sampleKey = (s: FailureSample) => JSON.stringify([s.path, s.message, s.value, s.sourceId, s.recordIndex])

/**
 * A result with its samples in a canonical order, and without them when
 * more rows failed than samples are kept (each evaluation keeps its own
 * first twenty, in scan order).
 */
export const comparable = (r: CheckResult) => ({ ...r, samples: r.failed > r.samples.length ? `${r.samples.length} samples` : [...r.samples].sort((a, b) => sampleKey(a).localeCompare(sampleKey(b))) })

/** Rows of a Parquet or any file DuckDB reads, with a query over `f`, in a throwaway in-process DuckDB. */
export const queryFile = async (sql: string): Promise<ReadonlyArray<Record<string, unknown>>> => {
  const db = await DuckDBInstance.create(":memory:")
  const connection = await db.connect()
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson()
  } finally {
    connection.closeSync()
    db.closeSync()
  }
}

/** Run statements in a throwaway DuckDB (e.g. to write a Parquet file for a test). */
export const duckRun = async (statements: ReadonlyArray<string>): Promise<void> => {
  const db = await DuckDBInstance.create(":memory:")
  const connection = await db.connect()
  try {
    for (const s of statements) await connection.run(s)
  } finally {
    connection.closeSync()
    db.closeSync()
  }
}

export { sqlString }
