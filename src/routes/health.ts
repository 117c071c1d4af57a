/** GET (and HEAD) /healthz: for container health checks and load balancers. */
import type { FastifyInstance } from 'fastify'

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  // Probes run every few seconds: they stay out of the logs.
  app.route({ method: ['GET', 'HEAD'], url: '/healthz', logLevel: 'silent', handler: async () => ({ status: 'ok' }) })
}
