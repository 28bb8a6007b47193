/**
 * A streaming splitter for a JSON array of records, at the top level
 * (`[ ... ]`) or under one key of the top-level object (`{"orders": [ ... ]}`,
 * other keys not allowed): it finds the boundaries of
 * each array element by tracking depth, strings and escapes, and hands out each
 * element's exact text. Memory holds one element at a time, never the file.
 * Elements are not parsed here; `JSON.parse` of each one validates it.
 *
 * Two ways to use it: `push` returns each element as a {@link RawRecord} (its
 * text decoded), and `pushBounds` returns only where the elements are
 * ({@link SplitBounds}), so the chunk can be handed to a worker thread whole
 * and decoded there. The splitter never keeps a view into a pushed chunk: the
 * start of an element that continues in the next chunk is copied, so a chunk
 * may be transferred to another thread as soon as `pushBounds` returns.
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

/**
 * Where the elements completed by one chunk are. Elements entirely inside the
 * chunk are given by position; an element that began in an earlier chunk (at
 * most one per chunk, and always the first) is given as its complete bytes.
 */
export interface SplitBounds {
  /** Index of the first element completed in this chunk (the head's, if there is one). */
  readonly firstIndex: number
  /** The complete bytes of an element that began in an earlier chunk and ends in this one (a copy), or null. */
  readonly head: Buffer | null
  /** Byte offset of the head's first byte in the file. */
  readonly headOffset: number
  /** `[starts[k], ends[k])` are the positions in the chunk of the k-th element lying entirely inside it. */
  readonly starts: Array<number>
  readonly ends: Array<number>
  /** Byte offset of the chunk's first byte in the file. */
  readonly chunkOffset: number
}

/** Why the input is not the expected document. */
export interface SplitError {
  readonly reason: string
  readonly offset: number
}

type Phase = "preamble" | "beforeValue" | "afterValue" | "value" | "epilogue" | "done"

const MAX_PREAMBLE = 4096

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** The document's top level: `{"<key>": [...]}`, or `[...]` when `key` is null. */
export const describeTopLevel = (key: string | null): string => (key === null ? "a JSON array [...]" : `{${JSON.stringify(key)}: [...]}`)

/** Incremental splitter; feed it chunks with `push`, then call `end`. */
export class ArraySplitter {
  /** The preamble, as collected byte by byte in latin1 (so a UTF-8 BOM shows as "\u00ef\u00bb\u00bf"). */
  private readonly preambleRegExp: RegExp
  private readonly preambleChars: RegExp
  private readonly topLevel: string
  private readonly items: string
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
  private closedTop: boolean

