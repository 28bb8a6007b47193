/**
 * `lakegate watch` end to end: the bundled CLI watching a real inbox folder,
 * deliveries dropped into it, SIGTERM and SIGKILL sent to the process, and
 * the ledger, the moved files and the lakehouse read back.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { bundle, repoRoot, tempDir } from "../support/cli.ts"

/** The bundled delivery (it publishes, exit 0), delivered on two days. */
const DAY_1 = join(repoRoot, "data", "customers.json")
const DAY_2 = DAY_1

interface Watcher {
  readonly child: ChildProcess
  readonly output: () => string
  readonly exited: Promise<number | null>
}

const watch = (dir: string): Watcher => {
  const child = spawn(
    process.execPath,
    [bundle("lakegate.mjs"), "watch", "--inbox", join(dir, "inbox"), "--lakehouse", join(dir, "lakehouse"), "--reports", join(dir, "reports"), "--interval", "0.2"],
    { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: "0" }, stdio: ["ignore", "pipe", "pipe"] }
  )
  let output = ""
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (output += d))
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (output += d))
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)))
  return { child, output: () => output, exited }
}

/** Poll until `ready` holds (or fail after `ms`, with what the watcher printed). */
const until = async (ready: () => boolean, ms: number, w: Watcher): Promise<void> => {
  const deadline = Date.now() + ms
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out; the watcher printed:\n${w.output()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

interface Event {
  readonly event: "started" | "finished" | "moved"
  readonly name: string
  readonly runId: string
  readonly exitCode?: number
  readonly ingestionDate?: string
}

const ledger = (dir: string): ReadonlyArray<Event> => {
  const path = join(dir, "lakehouse", "_watch", "ledger.ndjson")
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Event) : []
}

const list = (path: string): ReadonlyArray<string> => (existsSync(path) ? readdirSync(path).sort() : [])

const silverDates = (dir: string): ReadonlyArray<string> => list(join(dir, "lakehouse", "silver", "customers"))

describe("lakegate watch", () => {
  it("runs each delivery once, in order, moves it by its verdict, and ends on SIGTERM with exit 0", async () => {
    const dir = tempDir("lakegate-watch-")
    mkdirSync(join(dir, "inbox"))
    copyFileSync(DAY_1, join(dir, "inbox", "customers-2026-11-01.json"))
    writeFileSync(join(dir, "inbox", "cut-2026-11-02.json"), '{"customers": [ {"id": 1,')
    writeFileSync(join(dir, "inbox", "partial.json.part"), "{")
    const w = watch(dir)
    await until(() => ledger(dir).filter((e) => e.event === "moved").length === 2, 120_000, w)
    w.child.kill("SIGTERM")
    expect(await w.exited).toBe(0)

    expect(list(join(dir, "processed"))).toEqual(["customers-2026-11-01.json"])
    expect(list(join(dir, "failed"))).toEqual(["cut-2026-11-02.json"])
    // In-progress uploads are left alone.
    expect(list(join(dir, "inbox"))).toEqual(["partial.json.part"])
    const events = ledger(dir)
    // One delivery at a time: each one's started, finished, moved, never interleaved with the other's.
    const first = events[0]?.name ?? ""
    const second = first === "cut-2026-11-02.json" ? "customers-2026-11-01.json" : "cut-2026-11-02.json"
    expect(events.map((e) => `${e.event} ${e.name}`)).toEqual([first, second].flatMap((n) => [`started ${n}`, `finished ${n}`, `moved ${n}`]))
    expect(Object.fromEntries(events.filter((e) => e.event === "finished").map((e) => [e.name, [e.ingestionDate, e.exitCode]]))).toEqual({
      "customers-2026-11-01.json": ["2026-11-01", 0],
      "cut-2026-11-02.json": ["2026-11-02", 3]
    })
    expect(silverDates(dir)).toEqual(["ingestion_date=2026-11-01"])
    expect(w.output()).toMatch(/cut-2026-11-02\.json .* FAILED exit 3: .*truncated input/)
  }, 180_000)

  it("survives kill -9 in the middle of a run: the next watcher runs the delivery again, once, and the lakehouse matches the ledger", async () => {
    const dir = tempDir("lakegate-watch-kill-")
    mkdirSync(join(dir, "inbox"))
    copyFileSync(DAY_1, join(dir, "inbox", "customers-2026-11-01.json"))
    const first = watch(dir)
    await until(() => ledger(dir).some((e) => e.event === "started"), 60_000, first)
    first.child.kill("SIGKILL")
    await first.exited
    expect(ledger(dir).map((e) => e.event)).toEqual(["started"])

    copyFileSync(DAY_2, join(dir, "inbox", "customers-2026-11-02.json"))
    const second = watch(dir)
    await until(() => ledger(dir).filter((e) => e.event === "moved").length === 2, 180_000, second)
    second.child.kill("SIGTERM")
    expect(await second.exited).toBe(0)

    const events = ledger(dir)
    const runsOf = (name: string) => events.filter((e) => e.name === name && e.event === "started").length
    expect([runsOf("customers-2026-11-01.json"), runsOf("customers-2026-11-02.json")]).toEqual([2, 1])
    expect(events.filter((e) => e.event === "finished").map((e) => [e.name, e.exitCode])).toEqual([
      ["customers-2026-11-01.json", 0],
      ["customers-2026-11-02.json", 0]
    ])
    expect(second.output()).toMatch(/customers-2026-11-01\.json .*was interrupted/)
    expect(list(join(dir, "processed"))).toEqual(["customers-2026-11-01.json", "customers-2026-11-02.json"])
    expect(silverDates(dir)).toEqual(["ingestion_date=2026-11-01", "ingestion_date=2026-11-02"])

    // A restart with nothing new runs nothing again.
    const third = watch(dir)
    // Started (a loaded machine takes seconds to start it; a SIGTERM before would kill node itself), then a few scans.
    await until(() => third.output().includes("lakegate watch: watching"), 60_000, third)
    await new Promise((r) => setTimeout(r, 1500))
    third.child.kill("SIGTERM")
    expect(await third.exited).toBe(0)
    expect(ledger(dir)).toHaveLength(events.length)
  }, 300_000)
})
