/**
 * The limits a record meets on its way in (README, "Limits"): size, encoding,
 * nesting, and how values are rendered for reports and terminals.
 */
import { describe, expect, it } from "vitest"
import { customersSource } from "../../contracts/source/staging.ts"
import { terminalSafe } from "../../src/cli/summary.ts"
import { renderValue } from "../../src/contract/Violation.ts"
import { withLineLimit, readCsvOptions, DEFAULT_MAX_LINE_BYTES } from "../../src/engine/csv.ts"
import { nestedDeeperThan } from "../../src/stages/refine/judgeRecord.ts"
import { firstInvalidUtf8, MAX_RECORD_BYTES, stageBatch, stageSpans } from "../../src/stages/refine/stageBatch.ts"

const context = { ingestionDate: "2026-11-20" }

describe("record size", () => {
  it("a record over 256 MiB is quarantined under schema without being parsed, and still lands in bronze", () => {
    const bytes = Buffer.alloc(MAX_RECORD_BYTES + 1, 0x20)
    bytes[0] = 0x7b // not JSON at all: it is never parsed
    const staged = stageBatch([{ index: 7, text: "", bytes, offset: 0 }], customersSource, context)
    expect("batch" in staged).toBe(true)
    if (!("batch" in staged)) return
    expect(staged.batch.decoded).toBe(0)
    expect(staged.batch.violations.toString()).toBe(`7,,"schema",error,"$","the record is ${MAX_RECORD_BYTES + 1} bytes, over the limit of ${MAX_RECORD_BYTES} bytes (256 MiB): not read",\n`)
    expect(staged.batch.bronze.length).toBeGreaterThan(MAX_RECORD_BYTES)
  })

  it("raises read_csv's line limits only for a segment whose lines may exceed the default", () => {
    const sql = `select * from read_csv('x.csv', ${readCsvOptions([["a", "BIGINT"]])})`
    expect(withLineLimit(sql, DEFAULT_MAX_LINE_BYTES)).toBe(sql)
    expect(withLineLimit(sql, 6_400_000)).toContain("max_line_size = 7340032, buffer_size = 14680064")
  })
})

describe("UTF-8", () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<number>, number]> = [
    ["Latin-1 é", [0x41, 0xe9, 0x42], 1],
    ["CESU-8 surrogate", [0x41, 0xed, 0xa0, 0x80], 1],
    ["overlong /", [0xc0, 0xaf], 0],
    ["cut at the end", [0x41, 0x42, 0xe2, 0x82], 2],
    ["past U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["valid é € 😀", [...Buffer.from("é€😀")], 9]
  ]
  for (const [name, bytes, expected] of cases) {
    it(`finds the first invalid byte: ${name}`, () => expect(firstInvalidUtf8(Uint8Array.from(bytes), 0, bytes.length)).toBe(expected))
  }

  it("a record that is not UTF-8 is refused with the offset of its first invalid byte in the file; a legitimate U+FFFD is not", () => {
    const good = Buffer.from('{"id":1,"name":"\uFFFD"}')
    const bad = Buffer.concat([Buffer.from('{"id":2,"name":"Ren'), Buffer.from([0xe9]), Buffer.from('"}')])
    const buffer = Buffer.concat([good, bad])
    const staged = stageSpans({ buffer, starts: [0, good.length], ends: [good.length, buffer.length], firstIndex: 0, baseOffset: 1000 }, customersSource, context)
    expect(staged).toEqual({ invalid: { index: 1, offset: 1000 + good.length + 19 }, reason: "not valid UTF-8 (JSON text must be UTF-8)" })
  })
})

describe("nesting and rendering", () => {
  const deep = (levels: number): unknown => {
    let value: unknown = 1
    for (let i = 0; i < levels; i++) value = [value]
    return value
  }

  it("measures depth without recursing", () => {
    expect(nestedDeeperThan(deep(512), 512)).toBe(false)
    expect(nestedDeeperThan(deep(513), 512)).toBe(true)
    expect(nestedDeeperThan(deep(1_000_000), 512)).toBe(true)
  })

  it("renders any value as JSON.stringify would, cut at 200 characters, at any depth", () => {
    for (const value of [null, 1.5, "x", [1, { a: [true, null], b: undefined }], { k: "v".repeat(500) }]) {
      const json = typeof value === "string" ? value : JSON.stringify(value)
      expect(renderValue(value)).toBe(json.length > 200 ? `${json.slice(0, 197)}...` : json)
    }
    expect(renderValue(deep(1_000_000))).toBe(`${"[".repeat(197)}...`)
  })

  it("escapes control characters for terminals", () => {
    expect(terminalSafe("Evil\u001b[2J\u0000\u009b\u202eCorp\n")).toBe("Evil\\u001b[2J\\u0000\\u009b\\u202eCorp\\u000a")
    expect(terminalSafe("Zoë 😀 O'Brien")).toBe("Zoë 😀 O'Brien")
  })
})
