import { lowerCase } from '../ids.js'
import { createRing } from '../ring.js'
import type { Session } from './lifecycle.js'

/** The sessions in memory, bounded: when full, the oldest session goes. */
export interface SessionStore {
  /** Keeps a session, replacing one of the same id (a newer copy read from the shared store). */
  add(session: Session): void
  /** The session with this id if it belongs to `clientId` (any client when omitted); ids match case-insensitively, as GUIDs do. */
  get(id: string, clientId?: string): Session | undefined
  /** Forgets one session (gone from the shared store: evicted by another replica). */
  delete(id: string): void
  /** The sessions of a client (or all), oldest first. */
  list(clientId?: string): Session[]
  /** Forgets the sessions of a client, or all sessions. */
  clear(clientId?: string): void
  readonly size: number
}

/** Creates a store that keeps at most `maxSessions` sessions. */
export function createSessionStore(maxSessions: number): SessionStore {
  const sessions = new Map<string, Session>()
  // The sessions in the order they came, so that the oldest is found without walking the Map
  // (whose first live key sits after every slot deleted before it).
  const order = createRing<Session>(maxSessions)
  // Whether the ring may hold a session the map no longer does (kept again, or deleted): until
  // then, the session the ring evicts is the map's, deleted without looking it up (issue 11).
  let mayDiffer = false
  return {
    add(session) {
      const before = sessions.size
      sessions.set(session.id, session)
      if (sessions.size === before) mayDiffer = true
      const evicted = order.push(session)
      // A session read again from the shared store is in the ring twice: its older copy goes alone.
      if (evicted !== undefined && (!mayDiffer || sessions.get(evicted.id) === evicted)) sessions.delete(evicted.id)
    },
    get(id, clientId) {
      const session = sessions.get(lowerCase(id))
      return session !== undefined && (clientId === undefined || session.clientId === clientId) ? session : undefined
    },
    delete(id) {
      sessions.delete(lowerCase(id))
      mayDiffer = true
    },
    list(clientId) {
      // Older copies of a session read again, and deleted sessions, stay in the ring until they come round: left out.
      return order.toArray().filter(s => (clientId === undefined || s.clientId === clientId) && sessions.get(s.id) === s)
    },
    clear(clientId) {
      order.retain(session => clientId !== undefined && session.clientId !== clientId)
      if (clientId === undefined) sessions.clear()
      else for (const [id, session] of sessions) if (session.clientId === clientId) sessions.delete(id)
    },
    get size() {
      return sessions.size
    }
  }
}
