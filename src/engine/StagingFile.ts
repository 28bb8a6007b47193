/**
 * An append-only staging file that honours backpressure, so memory stays flat
 * however much is written. Closed when its scope closes.
 */
import { Data, Effect, type Scope } from "effect"
import { createWriteStream } from "node:fs"

/** Writing a staging file failed. */
export class StagingWriteError extends Data.TaggedError("StagingWriteError")<{ readonly path: string; readonly message: string }> {}

/** An open staging file. */
export interface StagingFile {
  readonly path: string
  readonly write: (data: string | Buffer) => Effect.Effect<void, StagingWriteError>
  /** Flush and close; the file is complete once this succeeds. */
  readonly close: Effect.Effect<void, StagingWriteError>
}

/** Open a staging file for the duration of the scope. */
export const openStagingFile = (path: string): Effect.Effect<StagingFile, StagingWriteError, Scope.Scope> =>
  Effect.gen(function* () {
    const stream = yield* Effect.acquireRelease(
      Effect.sync(() => createWriteStream(path, { highWaterMark: 1 << 20 })),
      (s) => Effect.sync(() => s.destroyed || s.destroy())
    )
    let failure: Error | undefined
    stream.on("error", (error) => {
      failure = error
    })
    const fail = (error: Error) => new StagingWriteError({ path, message: error.message })
    const write = (text: string | Buffer) =>
      text.length === 0
        ? Effect.void
        : Effect.async<void, StagingWriteError>((resume) => {
            if (failure) return resume(Effect.fail(fail(failure)))
            if (stream.write(text)) return resume(Effect.void)
            const onDrain = () => {
              stream.off("error", onError)
              resume(Effect.void)
            }
            const onError = (error: Error) => {
              stream.off("drain", onDrain)
              resume(Effect.fail(fail(error)))
            }
            stream.once("drain", onDrain)
            stream.once("error", onError)
          })
    const close = Effect.async<void, StagingWriteError>((resume) => {
      if (failure) return resume(Effect.fail(fail(failure)))
      stream.end((error?: Error | null) => (error ? resume(Effect.fail(fail(error))) : resume(Effect.void)))
    })
    return { path, write, close }
  })
