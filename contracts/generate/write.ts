/**
 * Streaming file output with backpressure. A {@link FileSink} writes string
 * chunks to a temporary file beside the target, waits for `drain` whenever the
 * stream's buffer is full (so memory stays flat however big the file), and
 * renames the file into place only on {@link FileSink.commit}; a sink that is
 * released without a commit (failure, interruption) removes its temporary file.
 *
 * @example
 * Effect.scoped(Effect.gen(function*() {
 *   const sink = yield* openSink("data/out.json")
 *   yield* sink.write("{}\n")
 *   yield* sink.commit
 * }))
 */
import { Data, Effect, type Scope } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"

/** A file could not be created, written, or moved into place. */
export class WriteError extends Data.TaggedError("WriteError")<{
  readonly path: string
  readonly message: string
}> {}

/** A file being written. */
export interface FileSink {
  /** The final path of the file. */
  readonly path: string
  /** Append a chunk; suspends while the stream's buffer is full. */
  readonly write: (chunk: string | Uint8Array) => Effect.Effect<void, WriteError>
  /** Flush, close and move the file into place; returns the bytes written. */
  readonly commit: Effect.Effect<number, WriteError>
}

/** Size of the stream's internal buffer before `write` waits for `drain`. */
const HIGH_WATER_MARK = 4 * 1024 * 1024

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * Open a file for streaming output (parent directories are created). The file
 * appears at `target` only after a successful `commit`.
 */
export const openSink = (target: string): Effect.Effect<FileSink, WriteError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.try({
      try: () => {
        fs.mkdirSync(path.dirname(target), { recursive: true })
        const temp = target + ".tmp-" + process.pid
        const stream = fs.createWriteStream(temp, { highWaterMark: HIGH_WATER_MARK })
        return { stream, temp }
      },
      catch: (error) => new WriteError({ path: target, message: describe(error) })
    }).pipe(Effect.map(({ stream, temp }) => makeSink(target, temp, stream))),
    (sink) => sink.release
  ).pipe(Effect.map((sink): FileSink => sink))

interface ManagedSink extends FileSink {
  readonly release: Effect.Effect<void>
}

const makeSink = (target: string, temp: string, stream: fs.WriteStream): ManagedSink => {
  let failure: WriteError | undefined
  let committed = false
  stream.on("error", (error) => {
    failure ??= new WriteError({ path: target, message: describe(error) })
  })

  const failed = (): WriteError | undefined =>
    failure ?? (stream.destroyed && !committed ? new WriteError({ path: target, message: "stream closed" }) : undefined)

  const waitFor = (event: "drain" | "close"): Effect.Effect<void, WriteError> =>
    Effect.async<void, WriteError>((resume) => {
      let settled = false
      const done = () => {
        if (settled) return
        settled = true
        cleanup()
        const error = failure
        resume(error === undefined ? Effect.void : Effect.fail(error))
      }
      const cleanup = () => {
        stream.off("drain", done)
        stream.off("error", done)
        stream.off("close", done)
      }
      // "close" also ends a wait for "drain": a destroyed stream never drains.
      if (event === "drain") stream.on("drain", done)
      stream.on("error", done)
      stream.on("close", done)
      return Effect.sync(cleanup)
    })

  const write = (chunk: string | Uint8Array): Effect.Effect<void, WriteError> =>
    Effect.suspend(() => {
      const error = failed()
      if (error !== undefined) return Effect.fail(error)
      return stream.write(chunk) ? Effect.void : waitFor("drain")
    })

  const commit: Effect.Effect<number, WriteError> = Effect.suspend(() => {
    const error = failed()
    if (error !== undefined) return Effect.fail(error)
    committed = true
    const closed = stream.closed ? Effect.void : Effect.zipRight(Effect.sync(() => stream.end()), waitFor("close"))
    return closed.pipe(
      Effect.flatMap(() => (failure === undefined ? Effect.void : Effect.fail(failure))),
      Effect.flatMap(() =>
        Effect.try({
          try: () => {
            fs.renameSync(temp, target)
            return stream.bytesWritten
          },
          catch: (e) => new WriteError({ path: target, message: describe(e) })
        })
      ),
      Effect.tapError(() => Effect.sync(() => (committed = false)))
    )
  })

  // Without a commit: destroy the stream, wait until its file descriptor is
  // closed (the open may still be in flight), then remove the temporary file.
  const release: Effect.Effect<void> = Effect.async<void>((resume) => {
    const remove = () => {
      try {
        fs.rmSync(temp, { force: true })
      } catch {
        // Best effort: a leftover temporary file is harmless.
      }
      resume(Effect.void)
    }
    if (committed) return resume(Effect.void)
    if (stream.closed) return remove()
    stream.once("close", remove)
    stream.destroy()
  })

  return { path: target, write, commit, release }
}

/** Callers hand a buffer to {@link FileSink.write} once it holds this many bytes. */
export const CHUNK_SIZE = 1024 * 1024
