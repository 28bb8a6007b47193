/**
 * Vitest global set-up: builds the CLI bundles once per test run, with the
 * project's own build (`npm run build`), so the tests that spawn the CLI run
 * the current source the way users do (`dist/lakegate.mjs`, `dist/generate.mjs`).
 */
import { spawnSync } from "node:child_process"
import { repoRoot } from "./cli.ts"

export default function setup(): void {
  const started = performance.now()
  const result = spawnSync("npm", ["run", "-s", "build"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 })
  if (result.error !== undefined) throw new Error(`npm run build could not start: ${result.error.message}`)
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status}):\n${result.stdout}${result.stderr}`)
  process.stderr.write(`built dist/ for the CLI tests in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
}
