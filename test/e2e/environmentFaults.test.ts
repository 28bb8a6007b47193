/**
 * A hostile environment (issue 19), with the real CLI on real filesystems:
 * a full disk while staging, while publishing (silver's manifests, between
 * silver's renames, gold's journal, gold's `_current.json` switch) and while
 * the reports are written, a read-only
 * lakehouse, staging on another filesystem than the lakehouse, SIGTERM and
 * SIGINT in the middle of a run. Each ends with one clear line and a
 * documented exit code, nothing half-published, the lock released, and the
 * next run on a healthy disk succeeds.
 *
 * The full and read-only disks are small tmpfs mounts (the tests run as root,
 * so permissions would not stop a write); they are unmounted afterwards.
 * Mounting is required: if it is not permitted the suite fails (it is not
 * skipped).
 */
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { basename, dirname, join } from "node:path"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { bundle, repoRoot, runCli, runGenerator, tempDir, type CliResult } from "../support/cli.ts"
import { CORPUS_DATE, documentOf } from "../support/hostileCorpus.ts"
import { goldCurrentOf } from "../support/inProcessRun.ts"
import { manifestOf, parquetOf, query } from "../support/lakehouseReader.ts"
import { goldSnapshot } from "../gold/support.ts"

const root = tempDir("lakegate-env-")
const mounts: Array<string> = []

/** Mount a tmpfs of `size` at `dir` (created). */
const mountTmpfs = (dir: string, size: string): void => {
  mkdirSync(dir, { recursive: true })
  const result = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { encoding: "utf8" })
  if (result.status !== 0) throw new Error(`these tests need to mount a tmpfs (run as root): mount said ${result.stderr}`)
  mounts.push(dir)
}

const remount = (dir: string, options: string): void => {
  const result = spawnSync("mount", ["-o", `remount,${options}`, dir], { encoding: "utf8" })
  if (result.status !== 0) throw new Error(`remount ${options} of ${dir} failed: ${result.stderr}`)
}

/** Fill a filesystem until about `leaveBytes` are free. */
const fillLeaving = (dir: string, leaveBytes: number): void => {
  const free = Number(spawnSync("df", ["--output=avail", "-B1", dir], { encoding: "utf8" }).stdout.split("\n")[1]?.trim())
  writeFileSync(join(dir, "filler"), Buffer.alloc(Math.max(0, free - leaveBytes)))
}

afterAll(() => {
  for (const dir of mounts.reverse()) spawnSync("umount", ["-l", dir])
})

const run = (input: string, lakehouse: string, reports: string): Promise<CliResult> =>
  runCli(["run", "--input", input, "--date", CORPUS_DATE, "--lakehouse", lakehouse, "--reports", reports, "--quiet"])

/** The silver layer of the date: all of its tables published, or none. */
const silverAllOrNone = (lakehouse: string): boolean => {
  const tables = ["customers", "products", "transactions", "denormalized", "sanitation", "quarantine"].filter((t) => manifestOf(lakehouse, "silver", t, CORPUS_DATE) !== undefined)
  return tables.length === 0 || tables.length === 6
}

/** What a stopped run left in the lakehouse that only a running one may hold. */
const leftovers = (lakehouse: string): ReadonlyArray<string> => [
  ...(existsSync(join(lakehouse, "_lock")) ? ["_lock"] : []),
  ...(existsSync(join(lakehouse, ".staging")) ? readdirSync(join(lakehouse, ".staging")).map((n) => `.staging/${n}`) : []),
  ...(existsSync(join(lakehouse, "_journal")) ? readdirSync(join(lakehouse, "_journal")).map((n) => `_journal/${n}`) : [])
]

const oneLine = (stderr: string): ReadonlyArray<string> => stderr.trim().split("\n")

/** A small valid delivery (300 customers, about 70 KB). */
const smallInput = (): string => {
  const file = join(root, "small.json")
  if (!existsSync(file)) writeFileSync(file, documentOf(300, []))
  return file
}

