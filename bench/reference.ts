/**
 * The reference pipeline the bench compares lakegate with: the same job done
 * the plain DuckDB way, in SQL only, as fast as we could make it.
 *
 * - Read: `read_text` + `json_transform` parse the whole document (one JSON
 *   value holding the customers array) once, into each customer's JSON text
 *   (bronze, quarantine); that one value is read on one thread. Each
 *   customer's text is then transformed into a TYPED struct (BIGINT ids,
 *   DATE dates, DECIMAL(18,3) money), one row per customer, on all threads.
 * - Bronze, the record and batch checks in SQL (money compared in whole cents)
 *   and the silver tables (customers, products, transactions, denormalized,
 *   sanitation, quarantine) as Parquet, with the options lakegate writes.
 * - No gate, manifests, reports or gold: this is the floor a SQL-only
 *   pipeline sets.
 *
 * What it checks less than lakegate (its counts need not match): DuckDB's
 * non-strict transform casts what it can, so a number written as a string
 * (`"12"`) is a number here, and a value it cannot cast is a NULL (a missing
 * field); a missing `last_purchase` key is a JSON null (allowed); money past
 * 3 decimals is rounded to 3 before the 2-decimal check; a date is what
 * DuckDB's DATE cast accepts. `--mode strict` runs the pipeline of rounds
 * 5–6 instead, which keeps every leaf as a JSON value to check JSON types as
 * lakegate does (`bench/referenceStrict.ts`; about twice the CPU: 27 against 12–16 CPU s at 100 MB).
 *
 *   node --import tsx bench/reference.ts --input FILE --out DIR [--date 2026-11-20] [--threads 2] [--mode fast|strict] [--profile]
 *
 * Prints one JSON line: { mode, records, decoded, rejected, byCheck, ms };
 * `--profile` also prints each statement's wall and CPU seconds on stderr.
 */
import { DuckDBInstance } from "@duckdb/node-api"
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { availableParallelism, tmpdir } from "node:os"
import { basename, join } from "node:path"
import { copyTo, EMAIL, q, strictStatements, type ReferenceJob } from "./referenceStrict.ts"
import { KEY_AND_PRODUCT_CHECKS } from "./referenceChecks.ts"

/** A transaction and a customer as typed structs; money as DECIMAL(18,3) so a third decimal is seen, not rounded away. */
const TRANSACTION = `{"transaction_id":"BIGINT","date":"DATE","amount":"DECIMAL(18,3)","product_id":"BIGINT","product_name":"VARCHAR"}`
const CUSTOMER = `{"id":"BIGINT","name":"VARCHAR","email":"VARCHAR","signup_date":"DATE","last_purchase":"DATE","total_spent":"DECIMAL(18,3)","transactions":[${TRANSACTION}]}`

/**
 * The fast pipeline's statements. They leave the tables the counts are read
 * from: `src` (records), `cand_c` (decoded), `rejected`, `violations`.
 */
