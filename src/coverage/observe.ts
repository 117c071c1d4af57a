/**
 * Watches what each client meets, for coverage and metrics at once: one callback-style onResponse
 * hook (an async hook costs a promise hop per request, issue 11) that increments counters and
 * never throws; the webhook deliveries as they are recorded; and the connections a fault drops.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { spentTokenDescription } from '../auth/token-store.js'
import type { Operation } from '../openapi/document.js'
import { stateAt, type Session, type SessionState } from '../sessions/lifecycle.js'
import type { MockState } from '../state.js'
import type { WebhookDelivery } from '../webhooks/deliveries.js'
import { statusSpelling } from './catalogue.js'
import { sessionStatuses, statusDetailsCodes, transactionStatuses } from '../scenarios/schema.js'

/** The parts of the state the observer reads and counts into. */
export type ObservedState = Pick<MockState, 'api' | 'hostedPageApi' | 'coverage' | 'metrics' | 'sessions' | 'tokens' | 'clocks' | 'config'>

/** The operations whose answer shows the session's status (details and status; cancel's view too). */
const showingState = new Set(['GetSessionStatus', 'GetSessionDetails', 'CancelSession'])

const bearerOf = (request: FastifyRequest): string | undefined => /^Bearer[ \t]+(\S+)/i.exec(request.headers.authorization ?? '')?.[1]

/**
 * The client a request belongs to: the one its token or credentials named. A refused token still
 * names its client while the token store knows it (expired or spent, until evicted; with Redis, as
 * the request read it from the shared store); a forgotten one (evicted, reset, never issued) is
 * counted for the only client when just one is configured.
 */
function clientOf(state: ObservedState, request: FastifyRequest): string | undefined {
  const known = request.client?.id ?? request.annotations?.clientId
  if (known !== undefined) return known
  const token = bearerOf(request)
  if (token === undefined) return undefined
  const checked = state.tokens.check(token, false, request.storedToken)
  if ('clientId' in checked) return checked.clientId
  return state.config.clients.length === 1 ? state.config.clients[0]?.id : undefined
}

// The case ids of the outcomes, made once: a status read builds no string (issue 11).
const keysOf = (prefix: string, values: readonly string[], name = (value: string) => value) => new Map(values.map(value => [value, `${prefix}:${name(value)}`]))
const finalKeys = keysOf('final-status', sessionStatuses, statusSpelling)
const codeKeys = keysOf('status-code', statusDetailsCodes)
const paymentKeys = keysOf('payment-status', transactionStatuses)

/**
 * Counts what a read of a session showed the client: its final status, status code, payment
 * status; `shown` is the state the read showed, when its handler noted it (details, status).
 */
function recordOutcome(state: ObservedState, clientId: string, session: Session, shown: SessionState | undefined): void {
  const now = shown ?? stateAt(session, state.clocks.of(session.clientId).now())
  if (now.final) state.coverage.record(clientId, finalKeys.get(now.status) as string)
  // statusDetails are not shown on e-Transfer sessions (scenarios/schema.ts), the payment status only on them.
  if (now.statusDetails !== undefined && session.product !== 'e-Transfer') state.coverage.record(clientId, codeKeys.get(now.statusDetails) as string)
  if (now.transaction !== undefined) state.coverage.record(clientId, paymentKeys.get(now.transaction) as string)
}

const behaved = (state: ObservedState, clientId: string, behaviour: string, ok: boolean) =>
  state.coverage.record(clientId, ok ? `behaviour:${behaviour}` : `behaviour:${behaviour}:violated`)

/** Checks a request against what the client's last error answers expected of it. */
function checkExpectations(state: ObservedState, clientId: string, operationId: string, request: FastifyRequest): void {
  const expected = state.coverage.expectationsOf(clientId)
  const { retryAfter, refusedToken, badRequest } = expected
  if (retryAfter !== undefined && retryAfter.operationId === operationId) {
    behaved(state, clientId, 'waits-for-retry-after', state.clocks.of(clientId).now() >= retryAfter.notBeforeMs)
    delete expected.retryAfter
  }
  if (refusedToken !== undefined && (operationId === 'Authorize' || bearerOf(request) === refusedToken)) {
    behaved(state, clientId, 'new-token-after-401', operationId === 'Authorize')
    delete expected.refusedToken
  }
  if (badRequest !== undefined && badRequest.operationId === operationId) {
    behaved(state, clientId, 'no-identical-retry-after-400', request.rawBody !== badRequest.body)
    delete expected.badRequest
  }
}

