/**
 * With the Redis store: load, run, persist. Before a request runs, what it needs (the shared clock
 * and the clients' own, its token, its session, the journal or the session list of the admin API) is read from Redis in one
 * pipelined round trip into the process's stores; the mock's synchronous logic then runs on those
 * objects as it does in memory; after it, what changed is written back in a second round trip,
 * a session with a version check (a request that changes a session holds its lock meanwhile).
 * These hooks are registered with the Redis store only: the memory path has no async hook.
 * A store that does not answer gives 503 with Retry-After (never a 500).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Token } from '../auth/token-store.js'
import type { ClockSetting } from '../clock.js'
import { exchangeOf } from '../http/journal-hook.js'
import { createIds } from '../ids.js'
import type { Exchange } from '../journal.js'
import type { SentMessage } from '../sessions/outbox.js'
import type { WebhookDelivery } from '../webhooks/deliveries.js'
import { problems, ProblemError } from '../problems.js'
import type { Session } from '../sessions/lifecycle.js'
import type { MockState } from '../state.js'
import type { RedisStore } from './redis.js'
import { encodeSession } from './session-codec.js'
import type { SharedClocks } from './shared-clocks.js'
import type { LoadedSession, SharedSessions } from './shared-sessions.js'

/** What a request loaded, to write back what it changed. */
interface Loaded {
  clock: ClockSetting
  sessions: LoadedSession[]
  /** The bearer token of a create call, held in Redis by this request. */
  heldToken?: Token
  unlock?: () => Promise<void>
  /** Set once the changes are written (or failed): the error reply that may follow writes nothing. */
  done: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    /** What the request loaded from the shared store (Redis store only). */
    loaded?: Loaded
  }
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// Probes and documentation use no state.
const stateless = /^\/(healthz|documentation)(\/|$)|^\/app\/app\.(js|css)$/i

/** The bearer token of a request, when it has the form of one. */
function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
  return match !== null && guid.test(match[1] as string) ? match[1] : undefined
}

/** The session a request is about: its path parameter, or the hosted page's query. */
function sessionIdOf(request: FastifyRequest): string | undefined {
  const fromPath = (request.params as { sessionId?: unknown } | undefined)?.sessionId
  const id = fromPath ?? (request.routeOptions.url === '/app/' ? (request.query as { sessionId?: unknown }).sessionId : undefined)
  return typeof id === 'string' && guid.test(id) ? id : undefined
}

/** The problem of a store that does not answer, naming it. */
export function storeProblem(url: string, error: unknown): ProblemError {
  return new ProblemError(problems.storeUnavailable(`Redis at ${url} does not answer (${(error as Error).message})`))
}

