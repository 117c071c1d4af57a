import { once } from 'node:events'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { createClock } from '../src/clock.js'
import { build, eTransferBody } from './helpers/app.js'
import { webhookReceiver } from './helpers/webhook-receiver.js'

const secret = 'whsec-test-1'

const receiver = (t: Test) => webhookReceiver(t, secret)

const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
const client = (url: string, products?: string[]) => [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement, webhook: { url, secret, ...(products ? { products } : {}) } }]
const eft = (referenceId: string) => ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' } })
const geft = (referenceId: string) => ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' } })
/** The client confirms the guarantee an autoplayed GEFT payor waits at, from 120 s (Happy1), with the session's token. */
const confirmGuarantee = (mock: Awaited<ReturnType<typeof build>>, created: { json(): { sessionId: string }, token: string }) =>
  mock.inject({ method: 'POST', url: `/api/v2/sessions/${created.json().sessionId}/guarantees/confirm`, headers: { authorization: `Bearer ${created.token}` }, payload: { guaranteeAccepted: true } })

t.test('a final status is POSTed once, signed with the upper-case hex HMAC of the raw body', async t => {
  const hook = await receiver(t)
  const mock = await build(t, { clients: client(hook.url), autoplay: true })
  const created = await mock.createSession(geft('Happy1'))
  const { sessionId } = created.json()
  mock.clock.advance(179)
  await mock.app.mock.webhooks.settled()
  t.strictSame(hook.received.map(r => JSON.parse(r.body).status), [undefined], 'only the guarantee webhook before the final status')
  mock.clock.advance(1)
  t.equal((await confirmGuarantee(mock, created)).statusCode, 200)
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 2)
  const event = hook.received[1]
  t.equal(event?.valid, true)
  t.equal(event?.headers['content-type'], 'application/json; charset=utf-8')
  t.match(event?.headers['x-webhook-signature'], /^sha256=[0-9A-F]{64}$/)
  // "Returns the same fields" as the status endpoint, plus `when` (GEFT webhook guide): nothing invented.
  t.strictSame(JSON.parse(event?.body ?? ''), { sessionId, referenceId: 'Happy1', amount: 100, status: 'Completed', statusDetails: 'EFT0301', when: '2026-06-04T14:33:00.000Z' })
  mock.clock.advance(3600)
  await mock.inject({ url: '/healthz' })
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 2, 'sent once')
  const deliveries = (await mock.inject({ url: '/__admin/webhooks' })).json().deliveries
  t.match(deliveries, [{ id: '1', event: 'GuaranteeOffered' }, { id: '2', clientId: 'flinks-mock-client', sessionId, url: hook.url, event: 'SessionSetupStatusChanged', body: event?.body, status: 200, error: null }])
})

t.test('a cancel sends Canceled; an expiry sends nothing (the guide lists Completed, Failed, Canceled)', async t => {
  const hook = await receiver(t)
  const mock = await build(t, { clients: client(hook.url), sessionTimeoutSeconds: 60 })
  const created = await mock.createSession(geft('cancel-me'))
  await mock.inject({ method: 'POST', url: `/api/v2/sessions/${created.json().sessionId}/cancel`, headers: { authorization: `Bearer ${created.token}` } })
  await mock.app.mock.webhooks.settled()
  t.match(JSON.parse(hook.received[0]?.body ?? '{}'), { status: 'Canceled', statusDetails: 'EFT0501' })
  await mock.createSession(geft('expire-me'))
  mock.clock.advance(61)
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 1)
})

