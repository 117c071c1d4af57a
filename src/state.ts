/** Everything the mock holds in memory, built once per server from the configuration. */
import { createClientRegistry, type ClientRegistry } from './auth/clients.js'
import { createTokenStore, type TokenStore } from './auth/token-store.js'
import { createClock, type Clock } from './clock.js'
import type { Config } from './config.js'
import { createIds, type Ids } from './ids.js'
import { loadApiDocument, type ApiDocument } from './openapi/document.js'
import { defaultScenarioDir, readScenarioDirs } from './scenarios/loader.js'
import { createScenarioSet, type ScenarioSet } from './scenarios/matcher.js'
import { createOutbox, type Outbox } from './sessions/outbox.js'
import { createSessionStore, type SessionStore } from './sessions/store.js'
import { fileURLToPath } from 'node:url'

/** The OpenAPI document of the Flinks Pay API the mock serves. */
export const flinksDocumentFile = fileURLToPath(new URL('../openapi/flinks-pay.yaml', import.meta.url))

/** The mock's state: stores, clock, ids, scenarios and the loaded document. */
export interface MockState {
  config: Config
  clock: Clock
  ids: Ids
  api: ApiDocument
  clients: ClientRegistry
  tokens: TokenStore
  sessions: SessionStore
  /** The e-mails Flinks would have sent (Interac links), newest kept. */
  outbox: Outbox
  /** The scenarios in effect (replaced as a whole on reload). */
  scenarios: ScenarioSet
}

/** What the embedding code may supply instead of the defaults. */
export interface StateOptions {
  clock?: Clock
  ids?: Ids
}

/** The scenario directories a configuration loads, defaults first. */
export function scenarioDirsOf(config: Config): string[] {
  return [...(config.defaultScenarios ? [defaultScenarioDir] : []), ...config.scenarioDirs]
}

/** Builds the state; a bad document or scenario file throws with the file and the place. */
export function createState(config: Config, options: StateOptions = {}): MockState {
  const clock = options.clock ?? createClock()
  const ids = options.ids ?? createIds()
  return {
    config,
    clock,
    ids,
    api: loadApiDocument(flinksDocumentFile),
    clients: createClientRegistry(config.clients),
    tokens: createTokenStore({ ttlSeconds: config.tokenTtlSeconds, maxTokens: config.maxTokens, clock, ids }),
    sessions: createSessionStore(config.maxSessions),
    // At most one e-mail per session, so the session cap bounds the outbox too.
    outbox: createOutbox(config.maxSessions),
    scenarios: createScenarioSet(readScenarioDirs(scenarioDirsOf(config)))
  }
}
