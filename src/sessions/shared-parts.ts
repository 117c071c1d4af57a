/**
 * Parts of requests that sessions repeat (the options, the payor of a load test or a test suite),
 * kept once and shared: a session keeps a reference instead of its own objects (issue 11).
 */

/** Equal parts sharing one frozen copy, the table bounded: when full, it starts over. */
export interface SharedParts {
  /** The shared copy of `part` (a JSON value), deeply frozen; `part` itself is left as it is. */
  share<T>(part: T): T
  readonly size: number
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const member of Object.values(value)) deepFreeze(member)
    Object.freeze(value)
  }
  return value
}

/** Creates a table that shares at most `maxParts` distinct parts at a time. */
export function createSharedParts(maxParts: number): SharedParts {
  const parts = new Map<string, unknown>()
  return {
    share<T>(part: T): T {
      if (part === null || typeof part !== 'object') return part
      const key = JSON.stringify(part)
      let kept = parts.get(key)
      if (kept === undefined) {
        if (parts.size >= maxParts) parts.clear()
        // A copy of its own: the request's objects may still be read and changed by others (the journal).
        kept = deepFreeze(JSON.parse(key) as unknown)
        parts.set(key, kept)
      }
      return kept as T
    },
    get size() {
      return parts.size
    }
  }
}
