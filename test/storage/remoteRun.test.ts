/**
 * The customers pipeline run on a lakehouse in an object store (Azurite, and
 * a local folder standing in for one), in-process: what a reader of the store
 * sees after two daily runs is what the same runs leave in a local lakehouse;
 * a writer that slipped past the lease loses the pointer's condition; a
 * commit interrupted after its journal is rolled forward by the next run.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Layer, ManagedRuntime, Option } from "effect"
import { randomBytes } from "node:crypto"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, inject, it } from "vitest"
import { duckLayer, lakehouseLayer, makeRun, runPipeline, toRunReport } from "lakegate"
import { customersPipeline } from "../../contracts/pipeline.ts"
import { azureBlobStore } from "../../src/storage/azureBlobStore.ts"
import { ObjectStore, type ObjectStoreShape } from "../../src/storage/ObjectStore.ts"
import { runOnObjectStore } from "../../src/storage/runOnObjectStore.ts"
import { GOLD_POINTER_KEY, JOURNAL_PREFIX } from "../../src/storage/remoteLayout.ts"
import { tempDir } from "../support/cli.ts"
import { sourceDocument, validCustomer } from "../support/fixtures.ts"
import { query } from "../support/lakehouseReader.ts"
import { readStoreTable } from "./storeReader.ts"

const runtime = ManagedRuntime.make(Layer.merge(duckLayer({ threads: 1, memoryLimit: "256MB" }), NodeContext.layer))
const DATES = ["2026-11-01", "2026-11-02"] as const
const inputDir = tempDir("lakegate-inputs-")
/** A tiny clean delivery per date: customers 1-4 on the first date, 3-6 on the second. */
const inputOf = (date: string) => {
  const file = join(inputDir, `customers-${date}.json`)
  const first = date === DATES[0] ? 1 : 3
  const customers = [0, 1, 2, 3].map((i) => {
    const id = first + i
    const c = validCustomer()
    return { ...c, id, email: `c${id}@example.com`, transactions: c.transactions.map((t, k) => ({ ...t, transaction_id: id * 10 + k })) }
  })
  writeFileSync(file, sourceDocument(customers))
  return file
}
let n = 0
const runOf = (date: string) => makeRun(inputOf(date), date, new Date(`${date}T06:00:00.000Z`), `t${(n++).toString(16)}${randomBytes(2).toString("hex")}`)

const onStore = (store: ObjectStoreShape, cache: string, date: string, onStep?: (step: string) => Effect.Effect<void>) =>
  runtime.runPromise(
    runOnObjectStore(customersPipeline, runOf(date), { cache, ...(onStep === undefined ? {} : { onStep }) }).pipe(
      Effect.map((o) => toRunReport(o, "error")),
      Effect.provide(Layer.succeed(ObjectStore, store))
    )
  )

// The local-folder store passes the same protocol (its conformance is test/storage/conformance.test.ts); these runs cost seconds each, so Azurite only.
const stores: ReadonlyArray<readonly [string, () => ObjectStoreShape]> = [
  ["Azurite", () => azureBlobStore({ container: `c${randomBytes(6).toString("hex")}`, prefix: "lake", connectionString: inject("azuriteConnectionString"), retry: { maxTries: 2, retryDelayInMs: 50 } })]
]

/** Gold and silver as a reader of a local lakehouse sees them: row counts and an order-free digest of the customers' business columns. */
const localView = async (lakehouse: string) => {
  const current = JSON.parse(readFileSync(join(lakehouse, "gold", "_current.json"), "utf8")) as { current: { tables: Record<string, { files: Array<{ path: string }> }> } }
  const counts: Record<string, number> = {}
  for (const [table, ref] of Object.entries(current.current.tables)) {
    const files = ref.files.map((f) => `'${join(lakehouse, "gold", f.path)}'`).join(", ")
    counts[table] = Number((await query(`select count(*) as n from read_parquet([${files}])`))[0]?.["n"])
  }
  return counts
}