describe("a full disk", () => {
  it("while staging: exit 4, one line naming the lack of space, nothing published, lock released; the next run with room succeeds", async () => {
    const lakehouse = join(root, "full-staging", "lakehouse")
    mountTmpfs(lakehouse, "2m")
    fillLeaving(lakehouse, 24 * 1024)
    const reports = join(root, "full-staging", "reports")
    const result = await run(smallInput(), lakehouse, reports)
    expect(result.status, result.stderr + result.stdout).toBe(4)
    expect(oneLine(result.stderr)).toEqual([expect.stringMatching(/^lakegate: .*(ENOSPC|no space left)/i)])
    expect(manifestOf(lakehouse, "bronze", "customers_raw", CORPUS_DATE)).toBeUndefined()
    expect(silverAllOrNone(lakehouse)).toBe(true)
    expect(leftovers(lakehouse)).toEqual([])
    // Room again: the same lakehouse takes the next run.
    remount(lakehouse, "size=64m")
    const next = await run(smallInput(), lakehouse, reports)
    expect(next.status, next.stderr + next.stdout).toBe(0)
    expect(manifestOf(lakehouse, "silver", "customers", CORPUS_DATE)?.rows).toBe(300)
  }, 120_000)

  it("while the reports are written: exit 4 and the verdict line says the data is published and the reports are not; the next run succeeds", async () => {
    const lakehouse = join(root, "full-reports", "lakehouse")
    const reports = join(root, "full-reports", "reports")
    mountTmpfs(reports, "1m")
    fillLeaving(reports, 16 * 1024)
    const result = await run(smallInput(), lakehouse, reports)
    expect(result.status, result.stderr + result.stdout).toBe(4)
    expect(result.stdout).toMatch(/^verdict: PUBLISHED, but the reports could not be written: .*(ENOSPC|no space left).* \(exit 4\)$/im)
    expect(oneLine(result.stderr)).toEqual([expect.stringMatching(/^lakegate: could not write the reports: /)])
    expect(manifestOf(lakehouse, "silver", "customers", CORPUS_DATE)?.rows).toBe(300)
    expect(leftovers(lakehouse)).toEqual([])
    spawnSync("rm", ["-f", join(reports, "filler")])
    const next = await run(smallInput(), lakehouse, reports)
    expect(next.status, next.stderr + next.stdout).toBe(0)
    expect(existsSync(join(reports, CORPUS_DATE, "quality.json"))).toBe(true)
  }, 120_000)
})

