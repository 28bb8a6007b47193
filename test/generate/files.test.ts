import { Effect, Either } from "effect"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { afterAll, describe, expect, it, vi } from "vitest"
import { runGenerate } from "../../contracts/generate/cli.ts"
import { snapshotSpec, snapshotToStrings } from "../../contracts/generate/customers.ts"
import { parseDay } from "../../contracts/generate/dates.ts"
import { writeSnapshotFile } from "../../contracts/generate/files.ts"
import { runGenerator } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "lakegate-generate-"))

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const inMemory = (seed: number, customers: number, defectRate: number, asOf = "2026-11-01") =>
  snapshotToStrings(snapshotSpec({ seed, customers, defectRate, asOfDay: parseDay(asOf)! }))

describe("writeSnapshotFile", () => {
  it("streams exactly the in-memory snapshot, across many chunks, plus its sidecar", async () => {
    const out = join(dir, "big", "customers.json")
    const result = await Effect.runPromise(writeSnapshotFile({ seed: 5, customers: 3000, defectRate: 0.1, asOf: "2025-06-30", out }))
    const expected = inMemory(5, 3000, 0.1, "2025-06-30")
    expect(readFileSync(out, "utf8")).toBe(expected.data)
    expect(readFileSync(join(dir, "big", "customers.truth.json"), "utf8")).toBe(expected.truth)
    expect(result.bytes).toBe(Buffer.byteLength(expected.data))
    expect(result.bytes).toBeGreaterThan(2 * 1024 * 1024)
    expect(result).toMatchObject({ customers: 3000, asOf: "2025-06-30" })
    expect(readdirSync(join(dir, "big")).sort()).toEqual(["customers.json", "customers.truth.json"])
  })

  it("fails with a typed error and leaves nothing behind", async () => {
    const blocker = join(dir, "not-a-dir")
    writeFileSync(blocker, "")
    const unwritable = await Effect.runPromise(Effect.either(writeSnapshotFile({ seed: 1, customers: 5, defectRate: 0, out: join(blocker, "x.json") })))
    expect(Either.isLeft(unwritable) && unwritable.left._tag).toBe("WriteError")
    const taken = join(dir, "taken")
    mkdirSync(join(taken, "customers.json"), { recursive: true })
    const isDir = await Effect.runPromise(Effect.either(writeSnapshotFile({ seed: 1, customers: 5, defectRate: 0, out: join(taken, "customers.json") })))
    expect(Either.isLeft(isDir) && isDir.left._tag).toBe("WriteError")
    expect(readdirSync(taken).filter((f) => f.includes(".tmp-"))).toEqual([])
    for (const bad of [{ customers: -1 }, { customers: 1.5 }, { defectRate: 2 }, { seed: 0.5 }, { asOf: "2023-02-30" }, { asOf: "2100-01-01" }]) {
      const result = await Effect.runPromise(Effect.either(writeSnapshotFile({ seed: 1, customers: 5, defectRate: 0, out: join(dir, "bad.json"), ...bad })))
      expect(Either.isLeft(result) && result.left._tag, JSON.stringify(bad)).toBe("InvalidOptionsError")
    }
    expect(existsSync(join(dir, "bad.json"))).toBe(false)
  })
})

const generateInProcess = (...flags: ReadonlyArray<string>): Promise<number> =>
  Effect.runPromise(runGenerate(["node", "generate", ...flags]).pipe(Effect.provide(NodeContext.layer)))

describe("the generate CLI", () => {
  it("maps bad usage to exit code 2 and writes nothing", async () => {
    const out = join(dir, "usage", "c.json")
    writeFileSync(join(dir, "not-a-dir"), "")
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined)
    try {
      expect(await generateInProcess("--customers", "50")).toBe(2)
      expect(errors.mock.calls.at(-1)).toEqual(["generate: --out FILE is required (or --days with --out-dir)"])
      expect(await generateInProcess("--customers", "50", "--defect-rate", "1.5", "--out", out)).toBe(2)
      expect(await generateInProcess("--customers", "50", "--days", "2", "--out", out)).toBe(2)
      expect(await generateInProcess("--customers", "fifty", "--out", out)).toBe(2)
      expect(await generateInProcess("--customers", "5", "--out", join(dir, "not-a-dir", "x.json"))).toBe(1)
    } finally {
      errors.mockRestore()
    }
    expect(existsSync(out)).toBe(false)
    const logs = vi.spyOn(console, "log").mockImplementation(() => undefined)
    try {
      expect(await generateInProcess("--help")).toBe(0)
      expect(String(logs.mock.calls[0]?.[0])).toContain("--defect-rate")
    } finally {
      logs.mockRestore()
    }
  })

  it("npm run generate writes the library's bytes (one real process)", async () => {
    const out = join(dir, "cli", "c.json")
    const ok = await runGenerator(["--customers", "50", "--seed", "3", "--defect-rate", "0.2", "--out", out, "--as-of", "2026-01-15"])
    expect(ok.status, ok.stderr).toBe(0)
    expect(ok.stdout).toContain("50 customers")
    const expected = inMemory(3, 50, 0.2, "2026-01-15")
    expect(readFileSync(out, "utf8")).toBe(expected.data)
    expect(readFileSync(join(dir, "cli", "c.truth.json"), "utf8")).toBe(expected.truth)
  })
})
