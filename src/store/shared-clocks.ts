/**
 * The clients' own clocks among replicas (Redis store). Each request takes the stored clocks, read
 * in its load's one round trip; a clock route writes the clock it changed at once, so that the next
 * request on any replica reads the new setting. A read sent before this replica changed a clock
 * (or while it writes it) comes back older than the clock here: that clock is left as it is here.
 */
import type { ClockRegistry } from '../clock.js'
import type { Store } from './types.js'

/** What a clock route did to a client's own clock: gave it (kept when another replica gave one first), or moved or dropped it. */
export type ClockChange = 'given' | 'changed'

/** The own clocks of this replica, kept in step with the store. */
export interface SharedClocks {
  /** Reads the stored own clocks; resolves to the step that takes them here (all but those changed since the read was sent). */
  read(): Promise<() => void>
  /** Writes a client's own clock as it is here now (gone from the store when it is gone here). */
  save(clientId: string, change: ClockChange): Promise<void>
}

/** Creates the bookkeeping over the store and this process's clocks. */
export function createSharedClocks(store: Store, clocks: ClockRegistry): SharedClocks {
  // Each write that ends takes the next stamp; a read remembers the stamp when it was sent.
  let stamp = 0
  const writtenAt = new Map<string, number>()
  const writing = new Map<string, number>()
  const write = (clientId: string, change: ClockChange) => {
    const clock = clocks.own(clientId)
    if (clock === undefined) return store.dropOwnClock(clientId)
    return change === 'given' ? store.initOwnClock(clientId, clock.setting) : store.writeOwnClock(clientId, clock.setting)
  }
  return {
    async read() {
      const sent = stamp
      const stored = await store.readOwnClocks()
      return () => clocks.adopt(stored, clientId => (writing.get(clientId) ?? 0) > 0 || (writtenAt.get(clientId) ?? 0) > sent)
    },
    async save(clientId, change) {
      writing.set(clientId, (writing.get(clientId) ?? 0) + 1)
      try {
        await write(clientId, change)
      } finally {
        writing.set(clientId, (writing.get(clientId) as number) - 1)
        writtenAt.set(clientId, ++stamp)
      }
    }
  }
}
