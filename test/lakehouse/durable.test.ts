/**
 * `syncPaths`, the fsync the publish uses: files and directories are synced,
 * and a path that is not there fails with a LakehouseError naming it (a
 * commit must not go on as if its bytes were on disk). The order of syncs in
 * a publish (files, manifest, staged directory; journal before the renames;
 * target directories before the journal goes) is not observable without a
 * power cut and is not tested here.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { syncPaths } from "../../src/lakehouse/durable.ts"
import { tempDir } from "../support/cli.ts"

describe("syncPaths", () => {
  it.effect("syncs files and directories", () =>
    Effect.gen(function* () {
      const dir = tempDir("lakegate-durable-")
      mkdirSync(join(dir, "t"))
      writeFileSync(join(dir, "t", "part-0.parquet"), "bytes")
      yield* syncPaths([join(dir, "t", "part-0.parquet"), join(dir, "t"), dir])
    }))

  it.effect("fails with a LakehouseError naming a path that is not there", () =>
    Effect.gen(function* () {
      const missing = join(tempDir("lakegate-durable-"), "gone")
      const error = yield* Effect.flip(syncPaths([missing]))
      expect(error).toMatchObject({ _tag: "LakehouseError", operation: "fsync", path: missing })
    }))
})
