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
  await app.register(httpPlugin, { ids: createIds(), bodyLimitBytes: 1024, errorBodies: 'problem' })
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

t.test('a query value that does not fit is worded as ASP.NET Core words it, or plainly with the plain wording', async t => {
  const aspnet = await serve(t)
  const res = await aspnet.inject({ url: '/things/3fa85f64-5717-4562-b3fc-2c963f66afa6?limit=abc' })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json().errors, { limit: ["The value 'abc' is not valid for limit."] })
  const plain = await serve(t, { wording: 'plain' })
  t.strictSame((await plain.inject({ url: '/things/3fa85f64-5717-4562-b3fc-2c963f66afa6?limit=abc' })).json().errors, { limit: ['Must be an integer, got "abc".'] })
  t.strictSame((await plain.inject({ url: '/things/3fa85f64-5717-4562-b3fc-2c963f66afa6?limit=0' })).json().errors, { limit: ['Must be >= 1, got "0".'] })
})
