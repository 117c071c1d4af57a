/** A bounded record of things that each belong to a client: the journal, the outbox, the webhook deliveries. */
import { createRing } from './ring.js'

/** The newest records, oldest first, each filed under its client. */
export interface ClientLog<T extends { clientId: string | null }> {
  /** Keeps a record; past the limit, the oldest goes (in constant time: the records are kept in a ring). */
  record(item: T): void
  /** The records of a client (or all), oldest first. */
  list(clientId?: string): T[]
  /** Forgets the records of a client, or all records. */
  clear(clientId?: string): void
  /** Replaces the records with these (the shared log, read from the Redis store). */
  restore(items: T[]): void
  readonly size: number
}

/** Creates a log that keeps the newest `max` records. */
export function createClientLog<T extends { clientId: string | null }>(max: number): ClientLog<T> {
  const items = createRing<T>(max)
  return {
    record(item) {
      items.push(item)
    },
    list(clientId) {
      const all = items.toArray()
      return clientId === undefined ? all : all.filter(item => item.clientId === clientId)
    },
    clear(clientId) {
      items.retain(item => clientId !== undefined && item.clientId !== clientId)
    },
    restore(list) {
      items.retain(() => false)
      for (const item of list) items.push(item)
    },
    get size() {
      return items.size
    }
  }
}