describe.each(stores)("a run on %s", (_name, make) => {
  it("publishes what a local run publishes, readable from the store through its pointers", async () => {
    const store = make()
    const cache = tempDir("lakegate-cache-")
    const local = tempDir("lakegate-local-")
    for (const date of DATES) {
      const remote = await onStore(store, cache, date)
      expect(remote.error).toBeNull()
      expect(remote.exitCode).toBe(0)
      const report = await runtime.runPromise(runPipeline(customersPipeline, runOf(date)).pipe(Effect.map((o) => toRunReport(o, "error")), Effect.provide(lakehouseLayer(local))))
      expect(report.exitCode).toBe(0)
    }
    const reader = tempDir("lakegate-reader-")
    const fromStore = await runtime.runPromise(readStoreTable(store, reader))
    expect(fromStore.gold).toEqual(await localView(local))
    // Silver through the partitions' manifests: same rows for both dates.
    for (const date of DATES) {
      const localRows = await query(`select count(*) as n, sum(hash(customer_id, email)) as h from read_parquet('${join(local, "silver", "customers", `ingestion_date=${date}`)}/*.parquet')`)
      expect(fromStore.silverCustomers[date]).toEqual(localRows[0])
    }
    // Nothing left in the journal; no data key outside a run's own folder.
    expect(await runtime.runPromise(store.list(JOURNAL_PREFIX))).toEqual([])
    const keys = (await runtime.runPromise(store.list("silver/"))).map((o) => o.key)
    expect(keys.filter((k) => k.endsWith(".parquet") && !/\/_v=[^/]+\/[^/]+\.parquet$/.test(k))).toEqual([])
  })

  it("a writer whose pointer moved during its run loses: exit 5, the other writer's publish stays", async () => {
    const store = make()
    const cache = tempDir("lakegate-cache-")
    expect((await onStore(store, cache, DATES[0])).exitCode).toBe(0)
    // Another writer (past the lease) switches gold's pointer while this run runs.
    const sneaky = (step: string) =>
      step === "pulled"
        ? Effect.gen(function* () {
            const got = yield* store.get(GOLD_POINTER_KEY)
            if (Option.isSome(got)) yield* store.put(GOLD_POINTER_KEY, got.value.bytes, { ifMatch: got.value.etag })
          }).pipe(Effect.orDie)
        : Effect.void
    const before = await runtime.runPromise(store.list("silver/customers/"))
    const report = await onStore(store, cache, DATES[1], sneaky)
    expect(report.exitCode).toBe(5)
    expect(report.error?.message).toMatch(/another writer published .*gold\/_current\.json/)
    // Its silver switched before gold lost (partitions are switched first), gold stays the other writer's: no journal is left to replay over it.
    expect(await runtime.runPromise(store.list(JOURNAL_PREFIX))).toEqual([])
    expect((await runtime.runPromise(store.list("silver/customers/"))).length).toBeGreaterThan(before.length)
  })

  it("a commit interrupted after its journal is rolled forward by the next run", async () => {
    const store = make()
    const cache = tempDir("lakegate-cache-")
    const crash = (step: string) => (step === "switched-one" ? Effect.die("killed mid-switch") : Effect.void)
    await expect(onStore(store, cache, DATES[0], crash)).rejects.toThrow(/killed mid-switch/)
    // The crash left the journal; gold was not switched yet.
    expect((await runtime.runPromise(store.list(JOURNAL_PREFIX))).length).toBe(1)
    expect(Option.isNone(await runtime.runPromise(store.get(GOLD_POINTER_KEY)))).toBe(true)
    const next = await onStore(store, tempDir("lakegate-cache-"), DATES[1])
    expect(next.exitCode).toBe(0)
    expect(await runtime.runPromise(store.list(JOURNAL_PREFIX))).toEqual([])
    const reader = tempDir("lakegate-reader-")
    const view = await runtime.runPromise(readStoreTable(store, reader))
    expect(Object.keys(view.silverCustomers).sort()).toEqual([...DATES])
    expect(existsSync(join(reader, "gold"))).toBe(true)
  })
})
