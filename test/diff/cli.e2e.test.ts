/**
 * `lakegate contracts diff`, end to end: the built CLI (`dist/lakegate.mjs`)
 * on a real breaking change of a copy of the customers pipeline's silver
 * contract, on a temporary git repository with `--base`, and on this
 * repository's own contracts against HEAD (what CI holds them to).
 */
import { spawn, spawnSync } from "node:child_process"
import { cpSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { bundle, repoRoot, runCli, tempDir, type CliResult } from "../support/cli.ts"

/** Run the built CLI in another directory. */
const runIn = (cwd: string, args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle("lakegate.mjs"), ...args], { cwd, env: { ...process.env, GITHUB_ACTIONS: "", ...env }, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    child.on("error", reject)
    child.on("close", (status) => resolve({ status, stdout, stderr }))
  })

const CUSTOMERS = join("contracts", "silver", "customers.ts")

/** A copy of contracts/ (the customers contract imports its siblings) with the silver customers contract edited. */
const editedCustomers = (edit: (source: string) => string): string => {
  const dir = tempDir("lakegate-diff-")
  cpSync(join(repoRoot, "contracts"), join(dir, "contracts"), { recursive: true })
  const path = join(dir, CUSTOMERS)
  writeFileSync(path, edit(readFileSync(path, "utf8")))
  return path
}

/** The email column removed, as a careless edit would. */
const withoutEmail = (source: string): string => {
  const edited = source.replace(/\n\s*email: col\.text\([^)]*\),/, "").replace('"name", "email", "signup_date"', '"name", "signup_date"')
  if (edited === source || edited.includes('"email"')) throw new Error("the customers contract changed shape: update this test's edit")
  return edited
}

describe("lakegate contracts diff OLD NEW (the built CLI)", () => {
  it("catches a column removed from the customers contract: exit 1, the change named", async () => {
    const ran = await runCli(["contracts", "diff", CUSTOMERS, editedCustomers(withoutEmail)], { GITHUB_ACTIONS: "" })
    expect(ran.stderr).toBe("")
    expect(ran.stdout).toMatch(/^column-removed +customers +email +VARCHAR NOT NULL → \(none\) +breaking$/m)
    expect(ran.stdout).toContain("customers 1.0.0 → 1.0.0: 1 breaking change, FAIL (breaking without a new major version)")
    expect(ran.status).toBe(1)
  })

  it("lets it through under a new major version: exit 0", async () => {
    const ran = await runCli(["contracts", "diff", CUSTOMERS, editedCustomers((s) => withoutEmail(s).replace('version: "1.0.0"', 'version: "2.0.0"'))], { GITHUB_ACTIONS: "" })
    expect(ran.stdout).toContain("customers 1.0.0 → 2.0.0: 1 breaking change, ok (major version raised)")
    expect(ran.status).toBe(0)
  })

  it("prints JSON with --json, and GitHub annotations when GITHUB_ACTIONS is set", async () => {
    const edited = editedCustomers(withoutEmail)
    const ran = await runCli(["contracts", "diff", CUSTOMERS, edited, "--json"], { GITHUB_ACTIONS: "true" })
    const report = JSON.parse(ran.stdout) as { changes: ReadonlyArray<Record<string, unknown>>; fails: boolean; exitCode: number }
    expect(report.changes).toEqual([{ rule: "column-removed", table: "customers", subject: "email", before: "VARCHAR NOT NULL", after: "(none)", breaking: true, file: edited }])
    expect([report.fails, report.exitCode]).toEqual([true, 1])
    expect(ran.stderr.trim()).toBe(
      `::error file=${edited},title=Breaking contract change%3A column-removed::customers email: VARCHAR NOT NULL → (none) (raise the contract's major version if this is intended)`
    )
    expect(ran.status).toBe(1)
  })

  it("exits 2 with one line for bad usage or a contract it cannot load", async () => {
    const one = await runCli(["contracts", "diff", CUSTOMERS])
    expect([one.status, one.stderr.trim()]).toEqual([2, "lakegate: contracts diff takes two contract files (OLD NEW), or --base GIT_REF [FILES...]; got 1 file"])
    const broken = join(tempDir("lakegate-diff-"), "broken.ts")
    writeFileSync(broken, "export const x = ;\n")
    const unloadable = await runCli(["contracts", "diff", CUSTOMERS, broken])
    expect(unloadable.status).toBe(2)
    expect(unloadable.stderr.trim().split("\n")).toHaveLength(1)
    expect(unloadable.stderr).toMatch(/^lakegate: .*broken\.ts: /)
    expect(unloadable.stderr).not.toMatch(/\n\s+at /)
    const helpers = await runCli(["contracts", "diff", CUSTOMERS, join("contracts", "silver", "reconcile.ts")])
    expect([helpers.status, helpers.stderr.trim()]).toEqual([2, `lakegate: ${join("contracts", "silver", "reconcile.ts")}: exports no table contract (a value made with table() from lakegate, or any TableSpec)`])
  })
})

