/**
 * A long history without running it: add N synthetic facts to a lakehouse's
 * current gold version, as one more version, consistent enough that
 * `lakegate gold verify` passes on it and the next days' runs treat it as
 * history like any other.
 *
 * The facts belong to the version's customers (each has exactly one version
 * after a first load, so every fact's customer_key is its customer's version
 * at any date) and products, are dated over the three years before the
 * ingestion date and carry that ingestion date (a first load that brought a
 * long history). Their ids, `k * 100 + 99` with k a scrambled 28-bit counter,
 * never collide with the generator's (whose seq stays ≤ 97 without defects,
 * and the increment feed has none) and are spread over the whole id range in
 * every file and row group: no file's statistics can rule it out of a key
 * lookup, the worst case for the day's key checks. The version's
 * customer_totals, top_customers and dim_date are recomputed to include them.
 *
 * Bench code: it writes the version's files and pointer with the lakehouse's
 * own functions (manifests, file statistics, the pointer switch), not through
 * a pipeline run.
 */
import { Effect, Option } from "effect"
import { mkdir, stat, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { Duck, duckLayer, sqlString } from "../src/engine/Duck.ts"
import { sha256File } from "../src/lakehouse/Lakehouse.ts"
import { encodeManifest, type Manifest, MANIFEST_FILE } from "../src/lakehouse/Manifest.ts"
import { addedFiles } from "../src/lakehouse/versionFiles.ts"
import { readCurrent, switchToNewVersion, tableFiles, tableManifest, type GoldTableRef, type GoldVersion, versionDir, versionTablePath } from "../src/lakehouse/goldVersions.ts"
import { PARQUET_OPTIONS } from "../src/stages/writeAuditPublish.ts"

/** Synthetic facts per file. */
const FILE_ROWS = 10_000_000
/** The scramble's modulus: k = i * MULTIPLIER mod 2^28 is a bijection on 0..2^28-1. */
const MODULUS = 2 ** 28
const MULTIPLIER = 2_654_435_761

const list = (files: ReadonlyArray<string>) => `[${files.map(sqlString).join(", ")}]`

/** Add `count` synthetic facts to the current gold version of `root`, ingested on `date` (the current version's). */
export const addSyntheticFacts = (root: string, count: number, date: string): Promise<void> =>
  Effect.runPromise(
    Effect.scoped(synthesize(root, count, date)).pipe(
      Effect.provide(duckLayer({ threads: 2, memoryLimit: "2GB" })),
      Effect.mapError((e) => new Error(`synthetic history: ${"message" in e ? e.message : String(e)}`))
    )
  )

const synthesize = (root: string, count: number, date: string) =>
  Effect.gen(function* () {
    if (count > MODULUS) return yield* Effect.fail(new Error(`at most ${MODULUS} synthetic facts`))
    const duck = yield* Duck
    const state = Option.getOrNull(yield* readCurrent(root))
    if (state === null) return yield* Effect.fail(new Error(`no gold version in ${root}`))
    const current = state.current
    if (current.ingestionDate !== date) return yield* Effect.fail(new Error(`the current version merged ${current.ingestionDate}, not ${date}`))
    const ref = (table: string): GoldTableRef => {
      const found = current.tables[table]
      if (found === undefined) throw new Error(`the current version has no ${table}`)
      return found
    }
    const files = (table: string) => tableFiles(root, ref(table))
    const now = new Date()
    const version = `${date}_${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}_synthetic`

    yield* duck.run(`create or replace table syn_customers as
      select customer_id, customer_key, row_number() over (order by customer_id) - 1 as n from read_parquet(${list(yield* files("dim_customer"))})`)
    const [{ customers, versions }] = (yield* duck.all(`select count(distinct customer_id)::BIGINT as customers, count(*)::BIGINT as versions from syn_customers`)) as unknown as [{ customers: bigint; versions: bigint }]
    if (customers !== versions) return yield* Effect.fail(new Error(`synthetic facts need one version per customer (a first load): ${customers} customers, ${versions} versions`))
    yield* duck.run(`create or replace table syn_products as
      select product_key, row_number() over (order by product_id) - 1 as n from read_parquet(${list(yield* files("dim_product"))})`)
    const [{ products }] = (yield* duck.all(`select count(*)::BIGINT as products from syn_products`)) as unknown as [{ products: bigint }]

    // The facts, FILE_ROWS a file, in the layout of a run's files (the same Parquet options).
    const factDir = versionDir(root, "fact_transactions", version)
    yield* Effect.promise(() => mkdir(factDir, { recursive: true }))
    const day1 = `DATE ${sqlString(date)}`
    for (let part = 0; part * FILE_ROWS < count; part++) {
      const from = part * FILE_ROWS
      const to = Math.min(count, from + FILE_ROWS)
      yield* duck.run(`copy (
        with r as (select i, ((i * ${MULTIPLIER}) % ${MODULUS}) as k, hash(i) as h from range(${from}, ${to}) t(i))
        select (k * 100 + 99)::BIGINT as transaction_id, c.customer_key, p.product_key,
          strftime(${day1} - (1 + (h >> 20) % 1095)::INTEGER, '%Y%m%d')::INTEGER as date_key,
          ((100 + (h >> 40) % 50000) / 100)::DECIMAL(18,2) as amount, ${day1} as ingestion_date
        from r join syn_customers c on c.n = h % ${customers} join syn_products p on p.n = (h >> 8) % ${products}
      ) to ${sqlString(join(factDir, `part-${part}.parquet`))} (${PARQUET_OPTIONS})`)
    }
    const factParts = Array.from({ length: Math.ceil(count / FILE_ROWS) }, (_, part) => join(factDir, `part-${part}.parquet`))

    // Totals: the version's plus the synthetic facts'; top customers and the calendar recomputed.
    const allFacts = [...(yield* files("fact_transactions")), ...factParts]
    yield* duck.run(`create or replace table syn_totals as
      with added as (
        select c.customer_id, sum(f.amount) as total, count(*) as n
        from read_parquet(${list(factParts)}) f join syn_customers c using (customer_key) group by all)
      select coalesce(t.customer_id, a.customer_id) as customer_id,
        (coalesce(t.total_spent, 0) + coalesce(a.total, 0))::DECIMAL(18,2) as total_spent,
        (coalesce(t.transactions, 0) + coalesce(a.n, 0))::INTEGER as transactions
      from read_parquet(${list(yield* files("customer_totals"))}) t full join added a using (customer_id)`)
    const [{ top }] = (yield* duck.all(`select count(*)::BIGINT as top from read_parquet(${list(yield* files("top_customers"))})`)) as unknown as [{ top: bigint }]
    const tables: Record<string, string> = {
      customer_totals: `select customer_id, total_spent, transactions from syn_totals order by customer_id`,
      top_customers: `with ranked as (select customer_id, total_spent, row_number() over (order by total_spent desc, customer_id) as rank from syn_totals where transactions > 0)
        select r.rank::INTEGER as rank, r.customer_id, c.name, c.email, r.total_spent
        from ranked r join read_parquet(${list(yield* files("dim_customer"))}) c on c.customer_id = r.customer_id and c.is_current
        where r.rank <= ${top} order by rank`,
      dim_date: `with bounds as (
          select least(make_date(min(date_key) // 10000, min(date_key) // 100 % 100, min(date_key) % 100), min(ingestion_date)) as lo,
            greatest(make_date(max(date_key) // 10000, max(date_key) // 100 % 100, max(date_key) % 100), max(ingestion_date)) as hi
          from read_parquet(${list(allFacts)})),
        days as (select unnest(generate_series(lo, hi, interval 1 day))::DATE as d from bounds)
        select (year(d) * 10000 + month(d) * 100 + day(d))::INTEGER as date_key, d as "date", year(d)::INTEGER as "year", quarter(d)::INTEGER as "quarter",
          month(d)::INTEGER as "month", day(d)::INTEGER as "day", isodow(d)::INTEGER as weekday from days order by date_key`
    }
    for (const [table, query] of Object.entries(tables)) {
      const dir = versionDir(root, table, version)
      yield* Effect.promise(() => mkdir(dir, { recursive: true }))
      yield* duck.run(`copy (${query}) to ${sqlString(join(dir, "part-0.parquet"))} (${PARQUET_OPTIONS})`)
    }

    // Manifests, file lists with statistics, the new version and the switch.
    const newTables: Record<string, GoldTableRef> = { ...current.tables }
    for (const table of ["fact_transactions", ...Object.keys(tables)]) {
      const previous = yield* tableManifest(root, ref(table))
      const dir = versionDir(root, table, version)
      const parts = table === "fact_transactions" ? factParts : [join(dir, "part-0.parquet")]
      const manifestFiles = yield* Effect.forEach(parts, (file) =>
        Effect.gen(function* () {
          const [{ rows }] = (yield* duck.all(`select count(*)::BIGINT as rows from read_parquet(${sqlString(file)})`)) as unknown as [{ rows: bigint }]
          return { path: file.slice(dir.length + 1), rows: Number(rows), bytes: (yield* Effect.promise(() => stat(file))).size, sha256: yield* sha256File(file) }
        })
      )
      const rows = manifestFiles.reduce((sum, f) => sum + f.rows, 0)
      const manifest: Manifest = { ...previous, runId: version, publishedAt: now.toISOString(), rows, files: manifestFiles, checks: { pass: 0, warn: 0, fail: 0, error: 0 } }
      yield* Effect.promise(() => writeFile(join(dir, MANIFEST_FILE), encodeManifest(manifest)))
      const added = yield* addedFiles(root, table, version)
      const kept = table === "fact_transactions" ? (ref(table).files ?? []) : []
      newTables[table] = { path: versionTablePath(table, version), rows: rows + kept.reduce((sum, f) => sum + f.rows, 0), contract: ref(table).contract, files: [...kept, ...added] }
    }
    const next: GoldVersion = { ...current, version, runId: version, createdAt: now.toISOString(), basedOn: current.version, tables: newTables }
    yield* switchToNewVersion(root, next, now.toISOString())
  })
