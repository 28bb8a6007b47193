/**
 * An append-only staging file. Writes are synchronous: when `write` is done
 * the bytes are in the file (the OS's page cache), so the caller may reuse
 * its buffer at once, and memory stays flat however much is written. Closed
 * when its scope closes.
 */
import { Data, Effect, type Scope } from "effect"
import { closeSync, openSync, writeSync } from "node:fs"

/** Writing a staging file failed. */
export class StagingWriteError extends Data.TaggedError("StagingWriteError")<{ readonly path: string; readonly message: string }> {}

/** An open staging file. */
export interface StagingFile {
  readonly path: string
  /** Append the bytes (or the text, as UTF-8); the buffer can be reused once this is done. */
  readonly write: (data: string | Buffer) => Effect.Effect<void, StagingWriteError>
  /** Close; the file is complete once this succeeds. */
  readonly close: Effect.Effect<void, StagingWriteError>
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Open (create or truncate) a staging file for the duration of the scope. */
export const openStagingFile = (path: string): Effect.Effect<StagingFile, StagingWriteError, Scope.Scope> =>
  Effect.gen(function* () {
    const fail = (error: unknown) => new StagingWriteError({ path, message: messageOf(error) })
    let open = true
    const fd = yield* Effect.acquireRelease(Effect.try({ try: () => openSync(path, "w"), catch: fail }), (fd) =>
      Effect.sync(() => {
        if (open) closeSync(fd)
        open = false
      })
    )
    const write = (data: string | Buffer) =>
      data.length === 0
        ? Effect.void
        : Effect.try({
            try: () => {
              const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data
              for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at)
            },
            catch: fail
          })
    const close = Effect.try({
      try: () => {
        if (open) closeSync(fd)
        open = false
      },
      catch: fail
    })
    return { path, write, close }
  })
