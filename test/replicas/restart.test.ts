import t from 'tap'
import { spentTokenDescription } from '../../src/auth/token-store.js'
import { startRedis } from '../helpers/redis.js'
import { startReplica, startReplicas, until, walkThroughBody, type Replica } from '../helpers/replicas.js'

// Issue 12, item 3: state in Redis survives a rolling restart of the replicas, and a restart of all.
const post = (replica: Replica, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  replica.fetch(path, body === undefined ? { method: 'POST', headers } : { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

t.test('sessions, tokens, clock and journal survive restarting A then B, and then both at once', async t => {
  const redis = await startRedis(t)
  let [a, b] = await startReplicas(t, redis.url) as [Replica, Replica]
  const frozen = (await post(a, '/__admin/clock/freeze')).json().now
  const created = await a.create(walkThroughBody)
  const { sessionId } = created.json()
  const timed = await b.create({ ...walkThroughBody, referenceId: 'ET-Completed-1' })
  const auth = { authorization: `Bearer ${created.token}` }
  const detailsBefore = (await b.fetch(`/api/v2/sessions/${sessionId}/details`, { headers: auth })).text
  // Two authorizes, two creates, one details read: the journal may file the last just after answering.
  const journalBefore = await until('the five requests in the journal', async () => {
    const { requests } = (await a.fetch('/__admin/requests')).json()
    return requests.length === 5 ? requests : undefined
  })

  /** What must hold after each restart, asked of `replica`. */
  const survived = async (replica: Replica, what: string) => {
    const details = await replica.fetch(`/api/v2/sessions/${sessionId}/details`, { headers: auth })
    t.equal(details.status, 200, `${what}: the session is there, read with its token`)
    t.equal(details.text, detailsBefore, `${what}: byte for byte, at the frozen time`)
    t.match((await replica.fetch('/__admin/clock')).json(), { now: frozen, frozen: true }, `${what}: the clock is still frozen where it was`)
    const journal = (await replica.fetch('/__admin/requests')).json().requests
    t.strictSame(journal.slice(0, journalBefore.length), journalBefore, `${what}: the journal kept its entries`)
    const reused = await replica.create(walkThroughBody, created.token)
    t.equal(reused.status, 401, `${what}: the spent token stays spent`)
    t.equal(reused.headers['www-authenticate'], `Bearer error="invalid_token", error_description="${spentTokenDescription}"`)
  }

  // Rolling: A goes (drained, exit 0) while B serves, comes back; then B does the same.
  t.equal(await a.stop(), 0)
  await survived(b, 'A down')
  a = await startReplica(t, 'A2', redis.url)
  await survived(a, 'A restarted')
  t.equal(await b.stop(), 0)
  await survived(a, 'B down')
  b = await startReplica(t, 'B2', redis.url)
  await survived(b, 'B restarted')

  // All at once: nothing runs for a moment, then two new processes.
  t.strictSame(await Promise.all([a.stop(), b.stop()]), [0, 0])
  ;[a, b] = await startReplicas(t, redis.url) as [Replica, Replica]
  await survived(a, 'both restarted')
  // The session B created before any restart still plays on the clock the new A moves.
  await post(a, '/__admin/clock/advance', { seconds: 120 })
  const status = await b.fetch(`/api/v2/sessions/${timed.json().sessionId}/status`, { headers: { authorization: `Bearer ${timed.token}` } })
  t.strictSame(status.json(), { sessionId: timed.json().sessionId, referenceId: 'ET-Completed-1', amount: 250, status: 'Completed' })
})