export const fastStatements = ({ input, out, date, sourceFile }: ReferenceJob): ReadonlyArray<string> => {
  const copy = copyTo(out)
  const day = `${q(date)}::date`
  return [
    // One parse of the document (one value: one thread), each customer kept as its JSON text.
    `create table src as
      select unnest(doc.customers) as j, unnest(range(len(doc.customers))) as record_index
      from (select json_transform(content, '{"customers":["JSON"]}') as doc from read_text(${q(input)}))`,
    copy(`select record_index as _record_index, j::varchar as raw, ${day} as _ingestion_date, ${q(sourceFile)} as _source_file, now()::timestamp as _ingested_at from src`, "bronze_customers_raw"),
    // Each customer into typed columns (one row each: all threads).
    `create table typed as select record_index, json_transform(j, '${CUSTOMER}') as f from src`,
    // Each transaction with its customer's fields (the denormalized table's), so no join is needed to write them.
    `create table tx as
      select record_index, position, t.transaction_id, t.date as transaction_date, t.amount, t.product_id, t.product_name,
        coalesce(t.transaction_id > 0 and t.date is not null and t.amount is not null and t.product_id > 0 and t.product_name is not null, false) as ok,
        (t.amount * 100)::bigint as cents, t.amount = round(t.amount, 2) as two_decimals,
        customer_id, name, email, signup_date
      from (select record_index, unnest(range(len(f.transactions))) as position, unnest(f.transactions) as t,
              f.id as customer_id, f.name, f.email, f.signup_date from typed where f.transactions is not null)`,
    // Per customer, everything the record checks need from its transactions, in one aggregate.
    `create table per_c as
      select record_index, count(*) as n, count(*) filter (where not ok) as bad, sum(cents) as cents, bool_and(two_decimals) as two_decimals,
        bool_or(not two_decimals or cents <= 0) as bad_amount, max(transaction_date) as latest, min(transaction_date) as earliest
      from tx group by record_index`,
    `create table cust as
      select t.record_index, f.id::varchar as source_id,
        coalesce(f.id > 0 and f.name is not null and f.email is not null and f.signup_date is not null
          and f.total_spent is not null and f.transactions is not null and coalesce(p.bad, 0) = 0, false) as decoded,
        f.id as customer_id, f.name, f.email, f.signup_date, f.last_purchase, f.total_spent,
        coalesce(p.n, 0) as transaction_count, p.cents, p.two_decimals, p.bad_amount, p.latest, p.earliest
      from typed t left join per_c p using (record_index)`,
    `create table cand_c as select * exclude (decoded) from cust where decoded`,
    // The decoded customers' transactions: all but those of the few that did not decode.
    `create table cand_t as select record_index, position, transaction_id, product_id, product_name from tx anti join (select record_index from cust where not decoded) using (record_index)`,
    `create table violations as
      select record_index, 'schema' as "check" from cust where not decoded
      union all select record_index, 'email.format' from cand_c where not (length(email) <= 254 and regexp_full_match(email, '${EMAIL}'))
      union all select record_index, 'amount.positive' from cand_c where bad_amount
      union all select record_index, 'amount.total_spent_matches' from cand_c
        where coalesce(two_decimals, true) and (total_spent <> round(total_spent, 2) or (total_spent * 100)::bigint <> coalesce(cents, 0))
      union all select record_index, 'date.not_in_future' from cand_c
        where signup_date > ${day} or last_purchase > ${day} or latest > ${day}
      union all select record_index, 'date.transaction_after_signup' from cand_c where earliest < signup_date
      union all select record_index, 'date.last_purchase_matches' from cand_c where latest is distinct from last_purchase
      union all ${KEY_AND_PRODUCT_CHECKS}`,
    `create table rejected as select distinct record_index from violations`,
    // The silver tables, without ORDER BY: nearly in record order (joins move some blocks), as lakegate's are.
    copy(
      `select customer_id, name, email, signup_date, last_purchase, total_spent::decimal(18,2) as total_spent, transaction_count::integer as transaction_count, record_index as _record_index
        from cand_c anti join rejected using (record_index)`,
      "customers"
    ),
    copy(`select product_id, any_value(product_name) as product_name from cand_t anti join rejected using (record_index) group by product_id order by product_id`, "products"),
    copy(
      `select transaction_id, customer_id, transaction_date, amount::decimal(18,2) as amount, product_id, record_index as _record_index from tx anti join rejected using (record_index)`,
      "transactions"
    ),
    copy(
      `select transaction_id, transaction_date, amount::decimal(18,2) as amount, product_id, product_name, customer_id, name as customer_name, email, signup_date
        from tx anti join rejected using (record_index)`,
      "denormalized"
    ),
    copy(
      `select c.record_index as _record_index, c.source_id, case when r.record_index is null then 'accepted' else 'quarantined' end as outcome,
        coalesce(v.checks, '') as failed_checks
        from cust c left join rejected r using (record_index)
        left join (select record_index, string_agg(distinct "check", ',' order by "check") as checks from violations group by all) v using (record_index)`,
      "sanitation"
    ),
    copy(`select v.record_index as _record_index, v."check" as check_id, s.j::varchar as raw from violations v join src s using (record_index) order by v.record_index, v."check"`, "quarantine")
  ]
}

const arg = (name: string, fallback?: string): string => {
  const at = process.argv.indexOf(`--${name}`)
  const value = at > 0 ? process.argv[at + 1] : fallback
  if (value === undefined) throw new Error(`usage: reference.ts --input FILE --out DIR [--date YYYY-MM-DD] [--threads N] [--mode fast|strict]; missing --${name}`)
  return value
}

const main = async () => {
  const input = arg("input")
  const out = arg("out")
  const mode = arg("mode", "fast")
  if (mode !== "fast" && mode !== "strict") throw new Error(`--mode is fast or strict, not ${JSON.stringify(mode)}`)
  const threads = Number(arg("threads", String(availableParallelism())))
  const job: ReferenceJob = { input, out, date: arg("date", "2026-11-20"), sourceFile: basename(input) }
  const statements = mode === "fast" ? fastStatements(job) : strictStatements(job)
  const profile = process.argv.includes("--profile")
  const started = performance.now()
  const work = mkdtempSync(join(tmpdir(), "lakegate-reference-"))
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  // The strict pipeline's tables are large (every leaf a JSON value): on disk, as in rounds 5–6; the fast one's in memory (spilling past DuckDB's default limit).
  const db = await DuckDBInstance.create(mode === "strict" ? join(work, "reference.duckdb") : ":memory:", { threads: String(threads), temp_directory: join(work, "spill") })
  const connection = await db.connect()
  try {
    for (const sql of statements) {
      const at = performance.now()
      const cpu = process.cpuUsage()
      await connection.run(sql)
      const used = process.cpuUsage(cpu)
      if (profile) process.stderr.write(`${((performance.now() - at) / 1000).toFixed(2)} s, CPU ${((used.user + used.system) / 1e6).toFixed(2)} s  ${sql.replace(/\s+/g, " ").slice(0, 80)}\n`)
    }
    const counts = (await connection.runAndReadAll(`select (select count(*) from src) as records, (select count(*) from cand_c) as decoded, (select count(*) from rejected) as rejected`)).getRowObjectsJson()[0]!
    const byCheck = (await connection.runAndReadAll(`select "check", count(distinct record_index) as n from violations group by all order by all`)).getRowObjectsJson()
    console.log(
      JSON.stringify({
        mode,
        records: Number(counts["records"]),
        decoded: Number(counts["decoded"]),
        rejected: Number(counts["rejected"]),
        byCheck: Object.fromEntries(byCheck.map((r) => [String(r["check"]), Number(r["n"])])),
        ms: Math.round(performance.now() - started)
      })
    )
  } finally {
    connection.closeSync()
    db.closeSync()
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(`reference: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 2
})
