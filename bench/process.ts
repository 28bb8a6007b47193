/**
 * The bench's processes: run a node program of a checkout (its built bundle),
 * and measure it from outside (wall time) and inside (the resource usage that
 * `bench/rusage.mjs` writes at exit: peak memory of all threads, CPU time,
 * bytes written).
 */
import { spawn, spawnSync } from "node:child_process"
import { existsSync, readFileSync, rmSync } from "node:fs"
import { loadavg } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import type { RunMeasure } from "./lib.ts"

const benchDir = dirname(fileURLToPath(import.meta.url))
/** This checkout. */
export const root = resolve(benchDir, "..")
const rusagePreload = join(benchDir, "rusage.mjs")

/** Run a command to completion; resolves with its exit code, wall time and output tails. */
export const exec = (args: ReadonlyArray<string>, env: Record<string, string | undefined>, cwd: string = root): Promise<{ code: number; wallMs: number; stdout: string; stderr: string }> =>
  new Promise((done, fail) => {
    const started = performance.now()
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => {
      stdout = (stdout + d.toString()).slice(-16_384)
    })
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-16_384)
    })
    child.on("error", fail)
    child.on("close", (code) => done({ code: code ?? -1, wallMs: performance.now() - started, stdout, stderr }))
  })

/**
 * Node arguments that start a program of the checkout at `dir`: its bundle in
 * `dist/` (what `npm run pipeline` runs), built there first with
 * `npm run -s build`, once per bench so it is never stale; or, in a checkout
 * from before the bundle (no `build` script), the TypeScript source through tsx.
 */
export const program = (dir: string, bundle: string, source: string): ReadonlyArray<string> => {
  let bundled = builds.get(dir)
  if (bundled === undefined) {
    const scripts = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {}
    bundled = scripts["build"] !== undefined
    if (bundled) {
      const built = spawnSync("npm", ["run", "-s", "build"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
      if (built.status !== 0) throw new Error(`npm run build failed in ${dir} (exit ${built.status}): ${built.error?.message ?? built.stderr.trim()}`)
    }
    builds.set(dir, bundled)
  }
  return bundled ? [join(dir, "dist", bundle)] : ["--import", "tsx", join(dir, source)]
}
const builds = new Map<string, boolean>()

/** Run a node program under the resource-usage preload and measure it. */
export const measure = async (args: ReadonlyArray<string>, env: Readonly<Record<string, string>>, work: string, cwd: string = root) => {
  const usageFile = join(work, `rusage-${process.hrtime.bigint()}.json`)
  const result = await exec(["--import", rusagePreload, ...args], { ...process.env, ...env, LAKEGATE_BENCH_RUSAGE: usageFile }, cwd)
  const usage = existsSync(usageFile) ? (JSON.parse(readFileSync(usageFile, "utf8")) as NodeJS.ResourceUsage) : null
  rmSync(usageFile, { force: true })
  const measured: RunMeasure = {
    wallMs: result.wallMs,
    peakMiB: usage === null ? Number.NaN : usage.maxRSS / 1024,
    cpuS: usage === null ? Number.NaN : (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    load: loadavg()[0] ?? 0,
    ok: result.code === 0,
    ...(usage === null ? {} : { writtenBytes: usage.fsWrite * 512 })
  }
  return { result, measured }
}

