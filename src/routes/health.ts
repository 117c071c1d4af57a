/**
 * GET (and HEAD) /healthz: readiness, for load balancers and container health checks: 200 while
 * the store answers, 503 when it does not (Redis lost), so traffic goes to the replicas that can
 * serve it. /healthz/live: liveness, 200 while the process serves at all, so a replica waiting
 * for Redis to come back is not restarted for it.
 */
import type { FastifyInstance } from 'fastify'
import type { Store } from '../store/types.js'

/** What the health routes need: the store they report on. */
export interface HealthOptions {
  store: Store
}

export default async function healthRoutes(app: FastifyInstance, { store }: HealthOptions): Promise<void> {
  // Probes run every few seconds: they stay out of the logs.
  app.route({
    method: ['GET', 'HEAD'],
    url: '/healthz',
    logLevel: 'silent',
    handler: async (_request, reply) => {
      try {
        await store.ping()
        return { status: 'ok', store: store.kind }
      } catch (error) {
        return reply.code(503).send({ status: 'unavailable', store: store.kind, reason: (error as Error).message })
      }
    }
  })
  app.route({ method: ['GET', 'HEAD'], url: '/healthz/live', logLevel: 'silent', handler: async () => ({ status: 'ok' }) })
}
