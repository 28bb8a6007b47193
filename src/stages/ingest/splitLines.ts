/**
 * A streaming splitter for NDJSON (one JSON record per line, blank lines
 * skipped): the same bounds as {@link ArraySplitter}, so landing treats both
 * alike. Memory holds at most one record that spans chunks.
 */
import { Either } from "effect"
import type { SplitBounds, SplitError } from "./splitArray.ts"

const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d

const isBlank = (chunk: Buffer, start: number, end: number): boolean => {
  for (let i = start; i < end; i++) {
    const b = chunk[i]!
    if (b !== 0x20 && b !== 0x09 && b !== CARRIAGE_RETURN) return false
  }
  return true
}

/** Incremental NDJSON splitter; feed it chunks with `pushBounds`, then call `end`. */
export class LineSplitter {
  private offset = 0
  private count = 0
  private pieces: Array<Buffer> = []
  private pieceOffset = 0

  /** Number of records handed out so far. */
  get records(): number {
    return this.count
  }

  /** Scan one chunk; returns where the records completed in it are. */
  pushBounds(chunk: Buffer): Either.Either<SplitBounds, SplitError> {
    const firstIndex = this.count
    const chunkOffset = this.offset
    let head: Buffer | null = null
    let headOffset = 0
    const starts: Array<number> = []
    const ends: Array<number> = []
    let lineStart = 0
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, lineStart)
      if (newline < 0) break
      // The line's end, without a carriage return before the newline.
      const end = newline > lineStart && chunk[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline
      if (this.pieces.length > 0) {
        this.pieces.push(chunk.subarray(0, end))
        const whole = Buffer.concat(this.pieces)
        this.pieces = []
        if (!isBlank(whole, 0, whole.length)) {
          head = whole
          headOffset = this.pieceOffset
          this.count++
        }
      } else if (!isBlank(chunk, lineStart, end)) {
        starts.push(lineStart)
        ends.push(end)
        this.count++
      }
      lineStart = newline + 1
    }
    if (lineStart < chunk.length) {
      // Copy, never keep a view: the chunk may be transferred or reused once this returns.
      if (this.pieces.length === 0) this.pieceOffset = chunkOffset + lineStart
      this.pieces.push(Buffer.from(chunk.subarray(lineStart)))
    }
    this.offset += chunk.length
    return Either.right({ firstIndex, head, headOffset, starts, ends, chunkOffset })
  }

  /**
   * The last line, when the file does not end with a newline, as bounds of
   * its own (or null), then the record count.
   */
  finish(): SplitBounds | null {
    if (this.pieces.length === 0) return null
    const whole = Buffer.concat(this.pieces)
    this.pieces = []
    const end = whole.length > 0 && whole[whole.length - 1] === CARRIAGE_RETURN ? whole.length - 1 : whole.length
    if (isBlank(whole, 0, end)) return null
    const bounds = { firstIndex: this.count, head: whole.subarray(0, end), headOffset: this.pieceOffset, starts: [], ends: [], chunkOffset: this.offset }
    this.count++
    return bounds
  }

  /** The number of records; NDJSON has no structure to end wrongly. */
  end(): Either.Either<number, SplitError> {
    return Either.right(this.count)
  }
}
