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
  return {
    add(session) {
      // Map keeps insertion order, so the first key is the oldest session.
      while (sessions.size >= maxSessions) sessions.delete(sessions.keys().next().value as string)
      sessions.set(session.id, session)
    },
    get(id, clientId) {
      const session = sessions.get(id.toLowerCase())
      return session !== undefined && (clientId === undefined || session.clientId === clientId) ? session : undefined
    },
    list(clientId) {
      const all = [...sessions.values()]
      return clientId === undefined ? all : all.filter(s => s.clientId === clientId)
    },
    clear(clientId) {
      if (clientId === undefined) sessions.clear()
      else for (const [id, session] of sessions) if (session.clientId === clientId) sessions.delete(id)
    },
    get size() {
      return sessions.size
    }
  }
}