describe("a full disk while publishing", () => {
  // The disk fills at an exact step of a publish: test/support/diskFullPipeline.ts fills it from a check that
  // runs last in silver's audit, or around gold's publish (LAKEGATE_TEST_FULL_AT); unset, it is the plain pipeline.
  const pipelineModule = join(repoRoot, "test", "support", "diskFullPipeline.ts")
  const NEXT_DATE = "2026-11-21"
  const disk = join(root, "full-publish")
  const reference = join(root, "full-publish-reference", "lakehouse")

  const runAt = (lakehouse: string, date: string, fullAt?: string): Promise<CliResult> =>
    runCli(
      ["run", "--pipeline", pipelineModule, "--input", smallInput(), "--date", date, "--lakehouse", lakehouse, "--reports", join(root, "full-publish-reports", basename(dirname(lakehouse))), "--quiet"],
      fullAt === undefined ? {} : { LAKEGATE_TEST_FULL_AT: fullAt, LAKEGATE_TEST_FULL_DIR: disk }
    )

  /** Room again: what the fault filled is removed. */
  const healthy = (): void => {
    rmSync(join(disk, "filler"), { force: true })
    rmSync(join(disk, "inodes"), { recursive: true, force: true })
  }

  afterEach(healthy)

  const SILVER = ["customers", "products", "transactions", "denormalized", "sanitation", "quarantine"] as const
  /** The date's bronze (but the landing time) and silver content, each table sorted. */
  const dataOf = async (lakehouse: string, date: string): Promise<Record<string, unknown>> => {
    const data: Record<string, unknown> = { bronze: await query(`select * exclude (_ingested_at) from ${parquetOf(lakehouse, "bronze", "customers_raw", date)} order by all`) }
    for (const t of SILVER) data[t] = await query(`select * from ${parquetOf(lakehouse, "silver", t, date)} order by all`)
    return data
  }
  const silverPublished = (lakehouse: string, date: string): ReadonlyArray<string> => SILVER.filter((t) => manifestOf(lakehouse, "silver", t, date) !== undefined)
  const layerLine = (stdout: string, layer: string): string => stdout.split("\n").find((l) => l.trimStart().startsWith(`${layer} `))?.trim() ?? ""

  beforeAll(async () => {
    // A small disk (64 MB, 4,000 inodes): a run needs a few hundred.
    mountTmpfs(disk, "64m,nr_inodes=4000")
    // The uninterrupted runs to compare with, on an ordinary disk.
    for (const date of [CORPUS_DATE, NEXT_DATE]) {
      const done = await runAt(reference, date)
      expect(done.status, done.stderr + done.stdout).toBe(0)
    }
  }, 120_000)

  it("silver's manifests cannot be written: exit 4, one line naming the lack of space, bronze published, silver and gold not; the next run with room succeeds with the same content", async () => {
    const lakehouse = join(disk, "silver-seal", "lakehouse")
    const result = await runAt(lakehouse, CORPUS_DATE, "silver-seal")
    expect(result.status, result.stderr + result.stdout).toBe(4)
    expect(oneLine(result.stderr)).toEqual([expect.stringMatching(/^lakegate: .*_manifest\.json.*(ENOSPC|no space left)/i)])
    expect(layerLine(result.stdout, "bronze")).toBe("bronze   PUBLISHED")
    expect(layerLine(result.stdout, "silver")).toBe("silver   FAILED")
    expect(layerLine(result.stdout, "gold")).toBe("gold     NOT_RUN")
    expect(manifestOf(lakehouse, "bronze", "customers_raw", CORPUS_DATE)?.rows).toBe(300)
    expect(silverPublished(lakehouse, CORPUS_DATE)).toEqual([])
    expect(goldCurrentOf(lakehouse)).toBeNull()
    expect(leftovers(lakehouse)).toEqual([])
    healthy()
    const next = await runAt(lakehouse, CORPUS_DATE)
    expect(next.status, next.stderr + next.stdout).toBe(0)
    expect(await dataOf(lakehouse, CORPUS_DATE)).toEqual(await dataOf(reference, CORPUS_DATE))
  }, 120_000)

  it("between silver's renames (no inode for the next table's folder): exit 4, one line naming the lack of space, the publish journaled; the next run rolls it forward and succeeds, and the date's content equals an uninterrupted run's", async () => {
    const lakehouse = join(disk, "silver-rename", "lakehouse")
    // Free inodes for the 6 manifests, the journal, `silver` and `silver/customers`: the second table's folder is refused.
    const result = await runAt(lakehouse, CORPUS_DATE, "silver-rename:9")
    expect(result.status, result.stderr + result.stdout).toBe(4)
    expect(oneLine(result.stderr)).toEqual([expect.stringMatching(/^lakegate: .*silver\/products.*(ENOSPC|no space left)/i)])
    expect(layerLine(result.stdout, "silver")).toBe("silver   FAILED")
    const failedRun = manifestOf(lakehouse, "bronze", "customers_raw", CORPUS_DATE)?.runId ?? ""
    // The documented state of an I/O error mid-publish: the moves done are live, the rest journaled with their staged files.
    expect(silverPublished(lakehouse, CORPUS_DATE)).toEqual(["customers"])
    expect(readdirSync(join(lakehouse, "_journal"))).toEqual([`${failedRun}.json`])
    expect(existsSync(join(lakehouse, "_lock"))).toBe(false)
    healthy()
    // The next run, of the next date, first finishes the journaled publish.
    const next = await runAt(lakehouse, NEXT_DATE)
    expect(next.status, next.stderr + next.stdout).toBe(0)
    expect(SILVER.map((t) => manifestOf(lakehouse, "silver", t, CORPUS_DATE)?.runId)).toEqual(SILVER.map(() => failedRun))
    expect(leftovers(lakehouse)).toEqual([])
    expect(await dataOf(lakehouse, CORPUS_DATE)).toEqual(await dataOf(reference, CORPUS_DATE))
    expect(await dataOf(lakehouse, NEXT_DATE)).toEqual(await dataOf(reference, NEXT_DATE))
  }, 120_000)

  it("gold's journal, then gold's `_current.json` switch: exit 4, one line, bronze and silver published, gold FAILED and its previous version still current; the next run with room succeeds and gold equals an uninterrupted run's", async () => {
    const lakehouse = join(disk, "gold", "lakehouse")
    const first = await runAt(lakehouse, CORPUS_DATE)
    expect(first.status, first.stderr + first.stdout).toBe(0)
    const before = goldCurrentOf(lakehouse)
    expect(before).not.toBeNull()
    const failedRuns: Array<string> = []
    for (const [fullAt, says] of [["gold-journal", "_journal"], ["gold-switch", "_current\\.json"]] as const) {
      const result = await runAt(lakehouse, NEXT_DATE, fullAt)
      expect(result.status, `${fullAt}: ${result.stderr}${result.stdout}`).toBe(4)
      // One line naming the file and the lack of space.
      expect(oneLine(result.stderr), fullAt).toEqual([expect.stringMatching(new RegExp(`^lakegate: (?=.*${says})(?=.*(ENOSPC|no space left))`, "i"))])
      expect(layerLine(result.stdout, "silver"), fullAt).toBe("silver   PUBLISHED")
      expect(layerLine(result.stdout, "gold"), fullAt).toBe("gold     FAILED")
      expect(silverPublished(lakehouse, NEXT_DATE), fullAt).toEqual(SILVER)
      expect(goldCurrentOf(lakehouse), fullAt).toBe(before)
      expect(leftovers(lakehouse), fullAt).toEqual([])
      failedRuns.push(manifestOf(lakehouse, "silver", "customers", NEXT_DATE)?.runId ?? "")
      healthy()
    }
    const next = await runAt(lakehouse, NEXT_DATE)
    expect(next.status, next.stderr + next.stdout).toBe(0)
    expect(await goldSnapshot(lakehouse)).toEqual(await goldSnapshot(reference))
    // What the failed runs published under gold/_files no version names is gone.
    const versionDirs = readdirSync(join(lakehouse, "gold", "_files"), { recursive: true, encoding: "utf8" })
    expect(versionDirs.filter((d) => failedRuns.some((r) => d.includes(r)))).toEqual([])
    expect(JSON.parse(readFileSync(join(lakehouse, "gold", "_current.json"), "utf8")).versions).toHaveLength(2)
  }, 180_000)
})