  /** `key`: the top-level object's key holding the array , or null for a top-level array. */
  constructor(private readonly key: string | null) {
    // The key as its UTF-8 bytes read as latin1, as the preamble is collected.
    const latin1Key = key === null ? "" : Buffer.from(JSON.stringify(key).slice(1, -1), "utf8").toString("latin1")
    this.preambleRegExp =
      key === null ? /^(?:\u00ef\u00bb\u00bf)?\s*\[$/ : new RegExp(`^(?:\u00ef\u00bb\u00bf)?\\s*\\{\\s*"${escapeRegExp(latin1Key)}"\\s*:\\s*\\[$`)
    this.preambleChars = new RegExp(`[\\s{}":\u00ef\u00bb\u00bf${escapeRegExp(latin1Key).replace(/-/g, "\\-")}]`)
    this.topLevel = describeTopLevel(key)
    this.items = key ?? "records"
    this.closedTop = key === null
  }

  /** Number of elements handed out so far. */
  get records(): number {
    return this.count
  }

  /** Scan one chunk; returns the elements completed in it, or the first structural error. */
  push(chunk: Buffer): Either.Either<ReadonlyArray<RawRecord>, SplitError> {
    const split = this.pushBounds(chunk)
    if (Either.isLeft(split)) return Either.left(split.left)
    const b = split.right
    const out: Array<RawRecord> = []
    let index = b.firstIndex
    if (b.head !== null) out.push({ index: index++, text: b.head.toString("utf8"), bytes: b.head, offset: b.headOffset })
    for (let k = 0; k < b.starts.length; k++) {
      const bytes = chunk.subarray(b.starts[k]!, b.ends[k]!)
      out.push({ index: index++, text: bytes.toString("utf8"), bytes, offset: b.chunkOffset + b.starts[k]! })
    }
    return Either.right(out)
  }

  /** Scan one chunk; returns where the elements completed in it are, or the first structural error. */
  pushBounds(chunk: Buffer): Either.Either<SplitBounds, SplitError> {
    const firstIndex = this.count
    const chunkOffset = this.offset
    let head: Buffer | null = null
    let headOffset = 0
    const starts: Array<number> = []
    const ends: Array<number> = []
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
            if (!this.preambleRegExp.test(this.preamble)) return this.fail(`top level must be ${this.topLevel}`, i - 1)
            this.phase = "beforeValue"
          } else if (this.preamble.length > MAX_PREAMBLE || !this.preambleChars.test(String.fromCharCode(b))) {
            return this.fail(`top level must be ${this.topLevel}`, i - 1)
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
            if (b !== COMMA) return this.fail(`expected ',' or ']' between ${this.items}`, i)
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
            if (this.pieces.length === 0) {
              starts.push(elementStart)
              ends.push(end)
            } else {
              this.pieces.push(chunk.subarray(0, end))
              head = Buffer.concat(this.pieces)
              headOffset = this.startOffset
              this.pieces = []
            }
            this.count++
            this.phase = "afterValue"
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
          return this.fail(
            this.key === null ? "unexpected content after the array" : `unexpected content after the ${this.key} array; top level must be ${this.topLevel}`,
            i - 1
          )
        }
        case "done":
          return this.fail("unexpected content after the end of the document", i)
      }
    }
    // Copy, never keep a view: the chunk may be transferred or reused once this returns.
    if (this.phase === "value" && elementStart >= 0) this.pieces.push(Buffer.from(chunk.subarray(elementStart)))
    this.offset += n
    return Either.right({ firstIndex, head, headOffset, starts, ends, chunkOffset })
  }

  /** Confirm the document ended where it should. */
  end(): Either.Either<number, SplitError> {
    if (this.phase !== "epilogue" || !this.closedTop) {
      const where =
        this.phase === "preamble"
          ? `before ${this.key === null ? "[" : `{${JSON.stringify(this.key)}: [`}`
          : this.phase === "epilogue"
            ? "before the closing '}'"
            : `inside the ${this.key ?? "top-level"} array after ${this.count} records`
      // At the end of everything pushed.
      return this.fail(`truncated input: the file ends ${where}`, 0)
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
    if (this.inString) {
      // Resume a string cut by the previous chunk's end.
      if (this.escaped) {
        if (i >= n) return -1
        i++
        this.escaped = false
      }
      i = this.skipString(chunk, i)
      if (i < 0) return -1
      if (depth === 0) return this.settle(i)
    }
    // Outside strings only structure, numbers and literals remain; inside, only quotes and backslashes matter.
    while (i < n) {
      const b = chunk[i++]!
      if (b === QUOTE) {
        i = this.skipString(chunk, i)
        if (i < 0) {
          this.depth = depth
          return -1
        }
        if (depth === 0) return this.settle(i)
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (--depth === 0) return this.settle(i)
      }
    }
    this.depth = depth
    this.inString = false
    return -1
  }

  /**
   * Skip the rest of a string starting at `from` (just after its opening quote or
   * an escape); returns the index just past the closing quote, or -1 when the
   * chunk ends first (the string state is kept for the next chunk).
   */
  private skipString(chunk: Buffer, from: number): number {
    let i = from
    const n = chunk.length
    while (i < n) {
      const b = chunk[i++]!
      if (b === QUOTE) {
        this.inString = false
        return i
      }
      if (b === BACKSLASH) {
        if (i >= n) {
          this.inString = true
          this.escaped = true
          return -1
        }
        i++
      }
    }
    this.inString = true
    this.escaped = false
    return -1
  }

  private settle(end: number): number {
    this.depth = 0
    this.inString = false
    this.escaped = false
    return end
  }
}
