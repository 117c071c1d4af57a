/** Sessions for unit tests, built as the service builds them, at a frozen virtual time. */
import type { ClientConfig } from '../../src/config.js'
import { defaultScenarioDir, readScenarioDirs, type LoadedScenario } from '../../src/scenarios/loader.js'
import { createScenarioSet } from '../../src/scenarios/matcher.js'
import type { Lifecycle } from '../../src/scenarios/schema.js'
import type { Product, Session } from '../../src/sessions/lifecycle.js'
import type { InitiateSessionRequest } from '../../src/sessions/model.js'
import { buildSession } from '../../src/sessions/service.js'
import { countingIds, fakeTime } from './fakes.js'

/** The shipped scenarios. */
export const shipped = createScenarioSet(readScenarioDirs([defaultScenarioDir]))

export const settlementAccount = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
export const client: ClientConfig = { id: 'acme', secret: 's', products: ['e-Transfer', 'RegularEft', 'GEFT'], defaultSettlementAccount: settlementAccount, webhook: null, maximumEftAmount: 99999.99, ownClock: false }

/** A request of each product, as its docs show it. */
export const requests: Record<Product, InitiateSessionRequest> = {
  'e-Transfer': { type: 'e-Transfer', direction: 'DEBIT', amount: 250, payor: { firstName: 'John', lastName: 'Smith', email: 'john.smith@example.com' } },
  RegularEft: { type: 'EFT', direction: 'DEBIT', amount: 100, payor: { firstName: 'Sara', lastName: 'Ahmad' } },
  GEFT: { type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName: 'John', lastName: 'Doe' } }
}

/** An inline scenario with this lifecycle. */
export const inlineScenario = (lifecycle: Lifecycle, name = 'Inline'): LoadedScenario => ({ name, description: name, match: { referenceId: name }, source: 'inline.yaml', lifecycle })

export interface SessionOptions {
  product?: Product
  /** A shipped scenario's referenceId, or an inline scenario. */
  scenario?: string | LoadedScenario
  body?: Partial<InitiateSessionRequest>
  sessionTimeoutSeconds?: number
  /** Autoplay asked for by the request or the configuration (the sandbox scenarios wait without it). */
  autoplay?: boolean
}

/** A session created at 2026-06-04T14:30:00Z; `at(seconds)` is the virtual time that many seconds later. */
export function makeSession(options: SessionOptions = {}): { session: Session, at: (seconds: number) => number, createdAtMs: number } {
  const { clock } = fakeTime()
  clock.freeze()
  const product = options.product ?? 'GEFT'
  const scenario = typeof options.scenario === 'string' ? shipped.match(options.scenario) : options.scenario
  if (typeof options.scenario === 'string' && scenario === undefined) throw new Error(`no shipped scenario for ${options.scenario}`)
  const body = { ...requests[product], ...(typeof options.scenario === 'string' ? { referenceId: options.scenario } : {}), ...options.body }
  const session = buildSession(
    { clock, ids: countingIds(), sessionTimeoutSeconds: options.sessionTimeoutSeconds ?? 1800 },
    { client, body, product, payeeAccount: product === 'RegularEft' ? null : settlementAccount, scenario, autoplay: options.autoplay ?? false }
  )
  const createdAtMs = clock.now()
  return { session, createdAtMs, at: seconds => createdAtMs + seconds * 1000 }
}
