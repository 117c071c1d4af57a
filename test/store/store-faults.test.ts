/** A Redis store that goes away while the mock serves: 503 with Retry-After, readiness down, then service again by itself. */
import { setTimeout as wait } from 'node:timers/promises'
import t from 'tap'
import { basic, build, eTransferBody, formType, jsonType, problemType, traceIdPattern, type TestMock } from '../helpers/app.js'
import { startRedis } from './redis-server.js'

// The client reconnects on its own schedule (backoff up to 1 s): the test waits for readiness as a load balancer would.
async function ready(mock: TestMock): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if ((await mock.inject({ url: '/healthz' })).statusCode === 200) return
    await wait(50)
  }
  throw new Error('the store did not come back')
}

t.test('requests that need the store answer 503 with Retry-After while Redis is away, and recover when it returns', async t => {
  const redis = await startRedis(t)
  const mock = await build(t, { store: redis.url })
  t.strictSame((await mock.inject({ url: '/healthz' })).json(), { status: 'ok', store: 'redis' })
  const token = await mock.token()

  await redis.stop()
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)
  process.on('unhandledRejection', onUnhandled)
  t.teardown(() => process.off('unhandledRejection', onUnhandled))

  const requests = [
    { method: 'POST' as const, url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() },
    { method: 'POST' as const, url: '/api/v1/authorize', headers: { authorization: basic(), 'content-type': formType }, payload: 'grant_type=client_credentials' },
    { method: 'GET' as const, url: '/__admin/sessions' },
    { method: 'POST' as const, url: `/app/api/sessions/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/actions`, payload: { action: 'open' } }
  ]
  for (const request of requests) {
    const res = await mock.inject(request)
    t.equal(res.statusCode, 503, request.url)
    t.equal(res.headers['content-type'], problemType)
    t.equal(res.headers['retry-after'], '1')
    t.match(res.json(), {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.6.4',
      title: 'Service Unavailable',
      status: 503,
      detail: new RegExp(`^The mock's store is unavailable: Redis at redis://127\\.0\\.0\\.1:${redis.port}/0 does not answer \\(.+\\)\\. Retry shortly\\.$`),
      traceId: traceIdPattern
    })
  }
  const health = await mock.inject({ url: '/healthz' })
  t.equal(health.statusCode, 503)
  t.equal(health.headers['content-type'], jsonType)
  t.match(health.json(), { status: 'unavailable', store: 'redis', reason: String })
  t.strictSame((await mock.inject({ url: '/healthz/live' })).json(), { status: 'ok' })

  await redis.start()
  await ready(mock)
  // An empty Redis came back: a fresh token and session work again.
  const created = await mock.createSession(eTransferBody())
  t.equal(created.statusCode, 201)
  t.strictSame(unhandled, [])
})

t.test('a Redis that does not answer at start-up stops buildServer with the URL and the reason', async t => {
  const redis = await startRedis(t)
  await redis.stop()
  await t.rejects(build(t, { store: redis.url }), { name: 'StoreError', message: new RegExp(`^cannot reach the store at redis://127\\.0\\.0\\.1:${redis.port}/0: connect ECONNREFUSED`) })
})
