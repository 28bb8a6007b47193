/**
 * Commands other than `run` stopped by SIGINT or SIGTERM (issue 19): the
 * bundled CLI ends with 128 + the signal's number (130, 143) and one line on
 * stderr, whether the signal arrives while the CLI's own bundle loads, while
 * a contract module loads, while DuckDB scans the data (the engine's query is
 * interrupted, not left to hang the process) or between the steps of
 * `contracts test`. Each child is stopped at a moment it shows from outside
 * (a marker file, DuckDB's temp directory, a progress line), not after a
 * guessed delay.
 */
import { spawn } from "node:child_process"
import { existsSync, readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { bundle, repoRoot, tempDir } from "../support/cli.ts"
import { write } from "./support.ts"

const CONTRACT = `
import { column, table } from "lakegate"
export default table({
  name: "orders",
  version: "1.0.0",
  columns: { order_id: column.id(), amount: column.money(), email: column.text(), ordered_on: column.date() },
  key: ["order_id"]
})
`

interface Stopped {
  readonly status: number | null
  readonly stderr: string
  readonly stdout: string
  readonly sent: boolean
}

/**
 * Spawn `node [nodeArgs] dist/lakegate.mjs args`, send `signal` once `ready`
 * holds (polled; it gets the stderr so far), then call `afterSignal`.
 */
const stopWhen = (
  args: ReadonlyArray<string>,
  signal: "SIGINT" | "SIGTERM",
  ready: (stderr: string) => boolean,
  options: { readonly env?: Record<string, string>; readonly nodeArgs?: ReadonlyArray<string>; readonly afterSignal?: () => void } = {}
): Promise<Stopped> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bundle("lakegate.mjs"), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...options.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000
    })
    let stdout = ""
    let stderr = ""
    let sent = false
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    const poll = setInterval(() => {
      if (sent || !ready(stderr)) return
      sent = true
      child.kill(signal)
      if (options.afterSignal !== undefined) setTimeout(options.afterSignal, 200)
    }, 10)
    child.on("error", reject)
    child.on("close", (status) => {
      clearInterval(poll)
      resolve({ status, stdout, stderr, sent })
    })
  })

const lines = (text: string): ReadonlyArray<string> => text.trim().split("\n")

const interruptedLine = (signal: string, code: number) => `lakegate: interrupted by ${signal}: stopped before it finished (exit ${code})`

describe("lakegate check stopped by a signal", () => {
  const dir = tempDir("lakegate-interrupted-")
  const contract = join(dir, "orders.contract.ts")
  const data = join(dir, "orders.csv")
  beforeAll(() => {
    write(dir, "orders.contract.ts", CONTRACT)
    // About 25 MB: DuckDB scans it for a second or more, long enough to be stopped in the middle.
    const rows: Array<string> = ["order_id,amount,email,ordered_on"]
    for (let i = 1; i <= 500_000; i++) rows.push(`${i},${(i % 9999) + 1}.25,customer${i}@example.com,2024-0${(i % 9) + 1}-1${i % 10}`)
    writeFileSync(data, rows.join("\n") + "\n")
  })

  it("SIGINT while DuckDB scans the data: exit 130, one line, no report, well before a full check would end", async () => {
    const tmp = tempDir("lakegate-interrupted-tmp-")
    const reports = join(dir, "reports-scan")
    const started = Date.now()
    const result = await stopWhen(["check", contract, data, "--reports", reports, "--date", "2024-05-01"], "SIGINT", () => readdirSync(tmp).some((n) => n.startsWith("lakegate-duck-")), {
      env: { TMPDIR: tmp }
    })
    expect(result.sent, result.stdout).toBe(true)
    expect(result.status, result.stderr).toBe(130)
    expect(lines(result.stderr)).toEqual([interruptedLine("SIGINT", 130)])
    expect(result.stdout).toBe("")
    expect(existsSync(join(reports, "2024-05-01", "quality.json"))).toBe(false)
    // The engine's temp directory goes with it (the query was interrupted and the engine closed).
    expect(readdirSync(tmp).filter((n) => n.startsWith("lakegate-duck-"))).toEqual([])
    expect(Date.now() - started).toBeLessThan(30_000)
  }, 60_000)

  it("SIGTERM while the contract module loads: exit 143, one line (it used to exit 0 in silence)", async () => {
    const marker = join(dir, "loading")
    const slow = write(
      dir,
      "slow.contract.ts",
      `import { writeFileSync } from "node:fs"\nwriteFileSync(${JSON.stringify(marker)}, "")\nawait new Promise((resolve) => setTimeout(resolve, 30_000))\n${CONTRACT}`
    )
    const started = Date.now()
    const result = await stopWhen(["check", slow, data, "--reports", join(dir, "reports-load")], "SIGTERM", () => existsSync(marker))
    expect(result.sent).toBe(true)
    expect(result.status, result.stderr).toBe(143)
    expect(lines(result.stderr)).toEqual([interruptedLine("SIGTERM", 143)])
    expect(Date.now() - started).toBeLessThan(25_000)
  }, 60_000)

  it("SIGTERM while the CLI's own bundle loads: recorded by the launcher, exit 143, one line", async () => {
    // A module hook holds the CLI's bundle (dist/lakegate-main.mjs) until the signal was sent.
    const loading = join(dir, "bundle-loading")
    const release = join(dir, "bundle-release")
    const hooks = write(
      dir,
      "hooks.mjs",
      `import { existsSync, writeFileSync } from "node:fs"
export async function load(url, context, next) {
  if (url.endsWith("/lakegate-main.mjs")) {
    writeFileSync(${JSON.stringify(loading)}, "")
    while (!existsSync(${JSON.stringify(release)})) await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return next(url, context)
}
`
    )
    const register = write(dir, "register.mjs", `import { register } from "node:module"\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`)
    const result = await stopWhen(["check", contract, data, "--reports", join(dir, "reports-bundle")], "SIGTERM", () => existsSync(loading), {
      nodeArgs: ["--import", pathToFileURL(register).href],
      afterSignal: () => writeFileSync(release, "")
    })
    expect(result.sent).toBe(true)
    expect(result.status, result.stderr).toBe(143)
    expect(lines(result.stderr)).toEqual([interruptedLine("SIGTERM", 143)])
    expect(existsSync(join(dir, "reports-bundle"))).toBe(false)
  }, 60_000)
})

describe("lakegate contracts test stopped by a signal", () => {
  it("SIGINT after its first finished step (piped: one line per step): exit 130, the progress lines then one line", async () => {
    const result = await stopWhen(["contracts", "test", "examples/odcs/orders.odcs.yaml", "--runs", "5"], "SIGINT", (stderr) => stderr.includes("contracts test: "))
    expect(result.sent).toBe(true)
    expect(result.status, result.stderr).toBe(130)
    const printed = lines(result.stderr)
    expect(printed.at(-1)).toBe(interruptedLine("SIGINT", 130))
    expect(printed.slice(0, -1).every((l) => l.startsWith("contracts test: "))).toBe(true)
  }, 60_000)
})
