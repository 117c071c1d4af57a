import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { basic, build, eTransferBody, type TestMock } from '../helpers/app.js'
import { webhookReceiver } from '../helpers/webhook-receiver.js'

// Issue 13, item 2: a clock per client, moved without the other clients seeing it.
const secret = 'clock-webhook-secret'
const teams = (url?: string) => ['team-a', 'team-b'].map(id => ({ id, secret: `${id}-secret`, ...(url === undefined ? {} : { webhook: { url, secret, products: ['e-Transfer'] } }) }))
const as = (id: string) => ({ authorization: basic(id, `${id}-secret`) })
const start = '2026-06-04T14:30:00.000Z'
const own = (clientId: string, now: string, offsetSeconds: number, frozen = true) => ({ clientId, own: true, now, frozen, offsetSeconds })

/** Creates an ET-Completed session (Completed at 120 s) for a client; its token comes along. */
async function session(mock: TestMock, clientId: string) {
  const token = await mock.token(clientId, `${clientId}-secret`)
  const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: { ...eTransferBody(), referenceId: `ET-Completed-${clientId}` } })
  return { token, sessionId: res.json().sessionId as string }
}
const status = (mock: TestMock, s: { token: string, sessionId: string }) =>
  mock.inject({ url: `/api/v2/sessions/${s.sessionId}/status`, headers: { authorization: `Bearer ${s.token}` } })

t.test('two clients move their own clocks in parallel, each seeing its own time only', async t => {
  const hook = await webhookReceiver(t, secret)
  const mock = await build(t, { clients: teams(hook.url) })
  for (const clientId of ['team-a', 'team-b']) {
    const created = await mock.inject({ method: 'POST', url: '/__admin/clocks', payload: { clientId } })
    t.equal(created.statusCode, 200)
    t.strictSame(created.json(), own(clientId, start, 0))
  }
  t.strictSame((await mock.inject({ method: 'POST', url: '/__admin/clocks', payload: { clientId: 'team-a' } })).json(), own('team-a', start, 0), 'asked again, the clock is kept')
  const a = await session(mock, 'team-a')
  const b = await session(mock, 'team-b')

  const [movedA, movedB] = await Promise.all([
    mock.inject({ method: 'POST', url: '/__admin/clocks/team-a/advance', payload: { seconds: 150 } }),
    mock.inject({ method: 'POST', url: '/__admin/clocks/team-b/advance', payload: { seconds: 60 } })
  ])
  t.strictSame(movedA.json(), own('team-a', '2026-06-04T14:32:30.000Z', 150))
  t.strictSame(movedB.json(), own('team-b', '2026-06-04T14:31:00.000Z', 60))
  // The advance answered after the webhook due by then was attempted: no wait here.
  t.strictSame(hook.received.map(r => JSON.parse(r.body)), [{ sessionId: a.sessionId, referenceId: 'ET-Completed-team-a', amount: 250, status: 'Completed', when: '2026-06-04T14:32:00.000Z' }])
  t.equal((await status(mock, a)).json().status, 'Completed')
  t.equal((await status(mock, b)).json().status, 'InProgress', 'team-b\'s session is at 60 s on its clock')
  t.strictSame((await mock.inject({ url: '/__admin/clock' })).json(), { now: start, frozen: true, offsetSeconds: 0 }, 'the shared clock has not moved')
  t.strictSame((await mock.inject({ url: `/__admin/sessions/${b.sessionId}` })).json().state.status, 'InProgress')
  t.strictSame((await mock.inject({ url: `/__admin/sessions?clientId=team-a&status=Completed` })).json().sessions.map((s: { sessionId: string }) => s.sessionId), [a.sessionId])
  const journal = (clientId: string) => mock.inject({ url: `/__admin/requests?clientId=${clientId}` }).then(res => res.json().requests.map((r: { at: string }) => r.at))
  t.strictSame(await journal('team-a'), [start, start, '2026-06-04T14:32:30.000Z'], 'team-a\'s requests are journaled at its time')
  t.strictSame(await journal('team-b'), [start, start, '2026-06-04T14:31:00.000Z'])

  // 600 s on team-b's clock: its token (599 s) expires; team-a's, at 150 s, holds.
  await mock.inject({ method: 'POST', url: '/__admin/clocks/team-b/advance', payload: { seconds: 540 } })
  t.equal((await status(mock, b)).statusCode, 401)
  t.equal((await status(mock, a)).statusCode, 200)
  t.strictSame(hook.received.map(r => JSON.parse(r.body).sessionId), [a.sessionId, b.sessionId])
  t.equal(JSON.parse(hook.received[1]?.body ?? '{}').when, '2026-06-04T14:32:00.000Z', 'team-b\'s session completed at 120 s on its clock')
  t.strictSame((await mock.inject({ url: '/__admin/clocks' })).json(), {
    shared: { now: start, frozen: true, offsetSeconds: 0 },
    clocks: [own('team-a', '2026-06-04T14:32:30.000Z', 150), own('team-b', '2026-06-04T14:40:00.000Z', 600)]
  })
  t.strictSame((await mock.inject({ method: 'POST', url: '/__admin/clocks/team-a/unfreeze' })).json().frozen, false)
  t.strictSame((await mock.inject({ method: 'POST', url: '/__admin/clocks/team-a/freeze' })).json(), own('team-a', '2026-06-04T14:32:30.000Z', 150))
})

