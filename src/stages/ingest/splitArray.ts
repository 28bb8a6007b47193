/**
 * A streaming splitter for `{"customers": [ ... ]}`: it finds the boundaries of
 * each array element by tracking depth, strings and escapes, and hands out each
 * element's exact text. Memory holds one element at a time, never the file.
 * Elements are not parsed here; `JSON.parse` of each one validates it.
 */
import { Either } from "effect"

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const COMMA = 0x2c

const isWhitespace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09

/** One element of the array: its position and its exact text. */
export interface RawRecord {
  readonly index: number
  readonly text: string
  /** The element's exact bytes (a view into the input chunk when it did not span chunks). */
  readonly bytes: Buffer
  /** Byte offset of the element's first byte in the file. */
  readonly offset: number
}

/** Why the input is not `{"customers": [...]}`. */
export interface SplitError {
  readonly reason: string
  readonly offset: number
}

type Phase = "preamble" | "beforeValue" | "afterValue" | "value" | "epilogue" | "done"

// The preamble is collected byte by byte as latin1, so a UTF-8 BOM shows as "\u00ef\u00bb\u00bf".
const PREAMBLE = /^(?:\u00ef\u00bb\u00bf)?\s*\{\s*"customers"\s*:\s*\[$/
const PREAMBLE_CHARS = /[\s{}":a-z\u00ef\u00bb\u00bf]/
const MAX_PREAMBLE = 4096

/** Incremental splitter; feed it chunks with `push`, then call `end`. */
export class ArraySplitter {
  private phase: Phase = "preamble"
  private preamble = ""
  private offset = 0
  private count = 0
  // state of the element being scanned
  private depth = 0
  private inString = false
  private escaped = false
  private scalar = false
  private startOffset = 0
  private pieces: Array<Buffer> = []
  private closedTop = false

  /** Number of elements handed out so far. */
  get records(): number {
    return this.count
  }

  /** Scan one chunk; returns the elements completed in it, or the first structural error. */
  push(chunk: Buffer): Either.Either<ReadonlyArray<RawRecord>, SplitError> {
    const out: Array<RawRecord> = []
    let i = 0
    const n = chunk.length
    let elementStart = -1
    if (this.phase === "value") elementStart = 0
    while (i < n) {
      switch (this.phase) {
        case "preamble": {
          const b = chunk[i]!
          this.preamble += String.fromCharCode(b)
          i++
          if (b === OPEN_BRACKET) {
            if (!PREAMBLE.test(this.preamble)) return this.fail('top level must be {"customers": [...]}', i - 1)
            this.phase = "beforeValue"
          } else if (this.preamble.length > MAX_PREAMBLE || !PREAMBLE_CHARS.test(String.fromCharCode(b))) {
            return this.fail('top level must be {"customers": [...]}', i - 1)
          }
          break
        }
        case "beforeValue":
        case "afterValue": {
          const b = chunk[i]!
          if (isWhitespace(b)) {
            i++
          } else if (b === CLOSE_BRACKET && (this.phase === "afterValue" || this.count === 0)) {
            this.phase = "epilogue"
            i++
          } else if (this.phase === "afterValue") {
            if (b !== COMMA) return this.fail("expected ',' or ']' between customers", i)
            this.phase = "beforeValue"
            i++
          } else {
            this.phase = "value"
            this.depth = 0
            this.inString = false
            this.escaped = false
            this.scalar = b !== OPEN_BRACE && b !== OPEN_BRACKET && b !== QUOTE
            this.startOffset = this.offset + i
            elementStart = i
          }
          break
        }
        case "value": {
          const end = this.scan(chunk, i)
          if (end < 0) {
            i = n
          } else {
            out.push(this.finishElement(chunk, elementStart, end))
            elementStart = -1
            i = end
          }
          break
        }
        case "epilogue": {
          const b = chunk[i]!
          i++
          if (isWhitespace(b)) break
          if (b === CLOSE_BRACE && !this.closedTop) {
            this.closedTop = true
            break
          }
          return this.fail('unexpected content after the customers array; top level must be {"customers": [...]}', i - 1)
        }
        case "done":
          return this.fail("unexpected content after the end of the document", i)
      }
    }
    if (this.phase === "value" && elementStart >= 0) this.pieces.push(chunk.subarray(elementStart))
    this.offset += n
    return Either.right(out)
  }

  /** Confirm the document ended where it should. */
  end(): Either.Either<number, SplitError> {
    if (this.phase !== "epilogue" || !this.closedTop) {
      const where = this.phase === "preamble" ? 'before {"customers": [' : this.phase === "epilogue" ? "before the closing '}'" : `inside the customers array after ${this.count} records`
      return this.fail(`truncated input: the file ends ${where}`, this.offset)
    }
    this.phase = "done"
    return Either.right(this.count)
  }

  private fail(reason: string, at: number): Either.Either<never, SplitError> {
    return Either.left({ reason, offset: this.offset + at })
  }

  /** Scan the current element from `from`; returns the index just past its end, or -1 if it continues. */
  private scan(chunk: Buffer, from: number): number {
    let i = from
    const n = chunk.length
    if (this.scalar) {
      while (i < n) {
        const b = chunk[i]!
        if (b === COMMA || b === CLOSE_BRACKET || isWhitespace(b)) return i
        i++
      }
      return -1
    }
    let depth = this.depth
    let inString = this.inString
    let escaped = this.escaped
    while (i < n) {
      const b = chunk[i]!
      i++
      if (inString) {
        if (escaped) escaped = false
        else if (b === BACKSLASH) escaped = true
        else if (b === QUOTE) {
          inString = false
          if (depth === 0) {
            this.depth = 0
            this.inString = false
            this.escaped = false
            return i
          }
        }
      } else if (b === QUOTE) inString = true
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        depth--
        if (depth === 0) {
          this.depth = 0
          this.inString = false
          this.escaped = false
          return i
        }
      }
    }
    this.depth = depth
    this.inString = inString
    this.escaped = escaped
    return -1
  }

  private finishElement(chunk: Buffer, start: number, end: number): RawRecord {
    let bytes: Buffer
    if (this.pieces.length === 0) bytes = chunk.subarray(start, end)
    else {
      this.pieces.push(chunk.subarray(0, end))
      bytes = Buffer.concat(this.pieces)
      this.pieces = []
    }
    this.phase = "afterValue"
    return { index: this.count++, text: bytes.toString("utf8"), bytes, offset: this.startOffset }
  }
}
