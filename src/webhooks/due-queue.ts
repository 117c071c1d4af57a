/**
 * Items ordered by due time, in a binary min-heap that knows where each item sits: adding, moving
 * and removing one item costs O(log n), finding the earliest O(1), however many are queued.
 */

/** Items by due time; items due at the same time come in the order they were first queued. */
export interface DueQueue<T> {
  /** Queues `item` at `dueMs`, or moves it there when it is queued already (keeping its place among equals). */
  set(item: T, dueMs: number): void
  /** Takes `item` out of the queue; false when it was not queued. */
  delete(item: T): boolean
  /** Whether `item` is queued. */
  has(item: T): boolean
  /** When the earliest item is due; Infinity when the queue is empty. */
  nextDueMs(): number
  /** The items due at or before `nowMs`, in the order they were first queued (they stay queued: set or delete each). */
  dueAt(nowMs: number): T[]
  /** Keeps only the items `keep` accepts. */
  retain(keep: (item: T) => boolean): void
  readonly size: number
}

interface Slot<T> {
  item: T
  dueMs: number
  /** The order the item was first queued in: ties on dueMs go to the earlier one. */
  seq: number
  index: number
}

/** Creates an empty queue. */
export function createDueQueue<T>(): DueQueue<T> {
  const heap: Array<Slot<T>> = []
  const slots = new Map<T, Slot<T>>()
  let seq = 0

  const before = (a: Slot<T>, b: Slot<T>) => a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq)
  const place = (slot: Slot<T>, index: number) => {
    heap[index] = slot
    slot.index = index
  }
  const up = (slot: Slot<T>) => {
    let index = slot.index
    while (index > 0) {
      const parent = heap[(index - 1) >> 1] as Slot<T>
      if (!before(slot, parent)) break
      place(parent, index)
      index = (index - 1) >> 1
    }
    place(slot, index)
  }
  const down = (slot: Slot<T>) => {
    let index = slot.index
    for (;;) {
      const left = 2 * index + 1
      if (left >= heap.length) break
      const right = left + 1
      const childIndex = right < heap.length && before(heap[right] as Slot<T>, heap[left] as Slot<T>) ? right : left
      const child = heap[childIndex] as Slot<T>
      if (!before(child, slot)) break
      place(child, index)
      index = childIndex
    }
    place(slot, index)
  }
  const remove = (slot: Slot<T>) => {
    slots.delete(slot.item)
    const last = heap.pop() as Slot<T>
    if (last === slot) return
    place(last, slot.index)
    up(last)
    down(last)
  }

  return {
    set(item, dueMs) {
      const slot = slots.get(item)
      if (slot === undefined) {
        const added = { item, dueMs, seq: seq++, index: heap.length }
        slots.set(item, added)
        heap.push(added)
        up(added)
        return
      }
      slot.dueMs = dueMs
      up(slot)
      down(slot)
    },
    delete(item) {
      const slot = slots.get(item)
      if (slot === undefined) return false
      remove(slot)
      return true
    },
    has: item => slots.has(item),
    nextDueMs: () => heap[0]?.dueMs ?? Number.POSITIVE_INFINITY,
    dueAt(nowMs) {
      // A slot not due yet has no due slot below it: the walk visits the due ones and their children only.
      const due: Array<Slot<T>> = []
      const pending = [0]
      for (let index = pending.pop(); index !== undefined; index = pending.pop()) {
        const slot = heap[index]
        if (slot === undefined || slot.dueMs > nowMs) continue
        due.push(slot)
        pending.push(2 * index + 1, 2 * index + 2)
      }
      return due.sort((a, b) => a.seq - b.seq).map(slot => slot.item)
    },
    retain(keep) {
      const kept = heap.filter(slot => keep(slot.item))
      heap.length = 0
      slots.clear()
      for (const slot of kept.sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq)) {
        slots.set(slot.item, slot)
        place(slot, heap.length)
      }
    },
    get size() {
      return heap.length
    }
  }
}
