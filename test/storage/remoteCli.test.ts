/**
 * `lakegate run --lakehouse az://...` as a process, against Azurite, where
 * the process boundary is the point: kill -9 during the upload and during the
 * pointer switch (placed by LAKEGATE_FAULT_KILL_AT), a lakehouse leased by
 * another writer (exit 5), the storage unreachable (exit 4, one line) and a
 * throttled store (503 to the first requests: retried, the run succeeds).
 */
import { BlobServiceClient } from "@azure/storage-blob"
import { Effect, Option } from "effect"
import { randomBytes } from "node:crypto"
import { writeFileSync } from "node:fs"
import { createServer, request, type Server } from "node:http"
import { join } from "node:path"
import { afterAll, describe, expect, inject, it } from "vitest"
import { azureBlobStore } from "../../src/storage/azureBlobStore.ts"
import { GOLD_POINTER_KEY, JOURNAL_PREFIX, LOCK_KEY } from "../../src/storage/remoteLayout.ts"
import { runCli, tempDir } from "../support/cli.ts"
import { freePort } from "../support/azurite.ts"
import { sourceDocument, validCustomer } from "../support/fixtures.ts"
import { readStoreTable } from "./storeReader.ts"

const connectionString = () => inject("azuriteConnectionString")
const input = join(tempDir("lakegate-inputs-"), "customers.json")
writeFileSync(input, sourceDocument([1, 2, 3].map((id) => ({ ...validCustomer(), id, email: `c${id}@example.com`, transactions: validCustomer().transactions.map((t, k) => ({ ...t, transaction_id: id * 10 + k })) }))))

const fresh = () => ({ container: `c${randomBytes(6).toString("hex")}`, prefix: "lake" })
const storeOf = (where: { container: string; prefix: string }) => azureBlobStore({ ...where, connectionString: connectionString(), retry: { maxTries: 2, retryDelayInMs: 50 } })
const run = (where: { container: string; prefix: string }, date: string, env: Record<string, string> = {}, conn = connectionString()) =>
  runCli(["run", "--input", input, "--date", date, "--lakehouse", `az://${where.container}/${where.prefix}`, "--cache", tempDir("lakegate-cache-"), "--reports", tempDir("lakegate-reports-"), "--quiet"], {
    AZURE_STORAGE_CONNECTION_STRING: conn,
    LAKEGATE_STORAGE_MAX_TRIES: "3",
    LAKEGATE_STORAGE_RETRY_DELAY_MS: "50",
    ...env
  })
const go = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
/** What an operator does after a kill -9 instead of waiting the lease's minute out: break it. */
const breakLease = (where: { container: string; prefix: string }) =>
  BlobServiceClient.fromConnectionString(connectionString()).getContainerClient(where.container).getBlockBlobClient(`${where.prefix}/${LOCK_KEY}`).getBlobLeaseClient().breakLease(0)
const silverPointers = async (where: { container: string; prefix: string }) => (await go(storeOf(where).list("silver/"))).filter((o) => o.key.endsWith("/_manifest.json")).length

describe("lakegate run on az://", () => {
  it("killed -9 while uploading: nothing visible, the lease holds the next run off (exit 5) until it lapses or is broken, then the next run publishes", async () => {
    const where = fresh()
    const killed = await run(where, "2026-11-01", { LAKEGATE_FAULT_KILL_AT: "uploaded-one" })
    expect(killed.status).toBeNull()
    expect(await silverPointers(where)).toBe(0)
    expect(Option.isNone(await go(storeOf(where).get(GOLD_POINTER_KEY)))).toBe(true)
    // Its uploads are recorded as garbage, for a later run to delete.
    expect((await go(storeOf(where).list("_garbage/"))).length).toBe(1)
    const busy = await run(where, "2026-11-01")
    expect(busy.status).toBe(5)
    expect(busy.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^lakegate: the lease on az:\/\/.*\/_lock is held by another writer/)])
    await breakLease(where)
    const next = await run(where, "2026-11-01")
    expect(next.stderr).toBe("")
    expect(next.status).toBe(0)
    expect(await silverPointers(where)).toBe(6)
  })

  it("killed -9 during the pointer switch: every partition a reader sees is whole, and the next run rolls the commit forward", async () => {
    const where = fresh()
    const killed = await run(where, "2026-11-01", { LAKEGATE_FAULT_KILL_AT: "switched-one" })
    expect(killed.status).toBeNull()
    expect((await go(storeOf(where).list(JOURNAL_PREFIX))).length).toBe(1)
    // Bronze's partition is switched first: it alone is visible, and reads whole (its manifest's files are all there).
    expect(await silverPointers(where)).toBe(0)
    expect((await go(storeOf(where).list("bronze/"))).filter((o) => o.key.endsWith("/_manifest.json"))).toHaveLength(1)
    const partial = await go(readStoreTable(storeOf(where), tempDir("lakegate-reader-")))
    expect(partial.gold).toEqual({})
    await breakLease(where)
    const next = await run(where, "2026-11-02")
    expect(next.status).toBe(0)
    expect(await go(storeOf(where).list(JOURNAL_PREFIX))).toEqual([])
    const view = await go(readStoreTable(storeOf(where), tempDir("lakegate-reader-")))
    expect(Object.keys(view.silverCustomers).sort()).toEqual(["2026-11-01", "2026-11-02"])
    expect(view.gold["fact_transactions"]).toBe(6)
  })

  it("storage unreachable: exit 4 with one line on stderr", async () => {
    const port = await freePort()
    const closed = connectionString().replace(/BlobEndpoint=http:\/\/127\.0\.0\.1:\d+/, `BlobEndpoint=http://127.0.0.1:${port}`)
    const result = await run(fresh(), "2026-11-01", {}, closed)
    expect(result.status).toBe(4)
    const lines = result.stderr.trim().split("\n")
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^lakegate: az:\/\/c[0-9a-f]+\/lake\/_lock: acquire lease: .*ECONNREFUSED/)
  })

  describe("behind a throttling proxy", () => {
    let server: Server | undefined
    afterAll(() => server?.close())
    it("503 ServerBusy to the first requests: retried with backoff, the run publishes", async () => {
      const target = new URL(/BlobEndpoint=([^;]+)/.exec(connectionString())?.[1] ?? "")
      let throttled = 0
      server = createServer((req, res) => {
        if (throttled < 3) {
          throttled++
          req.resume()
          res.writeHead(503, { "x-ms-error-code": "ServerBusy" }).end("busy")
          return
        }
        const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        })
        req.pipe(upstream)
      })
      const port = await freePort()
      await new Promise<void>((resolve) => server?.listen(port, "127.0.0.1", resolve))
      const proxied = connectionString().replace(/BlobEndpoint=http:\/\/127\.0\.0\.1:\d+/, `BlobEndpoint=http://127.0.0.1:${port}`)
      const where = fresh()
      const result = await run(where, "2026-11-01", { LAKEGATE_STORAGE_MAX_TRIES: "5" }, proxied)
      expect(result.status).toBe(0)
      expect(throttled).toBe(3)
      expect(await silverPointers(where)).toBe(6)
    })
  })
})
