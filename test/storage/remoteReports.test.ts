/**
 * `lakegate run --reports az://<container>/<prefix>` as a process, on
 * Azurite: the reports are written as in a folder and land in the store,
 * each date's quality.json keeping every run of the date (pulled before the
 * write); and a bad location is one line.
 */
import { Effect, Option } from "effect"
import { randomBytes } from "node:crypto"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, inject, it } from "vitest"
import { azureBlobStore } from "../../src/storage/azureBlobStore.ts"
import { runCli, tempDir } from "../support/cli.ts"
import { sourceDocument, validCustomer } from "../support/fixtures.ts"

const connectionString = () => inject("azuriteConnectionString")
const input = join(tempDir("lakegate-inputs-"), "customers.json")
writeFileSync(input, sourceDocument([1, 2].map((id) => ({ ...validCustomer(), id, email: `c${id}@example.com`, transactions: validCustomer().transactions.map((t, k) => ({ ...t, transaction_id: id * 10 + k })) }))))

describe("lakegate run --reports az://", () => {
  it("uploads the reports; a second run of a date is appended to that date's quality.json (pulled before the write)", async () => {
    const container = `r${randomBytes(6).toString("hex")}`
    const lakehouse = tempDir("lakegate-lake-")
    const env = { AZURE_STORAGE_CONNECTION_STRING: connectionString() }
    const run = (date: string) => runCli(["run", "--input", input, "--date", date, "--lakehouse", lakehouse, "--reports", `az://${container}/reports`, "--quiet"], env)
    const first = await run("2026-11-01")
    expect([first.status, first.stderr]).toEqual([0, ""])
    expect(first.stdout).toContain(`az://${container}/reports/2026-11-01/quality.html`)
    expect((await run("2026-11-01")).status).toBe(0)

    const store = azureBlobStore({ container, prefix: "reports", connectionString: connectionString() })
    const keys = (await Effect.runPromise(store.list(""))).map((o) => o.key)
    expect(keys).toEqual(["2026-11-01/junit.xml", "2026-11-01/quality.html", "2026-11-01/quality.json", "index.html"])
    const read = async (key: string) => new TextDecoder().decode(Option.getOrThrow(await Effect.runPromise(store.get(key))).bytes)
    const day1 = JSON.parse(await read("2026-11-01/quality.json")) as { runs: ReadonlyArray<{ runId: string }> }
    expect(day1.runs).toHaveLength(2)
    const html = await read("2026-11-01/quality.html")
    for (const r of day1.runs) expect(html).toContain(r.runId)
  }, 60_000)

  it("refuses an az:// reports location it cannot use with one line, exit 2", async () => {
    const result = await runCli(["run", "--input", input, "--lakehouse", tempDir("lakegate-lake-"), "--reports", "az://No_Such/reports", "--quiet"], { AZURE_STORAGE_CONNECTION_STRING: connectionString() })
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^lakegate: --reports az:\/\/No_Such\/reports: "No_Such" is not a container name/)])
  })
})
