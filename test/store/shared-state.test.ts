/** Two mocks in one process on one Redis agree on everything: the walk-through split between them. */
import t, { type Test } from 'tap'
import { basic, build, eTransferBody, formType, jsonType, type TestMock } from '../helpers/app.js'
import { startRedis, type TestRedis } from './redis-server.js'

const authorize = async (mock: TestMock) => {
  const res = await mock.inject({ method: 'POST', url: '/api/v1/authorize', headers: { authorization: basic(), 'content-type': formType }, payload: 'grant_type=client_credentials' })
  return (res.json() as { access_token: string }).access_token
}

async function twoReplicas(t: Test, redis?: TestRedis) {
  const server = redis ?? await startRedis(t)
  const a = await build(t, { store: server.url })
  const b = await build(t, { store: server.url })
  return { a, b, server }
}

t.test('a session made through one replica is read, driven and cancelled through the other', async t => {
  const { a, b } = await twoReplicas(t)
  t.strictSame((await b.inject({ url: '/__admin/requests' })).json(), { requests: [] }, 'nothing journaled yet')
  const token = await authorize(a)
  const created = await b.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })
  t.equal(created.statusCode, 201)
  const { sessionId } = created.json() as { sessionId: string }
  const details = await a.inject({ url: `/api/v2/sessions/${sessionId}/details`, headers: { authorization: `Bearer ${token}` } })
  t.equal(details.statusCode, 200)
  t.equal(details.headers['content-type'], jsonType)
  t.match(details.json(), { sessionId, status: 'Initiated', referenceId: 'USER12345' })

  const again = await a.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })
  t.equal(again.statusCode, 401, 'the token is spent on every replica')

  const page = await a.inject({ url: `/app/?sessionId=${sessionId}` })
  t.equal(page.statusCode, 200)
  for (const action of [{ action: 'open' }, { action: 'selectInstitution' }]) {
    const res = await (action.action === 'open' ? a : b).inject({ method: 'POST', url: `/app/api/sessions/${sessionId}/actions`, payload: action })
    t.equal(res.statusCode, 200, action.action)
  }
  const status = await b.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers: { authorization: `Bearer ${token}` } })
  t.match(status.json(), { status: 'InProgress' })

  const cancelled = await a.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/cancel`, headers: { authorization: `Bearer ${token}` } })
  t.equal(cancelled.statusCode, 200)
  const after = await b.inject({ url: `/__admin/sessions/${sessionId}` })
  t.match(after.json(), { sessionId, state: { status: 'Cancelled', final: true } })
  const listed = await b.inject({ url: '/__admin/sessions' })
  t.strictSame((listed.json() as { sessions: Array<{ sessionId: string }> }).sessions.map(s => s.sessionId), [sessionId])

  const journal = await a.inject({ url: '/__admin/requests' })
  const requests = (journal.json() as { requests: Array<{ id: number, method: string, path: string }> }).requests
  t.strictSame(requests.map(r => `${r.method} ${r.path}`), [
    'POST /api/v1/authorize', 'POST /api/v2/sessions', `GET /api/v2/sessions/${sessionId}/details`, 'POST /api/v2/sessions',
    'GET /app/', `POST /app/api/sessions/${sessionId}/actions`, `POST /app/api/sessions/${sessionId}/actions`,
    `GET /api/v2/sessions/${sessionId}/status`, `POST /api/v2/sessions/${sessionId}/cancel`
  ], 'the requests of both, in order')
  t.strictSame(requests.map(r => r.id), [1, 2, 3, 4, 5, 6, 7, 8, 9])
})

t.test('of 200 creates with one token spread over two replicas, exactly one succeeds', async t => {
  const { a, b } = await twoReplicas(t)
  const token = await authorize(a)
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    (i % 2 === 0 ? a : b).inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })))
  t.strictSame(results.reduce<Record<number, number>>((n, r) => ({ ...n, [r.statusCode]: (n[r.statusCode] ?? 0) + 1 }), {}), { 201: 1, 401: 199 })
})

t.test('the clock moved, frozen or unfrozen on one replica holds on the other at once', async t => {
  const { a, b } = await twoReplicas(t)
  const before = (await b.inject({ url: '/__admin/clock' })).json() as { now: string }
  await a.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 3600 } })
  const after = (await b.inject({ url: '/__admin/clock' })).json() as { now: string, frozen: boolean }
  t.equal(Date.parse(after.now) - Date.parse(before.now), 3600_000)
  t.equal(after.frozen, true)
  await b.inject({ method: 'POST', url: '/__admin/clock/unfreeze' })
  t.equal(((await a.inject({ url: '/__admin/clock' })).json() as { frozen: boolean }).frozen, false)
})

t.test('with several clients, a token expired on the shared clock is credited to its client by the replica that refused it', async t => {
  const server = await startRedis(t)
  const clients = [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret' }, { id: 'team-b', secret: 'team-b-secret' }]
  const a = await build(t, { store: server.url, clients })
  const b = await build(t, { store: server.url, clients })
  const token = await a.token('team-b', 'team-b-secret')
  await a.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 600 } })
  const refused = await b.inject({ url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/status', headers: { authorization: `Bearer ${token}` } })
  t.equal(refused.statusCode, 401)
  t.match(refused.headers['www-authenticate'], /The token expired at /)
  t.equal(b.app.mock.tokens.get(token), undefined, 'replica B never held the token: it read it from Redis')
  const met = async (clientId: string) => ((await b.inject({ url: `/__admin/coverage?clientId=${clientId}` })).json() as { groups: Array<{ name: string, items: Array<{ id: string, count: number }> }> })
    .groups.find(group => group.name === 'error-classes')?.items.filter(item => item.count > 0).map(item => item.id)
  t.strictSame(await met('team-b'), ['error-class:expired-token'])
  t.strictSame(await met('flinks-mock-client'), [])
})

t.test('a reset through one replica reaches the other', async t => {
  const { a, b } = await twoReplicas(t)
  const token = await authorize(a)
  const created = await a.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })
  const { sessionId } = created.json() as { sessionId: string }
  t.equal((await b.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers: { authorization: `Bearer ${token}` } })).statusCode, 200)
  t.equal((await b.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 200)
  const gone = await a.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers: { authorization: `Bearer ${token}` } })
  t.equal(gone.statusCode, 401, 'its token is forgotten')
  t.strictSame((await a.inject({ url: '/__admin/sessions' })).json(), { sessions: [] })
  const requests = (await a.inject({ url: '/__admin/requests' })).json() as { requests: Array<{ id: number, path: string }> }
  t.strictSame(requests.requests.map(r => [r.id, r.path]), [[1, `/api/v2/sessions/${sessionId}/status`]], 'the journal starts again')
})

t.test('the state outlives the replicas: a new one reads what the old ones left', async t => {
  const redis = await startRedis(t)
  const first = await twoReplicas(t, redis)
  const token = await authorize(first.a)
  const created = await first.b.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })
  const { sessionId } = created.json() as { sessionId: string }
  await first.a.app.close()
  await first.b.app.close()
  const next = await build(t, { store: redis.url })
  const res = await next.inject({ url: `/api/v2/sessions/${sessionId}/details`, headers: { authorization: `Bearer ${token}` } })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { sessionId, referenceId: 'USER12345' })
})

t.test('a session evicted by another replica\'s cap is gone from every replica\'s list', async t => {
  const redis = await startRedis(t)
  const a = await build(t, { store: redis.url, maxSessions: 1 })
  const b = await build(t, { store: redis.url, maxSessions: 1 })
  const first = (await a.createSession(eTransferBody())).json() as { sessionId: string }
  t.strictSame(((await a.inject({ url: '/__admin/sessions' })).json() as { sessions: Array<{ sessionId: string }> }).sessions.map(s => s.sessionId), [first.sessionId])
  const second = (await b.createSession(eTransferBody())).json() as { sessionId: string }
  t.strictSame(((await a.inject({ url: '/__admin/sessions' })).json() as { sessions: Array<{ sessionId: string }> }).sessions.map(s => s.sessionId), [second.sessionId])
})

t.test('a refused create gives its token back on every replica when refusals do not spend it', async t => {
  const redis = await startRedis(t)
  const a = await build(t, { store: redis.url, refusedCreateSpendsToken: false })
  const b = await build(t, { store: redis.url, refusedCreateSpendsToken: false })
  const token = await authorize(a)
  const refused = await a.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: { ...eTransferBody(), amount: -1 } })
  t.equal(refused.statusCode, 400)
  const created = await b.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })
  t.equal(created.statusCode, 201)
})

t.test('requests without a token, or to no route, are answered as in one process', async t => {
  const { a, b } = await twoReplicas(t)
  const created = await a.createSession(eTransferBody())
  const { sessionId } = created.json() as { sessionId: string }
  const shouted = await b.inject({ url: `/API/V2/SESSIONS/${sessionId.toUpperCase()}/STATUS`, headers: { authorization: `Bearer ${created.token}` } })
  t.equal(shouted.statusCode, 200, 'paths and ids in any case, as on one replica')
  const missing = await a.inject({ url: `/api/v2/sessions/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/details` })
  t.equal(missing.statusCode, 401)
  t.equal((await a.inject({ url: '/api/nowhere' })).statusCode, 404)
})

t.test('a write the store refuses answers 503 naming the store', async t => {
  const { a, server } = await twoReplicas(t)
  a.app.mock.store.writeClock = async () => {
    throw new Error('connection lost')
  }
  const res = await a.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 5 } })
  t.equal(res.statusCode, 503)
  t.equal((res.json() as { detail: string }).detail, `The mock's store is unavailable: Redis at ${server.url} does not answer (connection lost). Retry shortly.`)
})
