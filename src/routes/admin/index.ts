/** The admin API (/__admin): journal, reset, clock, scenarios, sessions, coverage (and /metrics). Described by openapi/admin.yaml. */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { routeMethodNotAllowed, routeOperation } from '../../openapi/route.js'
import { jsonContentType, problems, ProblemError } from '../../problems.js'
import { outcomeOf } from '../../scenarios/table.js'
import { performAction, type ActionInput, type UserAction } from '../../sessions/actions.js'
import type { Session } from '../../sessions/lifecycle.js'
import { stateAt } from '../../sessions/lifecycle.js'
import type { JournalFilter } from '../../journal.js'
import { reloadScenarios, resetState, type RouteOptions } from '../../state.js'
import { adminAuth, requireGlobal, scopedClient } from './auth.js'
import { adminSessionView, clockView } from './views.js'
import { coverageRoutes } from './coverage.js'
import { advanceClock, clockRoutes } from './clocks.js'

/** Registers the admin API. */
export default async function adminRoutes(app: FastifyInstance, { state }: RouteOptions): Promise<void> {
  const { clock, clocks, sessions, journal, adminApi: api } = state
  // A session's time is its client's clock (its own, or the shared one).
  const nowOf = (session: Session) => clocks.of(session.clientId).now()
  const withNow = (session: Session): [Session, number] => [session, nowOf(session)]
  const onRequest = adminAuth(state.clients, state.config.adminToken)
  const route = (operationId: string, handler: (request: FastifyRequest) => Promise<unknown> | unknown) =>
    routeOperation(app, api, 'strict', operationId, {
      onRequest,
      invalidPathParam: (_name, value) => problems.sessionNotFound(value),
      // Our own API: its errors are in our words, not the ones the real service's framework would use.
      wording: 'plain',
      handler: async (request, reply) => reply.type(jsonContentType).send(await handler(request))
    })

  app.get('/__admin/openapi.json', async () => api.document)

  const filterOf = (request: FastifyRequest, filter: JournalFilter): JournalFilter => {
    const clientId = scopedClient(request, filter.clientId)
    return { ...filter, ...(clientId === undefined ? {} : { clientId }) }
  }
  route('AdminListRequests', request => ({ requests: journal.list(filterOf(request, request.query as JournalFilter)) }))
  route('AdminCountRequests', request => ({ count: journal.count(filterOf(request, (request.body ?? {}) as JournalFilter)) }))

  route('AdminReset', async request => {
    const clientId = scopedClient(request, (request.body as { clientId?: string } | undefined)?.clientId)
    if (clientId !== undefined && state.clients.get(clientId) === undefined) {
      throw new ProblemError(problems.clientNotFound(clientId))
    }
    await resetState(state, clientId)
    return { reset: clientId ?? 'everything' }
  })

  route('AdminGetClock', () => clockView(clock))
  route('AdminAdvanceClock', async request => {
    requireGlobal(request)
    advanceClock(clock, (request.body as { seconds: number }).seconds)
    // Answers once every webhook due by the new time has been attempted.
    await state.webhooks.settled()
    return clockView(clock)
  })
  route('AdminFreezeClock', request => {
    requireGlobal(request)
    clock.freeze()
    return clockView(clock)
  })
  route('AdminUnfreezeClock', request => {
    requireGlobal(request)
    clock.unfreeze()
    return clockView(clock)
  })

  clockRoutes(state, route)

  route('AdminListScenarios', () => ({
    scenarios: state.scenarios.current.all.map(s => ({ name: s.name, description: s.description, match: s.match, outcome: outcomeOf(s), source: s.source }))
  }))
  route('AdminReloadScenarios', async request => {
    requireGlobal(request)
    const scenarios = reloadScenarios(state)
    // Each replica reads its own files again (with Redis; nobody else to tell in memory).
    await state.store.broadcast({ type: 'reload' })
    return { scenarios }
  })

  const findSession = (request: FastifyRequest): Session => {
    const { sessionId } = request.params as { sessionId: string }
    const session = sessions.get(sessionId, request.adminScope)
    if (session === undefined) throw new ProblemError(problems.sessionNotFound(sessionId))
    return session
  }
  route('AdminListSessions', request => {
    const query = request.query as { clientId?: string, referenceId?: string, status?: string }
    const list = sessions.list(scopedClient(request, query.clientId))
      .filter(s => query.referenceId === undefined || s.request.referenceId === query.referenceId)
      .filter(s => query.status === undefined || stateAt(s, nowOf(s)).status === query.status)
    return { sessions: list.map(s => adminSessionView(s, nowOf(s))) }
  })
  route('AdminGetSession', request => adminSessionView(...withNow(findSession(request))))
  route('AdminSimulate', request => {
    const session = findSession(request)
    const { action, ...input } = request.body as { action: UserAction } & ActionInput
    performAction(session, action, nowOf(session), input)
    state.webhooks.changed(session)
    return adminSessionView(session, nowOf(session))
  })

  route('AdminListOutbox', request => {
    const query = request.query as { clientId?: string, sessionId?: string }
    const messages = state.outbox.list(scopedClient(request, query.clientId))
    return { messages: messages.filter(m => query.sessionId === undefined || m.sessionId === query.sessionId) }
  })

  route('AdminListWebhooks', request => {
    const query = request.query as { clientId?: string, sessionId?: string }
    const deliveries = state.deliveries.list(scopedClient(request, query.clientId))
    return { deliveries: deliveries.filter(d => query.sessionId === undefined || d.sessionId === query.sessionId) }
  })
  route('AdminRedeliverWebhook', async request => {
    const { deliveryId } = request.params as { deliveryId: string }
    const delivery = await state.webhooks.redeliver(deliveryId, request.adminScope)
    if (delivery === undefined) throw new ProblemError(problems.deliveryNotFound(deliveryId))
    return delivery
  })

  coverageRoutes(app, state, onRequest)
  routeMethodNotAllowed(app, api)
}
