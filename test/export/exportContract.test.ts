/**
 * `exportContract` finds every table contract of a file (module exports,
 * arrays of them, silver builds holding one; ODCS schema objects), exports
 * one with `table`, and fails with an ExportError naming the file otherwise.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { exportContract, exportModel, toOdcs } from "../../src/index.ts"
import { tempDir } from "../support/cli.ts"
import { accounts, orders } from "./support.ts"

describe("exportContract", () => {
  it.effect("exports every table of a module, or the one asked for", () =>
    Effect.gen(function* () {
      const all = yield* exportContract("examples/orders/silver.ts", { format: "sql" })
      const tables = [...all.text.matchAll(/CREATE TABLE (\S+) \(/g)].map((m) => m[1])
      expect(tables.length).toBeGreaterThan(1)
      expect(tables).toContain("orders")
      const one = yield* exportContract("examples/orders/silver.ts", { format: "jsonschema", table: "orders" })
      expect(JSON.parse(one.text)).toMatchObject({ title: "orders", type: "object" })
    })
  )

  it.effect("a JSON Schema of several tables, an unknown table, a file with no contract: an ExportError naming the file", () =>
    Effect.gen(function* () {
      const several = yield* Effect.flip(exportContract("examples/orders/silver.ts", { format: "jsonschema" }))
      expect(several).toMatchObject({ _tag: "ExportError", path: "examples/orders/silver.ts" })
      expect(several.message).toMatch(/choose one with --table/)
      const unknown = yield* Effect.flip(exportContract("examples/odcs/orders.odcs.yaml", { format: "odcs", table: "nope" }))
      expect(unknown.message).toBe("no table nope in the file (tables: orders)")
      const empty = join(tempDir("lakegate-export-"), "empty.ts")
      writeFileSync(empty, "export const answer = 42\n")
      const none = yield* Effect.flip(exportContract(empty, { format: "odcs" }))
      expect(none).toMatchObject({ path: empty, message: "no table contract in the file (export a value made by table())" })
    })
  )

  it("one ODCS document for tables of different versions reports the versions it cannot keep", () => {
    const { omitted } = toOdcs([orders, accounts].map(exportModel))
    expect(omitted.filter((o) => o.subject === "version")).toEqual([{ table: "accounts", subject: "version", reason: expect.stringMatching(/^version 2\.0\.0: one ODCS document has one version \(1\.0\.0\)/) }])
  })
})
