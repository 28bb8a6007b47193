/**
 * Taking over a stale lock is atomic: however many runs start together against
 * a lock left by a dead process, exactly one gets the lakehouse and the others
 * are told it is busy (issue 19, case 5). Also: an empty lock (a run killed
 * between creating and writing it) and a lock whose pid now belongs to
 * another process need no removing by hand.
 *
 * CI makes 2,400 starts in one process (300 trials of 8 fibers) and 400 across
 * processes (100 trials of 4). `LAKEGATE_TAKEOVER_STARTS=N` raises each of the
 * two to at least N starts (a deep run: `LAKEGATE_TAKEOVER_STARTS=5000 npx
 * vitest run test/lakehouse/lockTakeover.test.ts`).
 */
import { Deferred, Effect, Either, Logger, LogLevel } from "effect"
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs"
import { hostname } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { holdLakehouse, LOCK_FILE, UNREADABLE_STALE_MS } from "../../src/lakehouse/RunLock.ts"
import { repoRoot, tempDir } from "../support/cli.ts"

const root = tempDir("lakegate-takeover-")

/** Starts each concurrent test makes at least (CI's defaults unless `LAKEGATE_TAKEOVER_STARTS` asks for more). */
const deepStarts = Number(process.env["LAKEGATE_TAKEOVER_STARTS"] ?? "0")
const trialsFor = (starters: number, ciTrials: number): number => Math.max(ciTrials, Math.ceil((Number.isFinite(deepStarts) ? deepStarts : 0) / starters))
const FIBER_TRIALS = trialsFor(8, 300)
const PROCESS_TRIALS = trialsFor(4, 100)

/** The pid of a process that has ended. */
const deadPid = (): number => Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout)

const staleLock = (lakehouse: string, pid: number) => {
  mkdirSync(lakehouse, { recursive: true })
  writeFileSync(join(lakehouse, LOCK_FILE), JSON.stringify({ runId: "killed", pid, host: hostname(), since: "2026-11-19T06:00:00.000Z" }))
}

/** `starters` holders start together; each winner keeps the lock until every starter has its answer. Returns the outcomes' tags. */
const race = (lakehouse: string, starters: number) =>
  Effect.gen(function* () {
    const allAnswered = yield* Deferred.make<void>()
    let answered = 0
    return yield* Effect.forEach(
      Array.from({ length: starters }, (_, i) => i),
      (i) =>
        Effect.scoped(
          Effect.gen(function* () {
            const held = yield* Effect.either(holdLakehouse(lakehouse, `starter-${i}`))
            if (++answered === starters) yield* Deferred.succeed(allAnswered, undefined)
            if (Either.isRight(held)) yield* Deferred.await(allAnswered)
            return Either.isRight(held) ? "won" : held.left._tag
          })
        ),
      { concurrency: "unbounded" }
    )
  }).pipe(Logger.withMinimumLogLevel(LogLevel.Error))

