import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { ArraySplitter } from "../../src/stages/ingest/splitArray.ts"

const split = (text: string, chunkSize = 7) => {
  const splitter = new ArraySplitter("customers")
  const bytes = Buffer.from(text, "utf8")
  const out: Array<string> = []
  for (let i = 0; i < bytes.length; i += chunkSize) {
    const r = splitter.push(bytes.subarray(i, i + chunkSize))
    if (Either.isLeft(r)) return { error: r.left.reason, out }
    out.push(...r.right.map((x) => x.text))
  }
  const end = splitter.end()
  return Either.isLeft(end) ? { error: end.left.reason, offset: end.left.offset, out } : { error: null, out }
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
  it("places a truncation at the end of the file, whatever the chunking", () => {
    const doc = '{"customers": [{"id": 1}, {"id": 2'
    for (const size of [1, 7, 1 << 16]) expect(split(doc, size)).toMatchObject({ offset: Buffer.byteLength(doc) })
  })
})

/** A small seeded generator of JSON values with awkward strings (escapes, quotes, brackets, multi-byte text). */
const randomDocument = (seed: number, count: number) => {
  let state = seed >>> 0
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
  const strings = ["", "a", '"', "\\", "\\\"", "]}", "{[", ",", "é ✓ 😀", "x\ny", "\u0001", "tab\there"]
  const value = (depth: number): unknown => {
    const r = next()
    if (depth > 3 || r < 0.3) return strings[Math.floor(next() * strings.length)]
    if (r < 0.45) return Math.round(next() * 1e6) / 100
    if (r < 0.5) return null
    if (r < 0.75) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1))
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, i) => [`k${i}${strings[i % strings.length]}`, value(depth + 1)]))
  }
  const elements = Array.from({ length: count }, () => {
    const v = value(0)
    return JSON.stringify(v !== null && typeof v === "object" && !Array.isArray(v) ? v : { v })
  })
  const pretty = elements.map((e, i) => (i % 3 === 0 ? JSON.stringify(JSON.parse(e), null, 1) : e))
  return { elements: pretty, doc: `{"customers": [\n${pretty.join(",\n  ")}\n]}\n` }
}

describe("ArraySplitter on random documents", () => {
  it("finds every element exactly, at any chunking, by push and by pushBounds", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { elements, doc } = randomDocument(seed, 25)
      const bytes = Buffer.from(doc, "utf8")
      for (const size of [1, 2, 3, 7, 16, 61, 256, 1 << 20]) {
        expect(split(doc, size)).toEqual({ error: null, out: elements })
        // pushBounds, with every chunk overwritten after use: the splitter must not keep views into it.
        const splitter = new ArraySplitter("customers")
        const found: Array<{ index: number; text: string; offset: number }> = []
        for (let i = 0; i < bytes.length; i += size) {
          const chunk = Buffer.from(bytes.subarray(i, i + size))
          const r = splitter.pushBounds(chunk)
          if (Either.isLeft(r)) throw new Error(r.left.reason)
          let index = r.right.firstIndex
          if (r.right.head !== null) found.push({ index: index++, text: r.right.head.toString("utf8"), offset: r.right.headOffset })
          r.right.starts.forEach((s, k) => found.push({ index: index++, text: chunk.toString("utf8", s, r.right.ends[k]), offset: r.right.chunkOffset + s }))
          chunk.fill(0x20)
        }
        expect(Either.isRight(splitter.end())).toBe(true)
        expect(found.map((f) => f.text)).toEqual(elements)
        expect(found.map((f) => f.index)).toEqual(elements.map((_, i) => i))
        for (const f of found) expect(bytes.toString("utf8", f.offset, f.offset + Buffer.byteLength(f.text))).toBe(f.text)
      }
    }
  })
  it("reports the same error offset at any chunking", () => {
    const { doc } = randomDocument(99, 10)
    const broken = doc.replace(/\n\]\}\n$/, " x]}")
    const offsets = new Set<number>()
    for (const size of [1, 5, 64, 1 << 20]) {
      const splitter = new ArraySplitter("customers")
      const bytes = Buffer.from(broken, "utf8")
      for (let i = 0; i < bytes.length; i += size) {
        const r = splitter.push(bytes.subarray(i, i + size))
        if (Either.isLeft(r)) {
          offsets.add(r.left.offset)
          break
        }
      }
    }
    expect([...offsets]).toEqual([Buffer.byteLength(broken) - 3])
  })
})
