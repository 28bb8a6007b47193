/**
 * The checks every table contract gets from its declaration: primary key,
 * required columns, references and the staged Parquet's columns.
 */
import { Effect } from "effect"
import { Duck, sqlIdent, sqlString } from "../engine/Duck.ts"
import type { TableSpec } from "./Contract.ts"
import { customDatasetCheck, datasetResult, sqlDatasetCheck, type DatasetCheck } from "./DatasetCheck.ts"
import { duplicateKeysSql } from "./duplicateKeys.ts"

/** What each standard check guarantees when it passes. */
const Describe = {
  "key.unique": "A published table's primary key is unique.",
  not_null: "A published table's required columns hold no NULL.",
  "fk.reference": "Every foreign key of a published table (one without a NULL in it) has a matching row in the table it references.",
  "schema.columns": "The staged Parquet file has exactly the contract's columns and types, in order."
} as const


/** `key.unique`: no two rows share the primary key (of a table with kept rows: no staged key is held twice, see {@link duplicateKeysSql}). */
const uniqueKey = (contract: TableSpec): DatasetCheck =>
  sqlDatasetCheck(
    { id: "key.unique", layer: contract.layer, table: contract.table, severity: "error", description: Describe["key.unique"] },
    (context) => ({
      failing: `select ${contract.primaryKey.map(sqlIdent).join(" || '/' || ")}::varchar as value, ${sqlString(contract.primaryKey.join(","))} as path, 'duplicate key, ' || n || ' rows' as message
        from (${duplicateKeysSql(context, contract.table, contract.primaryKey)})`,
      total: `select count(*) as n from ${context.relation(contract.table)}`,
      message: (n) => `${n} duplicated key value(s) in (${contract.primaryKey.join(", ")})`
    })
  )

/** `not_null`: required columns hold no NULL. */
const notNull = (contract: TableSpec): DatasetCheck =>
  sqlDatasetCheck(
    { id: "not_null", layer: contract.layer, table: contract.table, severity: "error", description: Describe["not_null"] },
    ({ relation }) => ({
      failing: contract.required
        .map((c) => `select ${sqlString(c)} as path, 'NULL in required column' as message, null as value from ${relation(contract.table)} where ${sqlIdent(c)} is null`)
        .join(" union all "),
      total: `select count(*) as n from ${relation(contract.table)}`,
      message: (n) => `${n} NULL value(s) in required columns`
    })
  )

/**
 * `fk.reference`: every foreign key has a row in the referenced table. A key
 * with a NULL in it references nothing and passes (SQL's MATCH SIMPLE, as
 * `check.references`, dbt's relationships and ODCS do); `not_null` is what
 * requires the column.
 */
const references = (contract: TableSpec): ReadonlyArray<DatasetCheck> =>
  contract.references.map((ref) =>
    sqlDatasetCheck(
      { id: "fk.reference", layer: contract.layer, table: contract.table, severity: "error", description: `${Describe["fk.reference"]} (${ref.columns.join(", ")} → ${ref.table})` },
      ({ relation }) => ({
        failing: `select ${ref.columns.map((c) => `t.${sqlIdent(c)}`).join(" || '/' || ")}::varchar as value, ${sqlString(ref.columns.join(","))} as path, 'no row in ${ref.table}' as message
          from ${relation(contract.table)} t anti join ${relation(ref.table)} r on ${ref.columns.map((c, i) => `t.${sqlIdent(c)} = r.${sqlIdent(ref.referencedColumns[i] ?? c)}`).join(" and ")}
          where ${ref.columns.map((c) => `t.${sqlIdent(c)} is not null`).join(" and ")}`,
        total: `select count(*) as n from ${relation(contract.table)}`,
        message: (n) => `${n} row(s) reference a missing ${ref.table}`
      })
    )
  )

/** `schema.columns`: the staged table has exactly the contract's columns, names and types, in order. */
const columns = (contract: TableSpec): DatasetCheck => {
  const spec = { id: "schema.columns", layer: contract.layer, table: contract.table, severity: "error" as const, description: Describe["schema.columns"] }
  return customDatasetCheck(spec, ({ relation }) =>
      Effect.gen(function* () {
        const duck = yield* Duck
        const described = yield* duck.all(`describe select * from ${relation(contract.table)}`)
        // Quotes inside nested types are DuckDB's choice (it quotes reserved words only): compared without them.
        const unquoted = (type: string) => type.replaceAll('"', "")
        const actual = described.map((row) => `${String(row["column_name"])} ${unquoted(String(row["column_type"]))}`)
        const expected = contract.definition.sqlColumns.map(([name, type]) => `${name} ${unquoted(type)}`)
        const missing = expected.filter((c) => !actual.includes(c))
        const extra = actual.filter((c) => !expected.includes(c))
        // Same columns in another order count as one failure: readers that select by position would misread them.
        const reordered = missing.length + extra.length === 0 && actual.join(",") !== expected.join(",") ? 1 : 0
        const failed = missing.length + extra.length + reordered
        return datasetResult(spec, {
          failed,
          total: expected.length,
          observed: { expected: expected.join(", "), actual: actual.join(", ") },
          samples: [...missing.map((c) => ({ recordIndex: null, sourceId: null, path: c, message: "missing column", value: null })), ...extra.map((c) => ({ recordIndex: null, sourceId: null, path: c, message: "unexpected column", value: null }))],
          message:
            failed === 0
              ? "columns match the contract"
              : reordered === 1
                ? `columns are in another order than the contract's: ${actual.join(", ")}`
                : `columns differ from the contract: missing ${missing.join(", ") || "none"}; unexpected ${extra.join(", ") || "none"}`
        })
      })
  )
}

/** Every standard check a table contract declares, then its own. */
export const tableChecks = (contract: TableSpec): ReadonlyArray<DatasetCheck> => [
  columns(contract),
  ...(contract.primaryKey.length > 0 ? [uniqueKey(contract)] : []),
  ...(contract.required.length > 0 ? [notNull(contract)] : []),
  ...references(contract),
  ...contract.datasetChecks
]