const git = (cwd: string, ...args: ReadonlyArray<string>): string => {
  const ran = spawnSync("git", ["-c", "user.name=lakegate test", "-c", "user.email=test@lakegate.invalid", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" })
  if (ran.status !== 0) throw new Error(`git ${args.join(" ")}: ${ran.stderr}`)
  return ran.stdout
}

const ORDERS = (version: string, extra: string) => `import { column, table } from "lakegate"
import { statuses } from "./statuses.ts"

export default table({
  name: "orders",
  version: "${version}",
  columns: { order_id: column.id(), status: column.enum(statuses)${extra} },
  key: ["order_id"]
})
`

describe("lakegate contracts diff --base GIT_REF (a temp git repository)", () => {
  const repo = (): string => {
    const dir = tempDir("lakegate-diff-git-")
    mkdirSync(join(dir, "contracts"))
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "shop", lakegate: { contractFiles: ["contracts/*.ts", "contracts/*.odcs.yaml"] } }))
    writeFileSync(join(dir, "contracts", "statuses.ts"), 'export const statuses = ["new", "paid", "shipped"]\n')
    writeFileSync(join(dir, "contracts", "orders.ts"), ORDERS("1.0.0", ", note: column.text({ nullable: true })"))
    cpSync(join(repoRoot, "test", "diff", "fixtures", "air-quality.v1.odcs.yaml"), join(dir, "contracts", "air-quality.odcs.yaml"))
    git(dir, "init", "-q", "-b", "main")
    git(dir, "add", ".")
    git(dir, "commit", "-q", "-m", "contracts v1")
    return dir
  }

  it("compares the configured files with the ref's tree (siblings as they were): a value removed from a sibling module fails", async () => {
    const dir = repo()
    const clean = await runIn(dir, ["contracts", "diff", "--base", "main"])
    expect(clean.stdout).toContain("0 changes (0 breaking) in 2 tables of 2 files: ok")
    expect(clean.status).toBe(0)

    writeFileSync(join(dir, "contracts", "statuses.ts"), 'export const statuses = ["new", "paid"]\n')
    writeFileSync(join(dir, "contracts", "orders.ts"), ORDERS("1.1.0", ", note: column.text({ nullable: true }), coupon: column.text({ nullable: true })"))
    const ran = await runIn(dir, ["contracts", "diff", "--base", "main"])
    expect(ran.stderr).toBe("")
    expect(ran.stdout).toMatch(/^accepted-value-removed +orders +status +new\|paid\|shipped → new\|paid +breaking$/m)
    expect(ran.stdout).toMatch(/^column-added-nullable +orders +coupon +\(none\) → VARCHAR +non-breaking$/m)
    expect(ran.stdout).toContain("orders (contracts/orders.ts) 1.0.0 → 1.1.0: 1 breaking change, FAIL (breaking without a new major version)")
    expect(ran.status).toBe(1)

    writeFileSync(join(dir, "contracts", "orders.ts"), ORDERS("2.0.0", ", note: column.text({ nullable: true }), coupon: column.text({ nullable: true })"))
    const major = await runIn(dir, ["contracts", "diff", "--base", "main"])
    expect(major.status).toBe(0)
  })

  it("sees a contract file deleted since the ref (its tables removed), and compares only the FILES given", async () => {
    const dir = repo()
    rmSync(join(dir, "contracts", "air-quality.odcs.yaml"))
    const ran = await runIn(dir, ["contracts", "diff", "--base", "main"])
    expect(ran.stdout).toMatch(/^table-removed +air_quality +check\.air_quality 1\.0\.0 → \(none\) +breaking$/m)
    expect(ran.stdout).toContain("FAIL (a removed table has no new version)")
    expect(ran.status).toBe(1)
    const only = await runIn(dir, ["contracts", "diff", "--base", "main", "contracts/orders.ts"])
    expect(only.stdout).toContain("0 changes (0 breaking) in 1 table of 1 file: ok")
    expect(only.status).toBe(0)
  })

  it("exits 2 on an unknown ref, outside a repository, or with no files to compare", async () => {
    const dir = repo()
    const unknown = await runIn(dir, ["contracts", "diff", "--base", "no-such-branch"])
    expect([unknown.status, unknown.stderr.trim()]).toEqual([2, "lakegate: git ref no-such-branch: unknown revision (fetch it first, e.g. git fetch origin main)"])
    const outside = tempDir("lakegate-diff-nogit-")
    const notRepo = await runIn(outside, ["contracts", "diff", "--base", "main", "x.ts"])
    expect(notRepo.status).toBe(2)
    expect(notRepo.stderr).toMatch(/^lakegate: git ref main: not a git repository/)
    writeFileSync(join(dir, "package.json"), "{}")
    const none = await runIn(dir, ["contracts", "diff", "--base", "main"])
    expect(none.status).toBe(2)
    expect(none.stderr).toContain('list them in package.json as "lakegate": { "contractFiles"')
  })
})

describe("this repository's own contracts", () => {
  it("have no breaking change against HEAD without a new major version (package.json contractFiles)", async () => {
    const ran = await runCli(["contracts", "diff", "--base", "HEAD"], { GITHUB_ACTIONS: "" })
    expect(ran.stderr).toBe("")
    expect(ran.stdout).toMatch(/in (\d{2,}) tables of (\d{2,}) files: ok$/m)
    expect(ran.status).toBe(0)
  })
})
