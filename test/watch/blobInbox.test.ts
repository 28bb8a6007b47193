/**
 * The object-store side of `lakegate watch`, on both store implementations
 * (a local folder and Azurite): the inbox prefix (which blobs are deliveries,
 * in which order, the move's copy then delete, a copy left by a crash), the
 * ledger blob under concurrent appends, and the CLI's refusals of a bad
 * az:// inbox or poll interval.
 */
import { Effect, Option } from "effect"
import { randomBytes } from "node:crypto"
import { readFileSync, utimesSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, inject, it } from "vitest"
import { azureBlobStore } from "../../src/storage/azureBlobStore.ts"
import { localObjectStore } from "../../src/storage/localObjectStore.ts"
import type { ObjectStoreShape } from "../../src/storage/ObjectStore.ts"
import { blobInbox } from "../../src/watch/blobInbox.ts"
import type { LedgerEvent } from "../../src/watch/ledger.ts"
import { parsePollInterval } from "../../src/watch/pollInterval.ts"
import { LEDGER_KEY, storeLedger } from "../../src/watch/storeLedger.ts"
import { runCli, tempDir } from "../support/cli.ts"

const text = (s: string) => new TextEncoder().encode(s)
const go = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

const stores: ReadonlyArray<readonly [string, () => ObjectStoreShape]> = [
  ["local folder", () => localObjectStore(tempDir("lakegate-inbox-store-"))],
  ["Azure Blob (Azurite)", () => azureBlobStore({ container: `c${randomBytes(6).toString("hex")}`, prefix: "drop", connectionString: inject("azuriteConnectionString") })]
]

const moved = (n: number, name: string): LedgerEvent => ({ event: "moved", name, size: n, sha256: "x", runId: `r${n}`, to: "t", at: "2026-11-01T00:00:00Z" })

