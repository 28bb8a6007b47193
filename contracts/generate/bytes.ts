/**
 * A growable byte buffer that JSON is written into directly as UTF-8: ASCII
 * text, pre-encoded byte strings, integers and money without building
 * intermediate JavaScript strings. This is what makes the generator fast (and
 * keeps the garbage collector quiet) at millions of records.
 */
import { formatDay } from "./dates.ts"

const DOT = 46
const MINUS = 45
const ZERO = 48

const encoder = new TextEncoder()

/** UTF-8 bytes of a string (for values written many times, encode once). */
export const utf8 = (text: string): Uint8Array => encoder.encode(text)

/** Escape a string for the inside of a JSON string literal (no surrounding quotes). */
export const jsonEscape = (text: string): string => JSON.stringify(text).slice(1, -1)

/** A byte buffer being filled with JSON. */
export class ByteBuffer {
  private buf: Uint8Array
  private pos = 0
  private readonly digits = new Uint8Array(24)

  /** Start with room for `capacity` bytes (it grows as needed). */
  constructor(private readonly capacity: number = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(capacity)
  }

  /** Number of bytes written since the last take. */
  get length(): number {
    return this.pos
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra))
    grown.set(this.buf.subarray(0, this.pos))
    this.buf = grown
  }

  /** Append pre-encoded bytes. */
  bytes(data: Uint8Array): void {
    const n = data.length
    this.ensure(n)
    if (n > 48) {
      this.buf.set(data, this.pos)
      this.pos += n
      return
    }
    // A plain loop beats TypedArray#set for the short pieces JSON is made of.
    const buf = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) buf[p++] = data[i] as number
    this.pos = p
  }

  /** Append one byte. */
  byte(value: number): void {
    this.ensure(1)
    this.buf[this.pos++] = value
  }

  /** Append a string known to be ASCII (JSON punctuation, dates, emails). */
  ascii(text: string): void {
    const n = text.length
    this.ensure(n)
    const buf = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) buf[p++] = text.charCodeAt(i)
    this.pos = p
  }

  /** Append any string as UTF-8. */
  text(text: string): void {
    this.bytes(encoder.encode(text))
  }

  /** Append a non-negative integer in decimal. */
  uint(value: number): void {
    let n = value
    const digits = this.digits
    let k = 0
    do {
      const q = Math.floor(n / 10)
      digits[k++] = ZERO + (n - q * 10)
      n = q
    } while (n > 0)
    this.ensure(k)
    const buf = this.buf
    let p = this.pos
    while (k > 0) buf[p++] = digits[--k] as number
    this.pos = p
  }

  /** Append an integer in decimal. */
  int(value: number): void {
    if (value < 0) {
      this.ensure(1)
      this.buf[this.pos++] = MINUS
      this.uint(-value)
    } else {
      this.uint(value)
    }
  }

  /** Append cents as a number with exactly 2 decimals (`705` → `7.05`). */
  cents(value: number): void {
    const abs = value < 0 ? -value : value
    const units = Math.floor(abs / 100)
    const rest = abs - units * 100
    if (value < 0) {
      this.ensure(1)
      this.buf[this.pos++] = MINUS
    }
    this.uint(units)
    this.ensure(3)
    const buf = this.buf
    buf[this.pos] = DOT
    buf[this.pos + 1] = ZERO + Math.floor(rest / 10)
    buf[this.pos + 2] = ZERO + (rest % 10)
    this.pos += 3
  }

  /** Append a day number as `YYYY-MM-DD` (no quotes). */
  day(dayNumber: number): void {
    this.ascii(formatDay(dayNumber))
  }

  /** Hand over the bytes written so far and start a fresh buffer. */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.pos)
    this.buf = Buffer.allocUnsafe(this.capacity)
    this.pos = 0
    return out
  }

  /** The bytes written so far as a string, then clear (the buffer is reused). */
  takeString(): string {
    const text = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.pos).toString("utf8")
    this.pos = 0
    return text
  }
}
