import { createHash, randomBytes, randomFillSync } from 'node:crypto'
import { customRandom } from 'nanoid'

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's own seeded stream (a seeded run on the Redis store): used instead of the process's. */
    ids?: Ids
  }
}

/** Every value the mock makes up (session ids, tokens, trace ids, accounts, fractions) comes from here. */
export interface Ids {
  /** A version 4 UUID, lower case. */
  uuid(): string
  /** A W3C trace-context id, as ASP.NET Core writes it: `00-<32 hex>-<16 hex>-00`. */
  traceId(): string
  /** A string of decimal digits (fake account numbers). */
  digits(length: number): string
  /** A number in [0, 1), for faults that hit a fraction of requests. */
  fraction(): number
  /** Starts a seeded stream over from its first value (no effect without a seed). */
  reset(): void
}

/**
 * The value in lower case: the value itself when it has no capital letter (ids and tokens are
 * issued in lower case and sent back so). `toLowerCase` makes a new string every time, which the
 * map lookup then hashes again: about 0.3 µs a details read (issue 11).
 */
export function lowerCase(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code >= 0x41 && code <= 0x5a) return value.toLowerCase()
    // Beyond ASCII, toLowerCase knows the case rules.
    if (code > 0x7f) return value.toLowerCase()
  }
  return value
}

/** A source of random bytes. */
type Bytes = (size: number) => Uint8Array

/**
 * Reproducible bytes from a seed: SHA-256 over the seed and a counter (a hash-based
 * generator from node:crypto, not a hand-made PRNG). The same seed gives the same stream.
 */
function seededBytes(seed: string): { bytes: Bytes, reset: () => void } {
  let counter = 0
  let pool = Buffer.alloc(0)
  const reset = () => {
    counter = 0
    pool = Buffer.alloc(0)
  }
  const bytes: Bytes = size => {
    while (pool.length < size) {
      const block = createHash('sha256').update(seed).update(String(counter++)).digest()
      pool = Buffer.concat([pool, block])
    }
    const out = pool.subarray(0, size)
    pool = pool.subarray(size)
    return Uint8Array.from(out)
  }
  return { bytes, reset }
}

const hex = '0123456789abcdef'

// Where each of a UUID's 16 bytes goes in its 36 characters (8-4-4-4-12 hex digits).
const uuidOffsets = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34]
const hexCodes = Buffer.from(hex, 'latin1')

/**
 * A version 4 UUID made of 16 random bytes, as RFC 9562 (and the uuid package) lays it out, in
 * one flat string. `randomUUID` and the uuid package concatenate 20 pieces, and V8 keeps such a
 * string as a tree of them: about 470 bytes of garbage an id, and as much again a stored id unless
 * copied flat (issue 11, measured on Node 20). Here the characters are written into a buffer and
 * read out once.
 */
function uuidFormatter(): (bytes: Uint8Array, at: number) => string {
  const text = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1')
  return (bytes, at) => {
    for (let i = 0; i < 16; i++) {
      // The version (4) and the variant (10xx) bits, as uuid's v4 sets them on its random bytes.
      const byte = i === 6 ? (bytes[at + i]! & 0x0f) | 0x40 : i === 8 ? (bytes[at + i]! & 0x3f) | 0x80 : bytes[at + i]!
      const offset = uuidOffsets[i]!
      text[offset] = hexCodes[byte >> 4]!
      text[offset + 1] = hexCodes[byte & 0x0f]!
    }
    return text.toString('latin1')
  }
}

/**
 * Random bytes, unseeded, off a pool filled 4 KB at a time: `take(n)` gives the offset of `n`
 * fresh bytes in `pool`, never handed out before (issue 11: asking the system for a few bytes per
 * id was 3 % of a 400's CPU).
 */
function randomPool(): { pool: Buffer, take: (bytes: number) => number } {
  const pool = Buffer.allocUnsafe(4096)
  let used = pool.length
  return {
    pool,
    take(bytes) {
      if (used + bytes > pool.length) {
        randomFillSync(pool)
        used = 0
      }
      used += bytes
      return used - bytes
    }
  }
}

/** Creates the generator of ids: crypto randomness, or a reproducible stream when `seed` is given. */
export function createIds(seed?: string): Ids {
  const seeded = seed === undefined ? undefined : seededBytes(seed)
  const bytes: Bytes = seeded?.bytes ?? randomBytes
  // Seeded, nanoid draws the characters of each id from the seeded stream.
  const maker = (alphabet: string, size: number) => customRandom(alphabet, size, bytes)
  // Unseeded, hex digits are read off a pool of random bytes (issue 11: asking the system for a few
  // bytes per id was 3 % of a 400's CPU), as one flat string each: nanoid's customAlphabet builds an
  // id a character at a time, a rope of 32 pieces (1.5 KB of garbage on every error answer).
  const random = seeded === undefined ? randomPool() : undefined
  const randomHex = ({ pool, take }: ReturnType<typeof randomPool>, size: number) => () => {
    const at = take(size)
    return pool.toString('hex', at, at + size)
  }
  // Unseeded, decimal digits too: a byte below 250 gives the digit of its remainder by 10 (the rest
  // are drawn again, so each digit is as likely), written into a buffer and read out flat
  // (customAlphabet's rope of pieces was a µs of every create, issue 11).
  let digitText = Buffer.allocUnsafeSlow(16)
  const randomDigits = ({ pool, take }: ReturnType<typeof randomPool>, length: number) => {
    if (digitText.length < length) digitText = Buffer.allocUnsafeSlow(length)
    for (let filled = 0; filled < length;) {
      const byte = pool[take(1)]!
      if (byte < 250) digitText[filled++] = 0x30 + (byte % 10)
    }
    return digitText.toString('latin1', 0, length)
  }
  const traceHex = random === undefined ? maker(hex, 32) : randomHex(random, 16)
  const spanHex = random === undefined ? maker(hex, 16) : randomHex(random, 8)
  const formatUuid = uuidFormatter()
  const digitMakers = new Map<number, () => string>()
  return {
    uuid: random === undefined ? () => formatUuid(bytes(16), 0) : () => formatUuid(random.pool, random.take(16)),
    traceId: () => `00-${traceHex()}-${spanHex()}-00`,
    digits(length) {
      if (random !== undefined) return randomDigits(random, length)
      let make = digitMakers.get(length)
      if (make === undefined) {
        make = maker('0123456789', length)
        digitMakers.set(length, make)
      }
      return make()
    },
    fraction: () => Buffer.from(bytes(6)).readUIntBE(0, 6) / 2 ** 48,
    reset: () => seeded?.reset()
  }
}
