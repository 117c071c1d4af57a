/** GET /__admin/coverage (JSON, JUnit XML, a page) and GET /metrics: the admin API's evidence of what clients did. */
import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import { coverageOf } from '../../coverage/coverage-of.js'
import { acceptedType } from '../../http/accepted.js'
import { htmlReport, junitReport } from '../../coverage/formats.js'
import { routeOperation } from '../../openapi/route.js'
import { jsonContentType, problems, ProblemError } from '../../problems.js'
import type { MockState } from '../../state.js'
import { scopedClient } from './auth.js'

// Accept's choices, JSON first: it answers */* and no Accept at all.
const mediaTypes = ['application/json', 'application/xml', 'text/xml', 'text/html']
const formatOf: Record<string, 'json' | 'junit' | 'html'> = { 'application/xml': 'junit', 'text/xml': 'junit', 'text/html': 'html' }

/** Registers the coverage and metrics routes behind the admin API's authentication. */
export function coverageRoutes(app: FastifyInstance, state: MockState, onRequest: onRequestHookHandler): void {
  routeOperation(app, state.adminApi, 'strict', 'AdminGetCoverage', {
    onRequest,
    wording: 'plain',
    handler: (request, reply) => {
      const query = request.query as { clientId?: string, format?: 'json' | 'junit' | 'html' }
      const clientId = scopedClient(request, query.clientId)
      if (clientId !== undefined && state.clients.get(clientId) === undefined) throw new ProblemError(problems.clientNotFound(clientId))
      const report = coverageOf(state, clientId)
      const accepted = acceptedType(request, mediaTypes)
      const format = query.format ?? (typeof accepted === 'string' ? formatOf[accepted] : undefined) ?? 'json'
      if (format === 'junit') return reply.type('application/xml; charset=utf-8').send(junitReport(report))
      if (format === 'html') return reply.type('text/html; charset=utf-8').send(htmlReport(report))
      return reply.type(jsonContentType).send(report)
    }
  })
  routeOperation(app, state.adminApi, 'strict', 'AdminGetMetrics', {
    onRequest,
    wording: 'plain',
    handler: async (_request, reply) => reply.type(state.metrics.contentType).send(await state.metrics.render())
  })
}
