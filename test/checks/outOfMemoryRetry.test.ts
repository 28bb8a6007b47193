/**
 * A check that runs out of the engine's memory pool is evaluated once more on
 * one thread before it counts as not evaluated (each thread holds its own
 * share of a query's hash tables). The pool running out is simulated: the
 * check's SQL raises DuckDB's out-of-memory message whenever the engine has
 * more than one thread, so only the retry can pass it.
 */
import { it } from "@effect/vitest"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { Duck, duckLayer, scalar } from "../../src/engine/Duck.ts"
import { sqlDatasetCheck, type DatasetContext } from "../../src/index.ts"

const spec = (id: string) => ({ id, layer: "gold" as const, table: "t", severity: "error" as const, description: "a check" })

/** Raises `message` unless the engine runs on one thread. */
const raisesOnThreads = (message: string) =>
  `select 'x' as value where (select case when current_setting('threads')::BIGINT > 1 then error(${`'${message}'`}) else false end)`

const context: DatasetContext = { layer: "gold", ingestionDate: "2026-12-01", relation: (name) => name }

describe("a check that runs out of memory", () => {
  it.scoped("is evaluated again on one thread, says so, and the engine gets its threads back", () =>
    Effect.gen(function* () {
      const check = sqlDatasetCheck(spec("t.oom_once"), () => ({ failing: raisesOnThreads("Out of Memory Error: failed to pin block (simulated)"), total: "select 3 as n" }))
      const result = yield* check.evaluate(context)
      expect(result.status).toBe("pass")
      expect(result.total).toBe(3)
      expect(result.observed["evaluated_on"]).toBe("one thread, after running out of memory on more")
      expect(yield* scalar("select current_setting('threads') as n")).toBe("2")
    }).pipe(Effect.provide(duckLayer({ threads: 2, memoryLimit: "256MB" }))))

  it.scoped("is not retried for any other error: it is not evaluated, with the engine's line", () =>
    Effect.gen(function* () {
      const check = sqlDatasetCheck(spec("t.other_error"), () => ({ failing: raisesOnThreads("Conversion Error: simulated"), total: "select 3 as n" }))
      const result = yield* check.evaluate(context)
      expect(result.status).toBe("error")
      expect(result.message).toContain("Conversion Error: simulated")
      expect(yield* scalar("select current_setting('threads') as n")).toBe("2")
    }).pipe(Effect.provide(duckLayer({ threads: 2, memoryLimit: "256MB" }))))

  it.scoped("still out of memory on one thread: not evaluated, and the engine gets its threads back", () =>
    Effect.gen(function* () {
      const check = sqlDatasetCheck(spec("t.oom_always"), () => ({ failing: "select error('Out of Memory Error: could not allocate (simulated)') as value", total: "select 3 as n" }))
      const result = yield* check.evaluate(context)
      expect(result.status).toBe("error")
      expect(result.message).toContain("could not evaluate: ")
      expect(result.message).toContain("Out of Memory Error")
      expect(yield* scalar("select current_setting('threads') as n")).toBe("2")
      yield* Effect.flatMap(Duck, (duck) => duck.run("select 1"))
    }).pipe(Effect.provide(duckLayer({ threads: 2, memoryLimit: "256MB" }))))
})
