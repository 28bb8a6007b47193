/**
 * Issue 19, case 8: duplicate keys in one JSON object are quarantined under
 * `schema` with the path of the duplicated key (JSON.parse keeps the last
 * value, DuckDB the first: bronze and silver would disagree).
 */
import { describe, expect, it } from "vitest"
import { customersSource } from "../../contracts/source/staging.ts"
import { duplicateKeyPath } from "../../src/stages/ingest/duplicateKeys.ts"
import { stageBatch, stageSpans } from "../../src/stages/refine/stageBatch.ts"

const context = { ingestionDate: "2026-11-20" }
const path = (text: string) => duplicateKeyPath(text, JSON.parse(text))

describe("duplicateKeyPath", () => {
  it("names the duplicated key's path, at any level", () => {
    expect(path('{"a":1,"a":2}')).toBe("a")
    expect(path('{"t":[{"x":1},{"y":1,"y":2}]}')).toBe("t[1].y")
    expect(path('{"o":{"p":{"q":1, "q" : 2}}}')).toBe("o.p.q")
    expect(path('[{"a":1},{"b":{"c":1,"c":1}}]')).toBe("[1].b.c")
    // The same key spelled with an escape is the same key.
    expect(path('{"amount":1,"\\u0061mount":2}')).toBe("amount")
  })

  it("finds none where keys are distinct, whatever the strings hold", () => {
    for (const text of ['{"a":1,"b":2}', '{"a":"x:y","b":"\\":\\"","c":[{"a":1},{"a":2}]}', '{"a":{"a":{"a":1}}}', '"a:b"', "[1,2]", "{}", '{"__proto__":1,"x":2}']) {
      expect(path(text)).toBeNull()
    }
  })
})

describe("staging a record with a duplicated key", () => {
  const record = '{"id":"C-1","name":"A","transactions":[{"id":"T-1","amount":1,"amount":658.0}]}'
  it("quarantines it under schema with the key's path", () => {
    const bytes = Buffer.from(record)
    const staged = stageBatch([{ index: 3, text: record, bytes, offset: 0 }], customersSource, context)
    expect("batch" in staged).toBe(true)
    if (!("batch" in staged)) return
    expect(staged.batch.decoded).toBe(0)
    expect(staged.batch.violations.toString()).toMatch(/^3,,"schema",error,"transactions\[0\]\.amount","duplicate key /)
    expect(staged.batch.bronze.toString()).toContain(record)
  })

  it("the same by position (as ingest stages on its threads)", () => {
    const good = Buffer.from('{"id":"C-2"}')
    const buffer = Buffer.concat([good, Buffer.from(record)])
    const staged = stageSpans({ buffer, starts: [0, good.length], ends: [good.length, buffer.length], firstIndex: 0, baseOffset: 0 }, customersSource, context)
    expect("batch" in staged).toBe(true)
    if (!("batch" in staged)) return
    expect(staged.batch.violations.toString()).toContain('1,,"schema",error,"transactions[0].amount","duplicate key ')
  })
})
