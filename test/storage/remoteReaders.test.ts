/**
 * The read-only commands on an `az://` lakehouse, as processes against
 * Azurite, after one `lakegate run --lakehouse az://...`: `gold history`
 * downloads gold's pointer only, `gold verify` audits the store's files
 * (and fails on a gold file whose bytes were changed in the store), `sql`
 * queries bronze, silver and gold as the store's pointers name them, and
 * `export-catalog` writes views over the local cache, `gold rollback` switches
 * the store's pointer under the lease. A bad az:// location is
 * bad usage (exit 2, one line).
 */
import { BlobServiceClient } from "@azure/storage-blob"
import { Effect, Option } from "effect"
import { randomBytes } from "node:crypto"
import { readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, inject, it } from "vitest"
import { GoldCurrent } from "../../src/lakehouse/goldVersions.ts"
import { azureBlobStore } from "../../src/storage/azureBlobStore.ts"
import { decodeRecord, GOLD_POINTER_KEY, LOCK_KEY } from "../../src/storage/remoteLayout.ts"
import { runCli, tempDir } from "../support/cli.ts"
import { sourceDocument, validCustomer } from "../support/fixtures.ts"
import { query } from "../support/lakehouseReader.ts"
import { readStoreTable } from "./storeReader.ts"

const connectionString = () => inject("azuriteConnectionString")
const where = { container: `c${randomBytes(6).toString("hex")}`, prefix: "lake" }
const url = `az://${where.container}/${where.prefix}`
const store = () => azureBlobStore({ ...where, connectionString: connectionString(), retry: { maxTries: 2, retryDelayInMs: 50 } })
const env = () => ({ AZURE_STORAGE_CONNECTION_STRING: connectionString(), LAKEGATE_STORAGE_MAX_TRIES: "3", LAKEGATE_STORAGE_RETRY_DELAY_MS: "50" })
const cli = (args: ReadonlyArray<string>) => runCli(args, env())
const go = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
/** Every file under a folder, relative paths. */
const filesUnder = (dir: string): Array<string> => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1))

let current: GoldCurrent["current"]
let goldRows: Record<string, number>

const input = join(tempDir("lakegate-inputs-"), "customers.json")
const runOn = (date: string) => cli(["run", "--input", input, "--date", date, "--lakehouse", url, "--cache", tempDir("lakegate-cache-"), "--reports", tempDir("lakegate-reports-"), "--quiet"])
const pointerOf = async (): Promise<GoldCurrent> => {
  const pointer = await go(store().get(GOLD_POINTER_KEY))
  if (Option.isNone(pointer)) throw new Error("no gold pointer in the store")
  const decoded = decodeRecord(GoldCurrent)(pointer.value.bytes)
  if (decoded._tag === "Left") throw new Error(decoded.left.message)
  return decoded.right
}

beforeAll(async () => {
  writeFileSync(input, sourceDocument([1, 2, 3, 4].map((id) => ({ ...validCustomer(), id, email: `c${id}@example.com`, transactions: validCustomer().transactions.map((t, k) => ({ ...t, transaction_id: id * 10 + k })) }))))
  const ran = await runOn("2026-11-01")
  expect(ran.status).toBe(0)
  current = (await pointerOf()).current
  goldRows = (await go(readStoreTable(store(), tempDir("lakegate-reader-")))).gold
}, 60_000)

