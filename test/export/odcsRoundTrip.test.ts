/**
 * A TypeScript contract exported to ODCS and read back by `parseOdcs` is the
 * same contract: the same columns, kinds, key and checks (ids, descriptions,
 * rules, thresholds), over generated contracts; and, for a few, `checkData`
 * gives every check the same status on the same generated data.
 */
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Effect, FastCheck as fc } from "effect"
import { checkData } from "../../src/check/checkData.ts"
import { check, type Check, type CheckOptions } from "../../src/checks/Check.ts"
import { column, schemaOf, type ColumnKind } from "../../src/contract/kinds.ts"
import { table, type DeclaredTable } from "../../src/contract/tableContract.ts"
import type { Thresholds } from "../../src/contract/Threshold.ts"
import { exportModel } from "../../src/export/model.ts"
import { toOdcs } from "../../src/export/odcs.ts"
import { fullMatchPattern } from "../../src/contract/kindChecks.ts"
import { parseOdcs } from "../../src/odcs/parse.ts"
import { csv, write } from "../check/support.ts"
import { tempDir } from "../support/cli.ts"
import { TestDuck } from "../support/duck.ts"

const RUNS = Number(process.env["FC_NUM_RUNS"] ?? 200)

/** Thresholds ODCS can carry: one level, in rows or percent. */
const thresholdsArb: fc.Arbitrary<Pick<CheckOptions, "severity" | "warn" | "fail">> = fc.oneof(
  fc.constant({}),
  fc.constant({ severity: "warn" as const }),
  fc.integer({ min: 1, max: 50 }).map((rows) => ({ fail: { rows } })),
  fc.integer({ min: 1, max: 50 }).map((rows) => ({ warn: { rows } })),
  fc.integer({ min: 1, max: 99 }).map((percent) => ({ fail: { percent } })),
  fc.integer({ min: 1, max: 99 }).map((percent) => ({ fail: { percent, inclusive: true } })),
  fc.integer({ min: 1, max: 99 }).map((percent) => ({ warn: { percent } }))
)

/** A check's own id and description, or the derived ones. */
const namingArb = (n: number): fc.Arbitrary<{ id?: string; description?: string }> =>
  fc.record({ id: fc.constant(`rule_${n}`), description: fc.constantFrom("what it means", "a rule: with punctuation, #hash and 'quotes'") }, { requiredKeys: [] })

const PATTERNS = ["[a-z]+", "\\d{3}", "[A-Z][a-z]*", "a|b", "x.y", "[^@]+@[^@]+"]