describe("taking over a stale lock", () => {
  it(`in one process: 8 fibers start together against a dead run's lock, exactly one wins, ${FIBER_TRIALS} times`, async () => {
    const pid = deadPid()
    const outcomes: Array<ReadonlyArray<string>> = []
    for (let trial = 0; trial < FIBER_TRIALS; trial++) {
      const lakehouse = join(root, "fibers", String(trial))
      staleLock(lakehouse, pid)
      outcomes.push(await Effect.runPromise(race(lakehouse, 8)))
      expect(existsSync(join(lakehouse, LOCK_FILE)), `trial ${trial}: released`).toBe(false)
      expect(readdirSync(lakehouse).filter((n) => n.startsWith(LOCK_FILE)), `trial ${trial}: no marker left`).toEqual([])
    }
    const winners = outcomes.map((o) => o.filter((x) => x === "won").length)
    expect(winners.filter((w) => w !== 1), "trials without exactly one winner").toEqual([])
    expect(outcomes.flat()).toHaveLength(FIBER_TRIALS * 8)
    expect(new Set(outcomes.flat())).toEqual(new Set(["won", "LakehouseBusy"]))
  }, 60_000 + FIBER_TRIALS * 100)

  it(`across processes: 4 processes start together against a dead run's lock, exactly one wins, ${PROCESS_TRIALS} times`, async () => {
    const trials = PROCESS_TRIALS
    const starters = 4
    const base = join(root, "processes")
    mkdirSync(base, { recursive: true })
    const pid = deadPid()
    for (let t = 0; t < trials; t++) staleLock(join(base, `lh-${t}`), pid)
    const children = Array.from({ length: starters }, (_, id) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "test", "support", "lockStarter.ts"), base, String(trials), String(id)], {
          cwd: repoRoot,
          stdio: ["ignore", "ignore", "pipe"]
        })
        let stderr = ""
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
        child.on("close", (code) => resolve({ code, stderr }))
      })
    )
    const winners: Array<number> = []
    for (let t = 0; t < trials; t++) {
      writeFileSync(join(base, `go-${t}`), "")
      const answers = () => readdirSync(base).filter((n) => n.startsWith(`res-${t}-`))
      const deadline = Date.now() + 30_000
      while (answers().length < starters && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2))
      const results = answers().map((n) => readFileSync(join(base, n), "utf8"))
      expect(results.length, `trial ${t}: every starter answered`).toBe(starters)
      winners.push(results.filter((r) => r === "won").length)
      expect(results.filter((r) => r !== "won").every((r) => r === "LakehouseBusy"), `trial ${t}: ${results.join(",")}`).toBe(true)
      writeFileSync(join(base, `done-${t}`), "")
    }
    const exits = await Promise.all(children)
    expect(exits.map((e) => e.code), exits.map((e) => e.stderr).join("\n")).toEqual(Array(starters).fill(0))
    expect(winners).toHaveLength(trials)
    expect(winners.filter((w) => w !== 1), "trials without exactly one winner").toEqual([])
  }, 90_000 + PROCESS_TRIALS * 300)

  it("an empty lock (a run killed between creating and writing it) is taken over once it is old, and reported busy before", async () => {
    const lakehouse = join(root, "empty")
    mkdirSync(lakehouse, { recursive: true })
    const lock = join(lakehouse, LOCK_FILE)
    writeFileSync(lock, "")
    const young = await Effect.runPromise(Effect.scoped(Effect.either(holdLakehouse(lakehouse, "young"))))
    expect(Either.isLeft(young) && young.left.message).toContain("starting")
    const old = (Date.now() - UNREADABLE_STALE_MS - 5_000) / 1000
    utimesSync(lock, old, old)
    const taken = await Effect.runPromise(Effect.scoped(Effect.either(holdLakehouse(lakehouse, "after"))))
    expect(Either.isRight(taken)).toBe(true)
  })

  it("a lock whose pid now belongs to another process (started after the holder) is taken over", async () => {
    const lakehouse = join(root, "reused")
    mkdirSync(lakehouse, { recursive: true })
    // This process is alive, but it is not the one that wrote the lock: that one started at another time.
    writeFileSync(join(lakehouse, LOCK_FILE), JSON.stringify({ runId: "old", pid: process.pid, host: hostname(), since: "2026-11-19T06:00:00.000Z", processStart: "1" }))
    const taken = await Effect.runPromise(Effect.scoped(Effect.either(holdLakehouse(lakehouse, "new"))))
    expect(Either.isRight(taken)).toBe(true)
  })

  it("a live holder's lock, with its start time, is still respected", async () => {
    const lakehouse = join(root, "live")
    const outcome = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          yield* holdLakehouse(lakehouse, "first")
          const holder = JSON.parse(readFileSync(join(lakehouse, LOCK_FILE), "utf8")) as { processStart?: string }
          expect(holder.processStart).toBeDefined()
          return yield* Effect.scoped(Effect.either(holdLakehouse(lakehouse, "second")))
        })
      )
    )
    expect(Either.isLeft(outcome) && outcome.left._tag).toBe("LakehouseBusy")
  })
})
