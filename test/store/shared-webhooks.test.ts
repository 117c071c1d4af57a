/** Replicas on one Redis send each webhook once, whichever saw the change, and share the outbox and the deliveries. */
import t, { type Test } from 'tap'
import { build, eTransferBody, type TestMock } from '../helpers/app.js'
import { webhookReceiver } from '../helpers/webhook-receiver.js'
import { startRedis, storeReady } from './redis-server.js'

const secret = 'whsec-shared-1'
const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
const clients = (url: string) => [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement, webhook: { url, secret, products: ['e-Transfer', 'GEFT'] } }]
const geft = (referenceId: string) => ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' } })

async function replicas(t: Test, url: string, settings: Record<string, unknown> = {}) {
  const redis = await startRedis(t)
  const a = await build(t, { store: redis.url, clients: clients(url), ...settings })
  const b = await build(t, { store: redis.url, clients: clients(url), ...settings })
  const settled = () => Promise.all([a.app.mock.webhooks.settled(), b.app.mock.webhooks.settled()])
  return { a, b, settled }
}

const statuses = (mock: TestMock) => mock.inject({ url: '/__admin/webhooks' }).then(res => (res.json() as { deliveries: Array<{ id: string, body: string }> }).deliveries)

t.test('a cancel through the other replica is sent once, by the replica that saw it', async t => {
  const hook = await webhookReceiver(t, secret)
  const { a, b, settled } = await replicas(t, hook.url)
  const created = await a.createSession(geft('cancel-me'))
  const { sessionId } = created.json() as { sessionId: string }
  t.equal((await b.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/cancel`, headers: { authorization: `Bearer ${created.token}` } })).statusCode, 200)
  await settled()
  // The replica that created it reads it again when its expiry comes, and finds the delivery made.
  await a.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 3600 } })
  await settled()
  t.equal(hook.received.length, 1)
  t.match(JSON.parse(hook.received[0]?.body ?? '{}'), { sessionId, status: 'Canceled', statusDetails: 'EFT0501' })
  const fromA = await statuses(a)
  t.strictSame(fromA, await statuses(b), 'the same deliveries on both')
  t.match(fromA, [{ id: '1', sessionId, event: 'SessionSetupStatusChanged', status: 200 }])
})

t.test('the guarantee offered on one replica\'s clock and confirmed through the other: each webhook sent once', async t => {
  const hook = await webhookReceiver(t, secret)
  const { a, b, settled } = await replicas(t, hook.url, { autoplay: true })
  const created = await a.createSession(geft('Happy1'))
  const { sessionId } = created.json() as { sessionId: string }
  await a.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 180 } })
  await settled()
  t.equal(hook.received.length, 1, 'the guarantee webhook, once the clock reaches the offer')
  const confirmed = await b.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/guarantees/confirm`, headers: { authorization: `Bearer ${created.token}` }, payload: { guaranteeAccepted: true } })
  t.equal(confirmed.statusCode, 200)
  await settled()
  // Both replicas watch the session now; the clock moves past its expiry on both.
  await b.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 3600 } })
  await a.inject({ url: '/__admin/clock' })
  await settled()
  t.strictSame(hook.received.map(r => (JSON.parse(r.body) as { status?: string }).status), [undefined, 'Completed'])
  t.match(JSON.parse(hook.received[1]?.body ?? '{}'), { sessionId, status: 'Completed' })
})

t.test('an e-mail sent through one replica is in the outbox of the other', async t => {
  const redis = await startRedis(t)
  const a = await build(t, { store: redis.url })
  const b = await build(t, { store: redis.url })
  const created = await a.createSession(eTransferBody())
  const { sessionId } = created.json() as { sessionId: string }
  const outbox = await b.inject({ url: '/__admin/outbox' })
  t.match(outbox.json(), { messages: [{ sessionId, to: 'john.smith@example.com', link: `http://localhost:80/app/?sessionId=${sessionId}` }] })
})

t.test('a guarantee nobody could be told of fails the session for every replica', async t => {
  const hook = await webhookReceiver(t, secret, [500])
  const { a, b, settled } = await replicas(t, hook.url, { autoplay: true })
  const created = await a.createSession(geft('Happy1'))
  const { sessionId } = created.json() as { sessionId: string }
  await a.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 180 } })
  await settled()
  t.equal(hook.received.length, 4, 'three guarantee attempts, then the final status')
  const seen = await b.inject({ url: `/__admin/sessions/${sessionId}` })
  t.match(seen.json(), { state: { status: 'Failed', final: true } })
})

t.test('a session the store lost is no longer watched; a store away delays the reading', async t => {
  const hook = await webhookReceiver(t, secret)
  const redis = await startRedis(t)
  const a = await build(t, { store: redis.url, clients: clients(hook.url), autoplay: true })
  await a.createSession(geft('Happy1'))
  await redis.stop()
  // The process's own clock moves (no request can while Redis is away): the session is due, and cannot be read.
  a.clock.advance(180)
  await a.app.mock.webhooks.settled()
  t.equal(hook.received.length, 0)
  await redis.start()
  await storeReady(a)
  a.clock.advance(2)
  await a.app.mock.webhooks.settled()
  t.equal(hook.received.length, 0, 'an empty Redis came back: the session is gone, nothing is sent')
})

t.test('a delivery that cannot be leased or recorded is logged, never thrown', async t => {
  const hook = await webhookReceiver(t, secret)
  const { a, b, settled } = await replicas(t, hook.url)
  const created = await a.createSession(geft('cancel-me'))
  const { sessionId } = created.json() as { sessionId: string }
  const store = b.app.mock.store
  const append = store.append
  store.append = (log, clientId, item) => (log === 'deliveries' ? Promise.reject(new Error('connection lost')) : append(log, clientId, item))
  await b.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/cancel`, headers: { authorization: `Bearer ${created.token}` } })
  await settled()
  store.append = append
  t.equal(hook.received.length, 1, 'sent, though not recorded')
  t.strictSame(await statuses(a), [])

  const again = await a.createSession(geft('cancel-me-too'))
  const lease = a.app.mock.replicas?.store.lease
  t.ok(lease)
  Object.assign(a.app.mock.replicas?.store ?? {}, { lease: async () => Promise.reject(new Error('connection lost')) })
  await a.inject({ method: 'POST', url: `/api/v2/sessions/${(again.json() as { sessionId: string }).sessionId}/cancel`, headers: { authorization: `Bearer ${again.token}` } })
  await settled()
  t.equal(hook.received.length, 1, 'not sent without its lease')
})

t.test('an e-mail that cannot be written fails its create with 503', async t => {
  const redis = await startRedis(t)
  const a = await build(t, { store: redis.url })
  const store = a.app.mock.store
  const append = store.append
  store.append = (log, clientId, item) => (log === 'outbox' ? Promise.reject(new Error('connection lost')) : append(log, clientId, item))
  const created = await a.createSession(eTransferBody())
  t.equal(created.statusCode, 503)
})