describe("a lakehouse that cannot be written", () => {
  it("read-only: exit 2 before the run starts, one line; after a remount read-write the next run succeeds", async () => {
    const lakehouse = join(root, "read-only", "lakehouse")
    mountTmpfs(lakehouse, "64m")
    remount(lakehouse, "ro")
    const reports = join(root, "read-only", "reports")
    const result = await run(smallInput(), lakehouse, reports)
    expect(result.status, result.stderr + result.stdout).toBe(2)
    expect(oneLine(result.stderr)).toEqual([expect.stringMatching(/^lakegate: the lakehouse directory .* cannot be used: .*(read-only|EROFS)/i)])
    remount(lakehouse, "rw")
    expect(readdirSync(lakehouse)).toEqual([])
    const next = await run(smallInput(), lakehouse, reports)
    expect(next.status, next.stderr + next.stdout).toBe(0)
  }, 120_000)

  it("staging on another filesystem than the lakehouse: exit 2 before the run starts (a publish is a rename), nothing written; unmounted, the next run succeeds", async () => {
    const lakehouse = join(root, "split", "lakehouse")
    const staging = join(lakehouse, ".staging")
    mountTmpfs(staging, "64m")
    const reports = join(root, "split", "reports")
    const result = await run(smallInput(), lakehouse, reports)
    expect(result.status, result.stderr + result.stdout).toBe(2)
    expect(oneLine(result.stderr)).toEqual([`lakegate: the lakehouse directory ${lakehouse} cannot be used: ${staging} is on another filesystem, and a publish renames within one filesystem`])
    expect(readdirSync(lakehouse)).toEqual([".staging"])
    expect(readdirSync(staging)).toEqual([])
    spawnSync("umount", [staging])
    mounts.splice(mounts.indexOf(staging), 1)
    const next = await run(smallInput(), lakehouse, reports)
    expect(next.status, next.stderr + next.stdout).toBe(0)
  }, 120_000)
})