t.test('a clock given while the shared one runs starts at its reading and runs too', async t => {
  const mock = await build(t, { clients: teams() })
  await mock.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 30 } })
  await mock.inject({ method: 'POST', url: '/__admin/clock/unfreeze' })
  t.strictSame((await mock.inject({ method: 'POST', url: '/__admin/clocks', payload: { clientId: 'team-a' } })).json(), own('team-a', '2026-06-04T14:30:30.000Z', 30, false))
  t.strictSame((await mock.inject({ url: '/__admin/clocks/team-b' })).json(), { clientId: 'team-b', own: false, now: '2026-06-04T14:30:30.000Z', frozen: false, offsetSeconds: 30 }, 'team-b reads the shared clock')
})

t.test('the shared clock\'s advance answers once the webhooks due by then were attempted', async t => {
  const hook = await webhookReceiver(t, secret)
  const mock = await build(t, { clients: teams(hook.url) })
  const a = await session(mock, 'team-a')
  t.strictSame((await mock.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 120 } })).json(), { now: '2026-06-04T14:32:00.000Z', frozen: true, offsetSeconds: 120 })
  t.strictSame(hook.received.map(r => JSON.parse(r.body).sessionId), [a.sessionId])
})

t.test('a client\'s credentials give and move its own clock only; the ADMIN_TOKEN any', async t => {
  const mock = await build(t, { clients: teams(), adminToken: 'admin-token-1' })
  const admin = { authorization: 'Bearer admin-token-1' }
  const refused = async (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) => {
    const res = await mock.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })
    return [res.statusCode, res.json().detail]
  }
  const scoped = 'These credentials are limited to client "team-b".'
  t.strictSame(await refused('POST', '/__admin/clocks', as('team-b'), { clientId: 'team-a' }), [403, scoped])
  t.strictSame((await mock.inject({ method: 'POST', url: '/__admin/clocks', headers: as('team-b'), payload: { clientId: 'team-b' } })).json(), own('team-b', start, 0))
  t.strictSame((await mock.inject({ method: 'POST', url: '/__admin/clocks/team-b/advance', headers: as('team-b'), payload: { seconds: 10 } })).json(), own('team-b', '2026-06-04T14:30:10.000Z', 10))
  t.strictSame(await refused('POST', '/__admin/clocks/team-a/advance', as('team-b'), { seconds: 10 }), [403, scoped])
  t.strictSame(await refused('GET', '/__admin/clocks/team-a', as('team-b')), [403, scoped])
  t.strictSame(await refused('DELETE', '/__admin/clocks/team-a', as('team-b')), [403, scoped])
  t.strictSame(await refused('POST', '/__admin/clock/advance', as('team-b'), { seconds: 10 }), [403, 'The clock and the scenarios are shared by every client: changing them needs the ADMIN_TOKEN.'])
  t.equal((await mock.inject({ url: '/__admin/clocks' })).statusCode, 401)
  t.strictSame((await mock.inject({ method: 'POST', url: '/__admin/clocks', headers: admin, payload: { clientId: 'team-a' } })).json(), own('team-a', start, 0))
  t.strictSame((await mock.inject({ url: '/__admin/clocks', headers: as('team-b') })).json().clocks, [own('team-b', '2026-06-04T14:30:10.000Z', 10)], 'a client sees its own clock only')
  t.strictSame((await mock.inject({ method: 'POST', url: '/__admin/clocks/team-b/freeze', headers: admin })).json(), own('team-b', '2026-06-04T14:30:10.000Z', 10))
  t.strictSame(await refused('POST', '/__admin/clocks', admin, { clientId: 'team-z' }), [404, 'No client "team-z" is configured.'])
  t.strictSame(await refused('GET', '/__admin/clocks/team-z', admin), [404, 'No client "team-z" is configured.'])
  t.strictSame((await mock.inject({ method: 'DELETE', url: '/__admin/clocks/team-a', headers: admin })).json(), { clientId: 'team-a', own: false, now: start, frozen: true, offsetSeconds: 0 })
  const noClock = 'Client "team-a" reads the shared clock: POST /__admin/clocks {"clientId": "team-a"} gives it its own first.'
  t.strictSame(await refused('POST', '/__admin/clocks/team-a/advance', admin, { seconds: 1 }), [409, noClock])
  t.strictSame(await refused('POST', '/__admin/clocks/team-a/freeze', admin), [409, noClock])
  t.strictSame(await refused('POST', '/__admin/clocks/team-a/unfreeze', admin), [409, noClock])
})

