/**
 * The store: where the state every replica must agree on lives. Two implementations: memory (one
 * process, the default) and Redis (replicas share it). The interface is asynchronous, but the
 * memory implementation answers synchronously (`Maybe<T>` is then a plain T), so that the hot paths
 * made synchronous in issue 11 take no promise hop.
 */
import type { Token } from '../auth/token-store.js'
import type { ClockSetting, OwnClockSetting } from '../clock.js'
import type { Session } from '../sessions/lifecycle.js'

/** A value now (memory) or later (Redis). */
export type Maybe<T> = T | Promise<T>

/** A session with the version it was stored at: a write must name it (optimistic concurrency). */
export interface StoredSession {
  session: Session
  /** 1 for a new session, one more at each write. */
  version: number
}

/** One page of sessions and where the next one starts (undefined after the last). */
export interface SessionPage {
  sessions: StoredSession[]
  cursor: string | undefined
}

/** The outcome of claiming a token for a session creation. */
export type TokenClaim = 'held' | 'unknown' | 'expired' | 'spent'

/** The bounded logs, each kept per client and numbered in one sequence. */
export type LogName = 'journal' | 'outbox' | 'deliveries'

/** A record of a log with its number in the log's sequence. */
export interface Numbered<T> {
  seq: number
  clientId: string | null
  item: T
}

/** What one replica tells the others: a reset (of a client, or all), or a scenario reload. */
export type ReplicaEvent = { type: 'reset', clientId?: string } | { type: 'reload' }

/** Everything the replicas share. */
export interface Store {
  readonly kind: 'memory' | 'redis'

  /** The session with this id (case-insensitive), if it belongs to `clientId` (any client when omitted). */
  getSession(id: string, clientId?: string): Maybe<StoredSession | undefined>
  /**
   * Writes a session if it is still at `version` (0 for a new one); resolves to the new version, or
   * undefined when someone else wrote it first. Past the session cap the oldest session goes.
   */
  putSession(session: Session, version: number): Maybe<number | undefined>
  /** A page of the sessions of a client (or all), oldest first. */
  listSessions(clientId: string | undefined, cursor?: string, count?: number): Maybe<SessionPage>

  /** Keeps an issued token (past the token cap the oldest goes). */
  putToken(token: Token): Maybe<void>
  /** The token as stored, whatever its state. */
  getToken(value: string): Maybe<Token | undefined>
  /**
   * Holds the token for one session creation, checked and held in one atomic step. `nowMs` is the
   * shared clock's reading; a token of a client with an own clock is timed by that clock, read at `realNowMs`.
   */
  claimToken(value: string, nowMs: number, realNowMs: number): Maybe<TokenClaim>
  /** Gives back a held token whose request was refused. */
  releaseToken(value: string): Maybe<void>
  /** Marks a token as having initiated `sessionId`. */
  spendToken(value: string, sessionId: string): Maybe<void>

  /** Appends a record to a log (past its cap the oldest goes); resolves to its number. */
  append<T>(log: LogName, clientId: string | null, item: T): Maybe<number>
  /** The records of a log, of a client (or all), oldest first. */
  list<T>(log: LogName, clientId?: string): Maybe<Array<Numbered<T>>>

  /** The clock's shared setting. */
  readClock(): Maybe<ClockSetting>
  writeClock(setting: ClockSetting): Maybe<void>
  /** Keeps this setting unless one is stored already: a replica that joins or restarts takes the shared clock. */
  initClock(setting: ClockSetting): Maybe<void>

  /** The clients' own clocks, in the order they were given. */
  readOwnClocks(): Maybe<OwnClockSetting[]>
  /** Gives a client its own clock at this setting, unless it has one already (kept as it is: a replica that restarts takes it). */
  initOwnClock(clientId: string, setting: ClockSetting): Maybe<void>
  /** Moves a client's own clock to this setting; nothing when it has none (dropped meanwhile). */
  writeOwnClock(clientId: string, setting: ClockSetting): Maybe<void>
  /** Takes a client's own clock away (back to the shared one). */
  dropOwnClock(clientId: string): Maybe<void>

  /** Takes the next number of the seeded id stream: with a seed, request n of a run draws its values from (seed, n), whichever replica serves it. */
  nextIdBlock(): Maybe<number>

  /** Tells the other replicas of a change they must make too (nobody to tell in memory). */
  broadcast(event: ReplicaEvent): Maybe<void>
  /** Hears the other replicas' events. */
  subscribe(listener: (event: ReplicaEvent) => void): Maybe<void>

  /** Forgets the state of a client (its own clock too), or all state (every clock, the counters, the logs' numbering too). */
  reset(clientId?: string): Maybe<void>
  /** Resolves when the store answers; rejects with the reason when it does not. */
  ping(): Maybe<void>
  close(): Maybe<void>
}

/** The bounds of a store: the same settings bound memory and Redis. */
export interface StoreLimits {
  maxSessions: number
  maxTokens: number
  /** Per log: how many records it keeps. */
  logSizes: Record<LogName, number>
}
