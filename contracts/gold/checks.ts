/**
 * Check builders shared by the gold contracts: `key.gold_unique` (natural and
 * surrogate keys, plus table-specific invariants) and the fact's foreign keys.
 */
import { duplicateKeysSql, sqlDatasetCheck, type DatasetCheck, type DatasetContext, sqlIdent, sqlString } from "lakegate"
import { describeCheck, type CheckId } from "../catalogue.ts"

/** A failing-rows query with the columns `value`, `path`, `message` (all VARCHAR). */
export type FailingRows = (relation: DatasetContext["relation"], context: DatasetContext) => string

const keyText = (columns: ReadonlyArray<string>) => columns.map((c) => `coalesce(${sqlIdent(c)}::varchar, 'NULL')`).join(" || '/' || ")

/**
 * `key.gold_unique` on one table: every listed key (each a column list) is
 * unique (of a table with kept rows: no staged key is held twice, see
 * `duplicateKeysSql`), and every extra invariant query returns no row.
 */
export const goldUnique = (table: string, keys: ReadonlyArray<ReadonlyArray<string>>, invariants: ReadonlyArray<FailingRows> = []): DatasetCheck =>
  sqlDatasetCheck(
    { id: "key.gold_unique", layer: "gold", table, severity: "error", description: describeCheck("key.gold_unique") },
    (context) => ({
      failing: [
        ...keys.map(
          (key) =>
            `select (${keyText(key)})::varchar as value, ${sqlString(key.join(","))}::varchar as path, ('duplicate key, ' || n || ' rows')::varchar as message
             from (${duplicateKeysSql(context, table, key)})`
        ),
        ...invariants.map((q) => `select value::varchar as value, path::varchar as path, message::varchar as message from (${q(context.relation, context)})`)
      ].join(" union all "),
      total: `select count(*) as n from ${context.relation(table)}`,
      message: (n) => `${n} key violation(s) in ${table}`
    })
  )

/** A foreign key of `fact_transactions` into a dimension, under its own catalogue id. */
export const factReference = (id: CheckId & `fk.${string}`, column: string, dimension: string, dimensionColumn: string): DatasetCheck =>
  sqlDatasetCheck(
    { id, layer: "gold", table: "fact_transactions", severity: "error", description: describeCheck(id) },
    ({ relation }) => ({
      failing: `select f.transaction_id::varchar as source_id, ${sqlString(column)} as path, ${sqlString(`no row in ${dimension}`)} as message, f.${sqlIdent(column)}::varchar as value
        from ${relation("fact_transactions")} f anti join ${relation(dimension)} d on f.${sqlIdent(column)} = d.${sqlIdent(dimensionColumn)}`,
      total: `select count(*) as n from ${relation("fact_transactions")}`,
      message: (n) => `${n} fact(s) reference a missing ${dimension} row`
    })
  )