t.test('a reset drops a client\'s own clock; a full reset drops them all', async t => {
  const mock = await build(t, { clients: teams() })
  for (const clientId of ['team-a', 'team-b']) {
    await mock.inject({ method: 'POST', url: '/__admin/clocks', payload: { clientId } })
    await mock.inject({ method: 'POST', url: `/__admin/clocks/${clientId}/advance`, payload: { seconds: 60 } })
  }
  await mock.inject({ method: 'POST', url: '/__admin/reset', payload: { clientId: 'team-a' } })
  t.strictSame((await mock.inject({ url: '/__admin/clocks' })).json().clocks.map((c: { clientId: string }) => c.clientId), ['team-b'])
  t.strictSame((await mock.inject({ url: '/__admin/clocks/team-a' })).json(), { clientId: 'team-a', own: false, now: start, frozen: true, offsetSeconds: 0 })
  await mock.inject({ method: 'POST', url: '/__admin/reset' })
  t.strictSame((await mock.inject({ url: '/__admin/clocks' })).json().clocks, [])
})

t.test('a session made on the shared clock follows its client\'s own clock once it has one', async t => {
  const hook = await webhookReceiver(t, secret)
  const mock = await build(t, { clients: teams(hook.url) })
  const a = await session(mock, 'team-a')
  const b = await session(mock, 'team-b')
  await mock.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 60 } })
  t.strictSame((await mock.inject({ method: 'POST', url: '/__admin/clocks', payload: { clientId: 'team-a' } })).json(), own('team-a', '2026-06-04T14:31:00.000Z', 60))
  await mock.inject({ method: 'POST', url: '/__admin/clocks/team-a/advance', payload: { seconds: 60 } })
  t.strictSame(hook.received.map(r => [JSON.parse(r.body).sessionId, JSON.parse(r.body).when]), [[a.sessionId, '2026-06-04T14:32:00.000Z']])
  t.equal((await status(mock, b)).json().status, 'InProgress', 'team-b still reads the shared clock, at 60 s')
  // Back on the shared clock, team-b's session completes with the shared clock's next move; team-a's is not sent again.
  await mock.inject({ method: 'DELETE', url: '/__admin/clocks/team-a' })
  await mock.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 60 } })
  t.strictSame(hook.received.map(r => JSON.parse(r.body).sessionId), [a.sessionId, b.sessionId])
})

t.test('a client configured with ownClock has its own clock from the start, and again after a reset', async t => {
  const mock = await build(t, { clients: [{ id: 'team-a', secret: 'team-a-secret', ownClock: true }, { id: 'team-b', secret: 'team-b-secret' }] })
  t.strictSame((await mock.inject({ url: '/__admin/clocks' })).json().clocks, [own('team-a', start, 0)])
  await mock.inject({ method: 'POST', url: '/__admin/clocks/team-a/advance', payload: { seconds: 60 } })
  await mock.inject({ method: 'POST', url: '/__admin/reset', payload: { clientId: 'team-a' } })
  t.strictSame((await mock.inject({ url: '/__admin/clocks/team-a' })).json(), own('team-a', start, 0), 'a fresh own clock, at the shared clock\'s reading')
  await mock.inject({ method: 'POST', url: '/__admin/reset', payload: { clientId: 'team-b' } })
  await mock.inject({ method: 'POST', url: '/__admin/reset' })
  t.strictSame((await mock.inject({ url: '/__admin/clocks' })).json().clocks.map((c: { clientId: string }) => c.clientId), ['team-a'])
  t.equal(loadConfig({ overrides: { store: 'redis://127.0.0.1:1/0', clients: [{ id: 'team-a', secret: 's', ownClock: true }] } }).clients[0]?.ownClock, true, 'with the Redis store too')
})
