/** Spawn the real CLI, as users and CI do. */
import { spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, "..", "..")

/** What a finished CLI process left behind. */
export interface CliResult {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Run a TypeScript entry point of the repo in a child process (asynchronously, so the test runner stays responsive). */
export const runScript = (script: string, args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<CliResult> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, script), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 300_000
    })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    child.on("error", reject)
    child.on("close", (status) => resolvePromise({ status, stdout, stderr }))
  })

/** Run `lakegate <args>` in a child process. */
export const runCli = (args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<CliResult> => runScript("src/cli/main.ts", args, env)

/** Run the generator CLI. */
export const runGenerator = (args: ReadonlyArray<string>): Promise<CliResult> => runScript("src/generate/main.ts", args)

/** A fresh temporary directory. */
export const tempDir = (prefix = "lakegate-test-"): string => mkdtempSync(join(tmpdir(), prefix))