describe("read-only commands on az://", () => {
  it("gold history lists the store's versions, downloading gold's pointer only", async () => {
    const cache = tempDir("lakegate-read-")
    const result = await cli(["gold", "history", "--lakehouse", url, "--cache", cache])
    expect(result.stderr).toBe("")
    expect(result.status).toBe(0)
    const lines = result.stdout.trim().split("\n")
    expect(lines[0]).toContain(`gold versions in ${url}`)
    expect(lines.slice(1)).toEqual([expect.stringMatching(new RegExp(`^\\* ${current.version}  date 2026-11-01 `))])
    expect(filesUnder(cache).filter((f) => !f.startsWith("_lock") && !f.endsWith(".lock"))).toEqual(["gold/_current.json"])
  })

  it("sql queries bronze, silver and gold as the store's pointers name them", async () => {
    const cache = tempDir("lakegate-read-")
    const listed = await cli(["sql", "--lakehouse", url, "--cache", cache])
    expect(listed.status).toBe(0)
    const tables = listed.stdout.trim().split("\n").map((l) => l.split("\t")[0])
    expect(tables).toEqual(expect.arrayContaining(["bronze.customers_raw", "silver.customers", ...Object.keys(goldRows).map((t) => `gold.${t}`)]))
    const counted = await cli(["sql", "select (select count(*)::integer from gold.fact_transactions) as gold_n, (select count(*)::integer from silver.customers) as silver_n", "--json", "--lakehouse", url, "--cache", cache])
    expect(counted.stderr).toBe("")
    expect(JSON.parse(counted.stdout)).toEqual({ gold_n: goldRows["fact_transactions"], silver_n: 4 })
  })

  it("export-catalog writes views over the files pulled into the cache", async () => {
    const cache = tempDir("lakegate-read-")
    const target = join(tempDir("lakegate-catalog-"), "catalog.duckdb")
    const result = await cli(["export-catalog", target, "--lakehouse", url, "--cache", cache])
    expect(result.stderr).toBe("")
    expect(result.status).toBe(0)
    const rows = await query(`attach '${target}' as c (read_only); select (select count(*) from c.gold.fact_transactions) as n, (select count(*) from duckdb_views() where database_name = 'c' and sql like '%${cache}/%') as cached, (select count(*) from duckdb_views() where database_name = 'c') as views`)
    expect(Number(rows[0]?.["n"])).toBe(goldRows["fact_transactions"])
    expect(Number(rows[0]?.["views"])).toBeGreaterThan(2)
    expect(rows[0]?.["cached"]).toBe(rows[0]?.["views"])
  })

  it("gold rollback switches the store's pointer under the lease: exit 5 while it is held", async () => {
    expect((await runOn("2026-11-02")).status).toBe(0)
    const after = await pointerOf()
    expect(after.current.version).not.toBe(current.version)
    const lease = BlobServiceClient.fromConnectionString(connectionString()).getContainerClient(where.container).getBlockBlobClient(`${where.prefix}/${LOCK_KEY}`).getBlobLeaseClient()
    await lease.acquireLease(15)
    const busy = await cli(["gold", "rollback", "--to", current.version, "--lakehouse", url])
    await lease.releaseLease()
    expect(busy.status).toBe(5)
    expect(busy.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^lakegate: the lease on az:\/\/.*\/_lock is held by another writer/)])
    expect((await pointerOf()).current.version).toBe(after.current.version)
    const rolled = await cli(["gold", "rollback", "--to", current.version, "--lakehouse", url])
    expect(rolled.stderr).toBe("")
    expect(rolled.status).toBe(0)
    expect(rolled.stdout.trim()).toBe(`gold: current version is now ${current.version} (date 2026-11-01)`)
    const back = await pointerOf()
    expect(back.current).toEqual(current)
    expect(back.versions.map((v) => v.version)).toEqual(after.versions.map((v) => v.version))
    // What a reader of the store sees is the first day's gold again.
    expect((await go(readStoreTable(store(), tempDir("lakegate-reader-")))).gold).toEqual(goldRows)
  })

  it("gold verify audits the store's files; a gold file changed in the store fails it (exit 1)", async () => {
    const verified = await cli(["gold", "verify", "--lakehouse", url, "--cache", tempDir("lakegate-read-")])
    expect(verified.stderr).toBe("")
    expect(verified.status).toBe(0)
    expect(verified.stdout).toContain(`gold version ${current.version} (date 2026-11-01):`)
    expect(verified.stdout).toMatch(/^verified: \d+ checks passed$/m)
    // Another file's bytes under a gold file's name, in the store: a fresh cache downloads them and the audit sees it.
    const [table, ref] = Object.entries(current.tables).find(([, r]) => (r.files ?? []).length > 0) ?? []
    const victim = ref?.files?.[0]?.path
    if (table === undefined || victim === undefined) throw new Error("no gold file to change")
    const other = Object.values(current.tables).flatMap((r) => r.files ?? []).find((f) => f.path !== victim && f.sha256 !== ref?.files?.[0]?.sha256)
    if (other === undefined) throw new Error("no other gold file")
    const blobs = BlobServiceClient.fromConnectionString(connectionString()).getContainerClient(where.container)
    const bytes = await blobs.getBlockBlobClient(`${where.prefix}/gold/${other.path}`).downloadToBuffer()
    await blobs.getBlockBlobClient(`${where.prefix}/gold/${victim}`).uploadData(bytes)
    const tampered = await cli(["gold", "verify", "--lakehouse", url, "--cache", tempDir("lakegate-read-")])
    expect(tampered.status).toBe(1)
    expect(tampered.stdout).toMatch(/^NOT VERIFIED: /m)
  })

  it("a bad az:// location: exit 2, one line", async () => {
    const result = await cli(["sql", "--lakehouse", "az://Not_A_Container/x"])
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^lakegate: --lakehouse az:\/\/Not_A_Container\/x: "Not_A_Container" is not a container name/)])
  })
})
