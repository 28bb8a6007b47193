/**
 * A guard on the engine the gates trust: a hash join whose build side spills
 * past the memory limit must still return every row. DuckDB builds after the
 * pinned 1.5.6 dropped rows here without an error (duckdb/duckdb#25702: a Bloom
 * filter pushed into the probe side's scan held only the first round of an
 * external build). lakegate runs every gate under a small pool (160 MB on two
 * cores), so its joins do spill; an engine upgrade that brings the bug back
 * must fail here, not silently in a gate.
 */
import { it } from "@effect/vitest"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { Duck, duckLayer, scalar } from "../../src/engine/Duck.ts"

/** Counts of semi and inner joins whose build side does not fit in 25 MB, on one thread. */
const spilledJoinCounts = (forceExternal: boolean) => Effect.gen(function* () {
  const duck = yield* Duck
  // DuckDB's own switch for testing out-of-core operators: every join external, whatever the sizes.
  if (forceExternal) yield* duck.run("set debug_force_external = true")
  yield* duck.run("create table build as select range % 2000 as k from range(1000000)")
  yield* duck.run("create table probe as select range % 4000 as k from range(2000000)")
  yield* duck.run("create table t as select (i % 25)::int as a from range(3000000) r(i)")
  yield* duck.run("create table u as select (i % 25)::int as b from range(3000000) r(i)")
  const semi = yield* scalar("select count(*) as n from probe where k in (select k from build)")
  const keys = yield* scalar("select count(*) as n from t semi join u on t.a = u.b")
  const inner = yield* scalar("select count(*) as n from (select distinct k from build) b join probe p on p.k = b.k")
  return { semi, keys, inner }
})

describe("the engine's spilled hash joins", () => {
  for (const [storage, forceExternal] of [["memory", false], ["file", false], ["memory", true]] as const) {
    it.scoped(`return every row when the build side spills (${storage}${forceExternal ? ", every join external" : ""})`, () =>
      Effect.gen(function* () {
        const counts = yield* spilledJoinCounts(forceExternal)
        // probe keys 0..3999 (500 rows each), build keys 0..1999: 2,000 keys × 500 rows match.
        expect(counts).toEqual({ semi: "1000000", keys: "3000000", inner: "1000000" })
      }).pipe(Effect.provide(duckLayer({ threads: 1, memoryLimit: "25MB", storage }))), 60_000)
  }
})
