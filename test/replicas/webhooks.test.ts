import t from 'tap'
import { startRedis } from '../helpers/redis.js'
import { startReplicas, until, walkThroughBody, type Replica } from '../helpers/replicas.js'
import { webhookReceiver } from '../helpers/webhook-receiver.js'

// Issue 12, item 2: each webhook is delivered once, by one replica (a lease per delivery),
// whichever replica saw the session end.
const secret = 'whsec-replicas'
const iso = (ms: number) => new Date(ms).toISOString()
const post = (replica: Replica, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  replica.fetch(path, body === undefined ? { method: 'POST', headers } : { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

t.test('each final status is POSTed once, whether the clock, a cancel on A or the page on B ended the session', async t => {
  const receiver = await webhookReceiver(t, secret)
  // e-Transfer sessions opted in (webhook.products), so that the clock alone can end one (ET-Completed).
  const clients = JSON.stringify([{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', webhook: { url: receiver.url, secret, products: ['GEFT', 'e-Transfer'] } }])
  const redis = await startRedis(t)
  const [a, b] = await startReplicas(t, redis.url, { env: { FLINKS_MOCK_CLIENTS: clients } }) as [Replica, Replica]
  const frozenAt = Date.parse((await post(a, '/__admin/clock/freeze')).json().now)

  const byClock = await a.create({ ...walkThroughBody, referenceId: 'ET-Completed-1' })
  const byCancel = await b.create(walkThroughBody)
  const byPage = await a.create({ ...walkThroughBody, referenceId: 'page-1' })
  t.strictSame([byClock.status, byCancel.status, byPage.status], [201, 201, 201])

  // The clock moved on B ends the ET-Completed session that A created: both replicas see it due.
  await post(b, '/__admin/clock/advance', { seconds: 120 })
  const cancelled = await post(a, `/api/v2/sessions/${byCancel.json().sessionId}/cancel`, undefined, { authorization: `Bearer ${byCancel.token}` })
  t.equal(cancelled.status, 200)
  const approved = await post(b, `/app/api/sessions/${byPage.json().sessionId}/actions`, { action: 'approve' })
  t.equal(approved.status, 200)
  t.equal(approved.json().status, 'Completed')

  // Moving the clock again makes every replica look at its due sessions once more; then a last
  // session, ended on B, is the mark: once its webhook is in, the ones before had their chance.
  await post(a, '/__admin/clock/advance', { seconds: 1 })
  const mark = await b.create({ ...walkThroughBody, referenceId: 'mark-1' })
  await post(b, `/api/v2/sessions/${mark.json().sessionId}/cancel`, undefined, { authorization: `Bearer ${mark.token}` })
  const listed = async (replica: Replica) => (await replica.fetch('/__admin/webhooks')).json().deliveries as Array<Record<string, unknown>>
  await until('the mark\'s delivery, recorded', async () => (await listed(a)).some(d => d.sessionId === mark.json().sessionId) || undefined)

  const body = (created: { json: () => { sessionId: string, referenceId: string } }, status: string, when: number) =>
    JSON.stringify({ sessionId: created.json().sessionId, referenceId: created.json().referenceId, amount: 250, status, when: iso(when) })
  const expected = [
    body(byClock, 'Completed', frozenAt + 120000),
    body(byCancel, 'Cancelled', frozenAt + 120000),
    body(byPage, 'Completed', frozenAt + 120000),
    body(mark, 'Cancelled', frozenAt + 121000)
  ]
  t.strictSame(receiver.received.map(r => r.body).sort(), [...expected].sort(), 'the receiver got each final status once')
  for (const received of receiver.received) {
    t.equal(received.valid, true, 'signed with the client\'s secret')
    t.equal(received.headers['content-type'], 'application/json; charset=utf-8')
  }

  const [deliveriesA, deliveriesB] = [await listed(a), await listed(b)]
  t.strictSame(deliveriesB, deliveriesA, 'both replicas list the same deliveries')
  t.strictSame(deliveriesA.map(d => d.body).sort(), [...expected].sort())
  t.strictSame(new Set(deliveriesA.map(d => d.id)).size, 4, 'one record a delivery')
  for (const delivery of deliveriesA) t.match(delivery, { clientId: 'flinks-mock-client', url: receiver.url, event: 'SessionSetupStatusChanged', status: 200, error: null })
})

t.test('a redelivery asked through B of a delivery A made is sent once more', async t => {
  const receiver = await webhookReceiver(t, secret)
  const clients = JSON.stringify([{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', webhook: { url: receiver.url, secret, products: ['e-Transfer'] } }])
  const redis = await startRedis(t)
  const [a, b] = await startReplicas(t, redis.url, { env: { FLINKS_MOCK_CLIENTS: clients } }) as [Replica, Replica]
  const created = await a.create(walkThroughBody)
  await post(a, `/api/v2/sessions/${created.json().sessionId}/cancel`, undefined, { authorization: `Bearer ${created.token}` })
  const [first] = await until('the cancel\'s delivery, recorded', async () => {
    const deliveries = (await b.fetch('/__admin/webhooks')).json().deliveries as Array<{ id: string, body: string }>
    return deliveries.length > 0 ? deliveries : undefined
  })
  const again = await post(b, `/__admin/webhooks/${first?.id}/redeliver`)
  t.equal(again.status, 200)
  t.match(again.json(), { sessionId: created.json().sessionId, body: first?.body, status: 200 })
  t.not(again.json().id, first?.id, 'a new record')
  t.strictSame(receiver.received.map(r => r.body), [first?.body, first?.body], 'the delivery, then the redelivery')
  t.equal((await a.fetch('/__admin/webhooks')).json().deliveries.length, 2, 'A lists both')
})
