import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { ArraySplitter } from "../../src/stages/ingest/splitArray.ts"

const split = (text: string, chunkSize = 7) => {
  const splitter = new ArraySplitter()
  const bytes = Buffer.from(text, "utf8")
  const out: Array<string> = []
  for (let i = 0; i < bytes.length; i += chunkSize) {
    const r = splitter.push(bytes.subarray(i, i + chunkSize))
    if (Either.isLeft(r)) return { error: r.left.reason, out }
    out.push(...r.right.map((x) => x.text))
  }
  const end = splitter.end()
  return Either.isLeft(end) ? { error: end.left.reason, out } : { error: null, out }
}

describe("ArraySplitter", () => {
  it("splits elements verbatim across any chunking", () => {
    const elements = ['{"a": "x,]}\\"y"}', '{"b": [1, {"c": "é ✓"}]}', "7", '"str"', "null", "[1,2]"]
    const doc = `\uFEFF {\n "customers" : [ ${elements.join(" ,\n")} ] }\n`
    for (const size of [1, 2, 3, 5, 64, 1 << 16]) expect(split(doc, size)).toEqual({ error: null, out: elements })
  })
  it("accepts an empty array", () => {
    expect(split('{"customers": []}')).toEqual({ error: null, out: [] })
  })
  it.each([
    ['{"customers": [{"id": 1}, {"id": 2', "truncated"],
    ['{"customers": [{"id": 1}]', "truncated"],
    ['[{"id": 1}]', "top level"],
    ['{"users": [{"id": 1}]}', "top level"],
    ['{"customers": [{"id": 1}]} trailing', "unexpected content"],
    ['{"customers": [{"id": 1} {"id": 2}]}', "expected ','"],
    ["", "truncated"]
  ])("rejects %j", (doc, reason) => {
    expect(split(doc).error).toContain(reason)
  })
})
