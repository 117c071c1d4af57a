import t from 'tap'
import { spentTokenDescription } from '../../src/auth/token-store.js'
import { startRedis } from '../helpers/redis.js'
import { alternate, authorizeRequest, startReplicas, walkThroughBody, type Replica } from '../helpers/replicas.js'

// Issue 12, "Done when": the topology of examples/docker-compose.replicas.yml (one Redis, two
// replicas, a load balancer sending each request to the next replica) running the README's
// walk-through, every request on the other replica than the one before.
const jsonType = 'application/json; charset=utf-8'
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

t.test('the README walk-through, each request to the other replica than the one before', async t => {
  const redis = await startRedis(t)
  const replicas = await startReplicas(t, redis.url)
  const via = alternate(replicas)
  const seen = new Set<string>()
  const send = async (path: string, init?: RequestInit) => {
    const replica: Replica = via()
    seen.add(replica.name)
    return replica.fetch(path, init)
  }

  // 1. Get a token.
  const first = await send('/api/v1/authorize', authorizeRequest)
  t.equal(first.status, 200)
  t.equal(first.headers['content-type'], jsonType)
  t.match(first.json(), { access_token: uuidPattern, token_type: 'bearer', expires_in: 599 })
  t.strictSame(Object.keys(first.json()), ['access_token', 'token_type', 'expires_in'])

  // 2. Create an e-Transfer session with a fresh token: 201 {"sessionId":"…","referenceId":"USER12345"}.
  const token: string = (await send('/api/v1/authorize', authorizeRequest)).json().access_token
  const auth = { authorization: `Bearer ${token}` }
  const create = () => send('/api/v2/sessions', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(walkThroughBody) })
  const created = await create()
  t.equal(created.status, 201)
  t.equal(created.headers['content-type'], jsonType)
  const { sessionId } = created.json()
  t.strictSame(created.json(), { sessionId, referenceId: 'USER12345' })
  t.match(sessionId, uuidPattern)
  // "The token is now spent: a second session needs a new one."
  const second = await create()
  t.equal(second.status, 401)
  t.equal(second.headers['www-authenticate'], `Bearer error="invalid_token", error_description="${spentTokenDescription}"`)

  // 3. Read the session (reads accept the token until it expires).
  const initiated = await send(`/api/v2/sessions/${sessionId}/details`, { headers: auth })
  t.equal(initiated.status, 200)
  t.equal(initiated.headers['content-type'], jsonType)
  t.match(initiated.json(), {
    sessionId,
    status: 'Initiated',
    step: { current: 'Start' },
    referenceId: 'USER12345',
    amount: 250,
    type: 'e-Transfer',
    schedule: { transactions: [] },
    createdAt: isoPattern
  })

  // 4. The hosted page, as the payor opens it; Continue, Flinks Capital, Greatday / Everyday, the
  // security questions (Montreal, Canada, Triangle), then Approve: the page's own JSON API.
  const page = await send(`/app/?sessionId=${sessionId}`)
  t.equal(page.status, 200)
  t.equal(page.headers['content-type'], 'text/html; charset=utf-8')
  const steps: Array<[object, object]> = [
    [{ action: 'open' }, { status: 'Initiated', step: 'Start' }],
    [{ action: 'selectInstitution' }, { status: 'InProgress', step: 'BankConnection' }],
    [{ action: 'login', username: 'Greatday', password: 'Everyday' }, { status: 'InProgress', bankLogin: { state: 'mfa' } }],
    [{ action: 'answerMfa', answers: ['Montreal', 'Canada', 'Triangle'] }, { status: 'InProgress', step: 'AccountSelection' }],
    [{ action: 'approve' }, { status: 'Completed', step: 'Complete', final: true }]
  ]
  for (const [action, expected] of steps) {
    const res = await send(`/app/api/sessions/${sessionId}/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(action) })
    t.equal(res.status, 200, JSON.stringify(action))
    t.match(res.json(), { sessionId, ...expected }, JSON.stringify(action))
  }

  // 5. Read it again: Completed, its payment Accepted (then Processed a minute later, Settled an hour later).
  const completed = await send(`/api/v2/sessions/${sessionId}/details`, { headers: auth })
  t.equal(completed.status, 200)
  t.match(completed.json(), {
    sessionId,
    status: 'Completed',
    step: { current: 'Complete' },
    payor: { account: { institutionCode: '999', transitNumber: '00001', accountNumber: /^\*{4}\d{4}$/ } },
    userDetails: { matchingPerformed: true, nameMatch: 100 },
    schedule: { transactions: [{ id: uuidPattern, status: 'Accepted' }] }
  })
  const advance = (seconds: number) => send('/__admin/clock/advance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) })
  t.equal((await advance(60)).status, 200)
  t.match((await send(`/api/v2/sessions/${sessionId}/details`, { headers: auth })).json(), { schedule: { transactions: [{ status: 'Processed' }] } })
  t.equal((await advance(3600)).status, 200)
  // An hour on, the token has expired (599 s): a new one reads the session.
  t.equal((await send(`/api/v2/sessions/${sessionId}/details`, { headers: auth })).status, 401)
  const later = { authorization: `Bearer ${(await send('/api/v1/authorize', authorizeRequest)).json().access_token}` }
  t.match((await send(`/api/v2/sessions/${sessionId}/details`, { headers: later })).json(), { schedule: { transactions: [{ status: 'Settled' }] } })

  // No browser at hand: the payor approves headless through the admin API.
  const headless = (await send('/api/v2/sessions', { method: 'POST', headers: { authorization: `Bearer ${(await send('/api/v1/authorize', authorizeRequest)).json().access_token}`, 'content-type': 'application/json' }, body: JSON.stringify(walkThroughBody) })).json().sessionId
  const simulated = await send(`/__admin/sessions/${headless}/simulate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"approve"}' })
  t.equal(simulated.status, 200)
  t.match(simulated.json(), { sessionId: headless, state: { status: 'Completed', final: true } })
  t.match((await send(`/api/v2/sessions/${headless}/status`, { headers: later })).json(), { sessionId: headless, status: 'Completed' })

  // With ET-Completed, a simulated payor completes the session within two minutes (status moves).
  const etToken = (await send('/api/v1/authorize', authorizeRequest)).json().access_token
  const etAuth = { authorization: `Bearer ${etToken}` }
  const et = (await send('/api/v2/sessions', { method: 'POST', headers: { ...etAuth, 'content-type': 'application/json' }, body: JSON.stringify({ ...walkThroughBody, referenceId: 'ET-Completed' }) })).json().sessionId
  t.strictSame((await send(`/api/v2/sessions/${et}/status`, { headers: etAuth })).json(), { sessionId: et, referenceId: 'ET-Completed', amount: 250, status: 'Initiated' })
  await advance(120)
  t.strictSame((await send(`/api/v2/sessions/${et}/status`, { headers: etAuth })).json(), { sessionId: et, referenceId: 'ET-Completed', amount: 250, status: 'Completed' })

  // Cancel (the endpoints table): one replica cancels, the other reads it Cancelled.
  const toCancel = (await send('/api/v2/sessions', { method: 'POST', headers: { authorization: `Bearer ${(await send('/api/v1/authorize', authorizeRequest)).json().access_token}`, 'content-type': 'application/json' }, body: JSON.stringify(walkThroughBody) })).json().sessionId
  const cancelled = await send(`/api/v2/sessions/${toCancel}/cancel`, { method: 'POST', headers: later })
  t.equal(cancelled.status, 200)
  t.strictSame(cancelled.json(), { sessionId: toCancel, referenceId: 'USER12345', status: 'Cancelled' })
  t.strictSame((await send(`/api/v2/sessions/${toCancel}/status`, { headers: later })).json(), { sessionId: toCancel, referenceId: 'USER12345', amount: 250, status: 'Cancelled' })

  // The OpenAPI document and the health check, on either replica.
  const documentation = await send('/documentation/json')
  t.equal(documentation.status, 200)
  t.match(documentation.json(), { openapi: /^3\.0\./ })
  for (const replica of replicas) t.strictSame((await replica.fetch('/healthz')).json(), { status: 'ok', store: 'redis' }, replica.name)
  t.strictSame([...seen].sort(), ['A', 'B'], 'both replicas served the walk-through')
})
