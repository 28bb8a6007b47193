import { Effect, Schema } from "effect"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { snapshotSpec, snapshotToStrings } from "../../contracts/generate/customers.ts"
import { parseDay } from "../../contracts/generate/dates.ts"
import { dailyFileName, type DailyResult, writeDailySnapshots } from "../../contracts/generate/files.ts"
import { Truth } from "../../contracts/generate/truth.ts"
import { type Customer, decode, detectAll, parseDataFile } from "./detect.ts"
import type { ChangeEntry } from "../../contracts/generate/files.ts"

type Change = ChangeEntry

interface Day {
  readonly date: string
  readonly text: string
  readonly records: Array<unknown>
  readonly truth: Truth
  /** Decoded records of customers without a defect that day, by id. */
  readonly clean: Map<number, Customer>
}

const DAYS = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06"]

const run = (dir: string, defectRate: number): Promise<{ result: DailyResult; days: Array<Day>; changes: Array<Change> }> =>
  Effect.runPromise(writeDailySnapshots({ seed: 11, customers: 400, defectRate, days: DAYS.length, outDir: dir })).then((result) => {
    const days = DAYS.map((date): Day => {
      const text = readFileSync(join(dir, dailyFileName(date)), "utf8")
      const truth = Schema.decodeUnknownSync(Truth)(JSON.parse(readFileSync(join(dir, `customers-${date}.truth.json`), "utf8")))
      const records = parseDataFile(text)
      const defective = new Set(truth.defects.map((d) => d.record_index))
      const clean = new Map<number, Customer>()
      records.forEach((r, i) => {
        const c = decode(r)
        if (!defective.has(i) && c !== undefined) clean.set(c.id, c)
      })
      return { date, text, records, truth, clean }
    })
    const changes = JSON.parse(readFileSync(join(dir, "changes.json"), "utf8")) as Array<Change>
    return { result, days, changes }
  })

const dirs: Array<string> = []
let withDefects: Awaited<ReturnType<typeof run>>
let withoutDefects: Awaited<ReturnType<typeof run>>

beforeAll(async () => {
  const a = mkdtempSync(join(tmpdir(), "lakegate-daily-"))
  const b = mkdtempSync(join(tmpdir(), "lakegate-daily-"))
  dirs.push(a, b)
  withDefects = await run(a, 0.05)
  withoutDefects = await run(b, 0)
})

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const pairs = <A>(items: ReadonlyArray<A>): Array<[A, A]> => items.slice(1).map((item, i) => [items[i] as A, item])

