/**
 * The batch checks both DuckDB references (`reference.ts`, `referenceStrict.ts`)
 * write the same way, over their candidate tables `cand_c` (one row per
 * customer, with `record_index`) and `cand_t` (one row per transaction, with
 * `record_index` and `position`): the two keys and the product names. One
 * `union all` branch list of `(record_index, check)` rows.
 */
export const KEY_AND_PRODUCT_CHECKS = `select record_index, 'key.customer_id_unique' from (select record_index, row_number() over (partition by customer_id order by record_index) as k from cand_c) where k > 1
      union all select distinct record_index, 'key.transaction_id_unique' from (select record_index, row_number() over (partition by transaction_id order by record_index, position) as k from cand_t) where k > 1
      union all select distinct t.record_index, 'product.name_consistent' from cand_t t join (
          select product_id, arg_max(product_name, [uses, -first_record, -first_position]) as product_name from (
            select product_id, product_name, count(*) as uses, min(record_index) as first_record, arg_min(position, record_index) as first_position from cand_t group by all)
          group by all) m using (product_id)
        where t.product_name <> m.product_name`
