import { Either, Schema } from "effect"
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { snapshotRows, snapshotSpec, snapshotToStrings } from "../../contracts/generate/customers.ts"
import { parseDay } from "../../contracts/generate/dates.ts"
import { DEFECT_KINDS, DEFECTS } from "../../contracts/generate/defects.ts"
import { Truth } from "../../contracts/generate/truth.ts"
import { type Customer, decode, detectAll, parseDataFile, recordLines } from "./detect.ts"

const AS_OF = "2026-11-01"

const make = (seed: number, customers: number, defectRate: number, asOf = AS_OF) => {
  const asOfDay = parseDay(asOf)
  if (asOfDay === undefined) throw new Error("bad date")
  const spec = snapshotSpec({ seed, customers, defectRate, asOfDay })
  const { data, truth } = snapshotToStrings(spec)
  return { spec, data, truth: Schema.decodeUnknownSync(Truth)(JSON.parse(truth)), truthText: truth }
}

// The bundled configuration, and a dirty one where every defect kind is common.
const bundled = make(42, 2000, 0.02)
const dirty = make(7, 3000, 0.6)

describe("determinism", () => {
  it("gives byte-identical output for the same arguments", () => {
    const again = make(42, 2000, 0.02)
    expect(again.data).toBe(bundled.data)
    expect(again.truthText).toBe(bundled.truthText)
  })

  it("gives different output for a different seed or as-of date", () => {
    expect(make(43, 2000, 0.02).data).not.toBe(bundled.data)
    expect(make(42, 2000, 0.02, "2026-10-31").data).not.toBe(bundled.data)
  })

  it("keeps a prefix stable: the first customers do not depend on how many follow", () => {
    const small = make(42, 300, 0)
    const large = make(42, 600, 0)
    expect(recordLines(large.data).slice(0, 300)).toEqual(recordLines(small.data))
  })

  it("renders the same lines through snapshotRows as in the file", () => {
    const lines = [...snapshotRows(bundled.spec)].map((row) => row.line)
    expect(lines).toEqual(recordLines(bundled.data))
  })
})

describe("shape", () => {
  it("writes {\"customers\": [...]} with one compact customer per line", () => {
    const lines = recordLines(bundled.data)
    expect(lines).toHaveLength(2000)
    expect(lines.map((line) => typeof JSON.parse(line))).toEqual(lines.map(() => "object"))
    expect(parseDataFile(bundled.data)).toHaveLength(2000)
  })

  it("writes an empty array for zero customers", () => {
    const empty = make(1, 0, 0.5)
    expect(empty.data).toBe("{\"customers\":[\n]}\n")
    expect(empty.truth.defects).toEqual([])
    expect(empty.truth.customers).toBe(0)
  })

  it("has ids 1..N in file order, about 8 transactions and about 1.1 KB per customer", () => {
    const customers = parseDataFile(bundled.data) as Array<Customer>
    expect(customers.map((c) => String(c.id))).toEqual(customers.map((_, i) => String(i + 1)))
    const clean = customers.map(decode).filter((c): c is Customer => c !== undefined)
    const meanTx = clean.reduce((n, c) => n + c.transactions.length, 0) / clean.length
    expect(meanTx).toBeGreaterThan(6.5)
    expect(meanTx).toBeLessThan(9.5)
    expect(clean.some((c) => c.transactions.length === 0 && c.last_purchase === null)).toBe(true)
    const perCustomer = Buffer.byteLength(bundled.data) / customers.length
    expect(perCustomer).toBeGreaterThan(900)
    expect(perCustomer).toBeLessThan(1300)
  })

  it("prints money with exactly 2 decimals in clean records", () => {
    const defective = new Set(bundled.truth.defects.map((d) => d.record_index))
    const tokens = recordLines(bundled.data).flatMap((line, index) =>
      defective.has(index) ? [] : [...line.matchAll(/"(amount|total_spent)":([^,}]+)/g)].map((m) => m[2] ?? "")
    )
    expect(tokens.length).toBeGreaterThan(2000)
    expect(tokens.filter((t) => !/^\d+\.\d{2}$/.test(t))).toEqual([])
    expect(bundled.data).toContain("\"total_spent\":0.00,\"transactions\":[]")
  })

  it("escapes names correctly and keeps one name per product", () => {
    const customers = parseDataFile(bundled.data).map(decode).filter((c): c is Customer => c !== undefined)
    const names = new Map<number, Set<string>>()
    for (const t of customers.flatMap((c) => c.transactions)) {
      names.set(t.product_id, (names.get(t.product_id) ?? new Set()).add(t.product_name))
    }
    expect(names.size).toBeGreaterThan(150)
    const conflicts = bundled.truth.defects.filter((d) => d.defect === "conflicting_product_name").length
    const multi = [...names.values()].filter((s) => s.size > 1).length
    expect(multi).toBeLessThanOrEqual(conflicts)
    expect([...names.values()].some((s) => [...s].some((n) => n.includes("\"")))).toBe(true)
    expect(customers.some((c) => /[^\x00-\x7f]/.test(c.name))).toBe(true)
  })
})

