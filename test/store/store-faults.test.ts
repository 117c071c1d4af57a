/** A Redis store that goes away while the mock serves: 503 with Retry-After, readiness down, then service again by itself. */
import t from 'tap'
import { basic, build, eTransferBody, formType, jsonType, problemType, traceIdPattern } from '../helpers/app.js'
import { connectRedis } from '../../src/store/connect.js'
import { createRedisStore } from '../../src/store/redis.js'
import { createSessionDecoder } from '../../src/store/session-codec.js'
import { startRedis, storeReady } from './redis-server.js'

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
  await storeReady(mock)
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

t.test('a change that loses the race for its session answers 503, and changes nothing', async t => {
  const redis = await startRedis(t)
  const mock = await build(t, { store: redis.url })
  const created = await mock.createSession(eTransferBody())
  const { sessionId } = created.json() as { sessionId: string }
  const store = mock.app.mock.store
  const putSession = store.putSession
  // Another replica wrote the session between this request's read and its write.
  store.putSession = async () => undefined
  const cancelled = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/cancel`, headers: { authorization: `Bearer ${created.token}` } })
  store.putSession = putSession
  t.equal(cancelled.statusCode, 503)
  t.equal(cancelled.headers['retry-after'], '1')
  t.equal((cancelled.json() as { detail: string }).detail, `The mock's store is unavailable: session ${sessionId} was changed by another request meanwhile. Retry shortly.`)

  const other = await connectRedis(redis.url)
  t.teardown(() => other.disconnect())
  const replica = createRedisStore({ redis: other, clientIds: ['flinks-mock-client'], limits: { maxSessions: 10, maxTokens: 10, logSizes: { journal: 10, outbox: 10, deliveries: 10 } }, decodeSession: createSessionDecoder(mock.app.mock.scenarios) })
  t.ok(await replica.lockSession(sessionId), 'another replica holds the session')
  const waited = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/cancel`, headers: { authorization: `Bearer ${created.token}` } })
  t.equal(waited.statusCode, 503)
  t.equal((waited.json() as { detail: string }).detail, `The mock's store is unavailable: session ${sessionId} is being changed by another request. Retry shortly.`)
  const status = await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers: { authorization: `Bearer ${created.token}` } })
  t.match(status.json(), { status: 'Initiated' })
})

t.test('a create whose session cannot be written answers 503', async t => {
  const redis = await startRedis(t)
  const mock = await build(t, { store: redis.url })
  mock.app.mock.store.putSession = async () => undefined
  const created = await mock.createSession(eTransferBody())
  t.equal(created.statusCode, 503)
  t.match((created.json() as { detail: string }).detail, /was changed by another request meanwhile/)
})

t.test('a Redis that stops answering without closing the connection answers 503 within seconds, then serves again', async t => {
  const redis = await startRedis(t)
  const mock = await build(t, { store: redis.url })
  const token = await mock.token()
  redis.pause(true)
  const started = Date.now()
  const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })
  t.equal(res.statusCode, 503)
  t.match((res.json() as { detail: string }).detail, /does not answer \(Command timed out\)/)
  t.ok(Date.now() - started < 3000)
  redis.pause(false)
  await storeReady(mock)
  // The claim sent before the pause ran when Redis went on: that token is spent, as refusals spend it by default.
  const created = await mock.createSession(eTransferBody())
  t.equal(created.statusCode, 201)
})
