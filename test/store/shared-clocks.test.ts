/** Replicas on one Redis share the clients' own clocks (issue 13, gap 1): given, moved and dropped through one, read through the other. */
import t, { type Test } from 'tap'
import { createClockRegistry, type OwnClockSetting } from '../../src/clock.js'
import { createSharedClocks } from '../../src/store/shared-clocks.js'
import type { Store } from '../../src/store/types.js'
import { basic, build, eTransferBody, type TestMock } from '../helpers/app.js'
import { fakeTime } from '../helpers/fakes.js'
import { webhookReceiver } from '../helpers/webhook-receiver.js'
import { startRedis, type TestRedis } from './redis-server.js'

const secret = 'whsec-own-clocks'
const start = '2026-06-04T14:30:00.000Z'
const teams = (url?: string, ownClock = false) => ['team-a', 'team-b'].map(id => ({ id, secret: `${id}-secret`, ...(ownClock && id === 'team-a' ? { ownClock } : {}), ...(url === undefined ? {} : { webhook: { url, secret, products: ['e-Transfer'] } }) }))
const own = (clientId: string, now: string, offsetSeconds: number, frozen = true) => ({ clientId, own: true, now, frozen, offsetSeconds })
const shared = (clientId: string, now = start, offsetSeconds = 0) => ({ clientId, own: false, now, frozen: true, offsetSeconds })

async function replicas(t: Test, settings: Record<string, unknown> = {}, redis?: TestRedis) {
  const server = redis ?? await startRedis(t)
  const a = await build(t, { store: server.url, clients: teams(), ...settings })
  const b = await build(t, { store: server.url, clients: teams(), ...settings })
  return { a, b, server }
}
const post = (mock: TestMock, url: string, payload?: Record<string, unknown>) => mock.inject({ method: 'POST', url, ...(payload === undefined ? {} : { payload }) })
const clockOf = async (mock: TestMock, clientId: string) => (await mock.inject({ url: `/__admin/clocks/${clientId}` })).json()

/** Creates an ET-Completed session (Completed at 120 s) for a client through a replica; its token comes along. */
async function session(mock: TestMock, clientId: string) {
  const token = await mock.token(clientId, `${clientId}-secret`)
  const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: { ...eTransferBody(), referenceId: `ET-Completed-${clientId}` } })
  return { token, sessionId: res.json().sessionId as string }
}

t.test('a clock given, moved, frozen and dropped through one replica is read so through the other', async t => {
  const { a, b } = await replicas(t)
  const given = await post(a, '/__admin/clocks', { clientId: 'team-b' })
  t.equal(given.statusCode, 200)
  t.strictSame(given.json(), own('team-b', start, 0))
  t.strictSame(await clockOf(b, 'team-b'), own('team-b', start, 0), 'B reads the clock A gave')
  t.strictSame((await post(b, '/__admin/clocks', { clientId: 'team-a' })).json(), own('team-a', start, 0))
  t.strictSame((await post(b, '/__admin/clocks', { clientId: 'team-b' })).json(), own('team-b', start, 0), 'given again through B: kept')
  t.strictSame((await a.inject({ url: '/__admin/clocks' })).json().clocks.map((c: { clientId: string }) => c.clientId), ['team-b', 'team-a'], 'listed in the order given, on A too')

  t.strictSame((await post(b, '/__admin/clocks/team-b/advance', { seconds: 90 })).json(), own('team-b', '2026-06-04T14:31:30.000Z', 90))
  t.strictSame(await clockOf(a, 'team-b'), own('team-b', '2026-06-04T14:31:30.000Z', 90), 'A reads what B moved')
  t.strictSame(await clockOf(a, 'team-a'), own('team-a', start, 0), 'the other client\'s clock stays')

  t.strictSame((await post(a, '/__admin/clocks/team-b/unfreeze')).json(), own('team-b', '2026-06-04T14:31:30.000Z', 90, false))
  t.strictSame(await clockOf(b, 'team-b'), own('team-b', '2026-06-04T14:31:30.000Z', 90, false), 'running on B too')
  t.strictSame((await post(b, '/__admin/clocks/team-b/freeze')).json(), own('team-b', '2026-06-04T14:31:30.000Z', 90))
  t.strictSame(await clockOf(a, 'team-b'), own('team-b', '2026-06-04T14:31:30.000Z', 90))

  t.strictSame((await b.inject({ method: 'DELETE', url: '/__admin/clocks/team-b' })).json(), shared('team-b'))
  t.strictSame(await clockOf(a, 'team-b'), shared('team-b'), 'back on the shared clock on A too')
  const moved = await post(a, '/__admin/clocks/team-b/advance', { seconds: 1 })
  t.equal(moved.statusCode, 409, 'a dropped clock is not moved through the other replica')
  t.strictSame((await b.inject({ method: 'DELETE', url: '/__admin/clocks/team-b' })).json(), shared('team-b'), 'dropped twice: no error')
})

