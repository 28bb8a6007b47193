/**
 * Load landed segments into DuckDB while landing goes on. Landing is one
 * JavaScript thread; without this, DuckDB would idle until it ends and then
 * read every staging file in one go. Instead each complete segment is loaded
 * (its statements run in order, one segment after the other) on DuckDB's
 * threads while the next segment lands, and its staging files are deleted
 * once loaded, so staging holds about one segment at a time on disk.
 */
import { Effect, Exit, Fiber, Option, Queue, type Scope } from "effect"
import { rm } from "node:fs/promises"
import { Duck, type DuckError } from "../../engine/Duck.ts"
import type { LandedFiles } from "./landSource.ts"

/** The statements loading segment `k` (0, 1, …), in order. */
export type SegmentStatements = (segment: LandedFiles, k: number) => ReadonlyArray<string>

/** A running loader. */
export interface SegmentLoader {
  /** Queue a complete segment (`last`: landing is over with it); fails at once if an earlier segment failed to load. */
  readonly load: (segment: LandedFiles, last: boolean) => Effect.Effect<void, DuckError>
  /** Wait until every queued segment is loaded; fails with the first load's error. */
  readonly finish: Effect.Effect<void, DuckError>
}

/**
 * Start a loader in the scope: it stops (interrupted) with the scope if it has
 * not finished. `afterLanding` runs once landing is over (the last segment
 * was queued, or `finish` was called), before the segments still waiting, e.g.
 * to give DuckDB back the threads it left to the landing thread.
 */
export const startSegmentLoader = (statements: SegmentStatements, afterLanding: ReadonlyArray<string> = []): Effect.Effect<SegmentLoader, never, Duck | Scope.Scope> =>
  Effect.gen(function* () {
    const duck = yield* Duck
    const queue = yield* Queue.unbounded<Option.Option<LandedFiles>>()
    let landingOver = false
    let afterLandingDone = false
    const runAfterLanding = Effect.suspend(() => {
      if (!landingOver || afterLandingDone) return Effect.void
      afterLandingDone = true
      return Effect.forEach(afterLanding, (sql) => Effect.uninterruptible(duck.run(sql)), { discard: true })
    })
    const loadAll = Effect.gen(function* () {
      for (let k = 0; ; k++) {
        const next = yield* Queue.take(queue)
        yield* runAfterLanding
        if (Option.isNone(next)) return
        // A statement is never cut off half-way: if the run stops, the scope waits for it to end.
        for (const sql of statements(next.value, k)) yield* Effect.uninterruptible(duck.run(sql))
        const files = [next.value.bronze, next.value.violations, ...Object.values(next.value.tables)]
        yield* Effect.promise(() => Promise.all(files.map((file) => rm(file, { force: true }))))
      }
    })
    const fiber = yield* Effect.forkScoped(loadAll)
    const load = (segment: LandedFiles, last: boolean) =>
      Effect.flatMap(Fiber.poll(fiber), (done) => {
        if (Option.isSome(done) && Exit.isFailure(done.value)) return Effect.failCause(done.value.cause)
        landingOver ||= last
        return Queue.offer(queue, Option.some(segment))
      })
    const finish = Effect.suspend(() => {
      landingOver = true
      return Effect.zipRight(Queue.offer(queue, Option.none()), Fiber.join(fiber))
    })
    return { load, finish }
  })
