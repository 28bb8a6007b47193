/**
 * The object-store port's contract, one test body run against both
 * implementations: a local folder and Azure Blob Storage (Azurite).
 */
import { Effect, Exit, Option } from "effect"
import { randomBytes } from "node:crypto"
import { readFile, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, inject, it } from "vitest"
import { azureBlobStore } from "../../src/storage/azureBlobStore.ts"
import { localObjectStore } from "../../src/storage/localObjectStore.ts"
import type { ObjectStoreShape } from "../../src/storage/ObjectStore.ts"
import { tempDir } from "../support/cli.ts"

const text = (s: string) => new TextEncoder().encode(s)
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const failure = async <A, E>(effect: Effect.Effect<A, E>): Promise<string> => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return "success"
  const error = exit.cause._tag === "Fail" ? exit.cause.error : null
  return error !== null && typeof error === "object" && "_tag" in error ? String(error._tag) : "defect"
}

const stores: ReadonlyArray<readonly [string, () => ObjectStoreShape]> = [
  ["local folder", () => localObjectStore(tempDir("lakegate-objects-"))],
  ["Azure Blob (Azurite)", () => azureBlobStore({ container: `c${randomBytes(6).toString("hex")}`, prefix: "lake/a", connectionString: inject("azuriteConnectionString"), retry: { maxTries: 2, retryDelayInMs: 50 } })]
]

describe.each(stores)("ObjectStore on %s", (_name, make) => {
  it("puts, gets, lists and deletes; a missing key is none", async () => {
    const store = make()
    expect(Option.isNone(await run(store.get("missing.json")))).toBe(true)
    expect(await run(store.list(""))).toEqual([])
    const etag = await run(store.put("silver/t/_manifest.json", text("one")))
    const got = await run(store.get("silver/t/_manifest.json"))
    expect(Option.map(got, (g) => new TextDecoder().decode(g.bytes))).toEqual(Option.some("one"))
    expect(Option.map(got, (g) => g.etag)).toEqual(Option.some(etag))
    await run(store.put("silver/t/part-0.parquet", text("data")))
    await run(store.put("gold/_current.json", text("{}")))
    const listed = await run(store.list("silver/"))
    expect(listed.map((o) => o.key)).toEqual(["silver/t/_manifest.json", "silver/t/part-0.parquet"])
    expect(listed.map((o) => o.size)).toEqual([3, 4])
    expect(listed[0]?.etag).toBe(etag)
    await run(store.remove("silver/t/part-0.parquet"))
    await run(store.remove("silver/t/never-there"))
    expect((await run(store.list(""))).map((o) => o.key)).toEqual(["gold/_current.json", "silver/t/_manifest.json"])
  })

  it("creates only once with ifNoneMatch and replaces only the version read with ifMatch", async () => {
    const store = make()
    const first = await run(store.put("gold/_current.json", text("v1"), { ifNoneMatch: "*" }))
    expect(await failure(store.put("gold/_current.json", text("v1 again"), { ifNoneMatch: "*" }))).toBe("PreconditionFailed")
    const second = await run(store.put("gold/_current.json", text("v2"), { ifMatch: first }))
    expect(second).not.toBe(first)
    // A writer holding the first etag lost the race.
    expect(await failure(store.put("gold/_current.json", text("v3"), { ifMatch: first }))).toBe("PreconditionFailed")
    const got = await run(store.get("gold/_current.json"))
    expect(Option.map(got, (g) => new TextDecoder().decode(g.bytes))).toEqual(Option.some("v2"))
  })

  it("of many concurrent creates of one key, exactly one wins", async () => {
    const store = make()
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => failure(store.put("_journal/r.json", text(`w${i}`), { ifNoneMatch: "*" }))))
    expect(outcomes.filter((o) => o === "success")).toHaveLength(1)
    expect(outcomes.filter((o) => o === "PreconditionFailed")).toHaveLength(5)
  })

  it("uploads a local file and downloads it to a local file", async () => {
    const store = make()
    const dir = tempDir()
    const bytes = randomBytes(300_000)
    await writeFile(join(dir, "in.bin"), bytes)
    await run(store.put("silver/t/ingestion_date=2026-01-01/_v=r1/part-0.parquet", { file: join(dir, "in.bin") }, { ifNoneMatch: "*" }))
    expect(await run(store.download("silver/t/ingestion_date=2026-01-01/_v=r1/part-0.parquet", join(dir, "out", "copy.bin")))).toBe(true)
    expect(Buffer.compare(await readFile(join(dir, "out", "copy.bin")), bytes)).toBe(0)
    expect(await run(store.download("nothing", join(dir, "none.bin")))).toBe(false)
  })

  it("leases a key: a second taker is refused until the holder releases", async () => {
    const store = make()
    const lease = await run(store.acquireLease("_lock", 15))
    expect(await failure(store.acquireLease("_lock", 15))).toBe("LeaseHeld")
    await run(store.renewLease("_lock", lease))
    expect(await failure(store.renewLease("_lock", "00000000-0000-0000-0000-000000000000"))).not.toBe("success")
    await run(store.releaseLease("_lock", lease))
    const again = await run(store.acquireLease("_lock", 15))
    expect(again).not.toBe(lease)
    await run(store.releaseLease("_lock", again))
  })
})
