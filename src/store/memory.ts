/**
 * The store in memory, over the very objects the mock works on in one process (its session store,
 * token store and clock): every answer is synchronous, so the memory path takes no promise hop.
 */
import type { TokenStore } from '../auth/token-store.js'
import { createClientLog, type ClientLog } from '../client-log.js'
import type { ClockRegistry } from '../clock.js'
import type { Session } from '../sessions/lifecycle.js'
import type { SessionStore } from '../sessions/store.js'
import type { LogName, Numbered, SessionPage, Store, StoredSession, StoreLimits, TokenClaim } from './types.js'

/** The memory store: the Store interface, answered synchronously. */
export interface MemoryStore extends Store {
  readonly kind: 'memory'
  getSession(id: string, clientId?: string): StoredSession | undefined
  putSession(session: Session, version: number): number | undefined
  listSessions(clientId: string | undefined, cursor?: string, count?: number): SessionPage
  claimToken(value: string, nowMs: number, realNowMs: number): TokenClaim
  append<T>(log: LogName, clientId: string | null, item: T): number
  list<T>(log: LogName, clientId?: string): Array<Numbered<T>>
}

/** What the memory store keeps its state in: the mock's own stores and clocks. */
export interface MemoryParts {
  sessions: SessionStore
  tokens: TokenStore
  clocks: ClockRegistry
}

/** A page of `count` sessions by default. */
const defaultPageSize = 100

/** Creates the memory store over the mock's parts; the logs are its own. */
export function createMemoryStore(parts: MemoryParts, limits: StoreLimits): MemoryStore {
  const { sessions, tokens, clocks } = parts
  const clock = clocks.shared
  // Sessions are changed in place in one process; a version is kept for the writes that name one.
  const versions = new WeakMap<Session, number>()
  const logs = new Map<LogName, { log: ClientLog<Numbered<unknown>>, next: number }>()
  let nextBlock = 1
  const logOf = (name: LogName) => {
    let entry = logs.get(name)
    if (entry === undefined) {
      entry = { log: createClientLog(limits.logSizes[name]), next: 1 }
      logs.set(name, entry)
    }
    return entry
  }
  return {
    kind: 'memory',
    getSession(id, clientId) {
      const session = sessions.get(id, clientId)
      return session === undefined ? undefined : { session, version: versions.get(session) ?? 1 }
    },
    putSession(session, version) {
      const current = sessions.get(session.id)
      const stored = current === undefined ? 0 : versions.get(current) ?? 1
      if (stored !== version) return undefined
      if (current === undefined) sessions.add(session)
      // Another copy of a stored session: its fields go into the stored one, which keeps its place.
      else if (current !== session) Object.assign(current, session)
      versions.set(current ?? session, stored + 1)
      return stored + 1
    },
    listSessions(clientId, cursor, count = defaultPageSize) {
      const all = sessions.list(clientId)
      const start = cursor === undefined ? 0 : Number(cursor)
      const end = start + count
      return { sessions: all.slice(start, end).map(session => ({ session, version: versions.get(session) ?? 1 })), cursor: end < all.length ? String(end) : undefined }
    },
    putToken: token => tokens.add(token),
    getToken: value => tokens.get(value),
    claimToken(value, nowMs) {
      const token = tokens.get(value)
      if (token === undefined) return 'unknown'
      if (token.expiresAtMs <= (clocks.own(token.clientId)?.now() ?? nowMs)) return 'expired'
      return tokens.claim(token) ? 'held' : 'spent'
    },
    releaseToken(value) {
      const token = tokens.get(value)
      if (token !== undefined) tokens.release(token)
    },
    spendToken(value, sessionId) {
      const token = tokens.get(value)
      if (token !== undefined) tokens.spend(token, sessionId)
    },
    append(name, clientId, item) {
      const entry = logOf(name)
      const seq = entry.next++
      entry.log.record({ seq, clientId, item })
      return seq
    },
    list: <T>(name: LogName, clientId?: string) => logOf(name).log.list(clientId) as Array<Numbered<T>>,
    readClock: () => clock.setting,
    writeClock: setting => clock.adopt(setting),
    readOwnClocks: () => clocks.list().map(({ clientId, clock }) => ({ clientId, setting: clock.setting })),
    initOwnClock(clientId, setting) {
      if (clocks.own(clientId) === undefined) clocks.create(clientId).adopt(setting)
    },
    writeOwnClock: (clientId, setting) => clocks.own(clientId)?.adopt(setting),
    dropOwnClock: clientId => clocks.drop(clientId),
    nextIdBlock: () => nextBlock++,
    // One process: the clock is the store's setting already, and nobody else is to be told.
    initClock: () => undefined,
    broadcast: () => undefined,
    subscribe: () => undefined,
    reset(clientId) {
      sessions.clear(clientId)
      tokens.clear(clientId)
      clocks.drop(clientId)
      for (const entry of logs.values()) {
        entry.log.clear(clientId)
        if (clientId === undefined) entry.next = 1
      }
      if (clientId === undefined) {
        clock.reset()
        nextBlock = 1
      }
    },
    ping: () => undefined,
    close: () => undefined
  }
}