describe("rules and defects", () => {
  for (const [label, file] of [["bundled (2% defects)", bundled], ["dirty (60% defects)", dirty]] as const) {
    it(`${label}: every record trips exactly the checks the sidecar lists`, () => {
      const records = parseDataFile(file.data)
      const found = detectAll(records, file.truth.asOf)
      const expected = new Map(file.truth.defects.map((d) => [d.record_index, d]))
      const mismatches: Array<string> = []
      found.forEach((checks, index) => {
        const entry = expected.get(index)
        const want = [...(entry?.expected_checks ?? [])].sort()
        const got = [...checks].sort()
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          mismatches.push(`#${index} ${entry?.defect ?? "clean"} (${entry?.detail ?? ""}): want ${want} got ${got}`)
        }
      })
      expect(mismatches.slice(0, 10)).toEqual([])
    })
  }

  it("records the sidecar consistently", () => {
    for (const file of [bundled, dirty]) {
      expect(file.truth.customers).toBe(parseDataFile(file.data).length)
      expect(file.truth.asOf).toBe(AS_OF)
      for (const d of file.truth.defects) {
        expect(d.record_index).toBe(d.customer_id - 1)
        expect(d.expected_checks).toEqual(DEFECTS[d.defect])
      }
      const indexes = file.truth.defects.map((d) => d.record_index)
      expect(indexes).toEqual([...indexes].sort((a, b) => a - b))
    }
    expect(bundled.truth).toMatchObject({ generator: "lakegate-generate", version: 1, seed: 42, customers: 2000, defectRate: 0.02 })
  })

  it("injects defects at the requested rate, every kind at a similar rate", () => {
    expect(bundled.truth.defects.length).toBeGreaterThan(2000 * 0.02 * 0.6)
    expect(bundled.truth.defects.length).toBeLessThan(2000 * 0.02 * 1.5)
    const counts = new Map<string, number>()
    for (const d of dirty.truth.defects) counts.set(d.defect, (counts.get(d.defect) ?? 0) + 1)
    const perKind = (3000 * 0.6) / DEFECT_KINDS.length
    for (const kind of DEFECT_KINDS) {
      expect(counts.get(kind) ?? 0, kind).toBeGreaterThan(perKind * 0.7)
      expect(counts.get(kind) ?? 0, kind).toBeLessThan(perKind * 1.3)
    }
  })

  it("re-detects each defect's specific change", () => {
    const records = parseDataFile(dirty.data) as Array<Record<string, unknown>>
    const firstIds = new Map<number, number>()
    records.forEach((r, index) => {
      for (const t of (r.transactions ?? []) as Array<Record<string, unknown>>) {
        if (typeof t.transaction_id === "number" && !firstIds.has(t.transaction_id)) firstIds.set(t.transaction_id, index)
      }
    })
    const lines = recordLines(dirty.data)
    const clean = new Set(records.map((_, i) => i))
    for (const d of dirty.truth.defects) clean.delete(d.record_index)
    for (const d of dirty.truth.defects) {
      const r = records[d.record_index] as Record<string, unknown>
      const line = JSON.stringify(r)
      const txs = (r.transactions ?? []) as Array<Record<string, unknown>>
      switch (d.defect) {
        case "future_date":
          expect(txs.some((t) => String(t.date) >= "2100-01-01")).toBe(true)
          expect(String(r.last_purchase) >= "2100-01-01").toBe(true)
          break
        case "malformed_email":
          expect(typeof r.email).toBe("string")
          break
        case "three_decimal_amount":
          expect(txs.some((t) => typeof t.amount === "number" && /^\d+\.\d{3}$/.test(String(t.amount)))).toBe(true)
          break
        case "duplicate_transaction_id": {
          // The first occurrence is in an earlier, defect-free record.
          const dup = txs.map((t) => firstIds.get(t.transaction_id as number)).find((first) => first !== undefined && first < d.record_index)
          expect(dup).toBeDefined()
          expect(clean.has(dup as number)).toBe(true)
          break
        }
        case "missing_field":
          expect(line).toBeDefined()
          expect(decode(r)).toBeUndefined()
          break
        case "wrong_type":
          expect(/"(id|total_spent|amount|transaction_id|product_id)":"/.test(lines[d.record_index] ?? "")).toBe(true)
          break
        case "unparseable_date":
          expect(/"(signup_date|date)":"(\d\d\/\d\d\/\d{4}|\d{4}-13-\d\d|\d{4}-\d\d-(29|30|31|32))"/.test(line)).toBe(true)
          break
        default:
          break
      }
    }
  })

  it("keeps every date of a clean record on or before the as-of date", () => {
    const records = parseDataFile(bundled.data)
    const found = detectAll(records, AS_OF)
    const defective = new Set(bundled.truth.defects.map((d) => d.record_index))
    const bad: Array<number> = []
    let checked = 0
    records.map(decode).forEach((c, i) => {
      if (defective.has(i)) return
      checked++
      const ok = c !== undefined && found[i]?.size === 0 && c.signup_date <= AS_OF &&
        c.transactions.every((t) => t.date >= c.signup_date && t.date <= AS_OF)
      if (!ok) bad.push(i)
    })
    expect(bad).toEqual([])
    expect(checked).toBe(2000 - defective.size)
  })
})

describe("bundled data", () => {
  it("data/customers.json and its sidecar are exactly what the generator makes (regenerate with the command in data/README.md)", () => {
    const root = resolve(import.meta.dirname, "..", "..", "data")
    expect(readFileSync(join(root, "customers.json"), "utf8") === bundled.data).toBe(true)
    expect(readFileSync(join(root, "customers.truth.json"), "utf8")).toBe(bundled.truthText)
  })

  it("shows every defect kind", () => {
    expect(new Set(bundled.truth.defects.map((d) => d.defect))).toEqual(new Set(DEFECT_KINDS))
  })
})

describe("sidecar schema", () => {
  it("decodes with the exported Truth schema and rejects an unknown defect", () => {
    expect(Either.isRight(Schema.decodeUnknownEither(Truth)(JSON.parse(bundled.truthText)))).toBe(true)
    const bad = { ...JSON.parse(bundled.truthText), defects: [{ customer_id: 1, record_index: 0, defect: "nope", expected_checks: [] }] }
    expect(Either.isLeft(Schema.decodeUnknownEither(Truth)(bad))).toBe(true)
  })
})
