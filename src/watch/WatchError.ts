/**
 * An I/O failure of the watcher itself (the inbox, the ledger, a move), with
 * the operation and path to act on.
 */
import { Data, Effect } from "effect"

/** A watcher operation on a path failed. */
export class WatchError extends Data.TaggedError("WatchError")<{
  readonly operation: string
  readonly path: string
  readonly message: string
}> {}

/**
 * Run a promise-returning file operation as an Effect failing with a WatchError.
 *
 * @example
 * attempt("read", file, () => readFile(file, "utf8"))
 */
export const attempt = <A>(operation: string, path: string, run: () => Promise<A>): Effect.Effect<A, WatchError> =>
  Effect.tryPromise({ try: run, catch: (e) => new WatchError({ operation, path, message: e instanceof Error ? e.message : String(e) }) })