describe("SIGTERM and SIGINT in the middle of a run", () => {
  let input = ""
  beforeAll(async () => {
    // About 8 MB: a run of a few seconds, long enough to be stopped in the middle.
    input = join(root, "big.json")
    const generated = await runGenerator(["--customers", "8000", "--seed", "19", "--defect-rate", "0", "--out", input])
    expect(generated.status, generated.stderr).toBe(0)
  }, 120_000)

  /** Spawn a run and send `signal` once `ready(lakehouse)` holds (polled). */
  const runAndStop = (lakehouse: string, reports: string, signal: "SIGTERM" | "SIGINT", ready: () => boolean): Promise<CliResult & { readonly sent: boolean }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bundle("lakegate.mjs"), "run", "--input", input, "--date", CORPUS_DATE, "--lakehouse", lakehouse, "--reports", reports, "--quiet"], {
        cwd: repoRoot,
        env: { ...process.env, FORCE_COLOR: "0" },
        stdio: ["ignore", "pipe", "pipe"]
      })
      let stdout = ""
      let stderr = ""
      let sent = false
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
      const poll = setInterval(() => {
        if (!sent && ready()) {
          sent = true
          child.kill(signal)
        }
      }, 20)
      child.on("error", reject)
      child.on("close", (status) => {
        clearInterval(poll)
        resolve({ status, stdout, stderr, sent })
      })
    })

  const cases = [
    { signal: "SIGTERM", code: 143, when: "while the source lands", ready: (lakehouse: string) => existsSync(join(lakehouse, "_lock")) && existsSync(join(lakehouse, ".staging")) },
    { signal: "SIGINT", code: 130, when: "after bronze is published", ready: (lakehouse: string) => manifestOf(lakehouse, "bronze", "customers_raw", CORPUS_DATE) !== undefined }
  ] as const

  for (const c of cases) {
    it(`${c.signal} ${c.when}: exit ${c.code}, one line, no half-published layer, lock and staging gone; the next run succeeds`, async () => {
      const lakehouse = join(root, `signal-${c.signal}`, "lakehouse")
      const reports = join(root, `signal-${c.signal}`, "reports")
      const result = await runAndStop(lakehouse, reports, c.signal, () => c.ready(lakehouse))
      expect(result.sent, `the run ended before it could be stopped: ${result.stdout}`).toBe(true)
      expect(result.status, result.stderr + result.stdout).toBe(c.code)
      expect(oneLine(result.stderr)).toEqual([
        `lakegate: interrupted by ${c.signal}: the layer in progress was not published (layers published before it stay), staging removed, lock released (exit ${c.code})`
      ])
      expect(leftovers(lakehouse)).toEqual([])
      expect(silverAllOrNone(lakehouse)).toBe(true)
      expect(goldCurrentOf(lakehouse)).toBeNull()
      const next = await run(input, lakehouse, reports)
      expect(next.status, next.stderr + next.stdout).toBe(0)
      expect(manifestOf(lakehouse, "silver", "customers", CORPUS_DATE)?.rows).toBe(8000)
    }, 180_000)
  }
})
