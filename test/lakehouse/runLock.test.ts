/**
 * One writer per lakehouse: a live run's lock stops a second run (exit 5, one
 * line, nothing written); a killed run's lock and staging leftovers are taken
 * over and cleaned by the next run.
 */
import { it as effectIt } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { hostname } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { holdLakehouse, LOCK_FILE } from "../../src/lakehouse/RunLock.ts"
import { repoRoot, runCli, tempDir } from "../support/cli.ts"

const root = tempDir("lakegate-lock-")
afterAll(() => rmSync(root, { recursive: true, force: true }))
const input = join(repoRoot, "data", "customers.json")

/** The pid of a process that has ended. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" })
  return Number(child.stdout)
}

const writeLock = (lakehouse: string, pid: number, host = hostname()) => {
  mkdirSync(lakehouse, { recursive: true })
  writeFileSync(join(lakehouse, LOCK_FILE), JSON.stringify({ runId: "2026-11-19_other", pid, host, since: "2026-11-19T06:00:00.000Z" }))
}

describe("lakegate run and the lakehouse lock", () => {
  it("a lock held by a live run stops the run with exit 5 and one line, writing nothing", async () => {
    const lakehouse = join(root, "busy")
    const reports = join(root, "busy-reports")
    writeLock(lakehouse, process.pid)
    const result = await runCli(["run", "--input", input, "--date", "2026-11-20", "--lakehouse", lakehouse, "--reports", reports, "--quiet"])
    expect(result.status).toBe(5)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("in use by run 2026-11-19_other")
    expect(readdirSync(lakehouse)).toEqual([LOCK_FILE])
    expect(existsSync(reports)).toBe(false)
    // A rollback is a write too.
    const rollback = await runCli(["gold", "rollback", "--to", "anything", "--lakehouse", lakehouse])
    expect(rollback.status).toBe(5)
  }, 60_000)

  it("a lock left by a killed run is taken over, its staging leftovers removed, and released at the end", async () => {
    const lakehouse = join(root, "stale")
    writeLock(lakehouse, deadPid())
    mkdirSync(join(lakehouse, ".staging", "2026-11-19_other", "landing"), { recursive: true })
    writeFileSync(join(lakehouse, ".staging", "2026-11-19_other", "landing", "bronze-00000.csv"), "0,\x01{}\x01\n")
    const result = await runCli(["run", "--input", input, "--date", "2026-11-20", "--lakehouse", lakehouse, "--reports", join(root, "stale-reports"), "--quiet"])
    expect(result.status).toBe(0)
    expect(existsSync(join(lakehouse, LOCK_FILE))).toBe(false)
    expect(readdirSync(join(lakehouse, ".staging"))).toEqual([])
  }, 60_000)

  it("a lock from another host is not judged stale", async () => {
    const lakehouse = join(root, "remote")
    writeLock(lakehouse, deadPid(), "some-other-host")
    const result = await runCli(["run", "--input", input, "--date", "2026-11-20", "--lakehouse", lakehouse, "--reports", join(root, "remote-reports"), "--quiet"])
    expect(result.status).toBe(5)
    expect(result.stderr).toContain("some-other-host")
  }, 60_000)
})

describe("holdLakehouse", () => {
  effectIt.scoped("a second holder in the same process is refused until the first releases", () =>
    Effect.gen(function* () {
      const lakehouse = join(root, "inproc")
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* holdLakehouse(lakehouse, "first")
          const second = yield* Effect.exit(Effect.scoped(holdLakehouse(lakehouse, "second")))
          expect(Exit.isFailure(second) && JSON.stringify(second.cause)).toContain("LakehouseBusy")
        })
      )
      expect(existsSync(join(lakehouse, LOCK_FILE))).toBe(false)
      const third = yield* Effect.exit(Effect.scoped(holdLakehouse(lakehouse, "third")))
      expect(Exit.isSuccess(third)).toBe(true)
    })
  )
})