t.test('two clients moved in parallel through different replicas each see their own time only', async t => {
  const { a, b } = await replicas(t)
  await post(a, '/__admin/clocks', { clientId: 'team-a' })
  await post(b, '/__admin/clocks', { clientId: 'team-b' })
  // Each client alternates between the replicas: every replica moves one clock while it reads the other.
  const walk = async (clientId: string, first: TestMock, second: TestMock, seconds: number) => {
    for (let step = 0; step < 6; step++) {
      const res = await post(step % 2 === 0 ? first : second, `/__admin/clocks/${clientId}/advance`, { seconds })
      t.equal(res.json().offsetSeconds, seconds * (step + 1), `${clientId}, step ${step + 1}`)
    }
  }
  await Promise.all([walk('team-a', a, b, 10), walk('team-b', b, a, 7)])
  for (const mock of [a, b]) {
    t.strictSame(await clockOf(mock, 'team-a'), own('team-a', '2026-06-04T14:31:00.000Z', 60))
    t.strictSame(await clockOf(mock, 'team-b'), own('team-b', '2026-06-04T14:30:42.000Z', 42))
    t.match((await mock.inject({ url: '/__admin/clock' })).json(), { now: start, offsetSeconds: 0 }, 'the shared clock stays')
  }
})

t.test('a token expires on its client\'s own clock only, through either replica', async t => {
  const { a, b } = await replicas(t)
  await post(a, '/__admin/clocks', { clientId: 'team-a' })
  const tokenA = await b.token('team-a', 'team-a-secret')
  const tokenB = await b.token('team-b', 'team-b-secret')
  await post(b, '/__admin/clocks/team-a/advance', { seconds: 600 })
  const create = (mock: TestMock, token: string) => mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })
  const expired = await create(a, tokenA)
  t.equal(expired.statusCode, 401)
  t.equal(expired.headers['www-authenticate'], 'Bearer error="invalid_token", error_description="The token expired at \'06/04/2026 14:39:59\'"')
  t.equal((await create(a, tokenB)).statusCode, 201, 'team-b\'s token, on the shared clock, is alive')
})

t.test('a webhook due on a client\'s own clock is sent once, before the advance through the other replica answers', async t => {
  const hook = await webhookReceiver(t, secret)
  const { a, b } = await replicas(t, { clients: teams(hook.url) })
  await post(a, '/__admin/clocks', { clientId: 'team-a' })
  const mine = await session(a, 'team-a')
  const theirs = await session(a, 'team-b')
  const moved = await post(b, '/__admin/clocks/team-a/advance', { seconds: 120 })
  t.strictSame(moved.json(), own('team-a', '2026-06-04T14:32:00.000Z', 120))
  t.strictSame(hook.received.map(r => [JSON.parse(r.body).sessionId, JSON.parse(r.body).status, JSON.parse(r.body).when]), [[mine.sessionId, 'Completed', '2026-06-04T14:32:00.000Z']], 'sent by the time B answers')
  // A, which created the session and watched it, hears of the move with its next request: nothing is sent twice.
  await a.inject({ url: '/__admin/clocks' })
  await Promise.all([a.app.mock.webhooks.settled(), b.app.mock.webhooks.settled()])
  t.equal(hook.received.length, 1)
  t.equal((await a.inject({ url: `/api/v2/sessions/${theirs.sessionId}/status`, headers: { authorization: `Bearer ${theirs.token}` } })).json().status, 'Initiated', 'team-b\'s session waits for the shared clock')
  const deliveries = (await b.inject({ url: '/__admin/webhooks' })).json().deliveries
  t.match(deliveries, [{ clientId: 'team-a', sessionId: mine.sessionId, status: 200 }])
  t.equal(deliveries.length, 1)

  // Dropped through A, the client is back at the shared time: its sessions follow (as in memory).
  t.strictSame((await a.inject({ method: 'DELETE', url: '/__admin/clocks/team-a' })).json(), shared('team-a'))
  t.equal((await b.inject({ url: `/api/v2/sessions/${mine.sessionId}/status`, headers: { authorization: `Bearer ${mine.token}` } })).json().status, 'Initiated')
})

