/**
 * What stops `contracts diff` before it compares anything: a contract file it
 * cannot load, or a git ref it cannot read. Both are bad usage (exit 2).
 *
 * @example
 * new DiffLoadError({ path: "contracts/orders.ts", message: "exports no table contract" })
 */
import { Data } from "effect"

/** A contract file cannot be read, compiled or parsed, or holds no table contract. */
export class DiffLoadError extends Data.TaggedError("DiffLoadError")<{
  readonly path: string
  readonly message: string
}> {}

/** A git command failed: not a repository, an unknown ref, no `git` or `tar` on the PATH. */
export class GitRefError extends Data.TaggedError("GitRefError")<{
  readonly ref: string
  readonly message: string
}> {}

/** Either error as the one line the CLI prints. */
export const describeDiffError = (e: DiffLoadError | GitRefError): string =>
  e._tag === "DiffLoadError" ? `${e.path}: ${e.message}` : `git ref ${e.ref}: ${e.message}`
