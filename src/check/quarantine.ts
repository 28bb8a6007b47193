/**
 * `--quarantine DIR`: the rows that failed, in one Parquet file,
 * `DIR/quarantine.parquet`, one row per failing row and check:
 *
 * | column     | type    | holds                                                        |
 * |------------|---------|--------------------------------------------------------------|
 * | `check_id` | VARCHAR | the check that failed (`schema.columns` for a value that does not type) |
 * | `reason`   | VARCHAR | why (`out of range`, `not a BIGINT`, `duplicate key`, ...)    |
 * | `column`   | VARCHAR | the column(s) at fault, comma-separated (the check id for SQL checks) |
 * | `value`    | VARCHAR | the offending value as text, when there is one               |
 * | `row`      | VARCHAR | the whole row as read, a JSON object (CSV values as text)    |
 *
 * The row is JSON text rather than a struct so that one file holds the
 * failing rows of every check (custom SQL checks return rows of their own
 * shape) and any tool reads it: `row ->> 'amount'` in DuckDB,
 * `json.loads` in Python, `from_json` in Spark. A row failing two checks
 * appears twice. Rows come from every check with a failing-rows query that
 * found failures; the file is written even when empty.
 *
 * @example
 * const written = yield* writeQuarantine("quarantine", quarantineQueries(inputs, evaluated.results))
 * written.rows // 42
 */
import { Data, Effect } from "effect"
import { mkdir, rm } from "node:fs/promises"
import { join } from "node:path"
import { check as vocabulary, type Check } from "../checks/Check.ts"
import { failingRowsSql, type CheckTarget } from "../checks/evaluate.ts"
import type { CheckResult } from "../contract/CheckResult.ts"
import { Duck, sqlIdent, sqlString } from "../engine/Duck.ts"
import { availableColumns, typeFailure } from "./columnPlan.ts"
import { vocabularyOf } from "./contractTable.ts"
import type { CheckInputs } from "./evaluateChecks.ts"
import { CHECK_LAYER, SCHEMA_CHECK_ID } from "./schemaCheck.ts"
import { ROW_COLUMN } from "./views.ts"

/** The quarantine file could not be written. */
export class QuarantineError extends Data.TaggedError("QuarantineError")<{
  readonly path: string
  readonly message: string
}> {}

/** The file's name in the quarantine directory. */
export const QUARANTINE_FILE = "quarantine.parquet"

/** What was written. */
export interface QuarantineWritten {
  readonly path: string
  readonly rows: number
}

const META = `'{"_path": null, "_message": null, "_value": null, "_source_id": null}'`

/** The quarantine rows of one check's failing-rows query; `ownRow`: the query's rows carry the row as read. */
const fromFailing = (checkId: string, failing: string, ownRow: boolean): string =>
  `select ${sqlString(checkId)} as check_id, f._message::varchar as reason, f._path::varchar as "column", f._value::varchar as value, ${
    ownRow ? `f.${ROW_COLUMN}` : `json_merge_patch(to_json(f), ${META})::varchar`
  } as row from (${failing}) f`

/**
 * The queries of the failing rows of every check that found some, as
 * `(check_id, reason, column, value, row)`: values that do not type, the
 * standard checks, and every vocabulary check with a failing-rows query.
 */
export const quarantineQueries = (inputs: CheckInputs, results: ReadonlyArray<CheckResult>): ReadonlyArray<string> => {
  const { contract, plan, views } = inputs
  const available = availableColumns(plan)
  const failed = (id: string) => results.some((r) => r.checkId === id && r.failed > 0 && r.status !== "error")
  const key = contract.primaryKey.every((c) => available.has(c)) ? contract.primaryKey : []
  const target: CheckTarget = { layer: CHECK_LAYER, table: contract.table, key }
  const rowsOf = (table: string) => (table === contract.table ? views.rows : sqlIdent(table))
  const queries: Array<string> = []
  if (failed(SCHEMA_CHECK_ID)) {
    for (const column of plan.columns) {
      if (column.status !== "ok") continue
      const condition = typeFailure(column, `r.${sqlIdent(column.source)}`, column.typed)
      if (condition === null) continue
      queries.push(
        `select ${sqlString(SCHEMA_CHECK_ID)} as check_id, ${sqlString(`not a ${column.sqlType}`)} as reason, ${sqlString(column.name)} as "column", r.${sqlIdent(column.source)}::varchar as value, to_json(r)::varchar as row from ${views.raw} r where ${condition}`
      )
    }
  }
  const standard: ReadonlyArray<readonly [string, Check | null]> = [
    ["not_null", contract.required.length > 0 ? vocabulary.notNull(contract.required) : null],
    ["key.unique", contract.primaryKey.length > 0 ? vocabulary.unique(contract.primaryKey) : null],
    ...contract.references.filter((r) => r.table === contract.table).map((r) => ["fk.reference", vocabulary.references(r.columns, r.table, r.referencedColumns)] as const)
  ]
  for (const [id, c] of standard) {
    const failing = c === null || !failed(id) ? null : failingRowsSql(c, target, rowsOf)
    if (failing !== null) queries.push(fromFailing(id, failing, true))
  }
  for (const c of vocabularyOf(contract)) {
    const failing = failed(c.id) ? failingRowsSql(c, target, rowsOf) : null
    if (failing !== null) queries.push(fromFailing(c.id, failing, c.rule._tag !== "Sql"))
  }
  return queries
}

const EMPTY = `select NULL::varchar as check_id, NULL::varchar as reason, NULL::varchar as "column", NULL::varchar as value, NULL::varchar as row where false`

/**
 * Write the failing rows to `dir/quarantine.parquet` (replacing it); the rows
 * written. Each check's rows are written on their own, one query at a time
 * (a union of them would scan the data once per check at the same time, each
 * scan with its own read buffers), then gathered into the one file.
 */
export const writeQuarantine = (dir: string, queries: ReadonlyArray<string>): Effect.Effect<QuarantineWritten, QuarantineError, Duck> =>
  Effect.scoped(
    Effect.gen(function* () {
      const path = join(dir, QUARANTINE_FILE)
      const parts = join(dir, `.quarantine-parts-${process.pid}`)
      yield* Effect.acquireRelease(
        Effect.tryPromise({ try: () => mkdir(parts, { recursive: true }), catch: (e) => new QuarantineError({ path: dir, message: `cannot create the directory: ${String(e)}` }) }),
        () => Effect.promise(() => rm(parts, { recursive: true, force: true }))
      )
      const duck = yield* Duck
      const fail = (e: { readonly message: string }) => new QuarantineError({ path, message: e.message })
      const files: Array<string> = []
      for (const [i, query] of [EMPTY, ...queries].entries()) {
        const file = join(parts, `part-${i}.parquet`)
        yield* duck.run(`copy (${query}) to ${sqlString(file)} (format parquet, compression zstd)`).pipe(Effect.mapError(fail))
        files.push(file)
      }
      yield* duck.run(`copy (select * from read_parquet([${files.map(sqlString).join(", ")}])) to ${sqlString(path)} (format parquet, compression zstd)`).pipe(Effect.mapError(fail))
      const counted = yield* duck.all(`select count(*) as n from read_parquet(${sqlString(path)})`).pipe(Effect.mapError(fail))
      return { path, rows: Number(counted[0]?.["n"] ?? 0) }
    })
  )