t.test('a client configured with ownClock keeps its clock when a replica restarts, and gets a fresh one after a reset', async t => {
  const settings = { clients: teams(undefined, true) }
  const { a, b, server } = await replicas(t, settings)
  t.strictSame((await b.inject({ url: '/__admin/clocks' })).json().clocks, [own('team-a', start, 0)])
  await post(a, '/__admin/clock/advance', { seconds: 30 })
  await post(a, '/__admin/clocks/team-a/advance', { seconds: 600 })
  await b.app.close()
  const restarted = await build(t, { store: server.url, ...settings })
  t.strictSame(await clockOf(restarted, 'team-a'), own('team-a', '2026-06-04T14:40:00.000Z', 600), 'a replica that starts takes the stored clock')

  await post(restarted, '/__admin/reset', { clientId: 'team-b' })
  t.strictSame(await clockOf(a, 'team-a'), own('team-a', '2026-06-04T14:40:00.000Z', 600), 'another client\'s reset leaves the clock')
  await post(restarted, '/__admin/reset', { clientId: 'team-a' })
  t.strictSame(await clockOf(a, 'team-a'), own('team-a', '2026-06-04T14:30:30.000Z', 30), 'a fresh clock at the shared reading, on the other replica too')
  await post(a, '/__admin/clocks', { clientId: 'team-b' })
  await post(a, '/__admin/clocks/team-a/advance', { seconds: 5 })
  await post(restarted, '/__admin/reset')
  for (const mock of [a, restarted]) t.strictSame((await mock.inject({ url: '/__admin/clocks' })).json().clocks, [own('team-a', start, 0, false)], 'after a full reset: the configured clock alone, at real time, running')
})

t.test('a client\'s Basic credentials give and move its own clock on every replica', async t => {
  const { a, b } = await replicas(t)
  const given = await a.inject({ method: 'POST', url: '/__admin/clocks', headers: { authorization: basic('team-a', 'team-a-secret') }, payload: { clientId: 'team-a' } })
  t.strictSame(given.json(), own('team-a', start, 0))
  t.strictSame((await b.inject({ url: '/__admin/clocks', headers: { authorization: basic('team-a', 'team-a-secret') } })).json().clocks, [own('team-a', start, 0)])
})

t.test('a read sent before this replica changed a clock, or while it writes it, does not move the clock back', async t => {
  const { clock } = fakeTime()
  const clocks = createClockRegistry(clock)
  const reads: Array<(stored: OwnClockSetting[]) => void> = []
  const writes: Array<() => void> = []
  const calls: string[] = []
  const pendingWrite = (name: string) => (clientId: string) => {
    calls.push(`${name} ${clientId}`)
    return new Promise<void>(resolve => writes.push(resolve))
  }
  const store = {
    readOwnClocks: () => new Promise<OwnClockSetting[]>(resolve => reads.push(resolve)),
    initOwnClock: pendingWrite('init'),
    writeOwnClock: pendingWrite('write'),
    dropOwnClock: pendingWrite('drop')
  } as unknown as Store
  const sharedClocks = createSharedClocks(store, clocks)
  const stale = [{ clientId: 'team-a', setting: { offsetMs: 0, frozenAtMs: null } }]

  const own = clocks.create('team-a')
  const before = sharedClocks.read()
  const given = sharedClocks.save('team-a', 'given')
  own.advance(10)
  const moved = sharedClocks.save('team-a', 'changed')
  const during = sharedClocks.read()
  reads.shift()?.(stale)
  ;(await before)()
  t.equal(clocks.own('team-a'), own, 'a read sent before: the clock stays')
  t.equal(own.offsetMs, 10_000)
  writes.shift()?.()
  await given
  reads.shift()?.([])
  ;(await during)()
  t.equal(clocks.own('team-a'), own, 'a read sent while a write is under way: the clock stays')
  writes.shift()?.()
  await moved
  const after = sharedClocks.read()
  reads.shift()?.([])
  ;(await after)()
  t.equal(clocks.own('team-a'), undefined, 'a read sent after the writes: the store is followed (another replica dropped the clock)')
  const dropped = sharedClocks.save('team-a', 'changed')
  writes.shift()?.()
  await dropped
  t.strictSame(calls, ['init team-a', 'write team-a', 'drop team-a'])
})
