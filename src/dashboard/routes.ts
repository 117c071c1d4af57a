/**
 * The dashboard at /__admin/ui: one page, one script and one stylesheet (src/dashboard/assets/),
 * served as they are. The page holds no data, so it is served without credentials; its script
 * reads and drives the admin API with the credentials the person gives it.
 */
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { routeOperation } from '../openapi/route.js'
import type { RouteOptions } from '../state.js'

/**
 * The dashboard's files; `../../src/dashboard/assets/` resolves from both src/dashboard and
 * dist/dashboard (tsc does not copy them, so the package ships them under src/).
 */
export const dashboardAssetsDir = new URL('../../src/dashboard/assets/', import.meta.url)

// The page runs no inline code and talks to its own origin only; unlike the hosted page, nobody
// embeds it, so no one may frame it (a framed redeliver button could be clicked for someone). Its
// icon is an empty data: URL, so the browser asks for no /favicon.ico, which the journal would keep.
const dashboardHeaders = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; base-uri 'none'; object-src 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff'
}

// Each file by the operation of openapi/admin.yaml that serves it.
const files = [
  { operationId: 'AdminDashboard', name: 'index.html', type: 'text/html; charset=utf-8' },
  { operationId: 'AdminDashboardScript', name: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
  { operationId: 'AdminDashboardStylesheet', name: 'dashboard.css', type: 'text/css; charset=utf-8' }
]

/** Registers the dashboard's page and files; reads them once, at start-up (a missing one stops it). */
export default async function dashboardRoutes(app: FastifyInstance, { state }: RouteOptions): Promise<void> {
  for (const { operationId, name, type } of files) {
    const text = readFileSync(new URL(name, dashboardAssetsDir), 'utf8')
    routeOperation(app, state.adminApi, 'strict', operationId, {
      wording: 'plain',
      handler: async (_request, reply) => reply.headers(dashboardHeaders).type(type).send(text)
    })
  }
}
