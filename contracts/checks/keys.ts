/**
 * Batch key checks in SQL: the first occurrence in file order is kept, every
 * later record carrying the same key is rejected.
 */
import { sqlString, type BatchTables } from "lakegate"

/**
 * Violations for records whose `keyColumn` was already seen earlier in the
 * batch. `table` rows are ordered by (`record_index`, `position`). Only the
 * keys that occur more than once are sorted (found first by a hash
 * aggregate): a window over every row sorted all 7.8M transactions of a
 * 1 GB batch to find a few hundred duplicates.
 */
export const duplicateKeySql = (options: {
  readonly table: string
  readonly keyColumn: string
  readonly path: (alias: string) => string
  readonly noun: string
}): string => `
  select record_index, source_id, ${options.path("d")} as path,
    ${sqlString(`${options.noun} `)} || d.${options.keyColumn} || ' already seen in record ' || d.first_index as message,
    d.${options.keyColumn}::varchar as value
  from (
    select *, first_value(record_index) over w as first_index, row_number() over w as occurrence
    from ${options.table} semi join (
      select ${options.keyColumn} from ${options.table} group by ${options.keyColumn} having count(*) > 1
    ) using (${options.keyColumn})
    window w as (partition by ${options.keyColumn} order by record_index, position)
  ) d
  where d.occurrence > 1`

/** Customer-level duplicates. */
export const duplicateCustomerIdSql = (tables: BatchTables): string =>
  duplicateKeySql({ table: `(select *, 0 as position from ${tables("customers")})`, keyColumn: "customer_id", path: () => "'id'", noun: "customer id" })

/** Transaction-level duplicates; the path names the transaction's position. */
export const duplicateTransactionIdSql = (tables: BatchTables): string =>
  duplicateKeySql({
    table: tables("transactions"),
    keyColumn: "transaction_id",
    path: (a) => `'transactions[' || ${a}.position || '].transaction_id'`,
    noun: "transaction id"
  })
