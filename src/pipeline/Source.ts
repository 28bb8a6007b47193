/**
 * A pipeline's source: where records come from (a JSON array, at the top
 * level or under a key, or NDJSON), the source contract that decodes and
 * judges each record, and how a judged record becomes rows of the staging
 * tables that silver is built from. Records are split from the file as a
 * stream, one at a time, so memory never holds the file.
 *
 * @example
 * import { source } from "lakegate"
 * export const orders = source({
 *   name: "orders",
 *   format: { _tag: "Ndjson" },
 *   contract: ordersContract,          // a SourceContract: Effect Schema + row and batch checks
 *   staging: {
 *     tables: { orders: [["record_index", "BIGINT"], ["order_id", "BIGINT"]] },
 *     write: (out, index, _sourceId, o) => out.orders.add(`${index},${o.order_id}\n`)
 *   }
 * })
 */
import type { SourceContract } from "../contract/Contract.ts"
import type { BatchCheck, RowContext } from "../contract/RowCheck.ts"
import type { Severity } from "../contract/CheckResult.ts"
import { renderValue, type Violation } from "../contract/Violation.ts"
import { RowBuffer } from "../engine/csv.ts"
import { makeJudge } from "../stages/refine/judgeRecord.ts"

/**
 * How records are cut from the source file. JSON arrays and NDJSON are split
 * as a stream, each record's bytes kept verbatim in bronze. CSV and Parquet
 * are read by DuckDB and handed to landing as NDJSON, one JSON object per row
 * (CSV fields as text, exactly as delivered; Parquet values as DuckDB renders
 * them in JSON): bronze keeps that JSON object, not the CSV line.
 */
export type RecordFormat =
  | { readonly _tag: "JsonArray"; /** The top-level object's key holding the array, or null for a top-level array. */ readonly key: string | null }
  | { readonly _tag: "Ndjson" }
  | { readonly _tag: "Csv"; readonly delimiter?: string; readonly quote?: string; readonly header?: boolean }
  | { readonly _tag: "Parquet" }

/** Columns of a staging table, `[name, SQL type]` in CSV order. */
export type StagingColumns = ReadonlyArray<readonly [string, string]>

/** What a source declares about its staging tables. */
export interface StagingDeclaration<A, T extends string> {
  /** The staging tables and their columns; the first column must be `record_index BIGINT`. */
  readonly tables: Readonly<Record<T, StagingColumns>>
  /**
   * Write one decoded record's rows as CSV lines (see `csvText`, `csvOptionalText`
   * for text fields; numbers and dates as they are; NULL as an empty field).
   */
  readonly write: (out: Readonly<Record<T, RowBuffer>>, index: number, sourceId: string, record: A) => void
  /**
   * The working tables' DDL, replacing the default (one table `candidate_<name>`
   * per staging table, with its columns), e.g. to add columns `load` joins in.
   */
  readonly create?: ReadonlyArray<string>
  /**
   * Statements appending one segment's staging files (by staging table name,
   * each readable with `read_csv(file, readCsvOptions(columns))`) to the working
   * tables, replacing the default (each file appended to its table as it is).
   */
  readonly load?: (files: Readonly<Record<T, string>>) => ReadonlyArray<string>
}

/** A source as declared, with its record type. */
export interface SourceDeclaration<A, I, T extends string> {
  /** The records' name in reports (the table their row checks report on), e.g. `orders`. */
  readonly name: string
  readonly format: RecordFormat
  readonly contract: SourceContract<A, I>
  readonly staging: StagingDeclaration<A, T>
  /** A record's id as delivered, for reports (default: its `id` field). */
  readonly sourceId?: (json: unknown) => string | null
}

/** The record-level checks a source runs, as the report lists them. */
export interface SourceCheckInfo {
  readonly id: string
  readonly severity: Severity
  readonly description: string
}

/** One batch's staging rows: per staging table (in declaration order) and the violations. */
export interface StagedRows {
  readonly tables: ReadonlyArray<Buffer>
  readonly violations: Buffer
  readonly decoded: number
}

