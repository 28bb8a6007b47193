/**
 * The strict reference (`npm run bench -- --reference strict`): the plain
 * DuckDB pipeline of rounds 5–6. It keeps every leaf of every customer as a
 * JSON value so that its JSON type is checked as lakegate's schema does (a
 * number written as a string does not decode, a missing `last_purchase` is
 * told from a JSON null), which costs it about twice the CPU of the fast reference
 * (`bench/reference.ts`) on the same input. Everything else is the same job:
 * bronze (each customer's JSON text), the record and batch checks in SQL
 * (money compared in whole cents) and the silver tables as Parquet.
 */
import { join } from "node:path"
import { KEY_AND_PRODUCT_CHECKS } from "./referenceChecks.ts"

/** Where and what: the input file, the output folder, the run date (YYYY-MM-DD) and the input's file name. */
export interface ReferenceJob {
  readonly input: string
  readonly out: string
  readonly date: string
  readonly sourceFile: string
}

/** Quote a SQL string literal. */
export const q = (text: string): string => `'${text.replaceAll("'", "''")}'`

/** The same email shape as `src/checks/email.ts` (inside a SQL string literal: quotes doubled). */
export const EMAIL = "^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$"

/** `COPY (sql) TO out/table.parquet` with the options lakegate writes silver with. */
export const copyTo = (out: string) => (sql: string, table: string): string =>
  `copy (${sql}) to ${q(join(out, `${table}.parquet`))} (format parquet, compression zstd, row_group_size 122880)`

const ISO = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
/** A `YYYY-MM-DD` string that is a real calendar date. */
const isDate = (e: string) => `(${e} is not null and regexp_full_match(${e}, '${ISO}') and try_strptime(${e}, '%Y-%m-%d') is not null)`
/** A JSON number (not a string holding one). */
const isNumber = (t: string) => `(${t} in ('UBIGINT', 'BIGINT', 'DOUBLE'))`

/** The fields of a customer and of a transaction, each kept as JSON so that its JSON type can be checked (a number written as a string is not a number). */
const TRANSACTION = `{"transaction_id":"JSON","date":"JSON","amount":"JSON","product_id":"JSON","product_name":"JSON"}`
/** `transactions` is a list of them (NULL when it is missing, null or not an array). */
const CUSTOMER = `{"id":"JSON","name":"JSON","email":"JSON","signup_date":"JSON","last_purchase":"JSON","total_spent":"JSON","transactions":[${TRANSACTION}]}`
/** A JSON value that is a positive integer. */
const isPositive = (v: string) => `(json_type(${v}) in ('UBIGINT', 'BIGINT') and try_cast(${v}::varchar as bigint) > 0)`
/** The text of a JSON string value (NULL for any other JSON type). */
const text = (v: string) => `(case when json_type(${v}) = 'VARCHAR' then ${v}->>'$' end)`

/**
 * The strict pipeline's statements. They leave the tables the counts are read
 * from: `src` (records), `cand_c` (decoded), `rejected`, `violations`.
 */
