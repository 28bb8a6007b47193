/** Spawn the real CLI, as users and CI do: the bundles in `dist/` (built once per test run by `globalSetup.ts`). */
import { tempDirectory } from "../../src/testing/tempDirectory.ts"
import { spawn } from "node:child_process"
import { createReadStream } from "node:fs"
import { join, resolve } from "node:path"

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, "..", "..")

/** What a finished CLI process left behind. */
export interface CliResult {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** How to spawn: `stdin`, a file piped to the process's standard input (default: none). */
export interface SpawnOptions {
  readonly stdin?: string
}

/** Run `node <nodeArgs>` in a child process (asynchronously, so the test runner stays responsive). */
const runNode = (nodeArgs: ReadonlyArray<string>, env: Record<string, string>, options: SpawnOptions = {}): Promise<CliResult> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd: repoRoot,
      env: { ...process.env, ...env, FORCE_COLOR: "0" },
      stdio: ["pipe", "pipe", "pipe"],
      timeout: 300_000
    })
    // The process may exit before reading it all (a usage error): its closed pipe is no failure of the test's.
    child.stdin.on("error", () => {})
    if (options.stdin === undefined) child.stdin.end()
    else createReadStream(options.stdin).pipe(child.stdin)
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    child.on("error", reject)
    child.on("close", (status) => resolvePromise({ status, stdout, stderr }))
  })

/** Run a TypeScript entry point of the repo in a child process, through tsx. */
export const runScript = (script: string, args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<CliResult> =>
  runNode(["--import", "tsx", join(repoRoot, script), ...args], env)

/** A bundle built by `npm run build` (`src/cli/build.mjs`). */
export const bundle = (name: "lakegate.mjs" | "generate.mjs"): string => join(repoRoot, "dist", name)

/** Run `lakegate <args>` in a child process: the bundled CLI, what users run (`options.stdin`: a file piped to it). */
export const runCli = (args: ReadonlyArray<string>, env: Record<string, string> = {}, options: SpawnOptions = {}): Promise<CliResult> =>
  runNode([bundle("lakegate.mjs"), ...args], env, options)

/** Run the generator CLI (bundled). */
export const runGenerator = (args: ReadonlyArray<string>): Promise<CliResult> => runNode([bundle("generate.mjs"), ...args], {})

/** A fresh temporary directory. */
export const tempDir = (prefix = "lakegate-test-"): string => tempDirectory(prefix).path
