import { createHash, randomBytes, randomFillSync, randomUUID } from 'node:crypto'
import { customAlphabet, customRandom } from 'nanoid'
import { v4 as uuidV4 } from 'uuid'

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

/**
 * The same characters in one flat string. `randomUUID` (and the uuid package) build a UUID by
 * concatenating 20 pieces, and V8 keeps such a string as a tree of pieces: about 470 bytes a
 * stored id instead of 48 (issue 11, measured on Node 20). `toLowerCase` copies it into a flat
 * string, and a UUID is lower case already.
 */
const flat = (text: string): string => text.toLowerCase()

/**
 * Random hex digits, unseeded, for trace ids: each call one flat string read off a pool of random
 * bytes filled 4 KB at a time. nanoid's customAlphabet builds an id a character at a time, a rope
 * of 32 pieces: 1.5 KB of garbage on every error answer (issue 11, the 400 and 401 paths).
 */
function randomHex(): (bytes: number) => string {
  const pool = Buffer.allocUnsafe(4096)
  let used = pool.length
  return bytes => {
    if (used + bytes > pool.length) {
      randomFillSync(pool)
      used = 0
    }
    used += bytes
    return pool.toString('hex', used - bytes, used)
  }
}

/** Creates the generator of ids: crypto randomness, or a reproducible stream when `seed` is given. */
export function createIds(seed?: string): Ids {
  const seeded = seed === undefined ? undefined : seededBytes(seed)
  const bytes: Bytes = seeded?.bytes ?? randomBytes
  // Unseeded, nanoid's customAlphabet draws from a pool of random bytes instead of asking the
  // system for a few bytes per id (issue 11: randomFillSync was 3 % of a 400's CPU).
  const maker = (alphabet: string, size: number) => (seeded === undefined ? customAlphabet(alphabet, size) : customRandom(alphabet, size, bytes))
  const unseededHex = seeded === undefined ? randomHex() : undefined
  const traceHex = unseededHex === undefined ? maker(hex, 32) : () => unseededHex(16)
  const spanHex = unseededHex === undefined ? maker(hex, 16) : () => unseededHex(8)
  const digitMakers = new Map<number, () => string>()
  return {
    uuid: seed === undefined ? () => flat(randomUUID()) : () => flat(uuidV4({ random: bytes(16) })),
    traceId: () => `00-${traceHex()}-${spanHex()}-00`,
    digits(length) {
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