/** Counts the error class of an answer and sets what the client should do next. */
function recordError(state: ObservedState, clientId: string, operationId: string, request: FastifyRequest, reply: FastifyReply): void {
  const status = reply.statusCode
  const expected = state.coverage.expectationsOf(clientId)
  if (status === 400) {
    state.coverage.record(clientId, 'error-class:validation')
    if (request.rawBody !== undefined) expected.badRequest = { operationId, body: request.rawBody }
  } else if (status === 401) {
    const challenge = String(reply.getHeader('www-authenticate') ?? '')
    if (challenge.includes('expired')) state.coverage.record(clientId, 'error-class:expired-token')
    else if (challenge.includes(spentTokenDescription)) state.coverage.record(clientId, 'error-class:spent-token')
    const token = bearerOf(request)
    if (token !== undefined) expected.refusedToken = token
  } else if (status === 403) {
    state.coverage.record(clientId, 'error-class:forbidden')
  } else if (status === 429) {
    const seconds = Number(reply.getHeader('retry-after'))
    if (Number.isFinite(seconds)) {
      state.coverage.record(clientId, 'error-class:rate-limited')
      expected.retryAfter = { operationId, notBeforeMs: state.clocks.of(clientId).now() + seconds * 1000 }
    }
  } else if (status >= 500) {
    state.coverage.record(clientId, 'error-class:server-error')
  }
}

/** Counts an answer of the Flinks API for the client it belongs to. */
function observeApi(state: ObservedState, request: FastifyRequest, reply: FastifyReply, operationId: string): void {
  const clientId = clientOf(state, request)
  if (clientId === undefined) return
  // The client's clock is read only where an expectation needs it (issue 11).
  checkExpectations(state, clientId, operationId, request)
  const status = reply.statusCode
  state.coverage.recordResponse(clientId, operationId, status)
  const notes = request.annotations
  if (notes?.scenario !== undefined) state.coverage.record(clientId, `scenario:${notes.scenario}`)
  if (status >= 400) return recordError(state, clientId, operationId, request, reply)
  // The session the handler found (routes/sessions.ts), not looked up again (issue 11).
  const session = showingState.has(operationId) ? notes?.session : undefined
  if (session !== undefined) recordOutcome(state, clientId, session, notes?.shown)
}

/**
 * Counts one answer: metrics for every request, coverage for the Flinks API and the page's
 * actions and outcomes. An outcome counts for each final view the page answered (an action's, or
 * a read's), as a final status counts for each read.
 */
export function observeResponse(state: ObservedState, request: FastifyRequest, reply: FastifyReply): void {
  const operation: Operation | undefined = request.routeOptions.config.operation
  state.metrics.recordRequest(operation?.operationId ?? 'none', reply.statusCode)
  if (operation === undefined) return
  const { operationId } = operation
  if (state.api.operations.get(operationId) === operation) return observeApi(state, request, reply, operationId)
  if (reply.statusCode !== 200 || (operationId !== 'PagePerformAction' && operationId !== 'PageGetSession')) return
  // The page's answer found its session, and noted the session's client and the view's outcome (hosted-page/routes.ts).
  const { clientId, pageOutcome } = request.annotations as { clientId: string, pageOutcome?: string }
  if (operationId === 'PagePerformAction') state.coverage.record(clientId, `page-action:${(request.body as { action: string }).action}`)
  if (pageOutcome !== undefined) state.coverage.record(clientId, `page-outcome:${pageOutcome}`)
}

/** Registers the hook; a failure in it is logged, never thrown at the request. */
export function observeResponses(app: FastifyInstance, state: ObservedState): void {
  app.addHook('onResponse', (request, reply, done) => {
    try {
      observeResponse(state, request, reply)
    } catch (error) {
      request.log.error({ err: error }, 'coverage: the answer could not be counted (a bug in flinks-mock)')
    }
    done()
  })
}

/** Counts a connection a scenario fault closed without an answer (no onResponse follows it), in metrics and coverage. */
export function observeDroppedConnection(request: FastifyRequest): void {
  // Plugin instances inherit the root's properties, the mock's state among them (server.ts).
  const state = (request.server as { mock?: ObservedState } | undefined)?.mock
  if (state === undefined) return
  try {
    const operation: Operation | undefined = request.routeOptions.config.operation
    state.metrics.recordDroppedConnection(operation?.operationId ?? 'none')
    const clientId = clientOf(state, request)
    if (clientId === undefined) return
    state.coverage.record(clientId, 'error-class:dropped-connection')
    // The scenario that dropped it (applyFault noted it first).
    state.coverage.record(clientId, `scenario:${request.annotations?.scenario}`)
  } catch (error) {
    request.log.error({ err: error }, 'coverage: a dropped connection could not be counted (a bug in flinks-mock)')
  }
}

/** Counts a webhook delivery: its outcome for metrics, 2xx or failed (and the outcome it told) for coverage. */
export function observeDelivery(state: ObservedState, delivery: WebhookDelivery): void {
  const answered = delivery.status !== null && delivery.status >= 200 && delivery.status < 300
  state.metrics.recordDelivery(delivery.event, delivery.status === null ? 'no-answer' : answered ? '2xx' : 'non-2xx')
  state.coverage.record(delivery.clientId, answered ? `webhook:${delivery.event}` : `webhook:${delivery.event}:failed`)
  const session = state.sessions.get(delivery.sessionId, delivery.clientId)
  if (answered && delivery.event === 'SessionSetupStatusChanged' && session !== undefined) recordOutcome(state, delivery.clientId, session, undefined)
}
