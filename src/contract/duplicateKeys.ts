/**
 * The duplicated keys of a table as its checks see it. Where the table keeps
 * rows of the version it merges into (`TableWrite.kept`), the kept rows were
 * audited unique when they were written, so only the staged keys are grouped,
 * with the kept rows that share one of them: the hash table holds the day's
 * keys, not the history's.
 */
import { sqlIdent } from "../engine/Duck.ts"
import type { DatasetContext } from "./DatasetCheck.ts"

/**
 * A query of the key values held by more than one row, one row each: the key
 * columns under their names, and `n` the number of rows holding it. NULLs
 * group together, as GROUP BY groups them.
 *
 * @example
 * ```ts
 * const failing = `select order_id::varchar as value, 'order_id' as path, 'duplicate key, ' || n || ' rows' as message
 *   from (${duplicateKeysSql(context, "orders", ["order_id"])})`
 * ```
 */
export const duplicateKeysSql = (context: DatasetContext, table: string, key: ReadonlyArray<string>): string => {
  const cols = key.map(sqlIdent).join(", ")
  const kept = context.kept?.(table)
  if (kept === undefined) return `select ${cols}, count(*) as n from ${context.relation(table)} group by ${cols} having count(*) > 1`
  const staged = (context.staged ?? context.relation)(table)
  const sameKey = key.map((c) => `k.${sqlIdent(c)} is not distinct from s.${sqlIdent(c)}`).join(" and ")
  return `select ${cols}, count(*) as n from (
      select ${cols} from ${staged}
      union all select ${key.map((c) => `k.${sqlIdent(c)}`).join(", ")} from ${kept} k semi join (select ${cols} from ${staged}) s on ${sameKey})
    group by ${cols} having count(*) > 1`
}