describe("daily snapshots", () => {
  it("data/daily-example is exactly what its documented command makes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lakegate-daily-"))
    dirs.push(dir)
    // npm run generate -- --customers 150 --seed 42 --days 4 --defect-rate 0.05 --out-dir data/daily-example
    await Effect.runPromise(writeDailySnapshots({ seed: 42, customers: 150, defectRate: 0.05, days: 4, outDir: dir }))
    const example = resolve(import.meta.dirname, "..", "..", "data", "daily-example")
    const files = readdirSync(example).sort()
    expect(files).toEqual(readdirSync(dir).sort())
    expect(files).toHaveLength(9)
    for (const file of files) expect(readFileSync(join(dir, file), "utf8") === readFileSync(join(example, file), "utf8"), file).toBe(true)
  })

  it("writes one snapshot per day whose as-of is its own date, the first equal to a single file", () => {
    const { days, result } = withDefects
    expect(result.snapshots.map((s) => s.asOf)).toEqual(DAYS)
    for (const day of days) expect(day.truth.asOf).toBe(day.date)
    const single = snapshotToStrings(snapshotSpec({ seed: 11, customers: 400, defectRate: 0.05, asOfDay: parseDay(DAYS[0] ?? "")! }))
    expect(days[0]?.text).toBe(single.data)
  })

  it("grows: every day adds customers who sign up that day, ids stay 1..N in order", () => {
    for (const [before, after] of pairs(withDefects.days)) {
      expect(after.records.length).toBeGreaterThan(before.records.length)
      expect(after.truth.customers).toBe(after.records.length)
      for (let id = before.records.length + 1; id <= after.records.length; id++) {
        const c = after.clean.get(id)
        if (c !== undefined) expect(c.signup_date).toBe(after.date)
      }
    }
    for (const day of withDefects.days) {
      expect(day.records.map((r) => String((r as { id: unknown }).id))).toEqual(day.records.map((_, i) => String(i + 1)))
    }
  })

  it("keeps transactions: same id, date, amount and product every day; new ones are dated the new day", () => {
    let added = 0
    const problems: Array<string> = []
    for (const run of [withDefects, withoutDefects]) {
      for (const [before, after] of pairs(run.days)) {
        for (const [id, today] of after.clean) {
          const yesterday = before.clean.get(id)
          if (yesterday === undefined) continue
          const todayById = new Map(today.transactions.map((t) => [t.transaction_id, JSON.stringify(t)]))
          for (const t of yesterday.transactions) {
            if (todayById.get(t.transaction_id) !== JSON.stringify(t)) problems.push(`${after.date} ${id} ${t.transaction_id}`)
          }
          const known = new Set(yesterday.transactions.map((t) => t.transaction_id))
          for (const t of today.transactions.filter((x) => !known.has(x.transaction_id))) {
            if (t.date !== after.date) problems.push(`${after.date} ${id} new ${t.transaction_id} dated ${t.date}`)
            added++
          }
        }
      }
    }
    expect(problems).toEqual([])
    expect(added).toBeGreaterThan(0)
  })

  it("lists in changes.json exactly the name and email differences between days", () => {
    for (const run of [withDefects, withoutDefects]) {
      const listed = new Set(run.changes.map((c) => `${c.customer_id}|${c.date}|${c.field}|${c.old}|${c.new}`))
      let observed = 0
      for (const [before, after] of pairs(run.days)) {
        for (const [id, today] of after.clean) {
          const yesterday = before.clean.get(id)
          if (yesterday === undefined) continue
          for (const field of ["name", "email"] as const) {
            if (yesterday[field] !== today[field]) {
              observed++
              expect(listed.has(`${id}|${after.date}|${field}|${yesterday[field]}|${today[field]}`)).toBe(true)
            }
          }
        }
      }
      // Every listed change shows in the files when the customer is clean on both days.
      for (const change of run.changes) {
        const index = DAYS.indexOf(change.date)
        expect(index).toBeGreaterThan(0)
        const yesterday = run.days[index - 1]?.clean.get(change.customer_id)
        const today = run.days[index]?.clean.get(change.customer_id)
        if (yesterday === undefined || today === undefined) continue
        expect(yesterday[change.field]).toBe(change.old)
        expect(today[change.field]).toBe(change.new)
      }
      expect(observed).toBeGreaterThan(0)
    }
    // With no defects the two agree one to one.
    const diffs = withoutDefects.changes.length
    expect(diffs).toBe(withoutDefects.result.changes)
    expect(diffs).toBeGreaterThan(400 * 0.02 * 5 * 0.4)
    expect(diffs).toBeLessThan(400 * 0.02 * 5 * 1.8)
  })

  it("injects defects per (customer, day) and each day's sidecar matches its file", () => {
    for (const day of withDefects.days) {
      const found = detectAll(day.records, day.date)
      const expected = new Map(day.truth.defects.map((d) => [d.record_index, [...d.expected_checks].sort()]))
      const mismatches = found.flatMap((checks, index) =>
        JSON.stringify([...checks].sort()) === JSON.stringify(expected.get(index) ?? []) ? [] : [`${day.date} #${index}`]
      )
      expect(mismatches).toEqual([])
    }
    const [first, second] = withDefects.days
    expect(first?.truth.defects.map((d) => d.customer_id)).not.toEqual(second?.truth.defects.map((d) => d.customer_id))
    for (const day of withoutDefects.days) expect(day.truth.defects).toEqual([])
  })
})