describe.each(stores)("watch on an object store (%s)", (_name, make) => {
  it("lists only the inbox's own finished blobs; fetches one to a local file; moves it by copy then delete, once, even after a crash between the two", async () => {
    const store = make()
    await go(store.put("inbox/orders-2026-11-01.json", text("day one")))
    await go(store.put("inbox/orders-2026-11-02.json", text("day two")))
    for (const skipped of ["inbox/.hidden.json", "inbox/big.json.part", "inbox/x.tmp", "inbox/sub/deep.json", "other/o.json"]) await go(store.put(skipped, text("-")))
    const inbox = blobInbox(store, "inbox")
    const arrived = await go(inbox.arrived)
    expect(arrived.map((a) => [a.name, a.size])).toEqual([
      ["orders-2026-11-01.json", 7],
      ["orders-2026-11-02.json", 7]
    ])
    const first = arrived[0]!
    const result = await go(
      Effect.scoped(
        Effect.gen(function* () {
          const fetched = Option.getOrThrow(yield* inbox.fetch(first))
          const content = readFileSync(fetched.file, "utf8")
          // A copy already made (a crash came before the delete): the same bytes, so no second copy.
          yield* Effect.orDie(store.put("processed/orders-2026-11-01.json", text("day one")))
          const again = yield* inbox.move(first, fetched, "processed", "r1")
          return { content, fetched, again }
        })
      )
    )
    expect(result.content).toBe("day one")
    expect(result.fetched.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(result.again).toEqual({ to: `${store.location}/processed/orders-2026-11-01.json`, shown: "processed/orders-2026-11-01.json" })
    // The temporary download is gone with the scope.
    expect(() => readFileSync(result.fetched.file)).toThrow()
    // Another delivery of the same name, with other bytes: moved under its run id.
    await go(store.put("inbox/orders-2026-11-01.json", text("day one, corrected")))
    // It arrived after orders-2026-11-02.json (or in the same second, on Azure): found by name.
    const redelivered = (await go(inbox.arrived)).find((a) => a.name === "orders-2026-11-01.json")!
    const second = await go(Effect.scoped(Effect.flatMap(inbox.fetch(redelivered), (f) => inbox.move(redelivered, Option.getOrThrow(f), "processed", "r2"))))
    expect(second.shown).toBe("processed/orders-2026-11-01~r2.json")
    const keys = (await go(store.list(""))).map((o) => o.key).filter((k) => !k.startsWith("inbox/."))
    expect(keys).toEqual(["inbox/big.json.part", "inbox/orders-2026-11-02.json", "inbox/sub/deep.json", "inbox/x.tmp", "other/o.json", "processed/orders-2026-11-01.json", "processed/orders-2026-11-01~r2.json"])
    // A delivery gone between the listing and the fetch is none, not an error.
    expect(Option.isNone(await go(Effect.scoped(inbox.fetch(first))))).toBe(true)
  })

  it("the ledger blob keeps every line when two watchers append over each other (conditional writes, read again on a conflict)", async () => {
    const store = make()
    const a = storeLedger(store)
    const b = storeLedger(store)
    expect(await go(a.events)).toEqual([])
    await go(a.append(moved(1, "one")))
    // b has not read the ledger: its first write is conditional on none, loses, reads again and appends after a's line.
    await go(b.append(moved(2, "two")))
    // a's next write is conditional on its own last version, which b replaced.
    await go(a.append(moved(3, "three")))
    await go(Effect.all([a.append(moved(4, "four")), b.append(moved(5, "five"))], { concurrency: 2 }))
    const names = (await go(a.events)).map((e) => e.name)
    expect(names.slice(0, 3)).toEqual(["one", "two", "three"])
    expect([...names.slice(3)].sort()).toEqual(["five", "four"])
    const raw = new TextDecoder().decode(Option.getOrThrow(await go(store.get(LEDGER_KEY))).bytes)
    expect(raw.split("\n").filter((l) => l !== "")).toHaveLength(5)
  })
})

describe("arrival order on a local store", () => {
  it("is the blob's modification time first, then its name", async () => {
    const root = tempDir("lakegate-inbox-order-")
    const store = localObjectStore(root)
    await go(store.put("inbox/a.json", text("a")))
    await go(store.put("inbox/b.json", text("b")))
    utimesSync(join(root, "inbox", "a.json"), new Date("2026-11-02T00:00:00Z"), new Date("2026-11-02T00:00:00Z"))
    utimesSync(join(root, "inbox", "b.json"), new Date("2026-11-01T00:00:00Z"), new Date("2026-11-01T00:00:00Z"))
    expect((await go(blobInbox(store, "inbox").arrived)).map((a) => [a.name, new Date(a.arrivedAt).toISOString()])).toEqual([
      ["b.json", "2026-11-01T00:00:00.000Z"],
      ["a.json", "2026-11-02T00:00:00.000Z"]
    ])
  })
})

describe("--poll-interval", () => {
  it("reads ms, s, m and plain seconds, and refuses zero, negatives and words", () => {
    expect(["500ms", "5s", "2m", "0.2", "3", " 10s "].map(parsePollInterval)).toEqual([500, 5000, 120_000, 200, 3000, 10_000])
    expect(["0", "0s", "-1s", "5h", "soon", ""].map(parsePollInterval)).toEqual([null, null, null, null, null, null])
  })

  it("the CLI refuses an az:// inbox without a folder, a bad interval and missing credentials with one line, exit 2", async () => {
    const env = { AZURE_STORAGE_CONNECTION_STRING: inject("azuriteConnectionString") }
    const noFolder = await runCli(["watch", "--inbox", "az://drop"], env)
    const badInterval = await runCli(["watch", "--inbox", "az://drop/inbox", "--poll-interval", "0s"], env)
    const noCredentials = await runCli(["watch", "--inbox", "az://drop/inbox"], { AZURE_STORAGE_CONNECTION_STRING: "", AZURE_STORAGE_ACCOUNT_URL: "", AZURE_STORAGE_ACCOUNT: "" })
    expect([noFolder, badInterval, noCredentials].map((r) => [r.status, r.stderr.trim().split("\n").length])).toEqual([
      [2, 1],
      [2, 1],
      [2, 1]
    ])
    expect(noFolder.stderr).toMatch(/^lakegate: --inbox az:\/\/drop: give the inbox a folder/)
    expect(badInterval.stderr).toMatch(/^lakegate: --poll-interval must be a duration above 0/)
    expect(noCredentials.stderr).toMatch(/^lakegate: --inbox az:\/\/drop\/inbox: no credentials/)
  })
})
