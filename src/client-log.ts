/** A bounded record of things that each belong to a client: the journal, the outbox, the webhook deliveries. */

/** The newest records, oldest first, each filed under its client. */
export interface ClientLog<T extends { clientId: string | null }> {
  /** Keeps a record; past the limit, the oldest goes. */
  record(item: T): void
  /** The records of a client (or all), oldest first. */
  list(clientId?: string): T[]
  /** Forgets the records of a client, or all records. */
  clear(clientId?: string): void
  readonly size: number
}

/** Creates a log that keeps the newest `max` records. */
export function createClientLog<T extends { clientId: string | null }>(max: number): ClientLog<T> {
  let items: T[] = []
  return {
    record(item) {
      items.push(item)
      if (items.length > max) items.shift()
    },
    list: clientId => clientId === undefined ? [...items] : items.filter(item => item.clientId === clientId),
    clear(clientId) {
      items = clientId === undefined ? [] : items.filter(item => item.clientId !== clientId)
    },
    get size() {
      return items.length
    }
  }
}
