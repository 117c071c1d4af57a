/**
 * The sessions of this process as copies of the stored ones (Redis store): each copy with the
 * version it was read or written at, so that it is written back with a version check, and so that
 * a session read again at the version of the copy here keeps that copy (a request changing it,
 * holding its lock, must find its changes where it made them).
 */
import type { Session } from '../sessions/lifecycle.js'
import type { SessionStore } from '../sessions/store.js'
import { encodeSession } from './session-codec.js'
import type { Store, StoredSession } from './types.js'

/** A session as a request loaded it: the copy, its version, and its text then (to see whether it changed). */
export interface LoadedSession {
  session: Session
  version: number
  text: string
}

/** The copies of stored sessions in this process. */
export interface SharedSessions {
  /** Keeps a session read from the store (or the copy here, when it is of the same version). */
  keep(stored: StoredSession): LoadedSession
  /** Notes the version a copy was written at. */
  written(session: Session, version: number): void
  /** The session as stored now, kept here; undefined when it is gone from the store. */
  refresh(session: Session): Promise<Session | undefined>
  /** Writes a copy changed outside a request (a guarantee nobody confirmed); false when another write came first. */
  save(session: Session): Promise<boolean>
  /** Every stored session of a client (or of all), oldest first, read a page at a time. */
  list(clientId?: string): Promise<StoredSession[]>
}

/** Creates the copies' bookkeeping over the process's session store. */
export function createSharedSessions(store: Store, sessions: SessionStore): SharedSessions {
  const versions = new WeakMap<Session, number>()
  const keep = (stored: StoredSession): LoadedSession => {
    const here = sessions.get(stored.session.id)
    const session = here !== undefined && versions.get(here) === stored.version ? here : stored.session
    if (session !== here) {
      sessions.add(session)
      versions.set(session, stored.version)
    }
    return { session, version: stored.version, text: encodeSession(session) }
  }
  return {
    keep,
    written: (session, version) => {
      versions.set(session, version)
    },
    async refresh(session) {
      const stored = await store.getSession(session.id, session.clientId)
      if (stored !== undefined) return keep(stored).session
      sessions.delete(session.id)
      return undefined
    },
    async list(clientId) {
      const all: StoredSession[] = []
      let cursor: string | undefined
      do {
        const page = await store.listSessions(clientId, cursor)
        all.push(...page.sessions)
        cursor = page.cursor
      } while (cursor !== undefined)
      return all
    },
    async save(session) {
      const written = await store.putSession(session, versions.get(session) ?? 0)
      if (written !== undefined) versions.set(session, written)
      return written !== undefined
    }
  }
}
