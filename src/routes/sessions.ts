/** The v2 session endpoints: initiate, details, status, cancel, confirm guarantee. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { bearer } from '../auth/bearer.js'
import { applyFault } from '../scenarios/faults.js'
import { acceptedType } from '../http/accepted.js'
import { jsonString } from '../json-text.js'
import { annotate } from '../http/journal-hook.js'
import { spentTokenDescription } from '../auth/token-store.js'
import { routeOperation } from '../openapi/route.js'
import { jsonContentType, problems } from '../problems.js'
import { cancelAt, stateAt, type Session, type SessionState } from '../sessions/lifecycle.js'
import { confirmGuarantee, confirmRefusal } from '../sessions/guarantee.js'
import type { InitiateSessionRequest } from '../sessions/model.js'
import { sendInteracLink } from '../sessions/outbox.js'
import { buildSession, checkInitiateRequest, splitAutoplay } from '../sessions/service.js'
import { createSessionBodies } from '../sessions/bodies.js'
import { cancelView } from '../sessions/views.js'
import { loadShippedDocuments, type RouteOptions } from '../state.js'

// The media types the 201 may take, in the document's order of preference for */*.
const createdMediaTypes = ['application/json', 'text/json', 'text/plain']

/** Registers the v2 session endpoints. */
export default async function sessionRoutes(app: FastifyInstance, { state }: RouteOptions): Promise<void> {
  const { api, clients, tokens, sessions, clocks, config, webhooks } = state
  // A session's time is its client's clock (its own, or the shared one).
  const nowOf = (session: Session) => clocks.of(session.clientId).now()
  const mode = config.validationMode
  const invalidPathParam = (_name: string, value: string) => problems.sessionNotFound(value)
  // The views follow the shipped document, whatever a user's --openapi file says of their members.
  const bodies = createSessionBodies(loadShippedDocuments().api)

  // The handlers below send their refusals (reply.problem) rather than throw them: a throw, even
  // one Fastify catches at once, costs V8 a message object and a walk of the stack (issue 11).

  /** The session of the request's path; undefined once its 404 is sent. */
  const findSession = (request: FastifyRequest, reply: FastifyReply): Session | undefined => {
    const { sessionId } = request.params as { sessionId: string }
    const session = sessions.get(sessionId, request.client?.id)
    // Another client's session answers as if it did not exist.
    if (session === undefined) return void reply.problem(problems.sessionNotFound(sessionId))
    annotate(request, { sessionId: session.id, referenceId: session.request.referenceId ?? null, session })
    return session
  }

  /** The state of a found session a read shows, noted for coverage (which counts what the client saw, not computed again). */
  const shownState = (request: FastifyRequest, session: Session, nowMs: number): SessionState => {
    const shown = stateAt(session, nowMs)
    ;(request.annotations as NonNullable<FastifyRequest['annotations']>).shown = shown
    return shown
  }

  // Whether the create call spends its token even when it is refused. The docs say only that "a
  // token can only initiate a single session"; spending it on any attempt is never kinder than the
  // service, so it is the default. Then the token is held from authentication on, so that the
  // refusals made before the handler (415, a body the schema refuses) spend it too.
  const spendOnRefusal = config.refusedCreateSpendsToken

  routeOperation(app, api, mode, 'InitiateSession', {
    onRequest: bearer({ tokens, clients, forInitiate: true, hold: spendOnRefusal }),
    // The published document leaves the body optional; the service's [FromBody] model is not.
    requireBody: true,
    // Synchronous unless the scenario injects a fault: an async handler costs a promise hop (issue 11).
    handler: (request, reply) => {
      const { client, token } = request as Required<Pick<FastifyRequest, 'client' | 'token'>>
      const ids = request.ids ?? state.ids
      // "A token can only initiate a single session" (Authorize page): held from here (or from
      // authentication on), so that a second request with the same token, still reading its body,
      // is refused; given back if this one is refused, unless refusals spend it.
      if (!spendOnRefusal && !tokens.claim(token)) return void reply.problem(problems.tokenInvalid(spentTokenDescription))
      const body = request.body as InitiateSessionRequest
      const giveBack = () => {
        if (!spendOnRefusal) tokens.release(token)
      }
      const checked = checkInitiateRequest(body, client, request.unboundBody)
      if ('problem' in checked) {
        giveBack()
        return void reply.problem(checked.problem)
      }
      const { matchBy, autoplay } = splitAutoplay(body.referenceId)
      const scenario = state.scenarios.current.match(matchBy, ids.fraction)
      const create = () => {
        const session = buildSession({ clock: clocks.of(client.id), ids, sessionTimeoutSeconds: config.sessionTimeoutSeconds }, { client, body, ...checked, scenario, autoplay: autoplay || config.autoplay })
        sessions.add(session)
        tokens.spend(token, session.id)
        webhooks.track(session)
        annotate(request, { sessionId: session.id })
        sendInteracLink({ outbox: state.outbox, clock: clocks.of(client.id), ids, publicUrl: config.publicUrl }, session, `${request.protocol}://${request.host}`)
        // Without an Accept header, the first: negotiating it would build the same answer (issue 11).
        const type = request.headers.accept === undefined ? createdMediaTypes[0] : acceptedType(request, createdMediaTypes)
        // The body is JSON whatever the media type (Swashbuckle lists text/plain too); written here
        // because Fastify only serializes objects for JSON media types, and as text (json-text.ts).
        return reply.code(201).type(typeof type === 'string' && type !== 'application/json' ? `${type}; charset=utf-8` : jsonContentType)
          .send(`{"sessionId":${jsonString(session.id)},"referenceId":${typeof body.referenceId === 'string' ? jsonString(body.referenceId) : JSON.stringify(body.referenceId ?? null)}}`)
      }
      if (scenario === undefined) {
        create()
        return
      }
      const { dropConnection } = scenario
      return applyFault(scenario, request, reply, state.sleep).then(() => {
        if (!dropConnection) return create()
        giveBack()
        return reply
      }, (error: unknown) => {
        giveBack()
        throw error
      })
    }
  })

  const read = bearer({ tokens, clients })
  routeOperation(app, api, mode, 'GetSessionDetails', {
    onRequest: read,
    invalidPathParam,
    // Synchronous, as the handlers below but create's: an async handler costs a promise hop (issue 11).
    handler: (request, reply) => {
      const session = findSession(request, reply)
      if (session === undefined) return
      const nowMs = nowOf(session)
      reply.type(jsonContentType).send(bodies.details(session, shownState(request, session, nowMs), nowMs))
    }
  })

  routeOperation(app, api, mode, 'GetSessionStatus', {
    // The docs disagree on whether status needs a token; `statusRequiresAuth` chooses.
    onRequest: bearer({ tokens, clients, optional: !config.statusRequiresAuth }),
    invalidPathParam,
    handler: (request, reply) => {
      const session = findSession(request, reply)
      if (session !== undefined) reply.type(jsonContentType).send(bodies.status(session, shownState(request, session, nowOf(session))))
    }
  })

  routeOperation(app, api, mode, 'CancelSession', {
    onRequest: read,
    invalidPathParam,
    handler: (request, reply) => {
      const session = findSession(request, reply)
      if (session === undefined) return
      const now = nowOf(session)
      const state = stateAt(session, now)
      // "If the session is already in a terminal state, the request is rejected" (cancel pages).
      if (state.final) return void reply.problem(problems.sessionAlreadyTerminal(session.id, state.status))
      cancelAt(session, now, state.transaction)
      webhooks.changed(session)
      reply.type(jsonContentType).send(cancelView(session, stateAt(session, now)))
    }
  })

  routeOperation(app, api, mode, 'ConfirmGuarantee', {
    onRequest: read,
    invalidPathParam,
    // A [FromBody] model, as on initiate: no body is a 400, whatever the document says.
    requireBody: true,
    handler: (request, reply) => {
      const session = findSession(request, reply)
      if (session === undefined) return
      const now = nowOf(session)
      const refusal = confirmRefusal(session, now)
      if (refusal !== undefined) return void reply.problem(problems.noGuaranteeToConfirm(refusal))
      confirmGuarantee(session, (request.body as { guaranteeAccepted: boolean }).guaranteeAccepted, now)
      webhooks.changed(session)
      reply.type(jsonContentType).send({ sessionId: session.id, referenceId: session.request.referenceId ?? null })
    }
  })
}
