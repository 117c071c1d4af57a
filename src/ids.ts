import { randomBytes, randomUUID } from 'node:crypto'
import { customRandom } from 'nanoid'

/** Every value the mock makes up (session ids, tokens, trace ids) comes from here. */
export interface Ids {
  /** A version 4 UUID, lower case. */
  uuid(): string
  /** A W3C trace-context id, as ASP.NET Core writes it: `00-<32 hex>-<16 hex>-00`. */
  traceId(): string
  /** A string of decimal digits (fake account numbers). */
  digits(length: number): string
}

const hex = '0123456789abcdef'

/** Creates the generator of ids, backed by crypto randomness. */
export function createIds(): Ids {
  const traceHex = customRandom(hex, 32, randomBytes)
  const spanHex = customRandom(hex, 16, randomBytes)
  return {
    uuid: randomUUID,
    traceId: () => `00-${traceHex()}-${spanHex()}-00`,
    digits: length => customRandom('0123456789', length, randomBytes)()
  }
}
