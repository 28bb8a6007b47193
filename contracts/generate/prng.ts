/**
 * Small, fast, seeded pseudo-random numbers for the generator.
 *
 * Everything is 32-bit integer arithmetic (`Math.imul`, shifts), so a stream is
 * bit-for-bit identical on every Node version and platform. `Math.random` is
 * never used. Streams are derived from a seed plus a few integer keys (a tag,
 * a customer id, a day number), so any customer's data can be regenerated on
 * its own without touching the rest of the file.
 */

const TWO_POW_32 = 4_294_967_296

/**
 * A 32-bit avalanche mix (the "lowbias32" finaliser): every input bit flips
 * about half the output bits. Returns an unsigned 32-bit integer.
 */
export const mix32 = (x: number): number => {
  let h = x | 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d)
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * A seed reduced to a 32-bit key. Safe integers of any size and sign are
 * accepted: the low and high 32-bit words are mixed together.
 *
 * @example
 * seedKey(42) !== seedKey(43) // true
 */
export const seedKey = (seed: number): number => {
  const lo = seed % TWO_POW_32
  const hi = Math.floor(seed / TWO_POW_32)
  return mix32(mix32(lo >>> 0) ^ Math.imul(hi | 0, 0x9e3779b9))
}

/**
 * Hash a seed key and up to three integer keys into one unsigned 32-bit value.
 * Used both to seed streams and for one-shot decisions ("does customer 17
 * change email on day d?").
 */
export const hash32 = (key: number, a: number, b: number = 0, c: number = 0): number => {
  let h = mix32(key ^ 0x85ebca6b)
  h = mix32(h ^ (a | 0))
  h = mix32((h + 0x9e3779b9) ^ (b | 0))
  h = mix32((h + 0x7f4a7c15) ^ (c | 0))
  return h
}

/** `hash32` scaled to a float in [0, 1). */
export const hashUnit = (key: number, a: number, b: number = 0, c: number = 0): number =>
  hash32(key, a, b, c) / TWO_POW_32

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of
 * state, passes PractRand, a handful of integer operations per draw.
 */
export class Prng {
  private a: number
  private b: number
  private c: number
  private d: number

  /** Seed the four state words directly; prefer {@link streamFor}. */
  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0
    this.b = b | 0
    this.c = c | 0
    this.d = d | 0
    for (let i = 0; i < 12; i++) this.nextU32()
  }

  /** The next unsigned 32-bit integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return this.nextU32() / TWO_POW_32
  }

  /** An integer in [0, n) for n ≥ 1. */
  int(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** An integer in [lo, hi] (both inclusive). */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1)
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /**
   * An exponentially distributed float with the given mean. `Math.log` is V8's
   * port of fdlibm, so the result does not depend on the platform's libm.
   */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<A>(items: ReadonlyArray<A>): A {
    return items[this.int(items.length)] as A
  }
}

/**
 * An independent stream for (seed key, tag, a, b): the same keys always give
 * the same sequence; changing any key gives an unrelated one.
 *
 * @example
 * const r = streamFor(seedKey(42), TAG_HISTORY, customerId)
 * r.int(10) // deterministic
 */
export const streamFor = (key: number, tag: number, a: number = 0, b: number = 0): Prng => {
  const h = hash32(key, tag, a, b)
  return new Prng(h, mix32(h ^ 0x2545f491), mix32(h ^ 0x68e31da4), mix32(h + 0x1b873593))
}
