/** Everything the mock holds in memory, built once per server from the configuration. */
import { setTimeout as wait } from 'node:timers/promises'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClientRegistry, type ClientRegistry } from './auth/clients.js'
import { createTokenStore, type TokenStore } from './auth/token-store.js'
import { createClock, createClockRegistry, type Clock, type ClockRegistry } from './clock.js'
import type { Config } from './config.js'
import { createIds, type Ids } from './ids.js'
import { createJournal, type Journal } from './journal.js'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { createDeliveryLog, type DeliveryLog, type WebhookDelivery } from './webhooks/deliveries.js'
import { createWebhookDispatcher, type WebhookDispatcher } from './webhooks/dispatcher.js'
import { ajvOnFirstUse, type ApiDocument } from './openapi/document.js'
import { overlayApiDocument } from './openapi/overlay.js'
import { loadShippedApiDocument } from './openapi/shipped.js'
import { defaultScenarioDir, readScenarioDirs } from './scenarios/loader.js'
import { createScenarioSet, type ScenarioHolder } from './scenarios/matcher.js'
import { createOutbox, type Outbox } from './sessions/outbox.js'
import { createSessionStore, type SessionStore } from './sessions/store.js'
import { createMemoryStore } from './store/memory.js'
import { createRedisStore, type RedisStore } from './store/redis.js'
import { createSessionDecoder } from './store/session-codec.js'
import { createSharedClocks, type SharedClocks } from './store/shared-clocks.js'
import { createSharedSessions, type SharedSessions } from './store/shared-sessions.js'
import type { Maybe, Store, StoreLimits } from './store/types.js'
import { createCoverageLog, type CoverageLog } from './coverage/log.js'
import { observeDelivery } from './coverage/observe.js'
import { createMetrics, type Metrics } from './metrics/metrics.js'
import { stateAt } from './sessions/lifecycle.js'

/** The OpenAPI document of the Flinks Pay API the mock serves. */
export const flinksDocumentFile = fileURLToPath(new URL('../openapi/flinks-pay.yaml', import.meta.url))
/** The OpenAPI document of the admin API. */
export const adminDocumentFile = fileURLToPath(new URL('../openapi/admin.yaml', import.meta.url))
/** The OpenAPI document of the hosted page's JSON API. */
export const hostedPageDocumentFile = fileURLToPath(new URL('../openapi/hosted-page.yaml', import.meta.url))

/** The three documents the mock serves. */
export type ShippedDocuments = Pick<MockState, 'api' | 'adminApi' | 'hostedPageApi'>

let shippedDocuments: ShippedDocuments | undefined

/** The served documents, loaded once per process (prebuilt at build time): they do not change while it runs. */
export function loadShippedDocuments(): ShippedDocuments {
  if (shippedDocuments === undefined) {
    // One ajv for the three: each compiles the meta-schema and the formats once, not three times.
    const ajv = ajvOnFirstUse()
    shippedDocuments = {
      api: loadShippedApiDocument(flinksDocumentFile, ajv),
      adminApi: loadShippedApiDocument(adminDocumentFile, ajv),
      hostedPageApi: loadShippedApiDocument(hostedPageDocumentFile, ajv)
    }
  }
  return shippedDocuments
}

/** The mock's state: stores, clock, ids, scenarios and the loaded document. */
export interface MockState {
  config: Config
  /** The shared clock (clients without an own clock read it). */
  clock: Clock
  /** Every clock: `clocks.of(clientId)` is the one a client's time is read from. */
  clocks: ClockRegistry
  ids: Ids
  api: ApiDocument
  adminApi: ApiDocument
  hostedPageApi: ApiDocument
  clients: ClientRegistry
  tokens: TokenStore
  sessions: SessionStore
  journal: Journal
  /** The e-mails Flinks would have sent (Interac links), newest kept. */
  outbox: Outbox
  /** The scenarios in effect (`current` replaced as a whole on reload). */
  scenarios: ScenarioHolder
  /** Waits for injected latency (real time: a delay is what the client must live with). */
  sleep: (ms: number) => Promise<void>
  /** Webhook deliveries made. */
  deliveries: DeliveryLog
  /** Sends the webhooks of sessions that end. */
  webhooks: WebhookDispatcher
  /**
   * Where the shared state lives. In memory it is the stores above; with Redis, those hold what
   * the requests in flight work on, loaded from it before each and written back after (store/replica.ts).
   */
  store: Store
  /** With the Redis store: the store as such, the session copies here with their versions (store/shared-sessions.ts), and the own clocks kept in step with the store (store/shared-clocks.ts). */
  replicas?: { store: RedisStore, sessions: SharedSessions, clocks: SharedClocks }
  /** What each client met since its last reset (GET /__admin/coverage). */
  coverage: CoverageLog
  /** Counters for GET /metrics (never reset). */
  metrics: Metrics
}

