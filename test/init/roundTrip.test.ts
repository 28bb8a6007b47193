/**
 * The promise of `lakegate init`: every check it suggests passes on the data
 * it came from. Generated tables of varied column types (integers, big
 * integers, money, 3-decimal numbers, binary floats, free text, categories, emails, UUIDs,
 * codes with leading zeros, digits as text, dates as DATE and as text,
 * timestamps, booleans, nested lists of structs; with or without NULLs;
 * with or without an id column; plain or awkward column names) are written
 * by DuckDB as CSV, Parquet, NDJSON or a JSON array; init profiles the
 * file; the contract it writes, as a TypeScript module and as ODCS YAML, is
 * loaded as `lakegate check` loads it and checks the same file: every check
 * passes (exit code 0). Only a Parquet file of binary floats alone gives no
 * contract (lakegate has no float kind), and init says so.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import { duckLayer } from "../../src/engine/Duck.ts"
import { initContract } from "../../src/init/initContract.ts"
import { tempDirectory } from "../../src/testing/tempDirectory.ts"
import { roundTrip, tableArb, writeTable, type GenTable } from "./support.ts"

/** Runs per test run (about 0.4 s each); `INIT_RUNS=500` for a deep search, `FC_SEED` to replay. */
const RUNS = Number(process.env["INIT_RUNS"] ?? 30)

/** A Parquet table of binary floats only: no column a contract can declare. */
const floatsOnly = (t: GenTable) => t.format === "parquet" && t.columns.every((c) => c.sqlType === "DOUBLE")

const prove = (t: GenTable) =>
  Effect.gen(function* () {
    const dir = tempDirectory("lakegate-init-").path
    const path = yield* writeTable(t, dir)
    if (floatsOnly(t)) return { refused: yield* Effect.flip(initContract({ paths: [path] }, { format: "ts", date: "2026-12-04" })) }
    const ts = yield* roundTrip([path], dir, "ts")
    const odcs = yield* roundTrip([path], dir, "odcs", ts.init)
    return { ts, odcs }
  }).pipe(Effect.provide(duckLayer({ threads: 1, memoryLimit: "256MB" })))

describe("lakegate init: every suggested check passes on the data it came from", () => {
  it("generated tables as CSV, Parquet, NDJSON and JSON arrays, contracts as TypeScript and ODCS", async () => {
    const seen = { kinds: new Set<string>(), formats: new Set<string>(), keys: 0 }
    await fc.assert(
      fc.asyncProperty(tableArb, async (t) => {
        const proved = await Effect.runPromise(prove(t))
        if ("refused" in proved) return void expect(proved.refused).toMatchObject({ _tag: "InitError", reason: "no-columns" })
        const { ts, odcs } = proved
        seen.formats.add(t.format)
        for (const [, kind] of ts.init.inferred.columns) seen.kinds.add(kind.kind)
        if (ts.init.inferred.key.length > 0) seen.keys++
        // No column is left out but Parquet's binary floats: every other generated type has a contract kind.
        const floats = t.format === "parquet" ? t.columns.filter((c) => c.sqlType === "DOUBLE").map((c) => c.name) : []
        expect(ts.init.inferred.skipped.map((s) => s.name)).toEqual(floats)
        expect(ts.failing).toEqual([])
        expect(ts.exitCode).toBe(0)
        expect(odcs.failing).toEqual([])
        expect(odcs.exitCode).toBe(0)
        // The same checks, whichever language the contract is written in (ODCS may add format ids the same way).
        expect(ts.checkIds).toContain("schema.columns")
      }),
      { numRuns: RUNS, ...(process.env["FC_SEED"] === undefined ? {} : { seed: Number(process.env["FC_SEED"]) }) }
    )
    // The generator reached what it is for: several formats, kinds, and keys.
    expect(seen.formats.size).toBeGreaterThanOrEqual(2)
    expect(seen.kinds.size).toBeGreaterThanOrEqual(5)
    expect(seen.keys).toBeGreaterThan(0)
  }, Math.max(120_000, RUNS * 2_000))
})
