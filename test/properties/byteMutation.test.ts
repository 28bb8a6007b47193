/**
 * Random byte mutations of a valid delivery (issue 19): flips, insertions,
 * deletions, duplicated spans and truncations of a small valid file, run
 * in-process through `runPipeline` with gold, on one lakehouse, one after the
 * other. Whatever the bytes, the run ends with 0, 1 or 3; what it would print
 * (the summary and the error line) holds no stack trace; nothing is published
 * in part: the date's bronze and silver manifests all name this run or none
 * does, and gold's current version changes exactly when the run published
 * (exit 0); and bronze = accepted + quarantined.
 *
 * Runs: `FC_PIPELINE_RUNS`, else about 2.5·√`FC_NUM_RUNS` (25 by default);
 * replay a failure with `FC_SEED` and `FC_PATH` (see `src/testing/runProperty.ts`).
 */
import { FastCheck as fc } from "effect"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { renderSummary } from "../../src/cli/summary.ts"
import { propertySettings } from "../../src/testing/runProperty.ts"
import { silverTables } from "../../contracts/testing/pipelineRun.ts"
import { tempDir } from "../support/cli.ts"
import { CORPUS_DATE, documentOf } from "../support/hostileCorpus.ts"
import { goldCurrentOf, makeInProcessRunner, STACK_TRACE } from "../support/inProcessRun.ts"
import { assertProperty, limitedTo } from "./support.ts"

/** A small valid delivery: 30 customers, about 6 KB. */
const valid = documentOf(30, [])

/** One byte-level change. */
type Mutation =
  | { readonly kind: "flip"; readonly at: number; readonly mask: number }
  | { readonly kind: "insert"; readonly at: number; readonly bytes: ReadonlyArray<number> }
  | { readonly kind: "delete"; readonly at: number; readonly length: number }
  | { readonly kind: "duplicate"; readonly at: number; readonly length: number }
  | { readonly kind: "truncate"; readonly at: number }

/** Positions are fractions of the current length, so a mutation applies to any file. */
const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })

/** Inserted bytes: any byte, or JSON's own punctuation and the UTF-8 lead bytes, which break structure more often. */
const insertedByte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...[..."{}[]\",:\\-0e."].map((c) => c.charCodeAt(0)), 0xc3, 0xe2, 0xf0, 0x80))

const mutation: fc.Arbitrary<{ readonly kind: Mutation["kind"]; readonly p: number; readonly n: number; readonly mask: number; readonly bytes: ReadonlyArray<number> }> = fc.record({
  kind: fc.constantFrom("flip", "insert", "delete", "duplicate", "truncate"),
  p: position,
  n: fc.integer({ min: 1, max: 64 }),
  mask: fc.integer({ min: 1, max: 255 }),
  bytes: fc.array(insertedByte, { minLength: 1, maxLength: 8 })
})

/** Apply one mutation to `input`. */
const apply = (input: Uint8Array, m: { readonly kind: Mutation["kind"]; readonly p: number; readonly n: number; readonly mask: number; readonly bytes: ReadonlyArray<number> }): Uint8Array => {
  const at = Math.floor(m.p * input.length)
  const b = Buffer.from(input)
  switch (m.kind) {
    case "flip": {
      const out = Buffer.from(b)
      if (out.length > 0) out[at] = (out[at] ?? 0) ^ m.mask
      return out
    }
    case "insert":
      return Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)])
    case "delete":
      return Buffer.concat([b.subarray(0, at), b.subarray(at + m.n)])
    case "duplicate":
      return Buffer.concat([b.subarray(0, at + m.n), b.subarray(at, at + m.n), b.subarray(at + m.n)])
    case "truncate":
      return b.subarray(0, at)
  }
}

describe("byte mutations of a valid delivery", () => {
  const runner = makeInProcessRunner({ withGold: true })
  const root = tempDir("lakegate-mutation-")
  mkdirSync(join(root, "one"), { recursive: true })
  const lakehouse = join(root, "one", "lakehouse")
  afterAll(() => runner.dispose())

  const settings = propertySettings("pipeline")
  const timeout = Math.max(120_000, settings.numRuns * 4_000)

  it(`end with 0, 1 or 3, print no stack trace, publish nothing in part, keep bronze = accepted + quarantined (${settings.numRuns} runs)`, async () => {
    // A published gold version first, so "gold unchanged" is a real comparison.
    const first = await runner.run(lakehouse, valid, CORPUS_DATE)
    expect(first.exit, first.errorText).toBe(0)
    expect(first.goldCurrent).not.toBeNull()
    const seen = new Set<number>()
    await assertProperty(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const bytes = mutations.reduce(apply, valid)
        const goldBefore = goldCurrentOf(lakehouse)
        const got = await runner.run(lakehouse, bytes, CORPUS_DATE)
        seen.add(got.exit)
        expect([0, 1, 3], `exit ${got.exit}: ${got.errorText.split("\n")[0]}`).toContain(got.exit)
        const printed = `${renderSummary(got.report, { lakehouse, reports: [], exitCode: got.exit })}\n${got.errorText}`
        expect(printed).not.toMatch(STACK_TRACE)
        // What the report says was published is what the files hold, layer by layer; a layer is all this run's or none of it.
        const status = (layer: string) => got.report.layers.find((l) => l.layer === layer)?.status
        expect(got.silverRunIds.length).toBeLessThanOrEqual(1)
        expect(got.silverManifests === 0 || got.silverManifests === silverTables.length).toBe(true)
        expect(got.manifestRunIds.includes(got.runId)).toBe(status("bronze") === "published")
        expect(got.silverRunIds.includes(got.runId)).toBe(status("silver") === "published")
        if (status("gold") === "published") expect(got.goldCurrent).toContain(`"${got.runId}"`)
        else expect(got.goldCurrent).toBe(goldBefore)
        if (got.exit === 3) expect(got.manifestRunIds).not.toContain(got.runId)
        if (got.exit === 0) expect([status("bronze"), status("silver"), status("gold")]).toEqual(["published", "published", "published"])
        if (got.rows !== null && got.manifestRunIds.length === 1) expect(got.rows.bronze).toBe(got.rows.accepted + got.rows.quarantined)
      }),
      limitedTo(settings, timeout)
    )
    // The mutations reached both sides: refused inputs and published runs.
    expect(seen.has(3)).toBe(true)
  }, timeout)
})
