import Fastify from 'fastify'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import httpPlugin from '../../src/http/plugin.js'
import { createIds } from '../../src/ids.js'
import { loadApiDocument } from '../../src/openapi/document.js'
import { routeOperation, type OperationRoute } from '../../src/openapi/route.js'
import { problemDetails } from '../../src/problems.js'
import { problemType, traceIdPattern } from '../helpers/app.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/openapi/${name}`, import.meta.url))

/** A bare app serving GetThing (GET /things/{id}, id a uuid) of a fixture document. */
async function serve(t: Test, route: Omit<OperationRoute, 'handler'> = {}) {
  const app = Fastify()
  await app.register(httpPlugin, { ids: createIds(), bodyLimitBytes: 1024 })
  routeOperation(app, loadApiDocument(fixture('path-level-parameters.yaml')), 'strict', 'GetThing', {
    ...route,
    handler: async request => ({ id: (request.params as { id: string }).id })
  })
  t.teardown(() => app.close())
  return app
}

t.test('a path parameter that fits its schema reaches the handler', async t => {
  const app = await serve(t)
  const res = await app.inject({ url: '/things/3fa85f64-5717-4562-b3fc-2c963f66afa6' })
  t.equal(res.statusCode, 200)
  t.strictSame(res.json(), { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' })
})

t.test('a path parameter that does not fit is 404 no route, unless the route names its own problem', async t => {
  const app = await serve(t)
  const res = await app.inject({ url: '/things/not-a-uuid' })
  t.equal(res.statusCode, 404)
  t.equal(res.headers['content-type'], problemType)
  const { traceId, ...body } = res.json()
  t.match(traceId, traceIdPattern)
  t.strictSame(body, { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found', status: 404, detail: 'No route matches GET /things/not-a-uuid.' })

  const named = await serve(t, { invalidPathParam: (name, value) => problemDetails(404, { detail: `No thing ${value} (${name}).` }) })
  t.equal((await named.inject({ url: '/things/not-a-uuid' })).json().detail, 'No thing not-a-uuid (id).')
})
