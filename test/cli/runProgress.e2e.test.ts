/**
 * `lakegate run`'s progress when its output is piped: one line per finished
 * stage on standard error (name, verdict, seconds) as the run goes, before the
 * summary; nothing with --quiet. The bundled CLI on a small generated delivery.
 */
import { spawn } from "node:child_process"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { bundle, repoRoot, runCli, runGenerator, tempDir } from "../support/cli.ts"

const DATE = "2026-11-20"
const seconds = String.raw`\(\d+\.\d s\)`

/** `lakegate run ...` with standard error sent into the same pipe as standard output (`2>&1`), so their order shows. */
const runMerged = (args: ReadonlyArray<string>): Promise<{ readonly status: number | null; readonly output: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", 'exec "$0" "$@" 2>&1', process.execPath, bundle("lakegate.mjs"), ...args], {
      cwd: repoRoot,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "inherit"]
    })
    let output = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d))
    child.on("error", reject)
    child.on("close", (status) => resolve({ status, output }))
  })

describe("lakegate run, piped: one line per finished stage", () => {
  const dir = tempDir("lakegate-run-progress-")
  const clean = join(dir, "clean.json")
  const dirty = join(dir, "dirty.json")
  const where = (name: string) => ["--date", DATE, "--lakehouse", join(dir, name, "lakehouse"), "--reports", join(dir, name, "reports")]

  beforeAll(async () => {
    expect((await runGenerator(["--customers", "40", "--seed", "3", "--defect-rate", "0", "--out", clean])).status).toBe(0)
    expect((await runGenerator(["--customers", "40", "--seed", "4", "--defect-rate", "0.5", "--out", dirty])).status).toBe(0)
  }, 60_000)

  it("land, bronze, silver, gold and reports, in order, each with its verdict and seconds, then the summary", async () => {
    const { status, output } = await runMerged(["run", "--input", clean, ...where("clean")])
    expect(status, output).toBe(0)
    const lines = output.split("\n")
    const stages = lines.filter((l) => l.startsWith("run: "))
    expect(stages).toHaveLength(5)
    const expected = [`land: 40 records`, "bronze: published", "silver: published", "gold: published", "reports: written"]
    stages.forEach((line, i) => expect(line).toMatch(new RegExp(`^run: ${expected[i]} ${seconds}$`)))
    // Every stage line comes before the summary's first line, and the summary follows the last one.
    const summary = lines.findIndex((l) => l.startsWith("lakegate "))
    expect(summary).toBe(lines.indexOf(stages[4]!) + 1)
    expect(lines.slice(summary).join("\n")).toMatch(/verdict: PUBLISHED \(exit 0\)/)
  }, 60_000)

  it("a blocked run: silver blocked, no gold line", async () => {
    const blocked = await runCli(["run", "--input", dirty, ...where("dirty")])
    expect(blocked.status, blocked.stderr).toBe(1)
    expect(blocked.stdout).toContain("verdict: BLOCKED")
    expect(blocked.stdout).not.toMatch(/^run: /m)
    const stages = blocked.stderr.trim().split("\n")
    expect(stages.map((l) => l.replace(/ \(\d+\.\d s\)$/, ""))).toEqual(["run: land: 40 records", "run: bronze: published", "run: silver: blocked", "run: reports: written"])
  }, 60_000)

  it("run --help says so", async () => {
    const help = await runCli(["run", "--help"])
    expect(help.stdout).toMatch(/when piped, one line per finished stage \(land, bronze, silver, gold\.\.\., reports\) with its verdict and seconds/)
  })

  it("--quiet: no progress line", async () => {
    const quiet = await runCli(["run", "--input", dirty, ...where("quiet"), "--quiet"])
    expect(quiet.status).toBe(1)
    expect(quiet.stderr).toBe("")
  }, 60_000)
})
