import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { problems } from '../../src/problems.js'
import { startRedis } from '../helpers/redis.js'
import { startReplicas, until, walkThroughBody, type Replica } from '../helpers/replicas.js'

// Issue 12, item 2: `POST /__admin/reset` and `POST /__admin/scenarios/reload` on one replica reach all.
const jsonType = 'application/json; charset=utf-8'
const problemType = 'application/problem+json; charset=utf-8'
const traceIdPattern = /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/
const post = (replica: Replica, path: string, body?: unknown) =>
  replica.fetch(path, body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

t.test('a reset through B forgets what A holds: sessions, tokens, journal, the moved clock, the seeded ids', async t => {
  const redis = await startRedis(t)
  const [a, b] = await startReplicas(t, redis.url, { args: ['--seed', 'replicas-reset'] }) as [Replica, Replica]
  const created = await a.create(walkThroughBody)
  t.equal(created.status, 201)
  const { sessionId } = created.json()
  await post(a, '/__admin/clock/freeze')
  await post(a, '/__admin/clock/advance', { seconds: 60 })
  await until('authorize and create in the journal', async () => (await a.fetch('/__admin/requests')).json().requests.length === 2 || undefined)

  const reset = await post(b, '/__admin/reset')
  t.equal(reset.status, 200)
  t.equal(reset.headers['content-type'], jsonType)
  t.strictSame(reset.json(), { reset: 'everything' })

  for (const replica of [a, b]) {
    t.strictSame((await replica.fetch('/__admin/requests')).json(), { requests: [] }, `${replica.name}: the journal is empty`)
    t.strictSame((await replica.fetch('/__admin/sessions')).json(), { sessions: [] }, `${replica.name}: no session is left`)
    t.strictSame((await replica.fetch('/__admin/outbox')).json(), { messages: [] }, `${replica.name}: the outbox is empty`)
    t.match((await replica.fetch('/__admin/clock')).json(), { frozen: false, offsetSeconds: 0 }, `${replica.name}: the clock runs in real time again`)
  }
  // The seeded stream starts over: B's first token after the reset is A's first before it.
  const fresh = await b.token()
  t.equal(fresh, created.token)
  const replayed = await b.create(walkThroughBody, fresh)
  t.strictSame(replayed.json(), created.json(), 'and the session created with it has A\'s first session id')
  t.equal((await a.fetch('/__admin/sessions')).json().sessions.length, 1, 'A lists the one session created since the reset')
})

t.test('a reset of one client through A forgets that client only, on B too', async t => {
  const redis = await startRedis(t)
  const clients = JSON.stringify([{ id: 'team-a', secret: 'team-a-secret' }, { id: 'team-b', secret: 'team-b-secret' }])
  const [a, b] = await startReplicas(t, redis.url, { env: { FLINKS_MOCK_CLIENTS: clients } }) as [Replica, Replica]
  const basic = (id: string) => `Basic ${Buffer.from(`${id}:${id}-secret`).toString('base64')}`
  const sessionOf = async (replica: Replica, id: string) => {
    const token = (await replica.fetch('/api/v1/authorize', { method: 'POST', headers: { authorization: basic(id), 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })).json().access_token
    return { token, sessionId: (await replica.create(walkThroughBody, token)).json().sessionId as string }
  }
  const teamA = await sessionOf(a, 'team-a')
  const teamB = await sessionOf(b, 'team-b')
  t.strictSame((await post(a, '/__admin/reset', { clientId: 'team-b' })).json(), { reset: 'team-b' })
  const listed = (await b.fetch('/__admin/sessions')).json().sessions.map((s: { sessionId: string }) => s.sessionId)
  t.strictSame(listed, [teamA.sessionId], 'B lists team-a\'s session only')
  t.equal((await b.fetch(`/api/v2/sessions/${teamA.sessionId}/status`, { headers: { authorization: `Bearer ${teamA.token}` } })).status, 200)
  t.equal((await b.fetch(`/api/v2/sessions/${teamB.sessionId}/status`, { headers: { authorization: `Bearer ${teamB.token}` } })).status, 401, 'team-b\'s tokens are gone')
})

t.test('a scenario reload through A reaches B: B plays the new scenario and lists it', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'flinks-mock-replica-scenarios-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'mine.yaml'), 'scenarios:\n  - name: mine\n    description: Mine.\n    match: { referenceId: mine }\n    error: { status: 500 }\n')
  const redis = await startRedis(t)
  const [a, b] = await startReplicas(t, redis.url, { args: ['--scenarios', dir, '--no-default-scenarios'] }) as [Replica, Replica]
  const names = async (replica: Replica) => (await replica.fetch('/__admin/scenarios')).json().scenarios.map((s: { name: string }) => s.name)
  t.strictSame(await names(b), ['mine'])
  t.equal((await b.create({ ...walkThroughBody, referenceId: 'more-1' })).status, 201, 'before the reload, more-1 picks no scenario')

  writeFileSync(join(dir, 'more.yaml'), 'scenarios:\n  - name: more\n    description: More.\n    match: { referenceIdPrefix: more }\n    error: { status: 502 }\n')
  const reload = await post(a, '/__admin/scenarios/reload')
  t.equal(reload.status, 200)
  t.strictSame(reload.json(), { scenarios: 2 })
  // Publish/subscribe: B hears of it shortly after A answers.
  t.strictSame(await until('B to list the reloaded scenarios', async () => {
    const listed = await names(b)
    return listed.length === 2 ? listed : undefined
  }), ['mine', 'more'])
  const refused = await b.create({ ...walkThroughBody, referenceId: 'more-2' })
  t.equal(refused.status, 502)
  t.equal(refused.headers['content-type'], problemType)
  t.match(refused.json(), { ...problems.fromScenario({ status: 502 }).body, traceId: traceIdPattern })
})