export const strictStatements = ({ input, out, date, sourceFile }: ReferenceJob): ReadonlyArray<string> => {
  const copy = copyTo(out)
  return [
    // The document is parsed twice (read_text + json_transform, the fastest plain DuckDB read of one JSON value):
    // once for each customer's JSON text (bronze, quarantine), once into its fields and its transactions' fields.
    `create table src as
      select unnest(doc.customers) as j, unnest(typed.customers) as f, unnest(range(len(doc.customers))) as record_index
      from (select json_transform(content, '{"customers":["JSON"]}') as doc, json_transform(content, '{"customers":[${CUSTOMER}]}') as typed from read_text(${q(input)}))`,
    copy(
      `select record_index as _record_index, j::varchar as raw, ${q(date)}::date as _ingestion_date, ${q(sourceFile)} as _source_file, now()::timestamp as _ingested_at from src order by record_index`,
      "bronze_customers_raw"
    ),
    `create table tx as
      select record_index, unnest(range(len(f.transactions))) as position, unnest(f.transactions) as t from src where f.transactions is not null`,
    // Schema: every field present with its type; a record that fails does not decode.
    `create table tx_typed as
      select record_index, position,
        coalesce(${isPositive("t.transaction_id")} and ${isDate(text("t.date"))} and ${isNumber("json_type(t.amount)")}
          and ${isPositive("t.product_id")} and json_type(t.product_name) = 'VARCHAR', false) as ok,
        try_cast(t.transaction_id::varchar as bigint) as transaction_id,
        ${text("t.date")} as transaction_date,
        try_cast(t.amount::varchar as double) as amount,
        try_cast(t.product_id::varchar as bigint) as product_id,
        ${text("t.product_name")} as product_name
      from tx`,
    `create table cust as
      select s.record_index, coalesce(${text("f.id")}, f.id::varchar) as source_id,
        -- a customer that is not an object has no id (its fields are NULL), so it does not decode
        coalesce(${isPositive("f.id")} and json_type(f.name) = 'VARCHAR' and json_type(f.email) = 'VARCHAR'
          and ${isDate(text("f.signup_date"))}
          -- a JSON null is a NULL field here: only then is the document asked whether the key is there at all
          and (case when f.last_purchase is null then json_exists(j, '$.last_purchase') else ${isDate(text("f.last_purchase"))} end)
          and ${isNumber("json_type(f.total_spent)")} and f.transactions is not null
          and coalesce(t.bad, 0) = 0, false) as decoded,
        try_cast(f.id::varchar as bigint) as customer_id,
        ${text("f.name")} as name, ${text("f.email")} as email,
        ${text("f.signup_date")} as signup_date, ${text("f.last_purchase")} as last_purchase,
        try_cast(f.total_spent::varchar as double) as total_spent,
        coalesce(t.n, 0) as transaction_count
      from src s left join (select record_index, count(*) as n, count(*) filter (where not ok) as bad from tx_typed group by all) t using (record_index)`,
    `create table cand_c as select * exclude (decoded) from cust where decoded`,
    `create table cand_t as select t.* exclude (ok), round(t.amount * 100) as cents, round(t.amount * 100) / 100 = t.amount as two_decimals
      from tx_typed t semi join cand_c using (record_index)`,
    // Record checks, money in whole cents.
    `create table violations as
      select record_index, 'schema' as "check" from cust where not decoded
      union all select record_index, 'email.format' from cand_c where not (length(email) <= 254 and regexp_full_match(email, '${EMAIL}'))
      union all select distinct record_index, 'amount.positive' from cand_t where not two_decimals or cents <= 0
      union all select c.record_index, 'amount.total_spent_matches' from cand_c c left join (select record_index, sum(cents) as cents, bool_and(two_decimals) as ok from cand_t group by all) t using (record_index)
        where coalesce(t.ok, true) and (round(c.total_spent * 100) / 100 <> c.total_spent or round(c.total_spent * 100) <> coalesce(t.cents, 0))
      union all select record_index, 'date.not_in_future' from (
        select record_index, signup_date as d from cand_c union all select record_index, last_purchase from cand_c union all select record_index, transaction_date from cand_t)
        where d > ${q(date)} group by record_index
      union all select distinct t.record_index, 'date.transaction_after_signup' from cand_t t join cand_c c using (record_index) where t.transaction_date < c.signup_date
      union all select c.record_index, 'date.last_purchase_matches' from cand_c c left join (select record_index, max(transaction_date) as latest from cand_t group by all) t using (record_index)
        where t.latest is distinct from c.last_purchase
      union all ${KEY_AND_PRODUCT_CHECKS}`,
    `create table rejected as select distinct record_index from violations`,
    copy(
      `select customer_id, name, email, signup_date::date as signup_date, last_purchase::date as last_purchase, total_spent::decimal(18,2) as total_spent, transaction_count::integer as transaction_count, record_index as _record_index
        from cand_c anti join rejected using (record_index) order by record_index`,
      "customers"
    ),
    `create table accepted_t as select t.*, c.customer_id, c.name, c.email, c.signup_date from cand_t t join cand_c c using (record_index) anti join rejected using (record_index)`,
    copy(`select product_id, any_value(product_name) as product_name from accepted_t group by product_id order by product_id`, "products"),
    copy(
      `select transaction_id, customer_id, transaction_date::date as transaction_date, amount::decimal(18,2) as amount, product_id, record_index as _record_index from accepted_t order by record_index, position`,
      "transactions"
    ),
    copy(
      `select transaction_id, transaction_date::date as transaction_date, amount::decimal(18,2) as amount, product_id, product_name, customer_id, name as customer_name, email, signup_date::date as signup_date
        from accepted_t order by record_index, position`,
      "denormalized"
    ),
    copy(
      `select s.record_index as _record_index, c.source_id, case when r.record_index is null then 'accepted' else 'quarantined' end as outcome,
        coalesce(v.checks, '') as failed_checks
        from src s left join cust c using (record_index) left join rejected r using (record_index)
        left join (select record_index, string_agg(distinct "check", ',' order by "check") as checks from violations group by all) v using (record_index)
        order by s.record_index`,
      "sanitation"
    ),
    copy(`select v.record_index as _record_index, v."check" as check_id, s.j::varchar as raw from violations v join src s using (record_index) order by v.record_index, v."check"`, "quarantine")
  ]
}
