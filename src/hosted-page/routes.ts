/**
 * The hosted page, `{BaseUri}/app/?sessionId=...` (Flinks' launch URL), and the small JSON API it
 * uses, described by openapi/hosted-page.yaml. No token: like the real page, it is opened by the
 * payor with nothing but the session id. Every user action goes through performAction, as the
 * admin API's do.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { noticeFor } from './notices.js'
import { loadPageAssets, renderFlowPage, renderNoticePage } from './template.js'
import type { components } from './hosted-page.types.js'
import { languageOf, pageView } from './view.js'
import { annotate } from '../http/journal-hook.js'
import { routeMethodNotAllowed, routeOperation } from '../openapi/route.js'
import { jsonContentType, problems, ProblemError } from '../problems.js'
import { performAction } from '../sessions/actions.js'
import { stateAt, type Session } from '../sessions/lifecycle.js'
import type { RouteOptions } from '../state.js'

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// The page is framed by other origins (that is how it is embedded), so no frame-ancestors; it
// runs no inline code, so scripts and styles come from the mock only.
const pageHeaders = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff'
}

/** Registers the page, its files and its JSON API. */
export default async function hostedPageRoutes(app: FastifyInstance, { state }: RouteOptions): Promise<void> {
  const { sessions, clocks, hostedPageApi: api } = state
  // A session's time is its client's clock (its own, or the shared one).
  const nowOf = (session: Session) => clocks.of(session.clientId).now()
  const assets = loadPageAssets()
  const sendHtml = (reply: FastifyReply, html: string) => reply.headers(pageHeaders).type('text/html; charset=utf-8').send(html)

  // ignoreTrailingSlash makes this /app as well.
  app.get('/app/', async (request, reply) => {
    const sessionId = (request.query as Record<string, unknown>).sessionId
    if (sessionId === undefined || sessionId === '') return sendHtml(reply, renderNoticePage(assets, noticeFor({ kind: 'missing' })))
    // A repeated parameter arrives as an array: not one session id either.
    const text = String(sessionId)
    if (typeof sessionId !== 'string' || !guidPattern.test(sessionId)) return sendHtml(reply, renderNoticePage(assets, noticeFor({ kind: 'malformed', sessionId: text })))
    const session = sessions.get(sessionId)
    if (session === undefined) return sendHtml(reply, renderNoticePage(assets, noticeFor({ kind: 'unknown', sessionId })))
    const state = stateAt(session, nowOf(session))
    const language = languageOf(session)
    if (state.final) {
      // EFTxxxx codes belong to EFT and GEFT sessions (as in their status bodies).
      const notice = noticeFor({ kind: 'ended', sessionId: session.id, state, showDetails: session.product !== 'e-Transfer' }, language)
      return sendHtml(reply, renderNoticePage(assets, notice, language))
    }
    return sendHtml(reply, renderFlowPage(assets, session.id, language))
  })
  app.get('/app/app.js', async (_request, reply) => reply.headers(pageHeaders).type('text/javascript; charset=utf-8').send(assets.script))
  app.get('/app/app.css', async (_request, reply) => reply.headers(pageHeaders).type('text/css; charset=utf-8').send(assets.stylesheet))

  const findSession = (request: FastifyRequest): Session => {
    const { sessionId } = request.params as { sessionId: string }
    const session = sessions.get(sessionId)
    if (session === undefined) throw new ProblemError(problems.hostedSessionNotFound(sessionId))
    // The page acts for the session's client: its journal entries belong to that client.
    annotate(request, { clientId: session.clientId, sessionId: session.id, referenceId: session.request.referenceId ?? null })
    return session
  }
  const sendView = (request: FastifyRequest, reply: FastifyReply, session: Session) => {
    const now = nowOf(session)
    const view = pageView(session, stateAt(session, now), now)
    // Coverage counts the outcome this answer shows (coverage/observe.ts).
    if (view.outcome !== null) annotate(request, { pageOutcome: view.outcome })
    return reply.headers({ 'cache-control': 'no-store' }).type(jsonContentType).send(view)
  }

  app.get('/app/api/openapi.json', async () => api.document)
  // 'strict', as the admin API: the page's own API has no ASP.NET Core service to imitate.
  const route = (operationId: string, handler: (request: FastifyRequest) => Session) =>
    routeOperation(app, api, 'strict', operationId, {
      wording: 'plain',
      invalidPathParam: (_name, value) => problems.hostedSessionNotFound(value),
      handler: async (request, reply) => sendView(request, reply, handler(request))
    })

  route('PageGetSession', findSession)
  route('PagePerformAction', request => {
    const session = findSession(request)
    const { action, ...input } = request.body as components['schemas']['PageAction']
    if (input.amount !== undefined && action !== 'approve') throw new ProblemError(problems.validation({ amount: ['An amount is taken with approve only.'] }))
    performAction(session, action, nowOf(session), input)
    state.webhooks.changed(session)
    return session
  })
  routeMethodNotAllowed(app, api)
}
