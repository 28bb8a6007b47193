/**
 * Where a delivery's bytes come from: a plain file (read in place, its size
 * known), standard input (`-`), or a gzip-compressed file (`.gz`, decompressed
 * as a stream). Each is read into the caller's buffers, a chunk at a time, so
 * memory does not grow with the input, whichever it is.
 *
 * Lineage names what was delivered: `<stdin>` for standard input, the `.gz`
 * file's own name for a compressed file (see {@link sourceFileName}). The
 * bytes counted and hashed are the records' bytes, after decompression.
 *
 * @example
 * const input = yield* openInput("deliveries/orders.ndjson.gz") // scoped
 * const n = yield* Effect.promise(() => input.read(buffer))     // 0 at the end
 */
import { Effect, type Scope } from "effect"
import { createReadStream } from "node:fs"
import { open, stat, type FileHandle } from "node:fs/promises"
import { basename } from "node:path"
import type { Readable } from "node:stream"
import { createGunzip } from "node:zlib"
import { InputError } from "./InputError.ts"

/** The `--input` that means standard input. */
export const STDIN = "-"

/** True for the input that names standard input. */
export const isStdin = (input: string): boolean => input === STDIN

/** True for a gzip-compressed input (by its name: `.gz`). */
export const isGzip = (input: string): boolean => /\.gz$/i.test(input)

/** The name the format is judged by: without a `.gz` ending (`a.csv.gz` → `a.csv`). */
export const uncompressedName = (input: string): string => input.replace(/\.gz$/i, "")

/**
 * What bronze lineage (`_source_file`) records for an input: `<stdin>` for
 * standard input, else the file's name as delivered (a compressed file's
 * name keeps its `.gz`).
 *
 * @example
 * sourceFileName("-")                        // "<stdin>"
 * sourceFileName("inbox/orders.json.gz")     // "orders.json.gz"
 */
export const sourceFileName = (input: string): string => (isStdin(input) ? "<stdin>" : basename(input))

/**
 * Read a gzip file to its end, keeping nothing, and say why it is not a
 * whole gzip stream (null when it is). DuckDB reads `.csv.gz` itself but
 * takes a file cut short for a shorter one (the rows before the cut, no
 * error), so a compressed file it is to read is checked whole first: one
 * more pass of decompression, in constant memory.
 *
 * @example
 * const problem = yield* gzipProblem("exports/orders.csv.gz") // "unexpected end of file" when truncated
 */
export const gzipProblem = (file: string): Effect.Effect<string | null> =>
  Effect.async<string | null>((resume) => {
    const gunzip = gunzipFile(file)
    gunzip.onError((e) => resume(Effect.succeed(e.message)))
    gunzip.stream.on("end", () => resume(Effect.succeed(null)))
    gunzip.stream.resume()
    return Effect.sync(gunzip.stop)
  })

/**
 * A file decompressed as it is read. `onError` gets the first error of
 * reading or of decompressing, even one that came before it was called (the
 * stream ends without error only when the gzip data is whole); `stop`
 * releases both streams.
 */
const gunzipFile = (file: string) => {
  const raw = createReadStream(file)
  const stream = createGunzip({ chunkSize: 1 << 20 })
  let first: NodeJS.ErrnoException | null = null
  let listener: ((error: NodeJS.ErrnoException) => void) | null = null
  const fail = (e: NodeJS.ErrnoException) => {
    if (first !== null) return
    first = e
    listener?.(e)
  }
  raw.on("error", fail)
  stream.on("error", fail)
  raw.pipe(stream)
  return {
    stream,
    onError: (f: (error: NodeJS.ErrnoException) => void) => {
      listener = f
      if (first !== null) f(first)
    },
    stop: () => {
      listener = null
      raw.destroy()
      stream.destroy()
    }
  }
}

/** An open input: fill a buffer with its next bytes. */
export interface OpenInput {
  /** The size in bytes when it is known in advance (a plain file); null for a stream. */
  readonly size: number | null
  /** A size to plan by: the file's size, the compressed size for gzip (a lower bound), 0 for standard input. */
  readonly plannedSize: number
  /** Read up to `buffer.length` bytes into `buffer`; resolves to the bytes read, 0 at the end. Rejects with an {@link InputError}. */
  read(buffer: Buffer): Promise<number>
}

