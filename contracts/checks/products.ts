/**
 * One product id, one name. The majority name in the batch wins (ties go to
 * the name seen first in file order: record, then position in the record);
 * records using another name are rejected.
 */
import type { BatchTables } from "lakegate"

/** Violations for transactions whose product name disagrees with the batch's majority name. */
export const conflictingProductNameSql = (tables: BatchTables): string => `
  with names as (
    select product_id, product_name, count(*) as uses, min([record_index, position]) as first_seen
    from ${tables("transactions")} group by product_id, product_name
  ),
  majority as (
    select product_id, arg_max(product_name, [uses, -first_seen[1], -first_seen[2]]) as product_name
    from names group by product_id
  )
  select t.record_index, t.source_id, 'transactions[' || t.position || '].product_name' as path,
    'product ' || t.product_id || ' is named ' || to_json(m.product_name) || ' elsewhere in the batch' as message,
    t.product_name as value
  from ${tables("transactions")} t join majority m using (product_id)
  where t.product_name <> m.product_name`
