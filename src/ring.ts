/** A bounded queue in a ring: the newest items, oldest first, where adding past the bound costs what adding below it does. */

/** The newest `max` items, oldest first. */
export interface Ring<T> {
  /** Adds an item; past the bound the oldest goes, and is returned (touching that one slot only). */
  push(item: T): T | undefined
  /** The items, oldest first (a copy). */
  toArray(): T[]
  /** Keeps only the items `keep` accepts, in their order. */
  retain(keep: (item: T) => boolean): void
  readonly size: number
}

/**
 * Creates a ring keeping the newest `max` items in `slots` (an empty array; a test passes an
 * instrumented one). Below the bound the items are pushed in order; at the bound each new item
 * overwrites the oldest, so nothing is ever shifted (`Array.shift` moves every item).
 */
export function createRing<T>(max: number, slots: T[] = []): Ring<T> {
  // Where the oldest item is; 0 until the ring is full, and after `retain`.
  let start = 0
  const toArray = () => (start === 0 ? slots.slice() : slots.slice(start).concat(slots.slice(0, start)))
  return {
    push(item) {
      if (max <= 0) return item
      if (slots.length < max) {
        slots.push(item)
        return undefined
      }
      const oldest = slots[start] as T
      slots[start] = item
      start = start + 1 === max ? 0 : start + 1
      return oldest
    },
    toArray,
    retain(keep) {
      const kept = toArray().filter(keep)
      slots.length = 0
      for (const item of kept) slots.push(item)
      start = 0
    },
    get size() {
      return slots.length
    }
  }
}
