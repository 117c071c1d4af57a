/** Creating sessions: the documented rules, then the scenario, then the stored session. */
import { webhookCovers, type BankAccount, type ClientConfig } from '../config.js'
import type { Clock } from '../clock.js'
import type { Ids } from '../ids.js'
import { problems, type Problem } from '../problems.js'
import type { LoadedScenario } from '../scenarios/loader.js'
import { holdAtGuarantee } from './guarantee.js'
import { approvedLifecycles, initialTimeline, type Product, type Session } from './lifecycle.js'
import type { InitiateSessionRequest } from './model.js'
import { createSharedParts } from './shared-parts.js'
import { checkFields, checkProductRules, checkUnlistedFields, productOf } from './rules.js'

/**
 * Checks a request against the documented rules and the client: the product and the payee account,
 * or the 400/403 problem (returned, not thrown: a throw costs V8 a message object and a walk of
 * the stack, issue 11). `unbound` is the body before `aspnet` binding, for the documented fields
 * the schema lacks.
 */
export function checkInitiateRequest(body: InitiateSessionRequest, client: ClientConfig, unbound?: unknown): { product: Product, payeeAccount: BankAccount | null } | { problem: Problem } {
  const fieldErrors = { ...checkFields(body, client.maximumEftAmount), ...checkUnlistedFields(unbound) }
  if (Object.keys(fieldErrors).length > 0) return { problem: problems.validation(fieldErrors) }
  const product = productOf(body)
  if (!client.products.includes(product)) {
    // "Requires the RegularEft feature on the client, otherwise 403 Forbidden" (EFT v2 pages).
    return { problem: problems.forbidden(`The ${product} feature is not enabled for client "${client.id}".`) }
  }
  const { errors, payeeAccount } = checkProductRules(body, client)
  if (Object.keys(errors).length > 0) return { problem: problems.validation(errors) }
  return { product, payeeAccount }
}

/** The referenceId suffix that asks for autoplay (`Happy1:autoplay`): flinks-mock's own, not Flinks'. */
export const autoplaySuffix = ':autoplay'

/** The referenceId a scenario is matched by (without the autoplay suffix), and whether the suffix was there. */
export function splitAutoplay(referenceId: string | null | undefined): { matchBy: string | null | undefined, autoplay: boolean } {
  if (typeof referenceId !== 'string' || !referenceId.endsWith(autoplaySuffix)) return { matchBy: referenceId, autoplay: false }
  return { matchBy: referenceId.slice(0, -autoplaySuffix.length), autoplay: true }
}

/** Everything a new session is made from. */
export interface NewSession {
  client: ClientConfig
  body: InitiateSessionRequest
  product: Product
  payeeAccount: BankAccount | null
  scenario: LoadedScenario | undefined
  /** Autoplay asked for by the request or the configuration, whatever the scenario says. */
  autoplay?: boolean
}

// Options, payors and payee accounts repeat from session to session: about 200 bytes a session
// when they do. A table for each, so that each compares with the last of its own kind first.
const sharedOptions = createSharedParts(1000)
const sharedPayors = createSharedParts(1000)
const sharedAccounts = createSharedParts(1000)

/**
 * The request as the session keeps it: once checked, its payee is read as the session's
 * payeeAccount only (checkProductRules), and its options and payor are shared with equal ones.
 */
function keptRequest(body: InitiateSessionRequest): InitiateSessionRequest {
  const { payee: _, ...request } = body
  // Assigned, not spread in: the kept request keeps the shape of the one received.
  if (request.options != null) request.options = sharedOptions.share(request.options)
  if (request.payor != null) request.payor = sharedPayors.share(request.payor)
  return request
}

/** Builds a session at the clock's time, following its scenario's lifecycle or waiting for its user. */
export function buildSession(deps: { clock: Clock, ids: Ids, sessionTimeoutSeconds: number }, input: NewSession): Session {
  const { clock, ids, sessionTimeoutSeconds } = deps
  const createdAtMs = clock.now()
  const scenarioLifecycle = input.scenario?.lifecycle
  const eft = input.product !== 'e-Transfer'
  const lifecycle = scenarioLifecycle ?? approvedLifecycles[input.product]
  // A scenario plays itself unless it waits for its payor (the sandbox ones), and then only on request.
  const autoplay = scenarioLifecycle !== undefined && (scenarioLifecycle.autoplay !== false || input.autoplay === true)
  // Every field in one literal, in the order Session declares them: every session then shares one
  // hidden class (a spread gave each its own, about 700 bytes a session; issue 11).
  const session: Session = {
    id: ids.uuid(),
    clientId: input.client.id,
    createdAtMs,
    expiresAtMs: createdAtMs + sessionTimeoutSeconds * 1000,
    product: input.product,
    request: keptRequest(input.body),
    payeeAccount: sharedAccounts.share(input.payeeAccount),
    payorAccount: scenarioLifecycle?.payorAccount ?? { institutionCode: '999', transitNumber: '00001', accountNumber: ids.digits(7) },
    scenario: input.scenario,
    lifecycle,
    autoplay,
    bankLogin: 'none',
    pendingFlow: undefined,
    timeline: initialTimeline({ autoplay, lifecycle, createdAtMs }),
    offer: null,
    // With a webhook the client confirms each guarantee; without one they are auto-accepted (§7.4).
    // A webhook whose products leave GEFT out sends no guarantee webhook: nothing to confirm then.
    guaranteeConfirmation: input.product === 'GEFT' && webhookCovers(input.client, 'GEFT'),
    guarantee: null,
    guaranteeOfferedAtMs: null,
    stopAtPad: false,
    padPending: false,
    amount: null,
    amountCeiling: eft ? input.client.maximumEftAmount : null,
    transactionId: eft ? undefined : ids.uuid(),
    aggregationRequestId: eft ? ids.uuid() : undefined,
    padId: eft ? ids.uuid() : undefined
  }
  holdAtGuarantee(session)
  return session
}