/** What every route plugin takes: the mock's state, passed as the plugin's options. */
export interface RouteOptions {
  state: MockState
}

/** What the embedding code may supply instead of the defaults. */
export interface StateOptions {
  clock?: Clock
  ids?: Ids
  /** Replaces the real wait of injected latency (tests record it instead). */
  sleep?: (ms: number) => Promise<void>
}

/** What createState needs from the server it is built for. */
export interface StateContext {
  log: FastifyBaseLogger
  /** The connection to the Redis store, when the configuration names one. */
  redis?: Redis
}

/** The scenario directories a configuration loads, defaults first. */
export function scenarioDirsOf(config: Config): string[] {
  // A directory named twice (a flag and the environment, say) is read once: its names are not duplicates.
  const dirs = [...(config.defaultScenarios ? [defaultScenarioDir] : []), ...config.scenarioDirs]
  return dirs.filter((dir, index) => dirs.findIndex(other => resolve(other) === resolve(dir)) === index)
}

/** Builds the state; a bad document (the user's `openapi` one too) or scenario file throws with the file and the place. */
export function createState(config: Config, options: StateOptions, context: StateContext): MockState {
  const clock = options.clock ?? createClock()
  const clocks = createClockRegistry(clock)
  giveOwnClocks(config, clocks)
  const ids = options.ids ?? createIds(config.seed)
  const clients = createClientRegistry(config.clients)
  const sessions = createSessionStore(config.maxSessions)
  const deliveries = createDeliveryLog(config.maxSessions)
  const sleep = options.sleep ?? ((ms: number) => wait(ms))
  const { api: shippedApi, adminApi, hostedPageApi } = loadShippedDocuments()
  // A user's document is compiled for this server only: the shipped ones stay as they are for the others.
  const api = config.openapi === undefined ? shippedApi : overlayApiDocument(config.openapi, shippedApi)
  const tokens = createTokenStore({ ttlSeconds: config.tokenTtlSeconds, maxTokens: config.maxTokens, clocks, ids })
  const scenarios: ScenarioHolder = { current: createScenarioSet(readScenarioDirs(scenarioDirsOf(config))) }
  // At most one e-mail and one final webhook per session, so the session cap bounds those logs too.
  const limits: StoreLimits = { maxSessions: config.maxSessions, maxTokens: config.maxTokens, logSizes: { journal: config.journalSize, outbox: config.maxSessions, deliveries: config.maxSessions } }
  const redisStore = context.redis === undefined ? undefined : createRedisStore({ redis: context.redis, clientIds: config.clients.map(c => c.id), limits, decodeSession: createSessionDecoder(scenarios) })
  const store = redisStore ?? createMemoryStore({ sessions, tokens, clocks }, limits)
  const replicas = redisStore === undefined ? undefined : { store: redisStore, sessions: createSharedSessions(redisStore, sessions), clocks: createSharedClocks(redisStore, clocks) }
  const sharing = replicas === undefined ? undefined : {
    lease: (clientId: string, delivery: string) => replicas.store.lease(clientId, delivery),
    refresh: replicas.sessions.refresh,
    save: replicas.sessions.save,
    record: async (delivery: WebhookDelivery) => {
      delivery.id = String(await replicas.store.append('deliveries', delivery.clientId, delivery))
    }
  }
  const state: MockState = {
    config,
    clock,
    clocks,
    ids,
    api,
    adminApi,
    hostedPageApi,
    clients,
    tokens,
    sessions,
    journal: createJournal(config.journalSize),
    // At most one e-mail per session, so the session cap bounds the outbox too.
    outbox: createOutbox(config.maxSessions),
    scenarios,
    sleep,
    deliveries,
    webhooks: createWebhookDispatcher({ clients, sessions, clocks, deliveries, timeoutMs: config.webhookTimeoutMs, log: context.log, sleep, ...(sharing === undefined ? {} : { sharing }) }),
    store,
    ...(replicas === undefined ? {} : { replicas }),
    coverage: createCoverageLog(),
    metrics: createMetrics(() => sessionsByStatus(sessions, clocks))
  }
  // Each delivery recorded is counted too (coverage, metrics), without the dispatcher knowing.
  const record = deliveries.record
  deliveries.record = delivery => {
    record(delivery)
    try {
      observeDelivery(state, delivery)
    } catch (error) {
      context.log.error({ err: error }, 'coverage: a webhook delivery could not be counted (a bug in flinks-mock)')
    }
  }
  return state
}

