/**
 * `contracts diff` on ODCS files written in another style than lakegate's
 * own examples (adapted from the shape of the ODCS project's examples), and
 * across formats: an ODCS contract against a TypeScript rewrite of it.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { join } from "node:path"
import { diffContractFiles } from "../../src/index.ts"

const fixture = (name: string) => join(import.meta.dirname, "fixtures", name)

const summary = (report: { readonly changes: ReadonlyArray<{ readonly rule: string; readonly subject: string; readonly breaking: boolean }> }) =>
  report.changes.map((c) => `${c.rule} ${c.subject}`.trim())

describe("contracts diff on ODCS files", () => {
  it.effect("classifies a minor release's changes: four breaking, so it fails", () =>
    Effect.gen(function* () {
      const report = yield* diffContractFiles(fixture("air-quality.v1.odcs.yaml"), fixture("air-quality.v2.odcs.yaml"))
      expect(summary(report)).toEqual([
        "type-widened rcvr_cntry_code",
        "type-narrowed pm25",
        "column-removed remarks",
        "column-added-nullable station_name",
        "check-loosened length.rcvr_cntry_code",
        "accepted-value-removed invalidValues.air_quality_status",
        "check-tightened rowCount",
        "version-changed"
      ])
      expect(report.breaking).toBe(4)
      expect(report.tables).toEqual([
        { table: "air_quality", file: fixture("air-quality.v2.odcs.yaml"), before: "1.0.0", after: "1.1.0", breaking: 4, majorRaised: false, fails: true }
      ])
      expect(report.fails).toBe(true)
    })
  )

  it.effect("lets the same changes through under a new major version", () =>
    Effect.gen(function* () {
      const report = yield* diffContractFiles(fixture("air-quality.v1.odcs.yaml"), fixture("air-quality.v3.odcs.yaml"))
      expect(report.breaking).toBe(4)
      expect(report.tables[0]?.majorRaised).toBe(true)
      expect(report.fails).toBe(false)
    })
  )

  it.effect("compares an ODCS contract with a TypeScript rewrite of it, table by table", () =>
    Effect.gen(function* () {
      const report = yield* diffContractFiles(fixture("air-quality.v1.odcs.yaml"), fixture("air-quality.ts"))
      expect(summary(report)).toEqual(["made-required air_quality_status", "check-added not_null.pm25", "version-changed"])
      expect(report.fails).toBe(true)
    })
  )

  it.effect("refuses an ODCS file lakegate cannot read, naming the field", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(diffContractFiles(fixture("air-quality.v1.odcs.yaml"), fixture("unsupported.odcs.yaml")))
      expect(error._tag).toBe("DiffLoadError")
      expect(error.path).toBe(fixture("unsupported.odcs.yaml"))
      expect(error.message).toMatch(/apiVersion/)
    })
  )
})