/** A decimal at its scale whose last digit is not 0 (written the same by every reader). */
const decimalText = (scale: number) =>
  fc.integer({ min: -99_999, max: 99_999 }).filter((n) => scale === 0 || n % 10 !== 0).map((n) => {
    if (scale === 0) return String(n)
    const digits = Math.abs(n).toString().padStart(scale + 1, "0")
    return `${n < 0 ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  })

const dateArb = fc.integer({ min: 16_000, max: 20_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10))
const timestampArb = fc.integer({ min: 1_500_000_000, max: 1_780_000_000 }).map((s) => new Date(s * 1000).toISOString().replace("T", " ").slice(0, 19))

type MakeCheck = (name: string, n: number) => fc.Arbitrary<Check>

/** One column: its kind, the checks its kind's options need (so they are checked), and checks it may have. */
interface ColumnPlan {
  readonly kind: ColumnKind
  readonly always?: ReadonlyArray<MakeCheck>
  readonly checks: ReadonlyArray<MakeCheck>
}

const withOptions = <A>(make: (options: CheckOptions) => Check) => (n: number) =>
  fc.tuple(thresholdsArb, namingArb(n)).map(([t, naming]) => make({ ...t, ...naming }))

const notNullCheck = (name: string, n: number) => withOptions((o) => check.notNull(name, o))(n)
const patternCheck = (name: string, n: number) => fc.constantFrom(...PATTERNS).chain((p) => withOptions((o) => check.pattern(name, p, o))(n))

const columnArb = (nullable: boolean, description: string | undefined): fc.Arbitrary<ColumnPlan> => {
  const base = { nullable, ...(description === undefined ? {} : { description }) }
  const maybe = <A>(a: A) => fc.option(fc.constant(a), { nil: undefined })
  return fc.oneof(
    fc.constant({ kind: column.id(base), checks: [notNullCheck] }),
    // An integer whose bounds are checked: the kind's bounds and a range check say the same.
    fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), fc.boolean()).map(([lo, span, hasMin, hasMax]): ColumnPlan => {
      const bounds = { ...(hasMin ? { min: lo } : {}), ...(hasMax ? { max: lo + span } : {}) }
      const ranged = hasMin || hasMax
      return { kind: column.integer({ ...base, ...bounds }), always: ranged ? [(name: string) => fc.constant(check.range(name, bounds))] : [], checks: [notNullCheck] }
    }),
    fc.tuple(fc.integer({ min: 1, max: 18 }), fc.integer({ min: 0, max: 4 })).chain(([p, s]) => {
      const precision = Math.max(p, s + 5)
      return fc.tuple(decimalText(s), decimalText(s), fc.boolean()).map(([a, b, ranged]): ColumnPlan => {
        const [min, max] = Number(a) <= Number(b) ? [a, b] : [b, a]
        return ranged
          ? { kind: column.decimal(precision, s, { ...base, min, max }), always: [(name: string) => fc.constant(check.range(name, { min, max }))], checks: [notNullCheck] }
          : { kind: column.decimal(precision, s, base), checks: [notNullCheck] }
      })
    }),
    fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 20 }), fc.boolean()).map(([min, span, sized]): ColumnPlan => {
      const lengths = { minLength: min, maxLength: min + span }
      return sized
        ? { kind: column.text({ ...base, ...lengths }), always: [(name: string) => fc.constant(check.length(name, { min, max: min + span }))], checks: [patternCheck] }
        : { kind: column.text(base), checks: [notNullCheck, patternCheck, (name, n) => fc.uniqueArray(fc.constantFrom("a", "b", "c", "x-y", "N/A", "déjà"), { minLength: 1, maxLength: 4 }).chain((values) => withOptions((o) => check.acceptedValues(name, values, o))(n))] }
    }),
    fc.constant({ kind: column.boolean(base), checks: [notNullCheck] }),
    // Nested kinds whose insides may be NULL (NOT NULL inside is a kind option no check of a TypeScript contract checks).
    fc.constant({ kind: column.list(column.integer({ nullable: true }), base), checks: [notNullCheck] }),
    fc.constant({ kind: column.struct({ city: column.text({ nullable: true }), at: column.list(column.date({ nullable: true }), { nullable: true }) }, base), checks: [notNullCheck] }),
    fc.constant({
      kind: column.date(base),
      checks: [(name: string) => fc.tuple(dateArb, fc.boolean(), fc.boolean()).map(([d, exclusiveMin, exclusiveMax]) => check.range(name, { min: d, max: "2099-12-31", ...(exclusiveMin ? { exclusiveMin } : {}), ...(exclusiveMax ? { exclusiveMax } : {}) }))]
    }),
    fc.constant({ kind: column.timestamp(base), checks: [(name: string) => timestampArb.map((t) => check.range(name, { max: t }))] }),
    fc.uniqueArray(fc.constantFrom("new", "paid", "shipped", "with space", "ÄÖ"), { minLength: 1, maxLength: 4 }).map((values): ColumnPlan => ({
      kind: column.enum(values, base),
      checks: [(name, n) => withOptions((o) => check.acceptedValues(name, values, o))(n)]
    }))
  )
}

/** A generated contract, with the columns each check is about. */
const contractArb: fc.Arbitrary<DeclaredTable> = fc
  .array(fc.tuple(fc.boolean(), fc.option(fc.constantFrom("the id", "a value: with a colon", "multi\nline"), { nil: undefined })), { minLength: 1, maxLength: 5 })
  .chain((flags) =>
    fc.tuple(
      fc.tuple(...flags.map(([nullable, description]) => columnArb(nullable, description))),
      fc.array(fc.boolean(), { minLength: flags.length, maxLength: flags.length }),
      fc.array(fc.boolean(), { minLength: flags.length, maxLength: flags.length }),
      fc.option(
        fc.tuple(fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), fc.option(fc.integer({ min: 5, max: 1000 }), { nil: undefined }), fc.constantFrom("error" as const, "warn" as const)),
        { nil: undefined }
      )
    )
  )
  .chain(([plans, keyed, uniqueFlags, rowCount]) => {
    const names = plans.map((_, i) => `c${i}`)
    const keyColumns = names.filter((n, i) => keyed[i] === true && plans[i]?.kind.nullable === false && plans[i]?.kind.kind !== "boolean")
    let n = 0
    const perColumn = plans.flatMap((p, i) => [
      ...(p.always ?? []).map((make) => make(names[i] ?? "", n++)),
      ...p.checks.map((make) => fc.option(make(names[i] ?? "", n++), { nil: undefined, freq: 2 }))
    ])
    const uniques = plans.flatMap((p, i) =>
      p.kind.nullable || uniqueFlags[i] !== true ? [] : [withOptions((o) => check.unique(names[i] ?? "", o))(n++)]
    )
    return fc.tuple(fc.tuple(...perColumn), fc.tuple(...uniques)).map(([checks, unique]) =>
      table({
        name: "t",
        version: "1.2.3",
        description: "a generated contract",
        columns: Object.fromEntries(plans.map((p, i) => [names[i], p.kind])),
        key: keyColumns,
        checks: [
          ...checks.filter((c): c is Check => c !== undefined),
          ...unique,
          ...(rowCount === undefined || (rowCount[0] === undefined && rowCount[1] === undefined)
            ? []
            : [check.rowCount({ ...(rowCount[0] === undefined ? {} : { min: rowCount[0] }), ...(rowCount[1] === undefined ? {} : { max: rowCount[1] }) }, { severity: rowCount[2] })])
        ]
      })
    )
  })

/** What a kind is once read back: ids are integers of at least 1, enums text (their values are a check's). */
const kindAfter = (kind: ColumnKind): ColumnKind => {
  const { description, nullable } = kind
  const base = { nullable, ...(description === undefined ? {} : { description }) }
  return kind.kind === "id" ? column.integer({ ...base, min: 1 }) : kind.kind === "enum" ? column.text(base) : kind
}

/** The same kind without bounds, lengths or values: values its checks may reject. */
const unbounded = (kind: ColumnKind): ColumnKind => {
  switch (kind.kind) {
    case "integer":
      return column.integer()
    case "decimal":
      return column.decimal(kind.precision, kind.scale)
    case "text":
    case "enum":
      return column.text()
    default:
      return { ...kind, nullable: false }
  }
}

/** What a check is once read back: a pattern matches anywhere in ODCS, so it is written anchored. */
const checkAfter = (c: Check): unknown => {
  const plain = JSON.parse(JSON.stringify(c)) as { rule: { _tag: string; pattern?: string } }
  if (plain.rule._tag === "Pattern" && plain.rule.pattern !== undefined) plain.rule.pattern = fullMatchPattern(`^(?:${plain.rule.pattern})$`)
  return plain
}

const byId = (checks: ReadonlyArray<Check>) => [...checks].sort((a, b) => a.id.localeCompare(b.id))

const roundTrip = (t: DeclaredTable) => {
  const exported = toOdcs([exportModel(t)])
  const parsed = Effect.runSync(Effect.either(parseOdcs(exported.text, "exported.odcs.yaml")))
  return { exported, parsed }
}

describe("ODCS export round trip", () => {
  it("a TypeScript contract read back from its ODCS export has the same columns, kinds, key and checks", () => {
    fc.assert(
      fc.property(contractArb, (t) => {
        const { exported, parsed } = roundTrip(t)
        if (parsed._tag === "Left") throw new Error(`${parsed.left.at}: ${parsed.left.message}\n${exported.text}`)
        const [back] = parsed.right
        expect(parsed.right).toHaveLength(1)
        if (back === undefined) return
        expect(back.table).toBe(t.table)
        expect(back.version).toBe(t.version)
        expect(back.description).toBe(t.description)
        expect(back.primaryKey).toEqual(t.primaryKey)
        expect(back.required).toEqual(t.required)
        expect(back.definition.sqlColumns).toEqual(t.definition.sqlColumns)
        expect(back.columns).toEqual(Object.fromEntries(Object.entries(t.columns).map(([n, k]) => [n, kindAfter(k)])))
        // The checks the kinds imply (an id's positivity, bounds, lengths, patterns, an enum's values) come back declared.
        expect(byId(back.checks).map((c) => JSON.parse(JSON.stringify(c)) as unknown)).toEqual(byId([...t.impliedChecks, ...t.checks]).map(checkAfter))
        expect(exported.omitted.map((o) => o.subject)).toEqual([])
      }),
      { numRuns: RUNS }
    )
  })

  it("what ODCS cannot express is reported, never dropped", () => {
    const t = table({
      name: "orders",
      version: "1.0.0",
      columns: { order_id: column.integer(), placed_on: column.date(), amount: column.decimal(12, 2), note: column.text({ nullable: true }) },
      key: ["order_id"],
      checks: [
        check.freshness("placed_on", 2),
        check.range("amount", { min: "0.01" }, { warn: { percent: 1 }, fail: { percent: 5 } }),
        check.row("positive", (row) => Number(row["amount"]) > 0),
        check.sumReconciles("amount", "payments", "amount"),
        check.unique("note"),
        check.notNull("order_id", { warn: { rows: 1 }, fail: { rows: 10 } }),
        check.acceptedValues("note", ["a", "b"]),
        check.notNull("gone")
      ]
    })
    const { exported, parsed } = roundTrip(t)
    expect(exported.omitted.map((o) => o.subject)).toEqual(["freshness.placed_on", "range.amount", "positive", "reconciles.amount", "unique.note", "not_null.order_id", "not_null.gone"])
    expect(exported.omitted.find((o) => o.subject === "unique.note")?.reason).toMatch(/NULL/)
    expect(parsed._tag === "Right" ? parsed.right[0]?.checks.map((c) => c.id) : parsed.left.message).toEqual(["accepted_values.note"])
  })

  it.effect("checkData gives every check the same status on the same data, before and after the round trip", () =>
    Effect.gen(function* () {
      const dir = tempDir("lakegate-odcs-roundtrip-")
      // CSV has no lists or structs: contracts with nested columns are left out here (the property above covers them).
      const contracts = fc.sample(contractArb, { numRuns: 30, seed: 1616 })
        .filter((t) => Object.values(t.columns).every((k) => k.kind !== "list" && k.kind !== "struct"))
        .slice(0, 8)
      let compared = 0
      const seen = new Set<string>()
      for (const [i, t] of contracts.entries()) {
        const { parsed } = roundTrip(t)
        if (parsed._tag === "Left") throw new Error(parsed.left.message)
        const back = parsed.right[0]
        if (back === undefined) continue
        const names = Object.keys(t.columns)
        // Rows mixing valid values (the kind's arbitrary), NULLs and values of no bound (the kind without options).
        const cell = (kind: ColumnKind) => fc.oneof(Arbitrary.make(schemaOf(kind)), Arbitrary.make(schemaOf(unbounded(kind))), fc.constant(null))
        const rows = fc.sample(fc.tuple(...Object.values(t.columns).map((k) => cell({ ...k, nullable: false }))), { numRuns: 20, seed: 100 + i })
        const file = write(dir, `data${i}.csv`, csv(names, rows.map((r) => r.map((v) => (v === null ? null : typeof v === "number" ? v : String(v))))))
        const statuses = (c: DeclaredTable) =>
          Effect.map(checkData(c, { paths: [file] }, { ingestionDate: "2026-01-01" }), (run) => Object.fromEntries(run.report.checks.map((r) => [r.checkId, r.status])))
        const before = yield* statuses(t)
        const after = yield* statuses(back)
        expect(after).toEqual(before)
        Object.values(before).forEach((s) => seen.add(s))
        expect(Object.keys(before).length).toBeGreaterThan(1)
        compared++
      }
      expect(compared).toBe(8)
      // The data is not all valid: checks pass, fail and warn, and the round trip agrees on each.
      expect([...seen].sort()).toEqual(["fail", "pass", "warn"])
    }).pipe(Effect.provide(TestDuck))
  )
})