/** Judges records and writes their staging rows into reused buffers; one per thread that stages. */
export interface RecordStager {
  /** Judge one parsed record and append its rows. */
  readonly add: (index: number, json: unknown) => void
  /** Reject a record without reading it (e.g. over the size limit): only its violation is written. */
  readonly reject: (index: number, violation: Violation) => void
  /** The rows added since the last `take` (views valid until the next `add`). */
  readonly take: () => StagedRows
  /** Forget the rows added since the last `take`. */
  readonly clear: () => void
}

/** A source ready to run: its record type erased behind the stager it builds. */
export interface Source {
  readonly name: string
  readonly format: RecordFormat
  readonly contract: { readonly id: string; readonly version: string; readonly description: string }
  /** The schema check and the row checks, then the batch checks. */
  readonly recordChecks: ReadonlyArray<SourceCheckInfo>
  readonly batchChecks: ReadonlyArray<BatchCheck>
  /** Staging tables, in declaration order. */
  readonly tables: ReadonlyArray<readonly [name: string, columns: StagingColumns]>
  readonly stager: (context: RowContext) => RecordStager
  readonly create: ReadonlyArray<string> | null
  readonly load: ((files: Readonly<Record<string, string>>) => ReadonlyArray<string>) | null
}

const QUOTES = /"/g
const csvField = (value: string): string => (value.includes('"') ? `"${value.replace(QUOTES, '""')}"` : `"${value}"`)

/** A record's `id` field as delivered, if it has one. */
export const idField = (json: unknown): string | null =>
  json !== null && typeof json === "object" && !Array.isArray(json) && "id" in json ? renderValue((json as { id: unknown }).id) : null

/** Declare a source. */
export const source = <A, I, T extends string>(declaration: SourceDeclaration<A, I, T>): Source => {
  const names = Object.keys(declaration.staging.tables) as Array<T>
  const contract = declaration.contract
  const sourceIdOf = declaration.sourceId ?? idField
  const load = declaration.staging.load
  return {
    name: declaration.name,
    format: declaration.format,
    contract: { id: contract.id, version: contract.version, description: contract.description },
    recordChecks: [
      { id: "schema", severity: contract.schemaSeverity, description: "Every record decodes against the contract schema: required fields present, types right, dates real calendar dates; a record that does not is quarantined, and the path says where." },
      ...contract.rowChecks.map((c) => ({ id: c.id, severity: c.severity, description: c.description }))
    ],
    batchChecks: contract.batchChecks,
    tables: names.map((name) => [name, declaration.staging.tables[name]] as const),
    create: declaration.staging.create ?? null,
    load: load === undefined ? null : (files) => load(files as Readonly<Record<T, string>>),
    stager: (context) => {
      const judge = makeJudge(contract)
      const buffers = Object.fromEntries(names.map((name) => [name, new RowBuffer()])) as Record<T, RowBuffer>
      const ordered = names.map((name) => buffers[name])
      const violations = new RowBuffer()
      const write = declaration.staging.write
      let decoded = 0
      const addViolation = (index: number, sourceId: string, v: Violation) =>
        violations.add(
          `${index},${sourceId},${csvField(v.checkId)},${v.severity},${csvField(v.path)},${csvField(v.message)},${v.value === null ? "" : csvField(v.value)}\n`
        )
      return {
        reject: (index, violation) => addViolation(index, "", violation),
        add: (index, json) => {
          const sourceIdText = sourceIdOf(json)
          const sourceId = sourceIdText === null ? "" : csvField(sourceIdText)
          const verdict = judge(json, context)
          for (const v of verdict.violations) addViolation(index, sourceId, v)
          if (verdict.decoded === undefined) return
          decoded++
          write(buffers, index, sourceId, verdict.decoded)
        },
        take: () => {
          const out = { tables: ordered.map((b) => b.take()), violations: violations.take(), decoded }
          decoded = 0
          return out
        },
        clear: () => {
          for (const b of ordered) b.clear()
          violations.clear()
          decoded = 0
        }
      }
    }
  }
}

/** The columns of the violations staging file every source writes. */
export const violationColumns: StagingColumns = [
  ["record_index", "BIGINT"], ["source_id", "VARCHAR"], ["check_id", "VARCHAR"], ["severity", "VARCHAR"], ["path", "VARCHAR"], ["message", "VARCHAR"], ["value", "VARCHAR"]
]

/** The name of a staging table's working table, which silver builds read. */
export const workingTable = (name: string): string => `candidate_${name}`
