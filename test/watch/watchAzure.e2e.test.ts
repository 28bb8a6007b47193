/**
 * `lakegate watch` on Azure Blob Storage (Azurite), end to end: the bundled
 * CLI polling an inbox container prefix with an az:// lakehouse, three daily
 * deliveries, a kill -9 in the middle of the second one's commit (after the
 * first delivery's run), a restart held off by the killed run's lease until
 * it is broken, and a changed blob under a used name. The
 * ledger (a blob in the lakehouse), the moved blobs and the lakehouse's
 * pointers are read back from the store.
 */
import { BlobServiceClient } from "@azure/storage-blob"
import { Effect, Option } from "effect"
import { spawn, type ChildProcess } from "node:child_process"
import { randomBytes } from "node:crypto"
import { join } from "node:path"
import { describe, expect, inject, it } from "vitest"
import { azureBlobStore } from "../../src/storage/azureBlobStore.ts"
import { GOLD_POINTER_KEY, JOURNAL_PREFIX, LOCK_KEY } from "../../src/storage/remoteLayout.ts"
import { LEDGER_KEY } from "../../src/watch/storeLedger.ts"
import { bundle, repoRoot, tempDir } from "../support/cli.ts"
import { sourceDocument, validCustomer } from "../support/fixtures.ts"
import { readStoreTable } from "../storage/storeReader.ts"

const connectionString = () => inject("azuriteConnectionString")
const go = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

/** A day's delivery: `count` customers with ids and transaction ids of their own. */
const dayFile = (day: number, count: number) =>
  sourceDocument(
    Array.from({ length: count }, (_, k) => {
      const id = day * 100 + k
      return { ...validCustomer(), id, email: `c${id}@example.com`, transactions: validCustomer().transactions.map((t, j) => ({ ...t, transaction_id: id * 10 + j })) }
    })
  )

interface Event {
  readonly event: "started" | "finished" | "moved" | "busy"
  readonly name: string
  readonly runId: string
  readonly sha256: string
  readonly exitCode?: number
  readonly ingestionDate?: string
  readonly to?: string
}