/** Registers the load and persist hooks of the Redis store; `url` names the store in problems. */
export function shareThroughStore(app: FastifyInstance, state: MockState, store: RedisStore, shared: SharedSessions, ownClocks: SharedClocks, url: string): void {
  const { sessions, tokens, clock, journal, outbox, deliveries } = state
  const { seed } = state.config
  const { keep, written } = shared

  const load = async (request: FastifyRequest, loaded: Loaded) => {
    const route = (request.routeOptions.url ?? '').toLowerCase()
    const sessionId = sessionIdOf(request)
    // A POST about one session changes it (cancel, confirm, the page's actions, simulate): one
    // request at a time, and the only requests that write a session they read.
    const changes = sessionId !== undefined && request.method === 'POST'
    if (changes) {
      loaded.unlock = await store.lockSession(sessionId)
      if (loaded.unlock === undefined) throw new ProblemError(problems.storeUnavailable(`session ${sessionId} is being changed by another request`))
    }
    // Routes match case-insensitively (ASP.NET Core routing): so does this.
    const token = /^\/api\//i.test(request.url) ? bearerToken(request.headers.authorization) : undefined
    // "A token can only initiate a single session": held in Redis in one atomic step, whichever replica asks.
    const initiate = token !== undefined && request.method === 'POST' && route === '/api/v2/sessions'
    // Reads of the admin API make no ids (their errors' trace ids come from the process's own
    // stream): a block for them would shift the run's ids with every look at the state.
    const drawsIds = seed !== undefined && !(request.method === 'GET' && /^\/__admin(\/|$)/i.test(request.url))
    // The clients' own clocks come in the same round trip: any request may read a client's time.
    const [setting, adoptOwnClocks, block, claim, stored, session, list, entries, messages, delivered] = await Promise.all([
      store.readClock(),
      ownClocks.read(),
      drawsIds ? store.nextIdBlock() : undefined,
      initiate ? store.claimToken(token, clock.now(), clock.now() - clock.offsetMs) : undefined,
      token === undefined ? undefined : store.getToken(token),
      sessionId === undefined ? undefined : store.getSession(sessionId),
      route === '/__admin/sessions' ? shared.list() : undefined,
      route.startsWith('/__admin/requests') ? store.list<Exchange>('journal') : undefined,
      route === '/__admin/outbox' ? store.list<SentMessage>('outbox') : undefined,
      route.startsWith('/__admin/webhooks') ? store.list<WebhookDelivery>('deliveries') : undefined
    ])
    clock.adopt(setting)
    adoptOwnClocks()
    loaded.clock = setting
    // Request n of a run draws from (seed, n): the same values through any number of replicas.
    if (block !== undefined) request.ids = createIds(`${seed}#${block}`)
    if (token !== undefined) request.storedToken = stored ?? null
    if (stored !== undefined) {
      // Held by this request: its own check then sees it free, as in one process; the other requests see it spent.
      if (claim === 'held') {
        delete stored.sessionId
        loaded.heldToken = stored
      }
    }
    if (session !== undefined) {
      const kept = keep(session)
      if (changes) loaded.sessions.push(kept)
    }
    // Gone from the store (another replica's cap, or a reset not heard of yet): gone here too.
    else if (sessionId !== undefined) sessions.delete(sessionId)
    if (list !== undefined) {
      const ids = new Set(list.map(s => s.session.id))
      // Sessions another replica's cap evicted are gone here too.
      for (const kept of sessions.list()) if (!ids.has(kept.id)) sessions.delete(kept.id)
      for (const stored of list) keep(stored)
    }
    if (entries !== undefined) journal.restore(entries.map(({ seq, item }) => ({ id: seq, ...item })))
    if (messages !== undefined) outbox.restore(messages.map(({ item }) => item))
    // Numbered in the shared sequence: a delivery has one id on every replica.
    if (delivered !== undefined) deliveries.restore(delivered.map(({ seq, item }) => ({ ...item, id: String(seq) })))
  }

  // An e-mail is written with the request that created its session (persist waits for it); a
  // delivery, made beside the requests, is written by the dispatcher when it is made (state.ts).
  const mailed = new Map<string, Promise<unknown>>()
  const recordMessage = outbox.record
  outbox.record = message => {
    recordMessage(message)
    const write = Promise.resolve(store.append('outbox', message.clientId, message))
    write.catch(() => undefined)
    mailed.set(message.sessionId, write)
  }

  const conflict = (id: string) => new ProblemError(problems.storeUnavailable(`session ${id} was changed by another request meanwhile`))
  const persist = async (request: FastifyRequest, reply: FastifyReply, payload: unknown, loaded: Loaded) => {
    const writes: unknown[] = []
    const setting = clock.setting
    if (setting.offsetMs !== loaded.clock.offsetMs || setting.frozenAtMs !== loaded.clock.frozenAtMs) writes.push(store.writeClock(setting))
    for (const { session, version, text } of loaded.sessions) {
      if (encodeSession(session) !== text) writes.push(Promise.resolve(store.putSession(session, version)).then(stored => stored === undefined ? Promise.reject(conflict(session.id)) : written(session, stored)))
    }
    const created = reply.statusCode === 201 && request.routeOptions.url === '/api/v2/sessions' ? request.annotations?.sessionId : undefined
    const fresh = created === undefined ? undefined : sessions.get(created)
    if (fresh !== undefined) {
      writes.push(Promise.resolve(store.putSession(fresh, 0)).then(stored => stored === undefined ? Promise.reject(conflict(fresh.id)) : written(fresh, stored)))
      writes.push(mailed.get(fresh.id))
      mailed.delete(fresh.id)
    }
    const held = loaded.heldToken
    if (held !== undefined) {
      // Spent by the new session, kept spent by a refusal that spends it, or given back.
      if (held.sessionId === undefined) writes.push(store.releaseToken(held.token))
      else if (held.sessionId !== '') writes.push(store.spendToken(held.token, held.sessionId))
    }
    const issued = reply.statusCode === 200 && request.routeOptions.url === '/api/v1/authorize' ? tokens.get((JSON.parse(payload as string) as { access_token: string }).access_token) : undefined
    if (issued !== undefined) writes.push(store.putToken(issued))
    if (journal.enabled) {
      const exchange = exchangeOf(request, reply, payload, state.clocks)
      if (exchange !== undefined) writes.push(store.append('journal', exchange.clientId, exchange.build(exchange.takeText())))
    }
    await Promise.all(writes)
  }

  app.addHook('onRequest', async request => {
    if (stateless.test(request.url.split('?')[0] as string)) return
    const loaded: Loaded = { clock: clock.setting, sessions: [], done: false }
    request.loaded = loaded
    try {
      await load(request, loaded)
    } catch (error) {
      loaded.done = true
      throw error instanceof ProblemError ? error : storeProblem(url, error)
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const loaded = request.loaded
    if (loaded === undefined || loaded.done) return payload
    loaded.done = true
    try {
      await persist(request, reply, payload, loaded)
    } catch (error) {
      // What this request changed here was not stored: the next request reads the stored sessions again.
      for (const { session } of loaded.sessions) sessions.delete(session.id)
      if (request.annotations?.sessionId !== undefined) sessions.delete(request.annotations.sessionId)
      throw error instanceof ProblemError ? error : storeProblem(url, error)
    }
    return payload
  })

  app.addHook('onResponse', async request => {
    await request.loaded?.unlock?.()
  })
}