t.test('a receiver that is down is recorded as a failed delivery, and the mock keeps serving', async t => {
  const down = createServer()
  down.listen(0, '127.0.0.1')
  await once(down, 'listening')
  const address = down.address()
  down.close()
  await once(down, 'close')
  const mock = await build(t, { clients: client(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/flinks`), autoplay: true })
  const created = await mock.createSession(geft('Happy1'))
  mock.clock.advance(180)
  await mock.app.mock.webhooks.settled()
  // The guarantee webhook fails 3 times, which fails the session; its final status fails too.
  const refused = { sessionId: created.json().sessionId, status: null, error: /ECONNREFUSED/ }
  const deliveries = (await mock.inject({ url: '/__admin/webhooks' })).json().deliveries
  t.match(deliveries, [{ ...refused, event: 'GuaranteeOffered' }, { ...refused, event: 'GuaranteeOffered' }, { ...refused, event: 'GuaranteeOffered' }, { ...refused, event: 'SessionSetupStatusChanged' }])
  t.equal(deliveries.length, 4)
  t.match(JSON.parse(deliveries[3].body), { status: 'Failed', statusDetails: 'EFT0402' })
  t.equal((await mock.inject({ url: '/healthz' })).statusCode, 200)
})

t.test('a receiver that never answers times out', async t => {
  const server = createServer(() => undefined)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.closeAllConnections(); server.close() })
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`
  const mock = await build(t, { clients: client(url), webhookTimeoutMs: 50, autoplay: true })
  await mock.createSession(geft('Happy1'))
  mock.clock.advance(180)
  await mock.app.mock.webhooks.settled()
  const timedOut = { status: null, error: 'no answer within 50 ms' }
  const deliveries = (await mock.inject({ url: '/__admin/webhooks' })).json().deliveries
  t.match(deliveries, [
    { ...timedOut, event: 'GuaranteeOffered' }, { ...timedOut, event: 'GuaranteeOffered' }, { ...timedOut, event: 'GuaranteeOffered' }, { ...timedOut, event: 'SessionSetupStatusChanged' }
  ])
  t.equal(deliveries.length, 4)
})

t.test('scenarios can drop, delay or duplicate the delivery; redeliver sends it again', async t => {
  const hook = await receiver(t)
  const dir = mkdtempSync(join(tmpdir(), 'flinks-mock-webhooks-'))
  writeFileSync(join(dir, 'hooks.yaml'), [
    'scenarios:',
    '  - { name: drop, description: Dropped., match: { referenceId: drop }, lifecycle: { webhook: { drop: true }, flow: [{ afterSeconds: 10, status: Completed, statusDetails: EFT0301 }] } }',
    '  - { name: twice, description: Twice., match: { referenceId: twice }, lifecycle: { webhook: { duplicate: true, delayMs: 250 }, flow: [{ afterSeconds: 10, status: Failed, statusDetails: EFT0401 }] } }',
    ''
  ].join('\n'))
  const mock = await build(t, { clients: client(hook.url), scenarioDirs: [dir] })
  await mock.createSession(geft('drop'))
  await mock.createSession(geft('twice'))
  mock.clock.advance(10)
  await mock.app.mock.webhooks.settled()
  t.strictSame(mock.delays, [250], 'the slow delivery waited')
  t.equal(hook.received.length, 2, 'the duplicate arrives twice, the dropped one never')
  t.equal(hook.received[0]?.body, hook.received[1]?.body)
  const deliveries = (await mock.inject({ url: '/__admin/webhooks' })).json().deliveries
  t.match(deliveries, [{ id: '1', status: null, error: 'dropped by the scenario' }, { status: 200 }, { status: 200 }])
  const again = await mock.inject({ method: 'POST', url: '/__admin/webhooks/1/redeliver' })
  t.equal(again.statusCode, 200)
  t.match(again.json(), { id: '4', status: 200, body: deliveries[0].body })
  t.equal(hook.received.length, 3)
  t.equal((await mock.inject({ method: 'POST', url: '/__admin/webhooks/99/redeliver' })).statusCode, 404)
})

t.test('with a running clock, a step due in real time is delivered by the timer', async t => {
  const hook = await receiver(t)
  const dir = mkdtempSync(join(tmpdir(), 'flinks-mock-webhooks-'))
  writeFileSync(join(dir, 'soon.yaml'), 'scenarios:\n  - { name: soon, description: Soon., match: { referenceId: soon }, lifecycle: { flow: [{ afterSeconds: 0.05, status: Completed, statusDetails: EFT0301 }] } }\n')
  const mock = await build(t, { clients: client(hook.url), scenarioDirs: [dir] }, { clock: createClock() })
  const arrival = hook.next()
  mock.clock.unfreeze()
  await mock.createSession(geft('soon'))
  await arrival
  t.match(JSON.parse(hook.received[0]?.body ?? '{}'), { referenceId: 'soon', status: 'Completed' })
})

/** Creates a session and cancels it with the same client's token: a final status at once, for any product. */
async function createAndCancel(mock: Awaited<ReturnType<typeof build>>, body: object, token?: string): Promise<void> {
  const headers = { authorization: `Bearer ${token ?? await mock.token()}` }
  const created = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers, payload: body })
  const cancelled = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${created.json().sessionId}/cancel`, headers })
  if (cancelled.statusCode !== 200) throw new Error(`cancel failed: ${cancelled.statusCode} ${cancelled.body}`)
}

t.test('e-Transfer and regular EFT sessions get no webhook by default: the event is documented for GEFT only', async t => {
  const hook = await receiver(t)
  const mock = await build(t, { clients: client(hook.url) })
  await createAndCancel(mock, { ...eTransferBody(), referenceId: 'interac' })
  await createAndCancel(mock, eft('regular'))
  await createAndCancel(mock, geft('guaranteed'))
  await mock.app.mock.webhooks.settled()
  t.strictSame(hook.received.map(r => JSON.parse(r.body)).map(b => [b.referenceId, b.status]), [['guaranteed', 'Canceled']])
})

t.test('webhook.products chooses the products whose sessions are sent, GEFT included only when listed', async t => {
  const hook = await receiver(t)
  const mock = await build(t, { clients: client(hook.url, ['e-Transfer', 'RegularEft']) })
  await createAndCancel(mock, { ...eTransferBody(), referenceId: 'interac' })
  await createAndCancel(mock, eft('regular'))
  await createAndCancel(mock, geft('guaranteed'))
  await mock.app.mock.webhooks.settled()
  const bodies = hook.received.map(r => JSON.parse(r.body))
  t.strictSame(bodies.map(b => [b.referenceId, b.status]), [['interac', 'Cancelled'], ['regular', 'Cancelled']])
  t.strictSame(Object.keys(bodies[0] ?? {}), ['sessionId', 'referenceId', 'amount', 'status', 'when'], 'an e-Transfer status has no statusDetails, and the event adds only when')
})

t.test('a client without a webhook gets none, and a reset forgets deliveries', async t => {
  const hook = await receiver(t)
  const mock = await build(t, { clients: [...client(hook.url), { id: 'quiet', secret: 'quiet-secret', defaultSettlementAccount: settlement }] })
  await createAndCancel(mock, geft('quiet-1'), await mock.token('quiet', 'quiet-secret'))
  await createAndCancel(mock, geft('loud-2'))
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 1)
  t.match(JSON.parse(hook.received[0]?.body ?? '{}'), { referenceId: 'loud-2', status: 'Canceled' })
  await mock.inject({ method: 'POST', url: '/__admin/reset', payload: { clientId: 'flinks-mock-client' } })
  t.strictSame((await mock.inject({ url: '/__admin/webhooks' })).json(), { deliveries: [] })
})

t.test('a session dropped from memory (the oldest, past maxSessions) is never delivered', async t => {
  const hook = await receiver(t)
  const mock = await build(t, { clients: client(hook.url), maxSessions: 1, autoplay: true })
  await mock.createSession(geft('Happy1'))
  const kept = await mock.createSession({ ...geft('Happy1'), amount: 200 })
  const { sessionId } = kept.json()
  mock.clock.advance(180)
  await mock.app.mock.webhooks.settled()
  t.equal((await confirmGuarantee(mock, kept)).statusCode, 200)
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 2)
  t.match(hook.received.map(r => JSON.parse(r.body)), [{ sessionId, amount: 200, guaranteeDetails: { guaranteeOffered: true } }, { sessionId, amount: 200, status: 'Completed' }])
})

t.test('with a running clock, a session waiting for its user is delivered when the user ends it', async t => {
  const hook = await receiver(t)
  const mock = await build(t, { clients: client(hook.url) }, { clock: createClock() })
  mock.clock.unfreeze()
  const { sessionId } = (await mock.createSession(geft('waits-for-its-user'))).json()
  t.equal(mock.app.mock.sessions.get(sessionId)?.timeline.length, 1, 'no step to come: only its expiry is scheduled')
  await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'cancel' } })
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 1)
  t.match(JSON.parse(hook.received[0]?.body ?? '{}'), { sessionId, referenceId: 'waits-for-its-user', status: 'Canceled' })
})
