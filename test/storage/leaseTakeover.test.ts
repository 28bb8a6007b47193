/**
 * A lapsed lease taken over, for real (no break): `lakegate run --lakehouse
 * az://...` with LAKEGATE_AZURE_LEASE_SECONDS=15 kills itself (SIGKILL) in
 * its pointer switch while it holds the lease; a run started at once finds
 * the lease held (exit 5, one line); once the lease has lapsed on its own
 * (within 15 s of the kill: nobody renews it) the next run takes it, rolls the
 * killed commit forward and publishes; the store then reads whole through its
 * pointers. A lease Azure would refuse (90 s) is bad usage (exit 2).
 */
import { BlobServiceClient } from "@azure/storage-blob"
import { Effect } from "effect"
import { randomBytes } from "node:crypto"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, inject, it } from "vitest"
import { azureBlobStore } from "../../src/storage/azureBlobStore.ts"
import { JOURNAL_PREFIX, LOCK_KEY } from "../../src/storage/remoteLayout.ts"
import { runCli, tempDir } from "../support/cli.ts"
import { sourceDocument, validCustomer } from "../support/fixtures.ts"
import { readStoreTable } from "./storeReader.ts"

const connectionString = () => inject("azuriteConnectionString")
const input = join(tempDir("lakegate-inputs-"), "customers.json")
writeFileSync(input, sourceDocument([1, 2, 3].map((id) => ({ ...validCustomer(), id, email: `c${id}@example.com`, transactions: validCustomer().transactions.map((t, k) => ({ ...t, transaction_id: id * 10 + k })) }))))

const where = { container: `c${randomBytes(6).toString("hex")}`, prefix: "lake" }
const store = () => azureBlobStore({ ...where, connectionString: connectionString(), retry: { maxTries: 2, retryDelayInMs: 50 } })
const run = (date: string, env: Record<string, string> = {}) =>
  runCli(["run", "--input", input, "--date", date, "--lakehouse", `az://${where.container}/${where.prefix}`, "--cache", tempDir("lakegate-cache-"), "--reports", tempDir("lakegate-reports-"), "--quiet"], {
    AZURE_STORAGE_CONNECTION_STRING: connectionString(),
    LAKEGATE_STORAGE_MAX_TRIES: "3",
    LAKEGATE_STORAGE_RETRY_DELAY_MS: "50",
    LAKEGATE_AZURE_LEASE_SECONDS: "15",
    ...env
  })
const go = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const lockBlob = () => BlobServiceClient.fromConnectionString(connectionString()).getContainerClient(where.container).getBlockBlobClient(`${where.prefix}/${LOCK_KEY}`)

describe("a lapsed lease on az://", () => {
  it("a run killed -9 holding a 15 s lease: the next run at once exits 5; once the lease lapses a run takes it over, rolls forward and publishes", async () => {
    const killed = await run("2026-11-01", { LAKEGATE_FAULT_KILL_AT: "switched-one" })
    const killedAt = Date.now()
    expect(killed.status).toBeNull()
    expect((await go(store().list(JOURNAL_PREFIX))).length).toBe(1)
    const held = await lockBlob().getProperties()
    expect([held.leaseState, held.leaseDuration]).toEqual(["leased", "fixed"])

    const busy = await run("2026-11-02")
    expect(busy.status).toBe(5)
    expect(busy.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^lakegate: the lease on az:\/\/.*\/_lock is held by another writer/)])

    // Nobody renews the killed run's lease: it lapses by itself, within its 15 s (the last renewal was at most 5 s before the kill).
    let lapsedAfter = Number.POSITIVE_INFINITY
    while (Date.now() - killedAt < 30_000) {
      if ((await lockBlob().getProperties()).leaseState !== "leased") {
        lapsedAfter = Date.now() - killedAt
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(lapsedAfter).toBeLessThanOrEqual(16_000)

    const next = await run("2026-11-02")
    expect(next.stderr).toBe("")
    expect(next.status).toBe(0)
    // The killed commit was rolled forward and the new one committed: no journal left, both dates' partitions and gold read whole through their pointers.
    expect(await go(store().list(JOURNAL_PREFIX))).toEqual([])
    const view = await go(readStoreTable(store(), tempDir("lakegate-reader-")))
    expect(Object.keys(view.silverCustomers).sort()).toEqual(["2026-11-01", "2026-11-02"])
    for (const date of ["2026-11-01", "2026-11-02"]) expect(Number(view.silverCustomers[date]?.["n"])).toBe(3)
    expect(view.gold["fact_transactions"]).toBe(6)
    // The run released its lease at the end.
    expect((await lockBlob().getProperties()).leaseState).not.toBe("leased")
  })

  it("a lease Azure would refuse (90 s): exit 2, one line, before anything runs", async () => {
    const result = await run("2026-11-01", { LAKEGATE_AZURE_LEASE_SECONDS: "90" })
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^lakegate: --lakehouse az:\/\/.*: LAKEGATE_AZURE_LEASE_SECONDS="90" is not a lease duration: give whole seconds from 15 to 60/)])
  })
})