/** The stored sessions counted by their status now. */
export function sessionsByStatus(sessions: SessionStore, clocks: ClockRegistry): Map<string, number> {
  const counts = new Map<string, number>()
  for (const session of sessions.list()) {
    const { status } = stateAt(session, clocks.of(session.clientId).now())
    counts.set(status, (counts.get(status) ?? 0) + 1)
  }
  return counts
}

/**
 * Forgets what this process holds. For one client: its sessions, tokens, journal entries. For
 * everyone: all of that, the clock back to real time, and the seeded id stream back to its start,
 * so that a run after a reset repeats the run before it.
 */
export function forgetLocalState(state: MockState, clientId?: string): void {
  state.sessions.clear(clientId)
  state.tokens.clear(clientId)
  state.journal.clear(clientId)
  state.outbox.clear(clientId)
  state.deliveries.clear(clientId)
  state.webhooks.clear(clientId)
  state.coverage.clear(clientId)
  state.clocks.drop(clientId)
  if (clientId === undefined) {
    state.clock.reset()
    state.ids.reset()
  }
  giveOwnClocks(state.config, state.clocks, clientId)
}

/** Gives the clients configured with `ownClock` (all, or the one named) their own clock, at the shared clock's reading. */
function giveOwnClocks(config: Config, clocks: ClockRegistry, clientId?: string): void {
  for (const client of config.clients) if (client.ownClock && (clientId === undefined || client.id === clientId)) clocks.create(client.id)
}

/**
 * Forgets state, in the store and in this process (the clients configured with `ownClock` get a
 * fresh clock); with Redis, the fresh clocks are stored, then the other replicas hear of the reset
 * and forget theirs.
 */
export function resetState(state: MockState, clientId?: string): Maybe<void> {
  const event = clientId === undefined ? { type: 'reset' as const } : { type: 'reset' as const, clientId }
  const reset = state.store.reset(clientId)
  if (reset instanceof Promise) {
    return reset.then(async () => {
      forgetLocalState(state, clientId)
      await shareOwnClocks(state, clientId)
      await state.store.broadcast(event)
    })
  }
  forgetLocalState(state, clientId)
  return state.store.broadcast(event)
}

/**
 * With the Redis store: gives the clients configured with `ownClock` (all, or the one named) their
 * own clock in the store, at the stored shared clock's reading, unless they have one there already
 * (a replica that starts during a rolling restart takes the clock the others move); then takes
 * every stored own clock here.
 */
export async function shareOwnClocks(state: MockState, clientId?: string): Promise<void> {
  const { store, clocks: shared } = state.replicas as NonNullable<MockState['replicas']>
  state.clock.adopt(await store.readClock())
  for (const client of state.config.clients) {
    if (!client.ownClock || (clientId !== undefined && client.id !== clientId)) continue
    state.clocks.drop(client.id)
    await store.initOwnClock(client.id, state.clocks.create(client.id).setting)
  }
  const adopt = await shared.read()
  adopt()
}

/** Reads the scenario files again; throws (and changes nothing) when one is bad. The other replicas are told by the admin route. */
export function reloadScenarios(state: MockState): number {
  state.scenarios.current = createScenarioSet(readScenarioDirs(scenarioDirsOf(state.config)))
  return state.scenarios.current.all.length
}
