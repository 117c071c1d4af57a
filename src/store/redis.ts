/**
 * The store on Redis, shared by every replica that names the same server. Each write that must
 * be atomic (a token claim, a versioned session write with the cap, a log append with its trim)
 * is one Lua script, run by ioredis (EVALSHA, EVAL when the script is not cached yet). Commands
 * issued in one tick go out as one pipeline (enableAutoPipelining), so a request's reads cost one
 * round trip and its writes another.
 *
 * Keys (README, "Running several replicas"): a client's keys carry its id as a hash tag, so they
 * stay on one Redis Cluster slot; the shared ones are under `{global}`.
 *   flinks-mock:{<clientId>}:session:<id>   hash: v (version), s (session JSON)
 *   flinks-mock:{<clientId>}:sessions       sorted set of session ids by creation order (the cap)
 *   flinks-mock:{<clientId>}:token:<token>  hash: e (expiry ms), s (session id; empty while held)
 *   flinks-mock:{<clientId>}:tokens         sorted set of tokens by issue order (the cap)
 *   flinks-mock:{<clientId>}:webhook:<...>  a delivery's lease: the replica that took it sends it
 *   flinks-mock:{<clientId>}:clock          hash: o, f as the shared clock's, n (the order clocks were given in)
 *   flinks-mock:{global}:log:<name>         sorted set of records by number (journal, outbox, deliveries)
 *   flinks-mock:{global}:clock              hash: o (offset ms), f (frozen at ms, or empty)
 *   flinks-mock:{global}:id-blocks          the last block of the seeded id stream taken
 *   flinks-mock:{global}:lock:<sessionId>   held while a request changes the session
 * (and the counters the sorted sets are numbered by: session-seq, token-seq, log-seq:<name>, clock-seq).
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as wait } from 'node:timers/promises'
import type { Redis, RedisOptions } from 'ioredis'
import type { Token } from '../auth/token-store.js'
import type { ClockSetting } from '../clock.js'
import type { Session } from '../sessions/lifecycle.js'
import { defineScripts } from './redis-scripts.js'
import { encodeSession } from './session-codec.js'
import type { LogName, Numbered, ReplicaEvent, SessionPage, Store, StoredSession, StoreLimits } from './types.js'

/** The prefix of every key the mock writes. */
export const keyPrefix = 'flinks-mock:'

// Glob characters in a client id are matched literally by SCAN.
const globEscaped = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&')

/** The keys of one client, under its hash tag. */
export const clientKeys = (clientId: string) => {
  const tag = `${keyPrefix}{${clientId}}:`
  return {
    tag,
    session: (id: string) => `${tag}session:${id.toLowerCase()}`,
    sessions: `${tag}sessions`,
    sessionSeq: `${tag}session-seq`,
    token: (value: string) => `${tag}token:${value.toLowerCase()}`,
    lease: (delivery: string) => `${tag}webhook:${delivery}`,
    tokens: `${tag}tokens`,
    clock: `${tag}clock`,
    tokenSeq: `${tag}token-seq`,
    pattern: `${globEscaped(tag)}*`
  }
}

/** The keys every replica shares. */
export const globalKeys = {
  log: (name: LogName) => `${keyPrefix}{global}:log:${name}`,
  logSeq: (name: LogName) => `${keyPrefix}{global}:log-seq:${name}`,
  clock: `${keyPrefix}{global}:clock`,
  /** The number of the last own clock given: clocks are listed in the order they were given. */
  clockSeq: `${keyPrefix}{global}:clock-seq`,
  /** The number of the last block of the seeded id stream taken. */
  idBlocks: `${keyPrefix}{global}:id-blocks`,
  /** A session's lock: a session id does not name its client before the session is read. */
  lock: (sessionId: string) => `${keyPrefix}{global}:lock:${sessionId.toLowerCase()}`,
  /** The channel replicas tell each other of resets and reloads on. */
  events: `${keyPrefix}{global}:events`
}

/** How long a command may wait for Redis's answer before the request answers 503. */
export const commandTimeoutMs = 2000

/** The ioredis options of the mock: fail fast when Redis is away, reconnect forever. */
export function redisOptions(): RedisOptions {
  return {
    lazyConnect: true,
    // Start-up must not hang on an address nobody answers at.
    connectTimeout: 2000,
    // A command while disconnected fails at once (the request answers 503) instead of waiting.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // A Redis that stops answering without closing the connection (a partition, a paused host) fails the command too.
    commandTimeout: commandTimeoutMs,
    // Reconnect forever, soon: service resumes by itself when Redis is back.
    retryStrategy: times => Math.min(times * 100, 1000),
    enableAutoPipelining: true
  }
}

/** What the Redis store needs besides its connection. */
export interface RedisStoreOptions {
  redis: Redis
  /** The configured clients: a token or a hosted-page session id is looked up under each. */
  clientIds: readonly string[]
  limits: StoreLimits
  /** Reads a stored session back (its scenario taken from the set in effect). */
  decodeSession: (text: string) => Session
}

