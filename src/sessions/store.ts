import { createRing } from '../ring.js'
import type { Session } from './lifecycle.js'

/** The sessions in memory, bounded: when full, the oldest session goes. */
export interface SessionStore {
  add(session: Session): void
  /** The session with this id if it belongs to `clientId` (any client when omitted); ids match case-insensitively, as GUIDs do. */
  get(id: string, clientId?: string): Session | undefined
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
  return {
    add(session) {
      sessions.set(session.id, session)
      const evicted = order.push(session)
      if (evicted !== undefined) sessions.delete(evicted.id)
    },
    get(id, clientId) {
      const session = sessions.get(id.toLowerCase())
      return session !== undefined && (clientId === undefined || session.clientId === clientId) ? session : undefined
    },
    list(clientId) {
      const all = order.toArray()
      return clientId === undefined ? all : all.filter(s => s.clientId === clientId)
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
