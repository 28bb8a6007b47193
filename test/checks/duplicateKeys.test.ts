/**
 * `duplicateKeysSql`, the query behind `key.unique` and the gold key checks:
 * on a table with kept rows it groups the staged keys and the kept rows that
 * share one, not the whole relation. On kept rows that are unique among
 * themselves (they were audited when they were written) it finds exactly the
 * duplicates a GROUP BY over staged and kept rows finds.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import { Duck } from "../../src/engine/Duck.ts"
import { duplicateKeysSql, type DatasetContext } from "../../src/index.ts"
import { TestDuck } from "../support/duck.ts"

/** A two-column key; NULL allowed in the second column (GROUP BY groups NULLs together). */
type Key = readonly [number, number | null]

const values = (keys: ReadonlyArray<Key>) => keys.map(([a, b]) => `(${a}, ${b ?? "NULL"}, 'x')`).join(", ")

const load = (staged: ReadonlyArray<Key>, kept: ReadonlyArray<Key>) =>
  Effect.gen(function* () {
    const duck = yield* Duck
    for (const [name, keys] of [["staged_t", staged], ["kept_t", kept]] as const) {
      yield* duck.run(`create or replace table ${name} (a BIGINT, b BIGINT, payload VARCHAR)`)
      if (keys.length > 0) yield* duck.run(`insert into ${name} values ${values(keys)}`)
    }
    yield* duck.run("create or replace view audited_t as select * from staged_t union all select * from kept_t")
  })

const withKept: DatasetContext = { layer: "gold", relation: (t) => (t === "t" ? "audited_t" : t), staged: (t) => (t === "t" ? "staged_t" : t), kept: (t) => (t === "t" ? "kept_t" : undefined) }
const whole: DatasetContext = { layer: "gold", relation: (t) => (t === "t" ? "audited_t" : t) }

const duplicates = (context: DatasetContext) =>
  Effect.flatMap(Duck, (duck) => duck.all(`select a, b, n from (${duplicateKeysSql(context, "t", ["a", "b"])}) order by all`))

const key: fc.Arbitrary<Key> = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }))

describe("duplicateKeysSql", () => {
  it.effect("with kept rows: a key repeated among the staged rows, or shared by a staged and a kept row, with its row count", () =>
    Effect.gen(function* () {
      yield* load(
        [[1, 1], [1, 1], [2, 1], [3, null], [3, null]],
        [[2, 1], [4, 1], [5, null]]
      )
      expect(yield* duplicates(withKept)).toEqual([
        { a: "1", b: "1", n: "2" },
        { a: "2", b: "1", n: "2" },
        { a: "3", b: null, n: "2" }
      ])
      // A staged key with a NULL matches a kept one with the same NULL, as GROUP BY groups them.
      yield* load([[5, null]], [[5, null], [6, 1]])
      expect(yield* duplicates(withKept)).toEqual([{ a: "5", b: null, n: "2" }])
    }).pipe(Effect.provide(TestDuck)))

  it.effect("on kept rows with unique keys it finds what a GROUP BY over the whole relation finds (120 drawn tables)", () =>
    Effect.gen(function* () {
      const cases = fc.sample(
        fc.record({ staged: fc.array(key, { maxLength: 8 }), kept: fc.uniqueArray(key, { maxLength: 8, selector: ([a, b]) => `${a}/${b}` }) }),
        { numRuns: 120, seed: 17 }
      )
      let withDuplicates = 0
      for (const c of cases) {
        yield* load(c.staged, c.kept)
        const expected = yield* duplicates(whole)
        expect(yield* duplicates(withKept)).toEqual(expected)
        if (expected.length > 0) withDuplicates++
      }
      // The draw is not vacuous: most tables hold a duplicate, some do not.
      expect(withDuplicates).toBeGreaterThan(30)
      expect(withDuplicates).toBeLessThan(cases.length)
    }).pipe(Effect.provide(TestDuck)))

  it.effect("without kept rows it groups the relation, so it also finds keys repeated among rows that would otherwise be kept", () =>
    Effect.gen(function* () {
      yield* load([[1, 1]], [[2, 2], [2, 2]])
      expect(yield* duplicates(whole)).toEqual([{ a: "2", b: "2", n: "2" }])
      // With kept rows, their own repeats are not looked for: they were audited when they were written.
      expect(yield* duplicates(withKept)).toEqual([])
    }).pipe(Effect.provide(TestDuck)))
})
