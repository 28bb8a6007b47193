import { spawnSync } from "node:child_process"
import { describe, expect, it } from "vitest"
import { ALLOCATOR_ENV, DEFAULT_ALLOCATOR_CONF } from "../../src/engine/allocator.ts"

/** Run `configureAllocator` in a fresh Node process with the given environment and print what it left. */
const configuredIn = (env: Record<string, string>): string => {
  const script = `import { Effect } from "effect"
import { configureAllocator } from "./src/engine/allocator.ts"
Effect.runSync(configureAllocator())
process.stdout.write(process.env.${ALLOCATOR_ENV} ?? "<unset>")`
  const { [ALLOCATOR_ENV]: _dropped, ...base } = process.env
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: { ...base, ...env }, encoding: "utf8" })
  expect(result.status, result.stderr).toBe(0)
  return result.stdout
}

describe("DuckDB's allocator options", () => {
  it("are set to the default when the environment names none", () => {
    expect(configuredIn({})).toBe(DEFAULT_ALLOCATOR_CONF)
  })

  it("leave the user's own choice alone", () => {
    expect(configuredIn({ [ALLOCATOR_ENV]: "dirty_decay_ms:0" })).toBe("dirty_decay_ms:0")
  })
})
