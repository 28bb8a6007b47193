/**
 * Profile one pipeline run: the same stages as `lakegate run`, with every
 * DuckDB statement timed. Used to find where the time goes, not by the bench.
 *
 *   node --import tsx bench/profileRun.ts FILE [--top 30] [--dump statements.json] [--memory]
 *                                              [--lakehouse DIR] [--date YYYY-MM-DD]
 *
 * `--memory` also lists the statements with the highest peak RSS while they ran (Linux).
 * `--lakehouse` runs on an existing lakehouse (e.g. a copy of one a first-day
 * run left), so a next-day run can be profiled with `--date` a day later;
 * without it the run goes to a fresh temp directory, dated 2026-11-20.
 */
import { NodeContext } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Duck, DuckLive } from "../src/engine/Duck.ts"
import { lakehouseLayer } from "../src/lakehouse/Lakehouse.ts"
import { customersPipeline } from "../contracts/pipeline.ts"
import { runPipeline } from "../src/pipeline/runPipeline.ts"
import { makeRun } from "../src/run/Run.ts"

const input = process.argv[2]
if (input === undefined) throw new Error("usage: profileRun.ts FILE [--top N]")
/** The value after `--name` on the command line, if given. */
const option = (name: string): string | undefined => {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : undefined
}
const dumpTo = option("--dump")
const top = Number(option("--top") ?? 30)
const lakehouseOption = option("--lakehouse")
const date = option("--date") ?? "2026-11-20"

/**
 * The process's peak RSS since the last reset, in MiB (Linux: VmHWM, reset by
 * writing 5 to /proc/self/clear_refs), so each statement gets its own peak.
 * NaN elsewhere.
 */
const peakSinceReset = (): number => {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? NaN) / 1024
  } catch {
    return NaN
  }
}
const resetPeak = (): void => {
  try {
    writeFileSync("/proc/self/clear_refs", "5")
  } catch {
    // not Linux: peaks stay NaN
  }
}

const timings: Array<{ ms: number; cpu: number; sql: string; rss: number; peak: number; heap: number; external: number }> = []
const timed = <A, E, R>(sql: string, effect: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    resetPeak()
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    return Effect.ensuring(
      effect,
      Effect.sync(() => {
        const cpu = process.cpuUsage(cpu0)
        const m = process.memoryUsage()
        timings.push({ ms: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000, sql: sql.replace(/\s+/g, " ").trim(), rss: m.rss / 2 ** 20, peak: peakSinceReset(), heap: m.heapUsed / 2 ** 20, external: m.external / 2 ** 20 })
      })
    )
  })
const TimedDuck = Layer.effect(
  Duck,
  Effect.map(Duck, (duck) => Duck.of({ run: (sql) => timed(sql, duck.run(sql)), all: (sql) => timed(sql, duck.all(sql)), forEachChunk: (sql, onRows) => timed(sql, duck.forEachChunk(sql, onRows)) }))
).pipe(Layer.provide(DuckLive))

const dir = mkdtempSync(join(tmpdir(), "lakegate-profile-"))
const lakehouseDir = lakehouseOption ?? join(dir, "lakehouse")
const run = makeRun(input, date, new Date(), "prof01")
const report = await Effect.runPromise(
  runPipeline(customersPipeline, run).pipe(Effect.provide(Layer.merge(lakehouseLayer(lakehouseDir), TimedDuck)), Effect.provide(NodeContext.layer), Effect.orDie)
)
if (dumpTo === undefined) rmSync(dir, { recursive: true, force: true })
else {
  writeFileSync(dumpTo, JSON.stringify(timings, null, 1))
  console.log(`kept ${dir}`)
}
console.log(report.verdict, report.timings)
const total = timings.reduce((s, t) => s + t.ms, 0)
const cpu = timings.reduce((s, t) => s + t.cpu, 0)
const usage = process.resourceUsage()
console.log(`${timings.length} statements, ${(total / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} s CPU in DuckDB; process CPU ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(2)} s, highest statement peak ${Math.max(...timings.map((t) => t.peak)).toFixed(0)} MiB (maxRSS is lowered by the per-statement resets: ${(usage.maxRSS / 1024).toFixed(0)} MiB)`)
if (process.argv.includes("--memory")) {
  console.log("statements by peak RSS during them (MiB; the landing thread's memory counts too while segments load):")
  for (const t of [...timings].sort((a, b) => b.peak - a.peak).slice(0, 15)) console.log(`peak ${t.peak.toFixed(0).padStart(5)}  ${t.sql.slice(0, 150)}`)
}
if (process.argv.includes("--memory")) for (const t of timings) console.log(`rss ${t.rss.toFixed(0).padStart(5)} heap ${t.heap.toFixed(0).padStart(4)} ext ${t.external.toFixed(0).padStart(4)}  ${t.sql.slice(0, 120)}`)
for (const t of [...timings].sort((a, b) => b.cpu - a.cpu).slice(0, top)) console.log(`${t.ms.toFixed(0).padStart(7)} ms ${t.cpu.toFixed(0).padStart(7)} ms CPU  ${t.sql.slice(0, 200)}`)
