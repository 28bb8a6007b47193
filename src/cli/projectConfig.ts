/**
 * The project's lakegate settings in `./package.json`:
 * `"lakegate": { "pipeline": "contracts/pipeline.ts", "contracts": "contracts/testing/suite.ts" }`,
 * the modules `lakegate run` and `lakegate contracts` use when none is given.
 */
import { Effect } from "effect"
import { readFile } from "node:fs/promises"

/** A module named by `lakegate.<key>` in `./package.json`, if any. */
export const configuredModule = (key: "pipeline" | "contracts"): Effect.Effect<string | null> =>
  Effect.tryPromise(() => readFile("package.json", "utf8")).pipe(
    Effect.map((text): string | null => {
      const json: unknown = JSON.parse(text)
      if (json === null || typeof json !== "object" || !("lakegate" in json)) return null
      const config: unknown = json.lakegate
      if (config === null || typeof config !== "object" || !(key in config)) return null
      const value: unknown = (config as Record<string, unknown>)[key]
      return typeof value === "string" ? value : null
    }),
    Effect.orElseSucceed(() => null)
  )
