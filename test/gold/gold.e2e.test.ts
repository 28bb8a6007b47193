/**
 * Gold end to end: three generated daily full snapshots through the real CLI,
 * then re-runs, a forced gold-gate failure, a configured top N, history and
 * rollback, all read back through `gold/_current.json`.
 */
import { createHash } from "node:crypto"
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { writeDailySnapshots } from "../../contracts/generate/files.ts"
import { currentOf, goldSnapshot, goldTable, lakegate, lakegateGold, query, silverTable, tempDir, type CliResult } from "./support.ts"
import type { ChangeEntry } from "../../contracts/generate/files.ts"

const DAYS = ["2026-11-01", "2026-11-02", "2026-11-03"] as const

type Change = ChangeEntry

describe("gold over three daily snapshots", () => {
  const dir = tempDir()
  const data = join(dir, "data")
  const lakehouse = join(dir, "lakehouse")
  const reports = join(dir, "reports")
  const input = (date: string) => join(data, `customers-${date}.json`)
  const run = (date: string, env: Record<string, string> = {}, extra: ReadonlyArray<string> = []) =>
    lakegate(["run", "--input", input(date), "--date", date, "--lakehouse", lakehouse, "--reports", reports, "--quiet", ...extra], env)
  const pointer = () => readFileSync(join(lakehouse, "gold", "_current.json"), "utf8")
  const days: Array<CliResult> = []
  let changes: ReadonlyArray<Change>

  beforeAll(async () => {
    // The generator's library, in process (its CLI is tested by its own suite): 3 full daily snapshots, no defects.
    await Effect.runPromise(writeDailySnapshots({ seed: 7, customers: 300, defectRate: 0, days: 3, start: DAYS[0], outDir: data }))
    changes = JSON.parse(readFileSync(join(data, "changes.json"), "utf8"))
    for (const date of DAYS) days.push(run(date))
  })

  it("publishes gold every day and prints the top customers", () => {
    for (const [i, result] of days.entries()) {
      expect(result.status, `${DAYS[i]}: ${result.stdout}${result.stderr}`).toBe(0)
      expect(result.stdout).toMatch(/gold\s+PUBLISHED/)
      expect(result.stdout).toContain("Top 3 customers by total spent (gold):")
    }
  })

  it("switches one _current.json naming a version of every table, merged from the three dates", () => {
    const state = currentOf(lakehouse)!
    expect(state.current.ingestedDates).toEqual([...DAYS])
    expect(state.versions.map((v) => v.ingestionDate)).toEqual([...DAYS].reverse())
    expect(state.versions.map((v) => v.basedOn)).toEqual([state.versions[1]!.version, state.versions[2]!.version, null])
    for (const [table, ref] of Object.entries(state.current.tables)) {
      expect(ref.path).toBe(`_files/${table}/version=${state.current.version}`)
      // The version's own folder holds the files it added; its list may name files earlier versions added.
      const manifest = JSON.parse(readFileSync(join(lakehouse, "gold", ref.path, "_manifest.json"), "utf8"))
      const added = ref.files!.filter((f) => f.path.startsWith(`${ref.path}/`))
      expect([manifest.layer, manifest.table, manifest.rows]).toEqual(["gold", table, added.reduce((n, f) => n + f.rows, 0)])
      expect(ref.files!.reduce((n, f) => n + f.rows, 0)).toBe(ref.rows)
    }
  })

  it("lists the facts of earlier days again, file for file, and writes only the day's new facts", () => {
    const state = currentOf(lakehouse)!
    const facts = state.current.tables["fact_transactions"]!.files!
    const addedBy = (version: string) => facts.filter((f) => f.path.startsWith(`_files/fact_transactions/version=${version}/`))
    // Every version's facts are still listed by the current one (each day's snapshot delivered new transactions).
    for (const v of state.versions) expect(addedBy(v.version).length, v.version).toBeGreaterThan(0)
    expect(addedBy(state.versions[0]!.version).length + addedBy(state.versions[1]!.version).length + addedBy(state.versions[2]!.version).length).toBe(facts.length)
    // A shared file is listed with the same checksum by every version that lists it.
    const previous = new Map(state.versions[1]!.tables["fact_transactions"]!.files!.map((f) => [f.path, f.sha256]))
    for (const f of facts) if (previous.has(f.path)) expect(f.sha256).toBe(previous.get(f.path))
    // The day's version wrote only the facts the day delivered that gold did not hold.
    const today = addedBy(state.current.version).reduce((n, f) => n + f.rows, 0)
    expect(today).toBeLessThan(state.current.tables["fact_transactions"]!.rows)
  })

  it("keeps the closed customer versions and the ended runs of earlier days unread; rewrites only current versions and runs that reach the last date", async () => {
    const state = currentOf(lakehouse)!
    const own = (table: string) => `_files/${table}/version=${state.current.version}/`
    for (const [table, closed] of [
      ["dim_customer", "not is_current"],
      ["customer_presence", `last_seen < DATE '${DAYS[2]}'`]
    ] as const) {
      const files = state.current.tables[table]!.files!
      const kept = files.filter((f) => !f.path.startsWith(own(table)))
      // Day 2 wrote what day 3 could not change in files of their own, and day 3 listed them again, same checksums.
      const before = new Map(state.versions[1]!.tables[table]!.files!.map((f) => [f.path, f.sha256]))
      expect(kept.length, table).toBeGreaterThan(0)
      for (const f of kept) expect(before.get(f.path), f.path).toBe(f.sha256)
      // The kept files hold only such rows; the day's own files hold every row that can still change.
      const paths = (fs: ReadonlyArray<{ path: string }>) => fs.map((f) => `'${join(lakehouse, "gold", f.path)}'`).join(", ")
      const [k] = await query(`select count(*) filter (where not (${closed}))::INTEGER as open from read_parquet([${paths(kept)}])`)
      expect(k!["open"], table).toBe(0)
      // Read whole, the listed files give exactly the table gold verify audits (counts reconcile with the list).
      const [all] = await query(`select count(*)::INTEGER as n from read_parquet([${paths(files)}])`)
      expect(all!["n"]).toBe(state.current.tables[table]!.rows)
    }
  })

  it("holds every valid transaction once, with the earliest date that delivered it", async () => {
    const delivered = DAYS.map((d) => `select transaction_id, customer_id, product_id, transaction_date, amount, DATE '${d}' as delivered_on from ${silverTable(lakehouse, "transactions", d)}`).join(" union all ")
    const [diff] = await query(`
      with expected as (select transaction_id, any_value(customer_id) as customer_id, any_value(product_id) as product_id, any_value(transaction_date) as transaction_date,
                               any_value(amount) as amount, min(delivered_on) as ingestion_date from (${delivered}) group by transaction_id),
      actual as (select f.transaction_id, c.customer_id, p.product_id, d."date" as transaction_date, f.amount, f.ingestion_date
                 from ${goldTable(lakehouse, "fact_transactions")} f join ${goldTable(lakehouse, "dim_customer")} c using (customer_key)
                 join ${goldTable(lakehouse, "dim_product")} p using (product_key) join ${goldTable(lakehouse, "dim_date")} d using (date_key))
      select (select count(*) from expected) as expected, (select count(*) from actual) as actual,
             (select count(*) from (select * from expected except select * from actual)) as missing,
             (select count(*) from (select * from actual except select * from expected)) as extra,
             (select typeof(amount) from ${goldTable(lakehouse, "fact_transactions")} limit 1) as amount_type`)
    expect(diff).toMatchObject({ missing: "0", extra: "0", amount_type: "DECIMAL(18,2)" })
    expect(Number(diff!["actual"])).toBeGreaterThan(1000)
  })

  it("opens and closes customer versions exactly where changes.json says", async () => {
    expect(changes.length).toBeGreaterThan(0)
    const versions = await query(`select customer_id, name, email, valid_from, valid_to, is_current from ${goldTable(lakehouse, "dim_customer")} order by customer_id, valid_from`)
    const byCustomer = new Map<number, Array<Record<string, unknown>>>()
    for (const v of versions) byCustomer.set(Number(v["customer_id"]), [...(byCustomer.get(Number(v["customer_id"])) ?? []), v])
    const opened = versions.filter((v) => v["valid_from"] !== byCustomer.get(Number(v["customer_id"]))![0]!["valid_from"]).map((v) => `${v["customer_id"]}@${v["valid_from"]}`)
    expect(opened.sort()).toEqual([...new Set(changes.map((c) => `${c.customer_id}@${c.date}`))].sort())
    for (const change of changes) {
      const mine = byCustomer.get(change.customer_id)!
      const i = mine.findIndex((v) => v["valid_from"] === change.date)
      expect(mine[i]![change.field], JSON.stringify(change)).toBe(change.new)
      expect(mine[i - 1]![change.field]).toBe(change.old)
      expect(mine[i - 1]!["valid_to"]).toBe(change.date)
    }
    const silverDay3 = await query(`select count(*) as n from ${silverTable(lakehouse, "customers", DAYS[2])}`)
    expect(versions.filter((v) => v["is_current"] === true)).toHaveLength(Number(silverDay3[0]!["n"]))
  })

  it("keys every fact to the customer version current at its date (the earliest for older dates)", async () => {
    const [row] = await query(`
      select count(*) filter (where not ok) as wrong from (
        select f.transaction_id, d."date" >= c.valid_from and (c.valid_to is null or d."date" < c.valid_to)
               or (d."date" < c.valid_from and c.valid_from = (select min(valid_from) from ${goldTable(lakehouse, "dim_customer")} e where e.customer_id = c.customer_id)) as ok
        from ${goldTable(lakehouse, "fact_transactions")} f join ${goldTable(lakehouse, "dim_customer")} c using (customer_key) join ${goldTable(lakehouse, "dim_date")} d using (date_key))`)
    expect(row).toEqual({ wrong: "0" })
  })

  it("ranks the top customers from the facts", async () => {
    const expected = await query(`
      select row_number() over (order by sum(f.amount) desc, c.customer_id)::INTEGER as rank, c.customer_id, sum(f.amount)::DECIMAL(18,2) as total_spent
      from ${goldTable(lakehouse, "fact_transactions")} f join ${goldTable(lakehouse, "dim_customer")} c using (customer_key)
      group by c.customer_id order by rank limit 3`)
    expect(await query(`select rank, customer_id, total_spent from ${goldTable(lakehouse, "top_customers")} order by rank`)).toEqual(expected)
  })

  it("re-running day 2 after day 3 publishes a new version with identical content", async () => {
    const before = await goldSnapshot(lakehouse)
    const previous = currentOf(lakehouse)!.current.version
    const again = run(DAYS[1])
    expect(again.status, again.stdout + again.stderr).toBe(0)
    expect(currentOf(lakehouse)!.current).toMatchObject({ ingestionDate: DAYS[1], basedOn: previous, ingestedDates: [...DAYS] })
    expect(await goldSnapshot(lakehouse)).toEqual(before)
  })

  it("blocks a version that fails a gold gate: exit 1, _current.json untouched, nothing left behind", () => {
    const before = pointer()
    const dirsBefore = readdirSync(join(lakehouse, "gold", "_files", "dim_product")).sort()
    const result = run(DAYS[2], {}, ["--pipeline", "test/support/faultyPipeline.ts"])
    expect(result.status, result.stdout + result.stderr).toBe(1)
    expect(result.stdout).toMatch(/gold\s+BLOCKED/)
    expect(result.stdout).toMatch(/fk\.fact_product on fact_transactions: \d+ fact\(s\) reference a missing dim_product row/)
    expect(pointer()).toBe(before)
    expect(readdirSync(join(lakehouse, "gold", "_files", "dim_product")).sort()).toEqual(dirsBefore)
    expect(readdirSync(join(lakehouse, ".staging"))).toEqual([])
  })

  it("re-running the latest day with LAKEGATE_TOP_N=5 changes only the ranking, and prunes crash garbage", async () => {
    const before = await goldSnapshot(lakehouse)
    const garbage = join(lakehouse, "gold", "_files", "fact_transactions", "version=2026-11-03_crashed")
    mkdirSync(garbage, { recursive: true })
    writeFileSync(join(garbage, "part-0.parquet"), "left by a run that crashed before its switch")
    const result = run(DAYS[2], { LAKEGATE_TOP_N: "5" })
    expect(result.status, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toContain("Top 5 customers by total spent (gold):")
    const after = await goldSnapshot(lakehouse)
    expect({ ...after, top_customers: null }).toEqual({ ...before, top_customers: null })
    expect((after["top_customers"] as Array<unknown>).slice(0, 3)).toEqual(before["top_customers"])
    expect(after["top_customers"]).toHaveLength(5)
    expect(existsSync(garbage)).toBe(false)
  })

  it("gold verify audits the current version whole, and finds what the daily lists cannot: a total off by a cent, a changed kept file", async () => {
    const verified = lakegateGold(["verify", "--lakehouse", lakehouse])
    expect(verified.status, verified.stdout + verified.stderr).toBe(0)
    expect(verified.stdout).toMatch(/PASS  version\.files on fact_transactions: \d+ file\(s\)/)
    expect(verified.stdout).toContain("PASS  amount.customer_totals_recounted on customer_totals: ok")
    expect(verified.stdout).toMatch(/verified: \d+ checks passed\n$/)

    // A copy whose customer_totals file says one cent more, listed with its new size and checksum: only the recount sees it.
    const copy = join(dir, "tampered")
    cpSync(lakehouse, copy, { recursive: true })
    const pointerFile = join(copy, "gold", "_current.json")
    const state = JSON.parse(readFileSync(pointerFile, "utf8"))
    const [totals] = state.current.tables["customer_totals"].files
    const file = join(copy, "gold", totals.path)
    await query(`copy (select customer_id, total_spent + case when customer_id = (select min(customer_id) from '${file}') then 0.01 else 0 end as total_spent, transactions
      from '${file}') to '${file}.new' (format parquet)`)
    renameSync(`${file}.new`, file)
    const bytes = readFileSync(file)
    const relist = (f: { path: string; bytes: number; sha256: string }) => (f.path === totals.path ? { ...f, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") } : f)
    for (const v of [state.current, ...state.versions]) for (const t of Object.values(v.tables) as Array<{ files: Array<{ path: string; bytes: number; sha256: string }> }>) t.files = t.files.map(relist)
    writeFileSync(pointerFile, JSON.stringify(state))
    const recount = lakegateGold(["verify", "--lakehouse", copy])
    expect(recount.status, recount.stdout + recount.stderr).toBe(1)
    expect(recount.stdout).toContain("PASS  version.files on customer_totals")
    expect(recount.stdout).toContain("FAIL  amount.customer_totals_recounted on customer_totals: 1 customer total(s) differ from the facts")
    expect(recount.stdout).toContain("NOT VERIFIED: 1 of ")

    // A fact file the version lists, changed on disk.
    const [fact] = state.current.tables["fact_transactions"].files
    writeFileSync(join(copy, "gold", fact.path), "not the file the version lists")
    const changed = lakegateGold(["verify", "--lakehouse", copy])
    expect(changed.status).toBe(1)
    expect(changed.stdout).toMatch(/FAIL  version\.files on fact_transactions: 1 file\(s\) differ from the version's list\n +e\.g\. _files\/fact_transactions\/version=[^/]+\/part-0\.parquet: \d+ bytes, listed with \d+/)
  })

  it("lists the versions, newest first, current marked; rolls back; refuses an unknown version", async () => {
    const state = currentOf(lakehouse)!
    const listed = lakegateGold(["history", "--lakehouse", lakehouse])
    expect(listed.status, listed.stderr).toBe(0)
    const lines = listed.stdout.trim().split("\n").slice(1)
    expect(lines.length).toBeLessThanOrEqual(7)
    expect(lines.map((l) => l.slice(2).split(" ")[0])).toEqual(state.versions.map((v) => v.version))
    expect(lines.filter((l) => l.startsWith("*"))).toEqual([expect.stringContaining(state.current.version)])

    const first = state.versions.find((v) => v.ingestedDates.length === 1)!
    const back = lakegateGold(["rollback", "--lakehouse", lakehouse, "--to", first.version])
    expect(back.status, back.stderr).toBe(0)
    expect(currentOf(lakehouse)!.current.version).toBe(first.version)
    expect(currentOf(lakehouse)!.versions).toEqual(state.versions)
    expect(await query(`select count(*) as n from ${goldTable(lakehouse, "dim_customer")}`)).toEqual([{ n: String(first.tables["dim_customer"]!.rows) }])

    const unknown = lakegateGold(["rollback", "--lakehouse", lakehouse, "--to", "no-such-version"])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr.trim().split("\n")).toEqual(["lakegate: unknown gold version no-such-version; see `lakegate gold history`"])
    expect(currentOf(lakehouse)!.current.version).toBe(first.version)
  })
})