/** How messages name an input: `<stdin>` for standard input, else its path. */
export const displayName = (input: string): string => (isStdin(input) ? "<stdin>" : input)

/** One line for a failure to open or read `input`. */
export const describeOpenError = (input: string, error: NodeJS.ErrnoException): InputError =>
  new InputError({
    file: displayName(input),
    reason:
      error.code === "ENOENT"
        ? "file not found"
        : error.code === "EISDIR"
          ? "is a directory, not a file"
          : error.code === "EACCES"
            ? "permission denied"
            : error.code === "ELOOP"
              ? "too many levels of symbolic links (a symlink loop)"
              : error.code === "ENOTDIR"
                ? "a part of the path is not a directory"
                : error.code !== undefined && error.code.startsWith("Z_")
                  ? `not a readable gzip file: ${error.message}`
                  : `cannot read: ${error.message}`
  })

/** Read a stream into the caller's buffers: pieces the stream emits are copied in until a buffer is full or the stream ends. */
const streamReader = (input: string, stream: Readable) => {
  let pending: Buffer | null = null
  let ended = false
  let failure: InputError | null = null
  let wake: (() => void) | null = null
  const notify = () => {
    const w = wake
    wake = null
    w?.()
  }
  const fail = (e: NodeJS.ErrnoException) => {
    failure ??= describeOpenError(input, e)
    notify()
  }
  stream.on("readable", notify)
  stream.on("end", () => {
    ended = true
    notify()
  })
  const next = (): Buffer | null => {
    if (pending !== null) {
      const p = pending
      pending = null
      return p
    }
    return stream.read() as Buffer | null
  }
  const read = async (buffer: Buffer): Promise<number> => {
    let filled = 0
    while (filled < buffer.length) {
      if (failure !== null) throw failure
      const piece = next()
      if (piece === null) {
        if (ended) break
        await new Promise<void>((resolve) => (wake = resolve))
        continue
      }
      const n = Math.min(piece.length, buffer.length - filled)
      piece.copy(buffer, filled, 0, n)
      filled += n
      if (n < piece.length) pending = piece.subarray(n)
    }
    if (failure !== null) throw failure
    return filled
  }
  return { read, fail }
}

/**
 * Open `input` for reading in the current scope (closed with it): `-` is
 * standard input, a name ending in `.gz` is decompressed as it is read, any
 * other name is read as a plain file. A missing file, a directory or an
 * unreadable one is an {@link InputError} (exit 3), as is a `.gz` file that is
 * not gzip or is cut short, found when it is read.
 */
export const openInput = (input: string): Effect.Effect<OpenInput, InputError, Scope.Scope> =>
  Effect.gen(function* () {
    if (isStdin(input)) {
      if (process.stdin.isTTY === true) return yield* new InputError({ file: "<stdin>", reason: "standard input is a terminal: pipe the delivery in (… | lakegate run --input -)" })
      const { read, fail } = streamReader(input, process.stdin)
      process.stdin.on("error", fail)
      return { size: null, plannedSize: 0, read }
    }
    const info = yield* Effect.tryPromise({ try: () => stat(input), catch: (e) => describeOpenError(input, e as NodeJS.ErrnoException) })
    if (info.isDirectory()) return yield* new InputError({ file: input, reason: "is a directory, not a file" })
    if (isGzip(input)) {
      const gunzip = yield* Effect.acquireRelease(Effect.sync(() => gunzipFile(input)), (g) => Effect.sync(g.stop))
      const { read, fail } = streamReader(input, gunzip.stream)
      gunzip.onError(fail)
      return { size: null, plannedSize: info.size, read }
    }
    const handle: FileHandle = yield* Effect.acquireRelease(
      Effect.tryPromise({ try: () => open(input, "r"), catch: (e) => describeOpenError(input, e as NodeJS.ErrnoException) }),
      (h) => Effect.promise(() => h.close())
    )
    return {
      size: info.size,
      plannedSize: info.size,
      read: (buffer: Buffer) =>
        handle.read(buffer, 0, buffer.length, null).then(
          (r) => r.bytesRead,
          (e: unknown) => Promise.reject(describeOpenError(input, e as NodeJS.ErrnoException))
        )
    }
  })