interface Watcher {
  readonly child: ChildProcess
  readonly output: () => string
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

describe("lakegate watch on az://", () => {
  const drop = `d${randomBytes(6).toString("hex")}`
  const lake = { container: `l${randomBytes(6).toString("hex")}`, prefix: "lake" }
  const store = azureBlobStore({ ...lake, connectionString: connectionString() })
  const inboxStore = azureBlobStore({ container: drop, prefix: "deliveries", connectionString: connectionString() })
  const service = BlobServiceClient.fromConnectionString(connectionString())
  const cache = tempDir("lakegate-watch-cache-")

  const deliver = async (name: string, text: string) => {
    const container = service.getContainerClient(drop)
    await container.createIfNotExists()
    await container.getBlockBlobClient(`deliveries/inbox/${name}`).upload(text, Buffer.byteLength(text))
  }
  const names = async (folder: string) => (await go(inboxStore.list(`${folder}/`))).map((o) => o.key.slice(folder.length + 1))
  const ledger = async (): Promise<ReadonlyArray<Event>> => {
    const got = await go(store.get(LEDGER_KEY))
    return Option.isNone(got) ? [] : decode(got.value.bytes).split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Event)
  }
  const watch = (env: Record<string, string> = {}): Watcher => {
    const child = spawn(
      process.execPath,
      [
        bundle("lakegate.mjs"),
        "watch",
        "--inbox", `az://${drop}/deliveries/inbox`,
        "--lakehouse", `az://${lake.container}/${lake.prefix}`,
        "--cache", cache,
        "--reports", tempDir("lakegate-watch-reports-"),
        "--poll-interval", "200ms"
      ],
      // TMPDIR: the deliveries' downloads, which a kill -9 leaves behind, go to a folder the test removes.
      { cwd: repoRoot, env: { ...process.env, AZURE_STORAGE_CONNECTION_STRING: connectionString(), FORCE_COLOR: "0", TMPDIR: tempDir("lakegate-watch-tmp-"), ...env }, stdio: ["ignore", "pipe", "pipe"] }
    )
    let output = ""
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (output += d))
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (output += d))
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })))
    return { child, output: () => output, exited }
  }
  const until = async (ready: () => Promise<boolean>, ms: number, w: Watcher) => {
    const deadline = Date.now() + ms
    while (!(await ready())) {
      if (Date.now() > deadline) throw new Error(`timed out; the watcher printed:\n${w.output()}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const moved = async () => (await ledger()).filter((e) => e.event === "moved").length

  it("runs three daily blobs in order, survives kill -9 in the second one's commit, runs a changed blob again, and leaves a ledger that matches the lakehouse", async () => {
    for (const day of [1, 2, 3]) await deliver(`customers-2026-11-0${day}.json`, dayFile(day, 3))
    await deliver("upload.json.part", "{")

    // The first watcher kills itself (SIGKILL) in the pointer switch of its second run: the first delivery is done by then.
    const first = watch({ LAKEGATE_FAULT_KILL_AT: "switched-one", LAKEGATE_FAULT_KILL_RUN: "2" })
    expect((await first.exited).signal).toBe("SIGKILL")
    const killed = await ledger()
    expect(killed.map((e) => `${e.event} ${e.name}`)).toEqual([
      "started customers-2026-11-01.json",
      "finished customers-2026-11-01.json",
      "moved customers-2026-11-01.json",
      "started customers-2026-11-02.json"
    ])
    expect(await names("processed")).toEqual(["customers-2026-11-01.json"])
    expect(await names("inbox")).toEqual(["customers-2026-11-02.json", "customers-2026-11-03.json", "upload.json.part"])
    expect(await go(store.list(JOURNAL_PREFIX))).toHaveLength(1)

    // The killed run's lease holds the restarted watcher off: the delivery is recorded busy and waits in the inbox.
    const second = watch()
    await until(async () => (await ledger()).some((e) => e.event === "busy"), 30_000, second)
    expect(second.output()).toMatch(/customers-2026-11-02\.json .*the lakehouse is in use, left in the inbox/)
    // The lease would lapse within 60 s; an operator breaks it instead.
    await service.getContainerClient(lake.container).getBlockBlobClient(`${lake.prefix}/${LOCK_KEY}`).getBlobLeaseClient().breakLease(0)
    await until(async () => (await moved()) === 3, 60_000, second)
    // A changed blob under a used name is a new delivery: it runs, and is moved beside the first one of that name.
    await deliver("customers-2026-11-03.json", dayFile(3, 4))
    await until(async () => (await moved()) === 4, 60_000, second)
    second.child.kill("SIGTERM")
    expect((await second.exited).code).toBe(0)
    expect(second.output()).toMatch(/customers-2026-11-02\.json .*\(its run \S+ was interrupted\) PUBLISHED exit 0/)

    const events = await ledger()
    const finished = events.filter((e) => e.event === "finished")
    expect(finished.map((e) => [e.name, e.ingestionDate, e.exitCode])).toEqual([
      ["customers-2026-11-01.json", "2026-11-01", 0],
      ["customers-2026-11-02.json", "2026-11-02", 0],
      ["customers-2026-11-03.json", "2026-11-03", 0],
      ["customers-2026-11-03.json", "2026-11-03", 0]
    ])
    // Nothing ran twice: one finished run per delivery (name, size, checksum); only the killed run was started again.
    expect(new Set(finished.map((e) => `${e.name} ${e.sha256}`)).size).toBe(4)
    const started = events.filter((e) => e.event === "started")
    const busy = events.filter((e) => e.event === "busy")
    const interrupted = started.filter((s) => !finished.some((f) => f.runId === s.runId) && !busy.some((b) => b.runId === s.runId))
    expect(interrupted.map((e) => e.name)).toEqual(["customers-2026-11-02.json"])
    expect(new Set(busy.map((e) => e.name))).toEqual(new Set(["customers-2026-11-02.json"]))
    expect(started).toHaveLength(5 + busy.length)

    // Moved: each delivery once, the changed one under its run id; the upload in progress stays.
    const lastRun = finished[3]?.runId ?? ""
    expect(await names("processed")).toEqual(["customers-2026-11-01.json", "customers-2026-11-02.json", `customers-2026-11-03.json`, `customers-2026-11-03~${lastRun}.json`].sort())
    expect(await names("failed")).toEqual([])
    expect(await names("inbox")).toEqual(["upload.json.part"])
    expect(events.filter((e) => e.event === "moved").map((e) => e.to)).toEqual(
      ["customers-2026-11-01.json", "customers-2026-11-02.json", "customers-2026-11-03.json", `customers-2026-11-03~${lastRun}.json`].map((n) => `az://${drop}/deliveries/processed/${n}`)
    )

    // The lakehouse matches the ledger: each date's partitions are those of its last finished run, gold is the last run's version, the killed run is nowhere.
    const lastByDate = new Map(finished.map((e) => [e.ingestionDate, e.runId]))
    const manifests = (await go(store.list(""))).filter((o) => /^(bronze|silver)\/.*\/_manifest\.json$/.test(o.key))
    expect(manifests.length).toBeGreaterThan(0)
    for (const m of manifests) {
      const got = await go(store.get(m.key))
      const manifest = JSON.parse(decode(Option.getOrThrow(got).bytes)) as { ingestionDate: string; runId: string; files: ReadonlyArray<{ path: string }> }
      expect([m.key, manifest.runId]).toEqual([m.key, lastByDate.get(manifest.ingestionDate)])
      for (const f of manifest.files) expect(f.path.startsWith(`_v=${manifest.runId}/`)).toBe(true)
    }
    const gold = JSON.parse(decode(Option.getOrThrow(await go(store.get(GOLD_POINTER_KEY))).bytes)) as { current: { runId: string } }
    expect(gold.current.runId).toBe(lastRun)
    expect(await go(store.list(JOURNAL_PREFIX))).toEqual([])
    const view = await go(readStoreTable(store, tempDir("lakegate-watch-reader-")))
    expect(Object.fromEntries(Object.entries(view.silverCustomers).map(([date, r]) => [date, Number(r?.["n"])]))).toEqual({ "2026-11-01": 3, "2026-11-02": 3, "2026-11-03": 4 })
    expect(view.gold["fact_transactions"]).toBe(20)
  }, 120_000)
})