// A clock's setting as stored: o (offset ms), f (frozen at ms, or empty).
const settingOf = (o: string | null | undefined, f: string | null | undefined): ClockSetting => ({ offsetMs: Number(o ?? 0), frozenAtMs: f == null || f === '' ? null : Number(f) })

/** The Redis store's extras: a lock per session, so that two replicas changing one session take turns. */
export interface RedisStore extends Store {
  readonly kind: 'redis'
  /** Waits (up to lockWaitMs) until this request alone may change the session; resolves to the release (which never rejects), or undefined when it waited in vain. */
  lockSession(id: string): Promise<(() => Promise<void>) | undefined>
  /** Takes the lease of one delivery of a client's webhook: true for the one replica that is to send it. */
  lease(clientId: string, delivery: string): Promise<boolean>
}

/** How long a delivery's lease is kept: longer than any replica takes to notice the same change. */
export const leaseTtlMs = 24 * 3600 * 1000

/** How long a session's lock is held at most (a replica that dies holding it does not block the session longer). */
export const lockTtlMs = 5000
/** How long a request waits for a session's lock before answering 503. */
export const lockWaitMs = 2000

const pageSize = 100

/** Creates the store over a connected ioredis client. */
export function createRedisStore({ redis, clientIds, limits, decodeSession }: RedisStoreOptions): RedisStore {
  const scripts = defineScripts(redis)

  // This replica's own events come back on the channel: they are recognised by this id and skipped.
  const replicaId = randomUUID()
  const subscribers: Redis[] = []
  const owners = (clientId: string | undefined) => (clientId === undefined ? clientIds : clientIds.filter(id => id === clientId))

  const readSession = async (key: string): Promise<StoredSession | undefined> => {
    const [v, s] = await redis.hmget(key, 'v', 's')
    return v == null || s == null ? undefined : { session: decodeSession(s), version: Number(v) }
  }

  const readLog = async <T>(name: LogName): Promise<Array<Numbered<T>>> => {
    const members = await redis.zrange(globalKeys.log(name), 0, -1)
    return members.map(member => {
      const space = member.indexOf(' ')
      const { clientId, item } = JSON.parse(member.slice(space + 1)) as { clientId: string | null, item: T }
      return { seq: Number(member.slice(0, space)), clientId, item }
    })
  }

  const deleteMatching = async (pattern: string) => {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
      if (keys.length > 0) await redis.unlink(...keys)
      cursor = next
    } while (cursor !== '0')
  }

  return {
    kind: 'redis',
    async getSession(id, clientId) {
      // A session id does not name its client (the hosted page has no token): each client's key is read, in one round trip.
      const found = await Promise.all(owners(clientId).map(owner => readSession(clientKeys(owner).session(id))))
      return found.find(stored => stored !== undefined)
    },
    async putSession(session, version) {
      const keys = clientKeys(session.clientId)
      const written = await scripts.putSession(keys.session(session.id), keys.sessions, keys.sessionSeq, version, encodeSession(session), session.id, limits.maxSessions, keys.session(''))
      return written < 0 ? undefined : written
    },
    async listSessions(clientId, cursor, count = pageSize): Promise<SessionPage> {
      // The cursor walks the clients in turn, then the sessions of each by creation order.
      const [ownerIndex, offset] = cursor === undefined ? [0, 0] : cursor.split(':').map(Number) as [number, number]
      const list = owners(clientId)
      const owner = list[ownerIndex]
      if (owner === undefined) return { sessions: [], cursor: undefined }
      const keys = clientKeys(owner)
      const ids = await redis.zrange(keys.sessions, offset, offset + count - 1)
      const found = await Promise.all(ids.map(id => readSession(keys.session(id))))
      const sessions = found.filter(stored => stored !== undefined)
      const next = ids.length === count ? `${ownerIndex}:${offset + count}` : ownerIndex + 1 < list.length ? `${ownerIndex + 1}:0` : undefined
      return { sessions, cursor: next }
    },
    async putToken(token) {
      const keys = clientKeys(token.clientId)
      await scripts.putToken(keys.token(token.token), keys.tokens, keys.tokenSeq, token.expiresAtMs, token.token.toLowerCase(), limits.maxTokens, keys.token(''))
    },
    async getToken(value) {
      const found = await Promise.all(clientIds.map(async clientId => {
        const [e, s] = await redis.hmget(clientKeys(clientId).token(value), 'e', 's')
        if (e == null) return undefined
        const token: Token = { token: value.toLowerCase(), clientId, expiresAtMs: Number(e) }
        if (s != null) token.sessionId = s
        return token
      }))
      return found.find(token => token !== undefined)
    },
    async claimToken(value, nowMs, realNowMs) {
      // The token lives under one client only: the others answer unknown.
      const claims = await Promise.all(clientIds.map(clientId => scripts.claimToken(clientKeys(clientId).token(value), clientKeys(clientId).clock, nowMs, realNowMs)))
      return claims.find(claim => claim !== 'unknown') ?? 'unknown'
    },
    async releaseToken(value) {
      await Promise.all(clientIds.map(clientId => scripts.settleToken(clientKeys(clientId).token(value))))
    },
    async spendToken(value, sessionId) {
      await Promise.all(clientIds.map(clientId => scripts.settleToken(clientKeys(clientId).token(value), sessionId)))
    },
    append: (name, clientId, item) => scripts.appendLog(globalKeys.log(name), globalKeys.logSeq(name), JSON.stringify({ clientId, item }), limits.logSizes[name]),
    async list<T>(name: LogName, clientId?: string) {
      const all = await readLog<T>(name)
      return clientId === undefined ? all : all.filter(record => record.clientId === clientId)
    },
    async readClock(): Promise<ClockSetting> {
      const [o, f] = await redis.hmget(globalKeys.clock, 'o', 'f')
      return settingOf(o, f)
    },
    async writeClock(setting) {
      await redis.hset(globalKeys.clock, 'o', setting.offsetMs, 'f', setting.frozenAtMs ?? '')
    },
    async readOwnClocks() {
      // One command a configured client, all in the request's one pipeline.
      const read = await Promise.all(clientIds.map(async clientId => ({ clientId, fields: await redis.hmget(clientKeys(clientId).clock, 'o', 'f', 'n') })))
      return read.filter(({ fields }) => fields[2] != null)
        .sort((a, b) => Number(a.fields[2]) - Number(b.fields[2]))
        .map(({ clientId, fields }) => ({ clientId, setting: settingOf(fields[0], fields[1]) }))
    },
    async initOwnClock(clientId, setting) {
      const order = await redis.incr(globalKeys.clockSeq)
      await scripts.initClock(clientKeys(clientId).clock, setting.offsetMs, setting.frozenAtMs ?? '', order)
    },
    async writeOwnClock(clientId, setting) {
      await scripts.moveClock(clientKeys(clientId).clock, setting.offsetMs, setting.frozenAtMs ?? '')
    },
    async dropOwnClock(clientId) {
      await redis.del(clientKeys(clientId).clock)
    },
    async lockSession(id) {
      const key = globalKeys.lock(id)
      const holder = randomUUID()
      const until = Date.now() + lockWaitMs
      let pauseMs = 2
      while (await redis.set(key, holder, 'PX', lockTtlMs, 'NX') === null) {
        if (Date.now() >= until) return undefined
        await wait(pauseMs)
        pauseMs = Math.min(pauseMs * 2, 50)
      }
      return async () => {
        // A Redis lost meanwhile cannot be told: the lock expires by itself after lockTtlMs.
        await scripts.unlock(key, holder).catch(() => 0)
      }
    },
    nextIdBlock: () => redis.incr(globalKeys.idBlocks),
    async lease(clientId, delivery) {
      return await redis.set(clientKeys(clientId).lease(delivery), replicaId, 'PX', leaseTtlMs, 'NX') !== null
    },
    async initClock(setting) {
      if (await redis.hsetnx(globalKeys.clock, 'o', setting.offsetMs) === 1) await redis.hset(globalKeys.clock, 'f', setting.frozenAtMs ?? '')
    },
    async broadcast(event) {
      await redis.publish(globalKeys.events, JSON.stringify({ ...event, from: replicaId }))
    },
    async subscribe(listener) {
      // A connection in subscriber mode runs no other command: a second one. ioredis subscribes again after a reconnect.
      const subscriber = redis.duplicate()
      subscriber.on('error', () => undefined)
      subscribers.push(subscriber)
      subscriber.on('message', (_channel: string, text: string) => {
        const { from, ...event } = JSON.parse(text) as ReplicaEvent & { from: string }
        if (from !== replicaId) listener(event as ReplicaEvent)
      })
      await subscriber.connect()
      await subscriber.subscribe(globalKeys.events)
    },
    async reset(clientId) {
      // The mock's keys only, found by their prefix: never FLUSHDB, the database may hold others'.
      if (clientId === undefined) return deleteMatching(`${globEscaped(keyPrefix)}*`)
      await deleteMatching(clientKeys(clientId).pattern)
      for (const name of ['journal', 'outbox', 'deliveries'] as const) {
        const members = await redis.zrange(globalKeys.log(name), 0, -1)
        const own = members.filter(member => (JSON.parse(member.slice(member.indexOf(' ') + 1)) as { clientId: string | null }).clientId === clientId)
        if (own.length > 0) await redis.zrem(globalKeys.log(name), ...own)
      }
    },
    async ping() {
      await redis.ping()
    },
    async close() {
      for (const subscriber of subscribers) subscriber.disconnect()
      redis.disconnect()
    }
  }
}
