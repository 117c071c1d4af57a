import t, { type Test } from 'tap'
import { startRedis } from '../helpers/redis.js'
import { startReplica, startReplicas, walkThroughBody, type Replica } from '../helpers/replicas.js'
import { webhookReceiver } from '../helpers/webhook-receiver.js'

// Issue 13, gap 1: a clock per client with several replicas on one Redis. Two processes, as a
// load balancer would run them: what one replica does to a client's clock, the other sees.
const secret = 'whsec-own-clocks'
const jsonType = 'application/json; charset=utf-8'
const iso = (ms: number) => new Date(ms).toISOString()
const teams = (url?: string, ownClock = false) => JSON.stringify(['team-a', 'team-b'].map(id => ({ id, secret: `${id}-secret`, ...(ownClock && id === 'team-a' ? { ownClock } : {}), ...(url === undefined ? {} : { webhook: { url, secret, products: ['e-Transfer'] } }) })))
const basicOf = (id: string) => `Basic ${Buffer.from(`${id}:${id}-secret`).toString('base64')}`
const post = (replica: Replica, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  replica.fetch(path, body === undefined ? { method: 'POST', headers } : { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

/** Two replicas of the two teams, the shared clock frozen (own clocks given then start frozen, at its instant). */
async function twoReplicas(t: Test, url?: string) {
  const redis = await startRedis(t)
  const [a, b] = await startReplicas(t, redis.url, { env: { FLINKS_MOCK_CLIENTS: teams(url) } }) as [Replica, Replica]
  const frozenAt = Date.parse((await post(a, '/__admin/clock/freeze')).json().now)
  return { a, b, frozenAt }
}

/** A token of a team, from a replica. */
async function tokenOf(replica: Replica, clientId: string): Promise<string> {
  const res = await replica.fetch('/api/v1/authorize', { method: 'POST', headers: { authorization: basicOf(clientId), 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })
  return res.json().access_token
}

t.test('a client\'s clock given and moved through A is read through B', async t => {
  const { a, b, frozenAt } = await twoReplicas(t)
  const own = (clientId: string, seconds: number) => ({ clientId, own: true, now: iso(frozenAt + seconds * 1000), frozen: true, offsetSeconds: Number })
  const given = await post(a, '/__admin/clocks', { clientId: 'team-a' })
  t.equal(given.status, 200)
  t.equal(given.headers['content-type'], jsonType)
  t.match(given.json(), own('team-a', 0))
  t.match((await b.fetch('/__admin/clocks/team-a')).json(), own('team-a', 0), 'B reads the clock A gave')
  t.match((await post(a, '/__admin/clocks/team-a/advance', { seconds: 90 })).json(), own('team-a', 90))
  t.match((await b.fetch('/__admin/clocks/team-a')).json(), own('team-a', 90), 'B reads what A moved')
  t.match((await b.fetch('/__admin/clocks')).json(), { shared: { now: iso(frozenAt), frozen: true }, clocks: [own('team-a', 90)] })
  t.match((await post(b, '/__admin/clocks/team-a/advance', { seconds: 10 })).json(), own('team-a', 100))
  t.match((await a.fetch('/__admin/clocks/team-a')).json(), own('team-a', 100), 'and A what B moved')
  const dropped = await b.fetch('/__admin/clocks/team-a', { method: 'DELETE' })
  t.match(dropped.json(), { clientId: 'team-a', own: false, now: iso(frozenAt) })
  t.match((await a.fetch('/__admin/clocks/team-a')).json(), { clientId: 'team-a', own: false, now: iso(frozenAt) }, 'back on the shared clock on A too')
})

t.test('two clients moved in parallel through different replicas: neither sees the other\'s time', async t => {
  const { a, b, frozenAt } = await twoReplicas(t)
  await post(a, '/__admin/clocks', { clientId: 'team-a' }, { authorization: basicOf('team-a') })
  await post(b, '/__admin/clocks', { clientId: 'team-b' }, { authorization: basicOf('team-b') })
  // team-a through A then B then A..., team-b the other way round, both at once.
  const walk = async (clientId: string, replicas: [Replica, Replica], seconds: number) => {
    for (let step = 0; step < 8; step++) {
      const res = await post(replicas[step % 2] as Replica, `/__admin/clocks/${clientId}/advance`, { seconds }, { authorization: basicOf(clientId) })
      t.equal(res.json().now, iso(frozenAt + seconds * 1000 * (step + 1)), `${clientId}, step ${step + 1}`)
    }
  }
  await Promise.all([walk('team-a', [a, b], 60), walk('team-b', [b, a], 5)])
  for (const replica of [a, b]) {
    t.equal((await replica.fetch('/__admin/clocks/team-a')).json().now, iso(frozenAt + 480_000), `${replica.name}: team-a at 8 minutes`)
    t.equal((await replica.fetch('/__admin/clocks/team-b')).json().now, iso(frozenAt + 40_000), `${replica.name}: team-b at 40 seconds`)
    t.equal((await replica.fetch('/__admin/clock')).json().now, iso(frozenAt), `${replica.name}: the shared clock stays`)
  }
})

t.test('a token expires on its client\'s clock only', async t => {
  const { a, b } = await twoReplicas(t)
  await post(a, '/__admin/clocks', { clientId: 'team-a' })
  const [tokenA, tokenB] = [await tokenOf(b, 'team-a'), await tokenOf(b, 'team-b')]
  await post(b, '/__admin/clocks/team-a/advance', { seconds: 600 })
  const status = (replica: Replica, token: string) => replica.fetch('/api/v2/sessions', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(walkThroughBody) })
  const expired = await status(a, tokenA)
  t.equal(expired.status, 401)
  t.match(expired.headers['www-authenticate'], /^Bearer error="invalid_token", error_description="The token expired at '/)
  t.equal((await status(a, tokenB)).status, 201, 'team-b\'s token, on the shared clock, still initiates a session')
})

t.test('a webhook due on a client\'s clock is delivered once, and already when the advance through the other replica answers', async t => {
  const receiver = await webhookReceiver(t, secret)
  const { a, b, frozenAt } = await twoReplicas(t, receiver.url)
  await post(a, '/__admin/clocks', { clientId: 'team-a' })
  // ET-Completed (scenarios/etransfer.yaml): Completed after 120 s, on team-a's clock; created through A, which watches it.
  const token = await tokenOf(a, 'team-a')
  const created = await a.fetch('/api/v2/sessions', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...walkThroughBody, referenceId: 'ET-Completed-1' }) })
  t.equal(created.status, 201)
  const { sessionId } = created.json()
  const moved = await post(b, '/__admin/clocks/team-a/advance', { seconds: 120 })
  t.equal(moved.status, 200)
  const expected = JSON.stringify({ sessionId, referenceId: 'ET-Completed-1', amount: 250, status: 'Completed', when: iso(frozenAt + 120_000) })
  t.strictSame(receiver.received.map(r => r.body), [expected], 'delivered by the time B answers')
  // A hears of the move with its next requests; another move makes every replica look again.
  await a.fetch('/__admin/clocks/team-a')
  await post(a, '/__admin/clocks/team-a/advance', { seconds: 1 })
  await post(b, '/__admin/clocks/team-a/advance', { seconds: 1 })
  t.strictSame(receiver.received.map(r => r.body), [expected], 'once')
  t.equal(receiver.received[0]?.valid, true)
  const deliveries = (await a.fetch('/__admin/webhooks')).json().deliveries
  t.match(deliveries, [{ clientId: 'team-a', sessionId, event: 'SessionSetupStatusChanged', status: 200, body: expected }])
  t.equal(deliveries.length, 1)
})

t.test('a client configured with ownClock keeps its moved clock through a rolling restart', async t => {
  const redis = await startRedis(t)
  const env = { FLINKS_MOCK_CLIENTS: teams(undefined, true) }
  let [a, b] = await startReplicas(t, redis.url, { env }) as [Replica, Replica]
  const frozenAt = Date.parse((await post(a, '/__admin/clocks/team-a/freeze')).json().now)
  t.match((await post(b, '/__admin/clocks/team-a/advance', { seconds: 600 })).json(), { clientId: 'team-a', own: true, now: iso(frozenAt + 600_000), frozen: true })
  t.equal(await a.stop(), 0)
  a = await startReplica(t, 'A2', redis.url, { env })
  t.match((await a.fetch('/__admin/clocks/team-a')).json(), { own: true, now: iso(frozenAt + 600_000), frozen: true }, 'A restarted takes the stored clock')
  t.equal(await b.stop(), 0)
  b = await startReplica(t, 'B2', redis.url, { env })
  t.match((await b.fetch('/__admin/clocks/team-a')).json(), { own: true, now: iso(frozenAt + 600_000), frozen: true }, 'so does B')
  t.equal((await b.fetch('/__admin/clocks/team-b')).json().own, false)
})
