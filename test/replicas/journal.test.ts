import t from 'tap'
import { startRedis } from '../helpers/redis.js'
import { alternate, authorizeRequest, startReplicas, until, walkThroughBody, type Replica } from '../helpers/replicas.js'

// Issue 12, item 2: the journal (GET /__admin/requests) lists the requests of both replicas, in order.
interface Entry { id: number, at: string, method: string, path: string, response: { status: number }, sessionId: string | null }

t.test('the journal lists the requests of both replicas in the order they came, the same through either', async t => {
  const redis = await startRedis(t)
  const replicas = await startReplicas(t, redis.url) as [Replica, Replica]
  const [a, b] = replicas
  const via = alternate(replicas)

  const token = (await via().fetch('/api/v1/authorize', authorizeRequest)).json().access_token
  const auth = { authorization: `Bearer ${token}` }
  const created = await via().fetch('/api/v2/sessions', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(walkThroughBody) })
  const { sessionId } = created.json()
  await via().fetch(`/api/v2/sessions/${sessionId}/details`, { headers: auth })
  await via().fetch(`/api/v2/sessions/${sessionId}/status`, { headers: auth })
  await via().fetch(`/app/api/sessions/${sessionId}`)
  await via().fetch(`/api/v2/sessions/${sessionId}/cancel`, { method: 'POST', headers: auth })
  await via().fetch(`/api/v2/sessions/${sessionId}/cancel`, { method: 'POST', headers: auth })

  const journalOf = async (replica: Replica) => (await replica.fetch('/__admin/requests')).json().requests as Entry[]
  const journal = await until('the seven requests in the journal', async () => {
    const entries = await journalOf(a)
    return entries.length === 7 ? entries : undefined
  })
  t.strictSame(journal.map(e => [e.id, e.method, e.path, e.response.status]), [
    [1, 'POST', '/api/v1/authorize', 200],
    [2, 'POST', '/api/v2/sessions', 201],
    [3, 'GET', `/api/v2/sessions/${sessionId}/details`, 200],
    [4, 'GET', `/api/v2/sessions/${sessionId}/status`, 200],
    [5, 'GET', `/app/api/sessions/${sessionId}`, 200],
    [6, 'POST', `/api/v2/sessions/${sessionId}/cancel`, 200],
    [7, 'POST', `/api/v2/sessions/${sessionId}/cancel`, 400]
  ])
  t.strictSame(journal.map(e => e.sessionId), [null, sessionId, sessionId, sessionId, sessionId, sessionId, sessionId])
  t.ok(journal.every((e, i) => i === 0 || Date.parse(e.at) >= Date.parse(journal[i - 1]?.at ?? '')), 'in time order')
  t.strictSame(await journalOf(b), journal, 'B lists the same entries')

  const posts = (await b.fetch('/__admin/requests?path=/api/v2/sessions&method=POST')).json().requests as Entry[]
  t.strictSame(posts.map(e => e.id), [2, 6, 7], 'filters apply to the shared journal')
  const count = await a.fetch('/__admin/requests/count', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 200 }) })
  t.strictSame(count.json(), { count: 5 })
})
