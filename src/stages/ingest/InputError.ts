import { Data } from "effect"

/**
 * The input cannot be read as the source's format (a JSON array, NDJSON): missing or unreadable
 * file, invalid or truncated JSON, or another top level. Exit code 3.
 */
export class InputError extends Data.TaggedError("InputError")<{
  readonly file: string
  readonly reason: string
  /** Byte offset where the problem was found, when known. */
  readonly offset?: number
}> {
  override get message(): string {
    return `${this.file}: ${this.reason}${this.offset === undefined ? "" : ` (at byte ${this.offset})`}`
  }
}
