import t from 'tap'
import { startRedis } from '../helpers/redis.js'
import { startReplicas, walkThroughBody, type Replica } from '../helpers/replicas.js'

// Issue 12, item 2: the virtual clock is one clock, whichever replica moves it.
const jsonType = 'application/json; charset=utf-8'
const iso = (ms: number) => new Date(ms).toISOString()
const post = (replica: Replica, path: string, body?: unknown) =>
  replica.fetch(path, body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** The token endpoint's expiry time as the 401 words it (.NET's invariant culture, whole seconds). */
function invariantTime(ms: number): string {
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}

t.test('freezing and moving the clock on one replica holds on the other at once', async t => {
  const redis = await startRedis(t)
  const [a, b] = await startReplicas(t, redis.url) as [Replica, Replica]

  const frozen = await post(a, '/__admin/clock/freeze')
  t.equal(frozen.status, 200)
  t.equal(frozen.headers['content-type'], jsonType)
  const frozenAt = Date.parse(frozen.json().now)
  t.match(frozen.json(), { now: iso(frozenAt), frozen: true, offsetSeconds: Number })
  t.match((await b.fetch('/__admin/clock')).json(), { now: iso(frozenAt), frozen: true }, 'B reads the instant A froze')

  const moved = await post(b, '/__admin/clock/advance', { seconds: 90.5 })
  t.equal(moved.status, 200)
  t.match(moved.json(), { now: iso(frozenAt + 90500), frozen: true })
  t.match((await a.fetch('/__admin/clock')).json(), { now: iso(frozenAt + 90500), frozen: true }, 'A reads what B moved')

  const unfrozen = await post(b, '/__admin/clock/unfreeze')
  t.equal(unfrozen.json().frozen, false)
  const [clockA, clockB] = [(await a.fetch('/__admin/clock')).json(), (await b.fetch('/__admin/clock')).json()]
  t.equal(clockA.frozen, false, 'A runs again')
  t.equal(clockA.offsetSeconds, clockB.offsetSeconds, 'a running clock has one offset on both')
  t.ok(clockA.offsetSeconds > 0 && clockA.offsetSeconds <= 90.5, `the offset keeps the 90.5 s, less the real time spent frozen: ${clockA.offsetSeconds}`)
})

t.test('a session created on B follows the clock moved on A; a token issued by B expires when A moves past it', async t => {
  const redis = await startRedis(t)
  const [a, b] = await startReplicas(t, redis.url) as [Replica, Replica]
  const frozenAt = Date.parse((await post(a, '/__admin/clock/freeze')).json().now)

  // ET-Completed (scenarios/etransfer.yaml): the payor accepts after 120 s of virtual time.
  const created = await b.create({ ...walkThroughBody, referenceId: 'ET-Completed-1' })
  t.equal(created.status, 201)
  const { sessionId } = created.json()
  const statusOn = (replica: Replica) => replica.fetch(`/api/v2/sessions/${sessionId}/status`, { headers: { authorization: `Bearer ${created.token}` } })
  t.strictSame((await statusOn(a)).json(), { sessionId, referenceId: 'ET-Completed-1', amount: 250, status: 'Initiated' })

  t.match((await post(a, '/__admin/clock/advance', { seconds: 120 })).json(), { now: iso(frozenAt + 120000), frozen: true })
  const completed = await statusOn(b)
  t.equal(completed.status, 200)
  t.strictSame(completed.json(), { sessionId, referenceId: 'ET-Completed-1', amount: 250, status: 'Completed' }, 'B sees the payor accept at A\'s time')

  // B issued the token at frozenAt, for 599 s (the default --token-ttl).
  await post(a, '/__admin/clock/advance', { seconds: 600 })
  const expired = await statusOn(b)
  t.equal(expired.status, 401)
  t.equal(expired.headers['www-authenticate'], `Bearer error="invalid_token", error_description="The token expired at '${invariantTime(frozenAt + 599000)}'"`)
  const details = await b.fetch(`/api/v2/sessions/${sessionId}/details`, { headers: { authorization: `Bearer ${await b.token()}` } })
  t.match(details.json(), { status: 'Completed', schedule: { transactions: [{ status: 'Processed' }] } }, 'the payment moved on with the clock too')
})
