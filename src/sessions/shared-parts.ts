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

/** Whether two JSON values have the same text: the same members, in the same order, equal all the way down. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false
  const keys = Object.keys(a)
  const others = Object.keys(b)
  if (keys.length !== others.length) return false
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string
    if (key !== others[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false
  }
  return true
}

/** Creates a table that shares at most `maxParts` distinct parts at a time. */
export function createSharedParts(maxParts: number): SharedParts {
  const parts = new Map<string, unknown>()
  // The part shared last: a load test or a suite sends the same one again and again, and comparing
  // with it costs less than writing the part's text to look it up (issue 11).
  let last: unknown
  return {
    share<T>(part: T): T {
      if (part === null || typeof part !== 'object') return part
      if (last !== undefined && sameJson(part, last)) return last as T
      const key = JSON.stringify(part)
      let kept = parts.get(key)
      if (kept === undefined) {
        if (parts.size >= maxParts) parts.clear()
        // A copy of its own: the request's objects may still be read and changed by others (the journal).
        kept = deepFreeze(JSON.parse(key) as unknown)
        parts.set(key, kept)
      }
      last = kept
      return kept as T
    },
    get size() {
      return parts.size
    }
  }
}
