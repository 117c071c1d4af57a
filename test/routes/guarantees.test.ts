import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { problems } from '../../src/problems.js'
import { build, jsonType, problemType, traceIdPattern, type TestMock } from '../helpers/app.js'
import { webhookReceiver } from '../helpers/webhook-receiver.js'

const secret = 'whsec-guarantee'
const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
const withWebhook = (url: string) => [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement, webhook: { url, secret } }]
const geft = (referenceId: string, extra: object = {}) => ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName: 'John', lastName: 'Doe' }, ...extra })
const unknownRisk = { overallRiskLevel: 'Unknown', transactionRiskLevel: 'Unknown', userRiskLevel: 'Unknown', otherRiskLevel: 'Unknown' }
const at = (seconds: number) => new Date(Date.parse('2026-06-04T14:30:00.000Z') + seconds * 1000).toISOString()

const simulate = async (mock: TestMock, sessionId: string, payload: object) => (await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload })).json().state
const confirm = (mock: TestMock, sessionId: string, token: string, payload: unknown) =>
  mock.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/guarantees/confirm`, headers: { authorization: `Bearer ${token}` }, payload: payload as object })
const get = async (mock: TestMock, sessionId: string, token: string, path: 'status' | 'details') =>
  (await mock.inject({ url: `/api/v2/sessions/${sessionId}/${path}`, headers: { authorization: `Bearer ${token}` } })).json()
const withoutTrace = (body: Record<string, unknown>) => {
  const { traceId, ...rest } = body
  return { traceId, rest }
}

/** A GEFT session whose payor approved at +30 s, with a webhook configured. */
async function offered(t: Test, statuses?: number[]) {
  const hook = await webhookReceiver(t, secret, statuses)
  const mock = await build(t, { clients: withWebhook(hook.url) })
  const created = await mock.createSession(geft('guarantee-1'))
  const { sessionId } = created.json()
  mock.clock.advance(30)
  t.match(await simulate(mock, sessionId, { action: 'approve' }), { status: 'InProgress', step: 'GuaranteeOffer' })
  await mock.app.mock.webhooks.settled()
  return { hook, mock, sessionId, token: created.token }
}

t.test('with a webhook, a guarantee waits for the client, announced by a signed guarantee webhook', async t => {
  const { hook, mock, sessionId, token } = await offered(t)
  t.equal(hook.received.length, 1)
  const [event] = hook.received
  t.equal(event?.valid, true)
  t.equal(event?.headers['content-type'], 'application/json; charset=utf-8')
  t.match(event?.headers['x-webhook-signature'], /^sha256=[0-9A-F]{64}$/)
  const guaranteeDetails = { guaranteeOffered: true, guaranteeAccepted: null, highestDebitAmountToGuarantee: 100, ...unknownRisk }
  t.strictSame(JSON.parse(event?.body ?? ''), { sessionId, referenceId: 'guarantee-1', amount: 100, guaranteeDetails, when: at(30) })
  t.strictSame(await get(mock, sessionId, token, 'status'), { sessionId, referenceId: 'guarantee-1', amount: 100, status: 'InProgress' })
  t.strictSame((await get(mock, sessionId, token, 'details')).guaranteeDetails, guaranteeDetails)
  mock.clock.advance(200)
  await mock.inject({ url: '/healthz' })
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 1, 'delivered once, and the session still waits')
  t.equal((await get(mock, sessionId, token, 'status')).status, 'InProgress')
  const deliveries = (await mock.inject({ url: '/__admin/webhooks' })).json().deliveries
  t.match(deliveries, [{ id: '1', sessionId, event: 'GuaranteeOffered', body: event?.body, signature: event?.headers['x-webhook-signature'], status: 200, error: null }])
  const again = await mock.inject({ method: 'POST', url: '/__admin/webhooks/1/redeliver' })
  t.match(again.json(), { id: '2', event: 'GuaranteeOffered', body: event?.body, status: 200 })
  t.equal(hook.received[1]?.body, event?.body, 'redelivered as it was')
})

t.test('confirming with guaranteeAccepted true completes the session', async t => {
  const { hook, mock, sessionId, token } = await offered(t)
  mock.clock.advance(5)
  const res = await confirm(mock, sessionId, token, { guaranteeAccepted: true })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], jsonType)
  t.strictSame(res.json(), { sessionId, referenceId: 'guarantee-1' })
  t.strictSame(await get(mock, sessionId, token, 'status'), { sessionId, referenceId: 'guarantee-1', amount: 100, status: 'Completed', statusDetails: 'EFT0301' })
  t.strictSame((await get(mock, sessionId, token, 'details')).guaranteeDetails, { guaranteeOffered: true, guaranteeAccepted: true, highestDebitAmountToGuarantee: 100, ...unknownRisk })
  await mock.app.mock.webhooks.settled()
  t.match(JSON.parse(hook.received[1]?.body ?? ''), { sessionId, status: 'Completed', statusDetails: 'EFT0301', when: at(35) })
  const again = await confirm(mock, sessionId, token, { guaranteeAccepted: true })
  t.equal(again.statusCode, 409, 'a session can be confirmed once')
  const { traceId, rest } = withoutTrace(again.json())
  t.match(traceId, traceIdPattern)
  t.strictSame(rest, problems.noGuaranteeToConfirm(`Session ${sessionId} is already Completed: there is no guarantee to confirm.`).body)
})

t.test('confirming with guaranteeAccepted false fails the session', async t => {
  const { hook, mock, sessionId, token } = await offered(t)
  const res = await confirm(mock, sessionId, token, { guaranteeAccepted: false })
  t.equal(res.statusCode, 200)
  t.strictSame(res.json(), { sessionId, referenceId: 'guarantee-1' })
  t.strictSame(await get(mock, sessionId, token, 'status'), { sessionId, referenceId: 'guarantee-1', amount: 100, status: 'Failed', statusDetails: 'EFT0402' })
  t.strictSame((await get(mock, sessionId, token, 'details')).guaranteeDetails, { guaranteeOffered: true, guaranteeAccepted: false, highestDebitAmountToGuarantee: 100, ...unknownRisk })
  await mock.app.mock.webhooks.settled()
  t.match(JSON.parse(hook.received[1]?.body ?? ''), { sessionId, status: 'Failed', statusDetails: 'EFT0402' })
})

t.test('three failed deliveries of the guarantee webhook fail the session', async t => {
  const { hook, mock, sessionId, token } = await offered(t, [500, 503, 404])
  t.strictSame(await get(mock, sessionId, token, 'status'), { sessionId, referenceId: 'guarantee-1', amount: 100, status: 'Failed', statusDetails: 'EFT0402' })
  t.strictSame((await get(mock, sessionId, token, 'details')).guaranteeDetails, { guaranteeOffered: true, guaranteeAccepted: false, highestDebitAmountToGuarantee: 100, ...unknownRisk })
  await mock.app.mock.webhooks.settled()
  const deliveries = (await mock.inject({ url: '/__admin/webhooks' })).json().deliveries
  t.match(deliveries, [
    { event: 'GuaranteeOffered', status: 500 },
    { event: 'GuaranteeOffered', status: 503 },
    { event: 'GuaranteeOffered', status: 404 },
    { event: 'SessionSetupStatusChanged', status: 404 }
  ])
  t.equal(deliveries.length, 4)
  t.equal(hook.received[2]?.body, hook.received[0]?.body, 'each attempt sends the same body')
  t.equal((await confirm(mock, sessionId, token, { guaranteeAccepted: true })).statusCode, 409)
})

t.test('a delivery that succeeds on its second attempt leaves the guarantee waiting', async t => {
  const { mock, sessionId, token } = await offered(t, [502, 200])
  t.match((await mock.inject({ url: '/__admin/webhooks' })).json().deliveries, [{ status: 502 }, { status: 200 }])
  t.equal((await get(mock, sessionId, token, 'status')).status, 'InProgress')
  t.equal((await confirm(mock, sessionId, token, { guaranteeAccepted: true })).statusCode, 200)
})

t.test('a confirmation that arrives while deliveries fail stops the retries', async t => {
  const hook = await webhookReceiver(t, secret, [500])
  const mock = await build(t, { clients: withWebhook(hook.url) })
  const created = await mock.createSession(geft('guarantee-2'))
  const { sessionId } = created.json()
  await simulate(mock, sessionId, { action: 'approve' })
  t.equal((await confirm(mock, sessionId, created.token, { guaranteeAccepted: true })).statusCode, 200)
  await mock.app.mock.webhooks.settled()
  t.equal((await get(mock, sessionId, created.token, 'status')).status, 'Completed')
  t.match((await mock.inject({ url: '/__admin/webhooks' })).json().deliveries, [{ event: 'GuaranteeOffered', status: 500 }, { event: 'SessionSetupStatusChanged' }])
})

t.test('without a webhook the guarantee is accepted at once, and there is nothing to confirm', async t => {
  const mock = await build(t)
  const created = await mock.createSession(geft('auto'))
  const { sessionId } = created.json()
  t.match(await simulate(mock, sessionId, { action: 'approve' }), { status: 'Completed', statusDetails: 'EFT0301' })
  t.strictSame((await get(mock, sessionId, created.token, 'details')).guaranteeDetails, { guaranteeOffered: true, guaranteeAccepted: true, highestDebitAmountToGuarantee: 100, ...unknownRisk })
  const waiting = await mock.createSession(geft('not-yet'))
  const res = await confirm(mock, waiting.json().sessionId, waiting.token, { guaranteeAccepted: true })
  t.equal(res.statusCode, 409)
  t.equal(res.headers['content-type'], problemType)
  const { rest } = withoutTrace(res.json())
  t.strictSame(rest, problems.noGuaranteeToConfirm(`Session ${waiting.json().sessionId} has no guarantee waiting for confirmation.`).body)
  t.strictSame((await get(mock, waiting.json().sessionId, waiting.token, 'details')).guaranteeDetails, { guaranteeOffered: false, guaranteeAccepted: null, highestDebitAmountToGuarantee: null, ...unknownRisk })
})

t.test('a webhook whose products leave GEFT out announces no guarantee: it is accepted at once', async t => {
  const hook = await webhookReceiver(t, secret)
  const clients = [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement, webhook: { url: hook.url, secret, products: ['e-Transfer'] } }]
  const mock = await build(t, { clients })
  const created = await mock.createSession(geft('not-covered'))
  t.match(await simulate(mock, created.json().sessionId, { action: 'approve' }), { status: 'Completed', statusDetails: 'EFT0301' })
  await mock.app.mock.webhooks.settled()
  t.strictSame(hook.received, [])
})

t.test('no guarantee is offered when the flow fails first (identity, eligibility)', async t => {
  const hook = await webhookReceiver(t, secret)
  const mock = await build(t, { clients: withWebhook(hook.url) })
  const unhappy = await mock.createSession(geft('Unhappy1', { payor: { firstName: 'Joe', lastName: 'Fails' } }))
  const id = unhappy.json().sessionId
  await simulate(mock, id, { action: 'login', username: 'Unhappy1', password: 'Everyday' })
  t.match(await simulate(mock, id, { action: 'approve' }), { status: 'Failed', statusDetails: 'EFT0402' })
  await mock.app.mock.webhooks.settled()
  t.match(hook.received.map(r => JSON.parse(r.body)), [{ sessionId: id, status: 'Failed' }])
  t.equal(hook.received.length, 1, 'the status webhook only')
})

t.test('a Next Best Offer accepted by the payor waits for the client too', async t => {
  const hook = await webhookReceiver(t, secret)
  const mock = await build(t, { clients: withWebhook(hook.url) })
  const created = await mock.createSession(geft('Happy2', { amount: undefined, payor: { firstName: 'Steve', lastName: 'Diamond' } }))
  const { sessionId } = created.json()
  await simulate(mock, sessionId, { action: 'login', username: 'Happy2', password: 'Everyday' })
  await simulate(mock, sessionId, { action: 'approve', amount: 1000 })
  t.match(await simulate(mock, sessionId, { action: 'acceptOffer' }), { status: 'InProgress', step: 'GuaranteeOffer' })
  await mock.app.mock.webhooks.settled()
  t.match(JSON.parse(hook.received[0]?.body ?? ''), { sessionId, amount: 820, guaranteeDetails: { highestDebitAmountToGuarantee: 820 } })
  await confirm(mock, sessionId, created.token, { guaranteeAccepted: true })
  t.match(await get(mock, sessionId, created.token, 'status'), { amount: 820, status: 'Completed', statusDetails: 'EFT0301' })
})

t.test('a scenario sets the risk levels of the guarantee', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'flinks-mock-risk-'))
  writeFileSync(join(dir, 'risk.yaml'), 'scenarios:\n  - { name: risky, description: Risky., match: { referenceId: risky }, lifecycle: { autoplay: false, riskLevels: { overallRiskLevel: High, userRiskLevel: Medium }, flow: [{ afterSeconds: 0, status: Completed, statusDetails: EFT0301, step: Complete }] } }\n')
  const mock = await build(t, { scenarioDirs: [dir] })
  const created = await mock.createSession(geft('risky'))
  await simulate(mock, created.json().sessionId, { action: 'approve' })
  t.strictSame((await get(mock, created.json().sessionId, created.token, 'details')).guaranteeDetails, { guaranteeOffered: true, guaranteeAccepted: true, highestDebitAmountToGuarantee: 100, overallRiskLevel: 'High', transactionRiskLevel: 'Unknown', userRiskLevel: 'Medium', otherRiskLevel: 'Unknown' })
})

t.test('confirm: unknown sessions are 404, a token is required, the body is validated', async t => {
  const clients = [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement }, { id: 'other', secret: 'other-secret', defaultSettlementAccount: settlement }]
  const mock = await build(t, { clients })
  const created = await mock.createSession(geft('errors'))
  const { sessionId } = created.json()
  const other = await mock.token('other', 'other-secret')
  for (const [id, token] of [['3fa85f64-5717-4562-b3fc-2c963f66afa6', created.token], ['not-a-guid', created.token], [sessionId, other]] as const) {
    const res = await confirm(mock, id, token, { guaranteeAccepted: true })
    t.equal(res.statusCode, 404, id)
    t.equal(res.headers['content-type'], problemType)
    t.strictSame(withoutTrace(res.json()).rest, problems.sessionNotFound(id).body)
  }
  const anonymous = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/guarantees/confirm`, payload: { guaranteeAccepted: true } })
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.headers['www-authenticate'], 'Bearer')
  t.strictSame(withoutTrace(anonymous.json()).rest, problems.tokenMissing().body)
  const cases: Array<[object, Record<string, string[]>]> = [
    [{ guaranteeAccepted: 'true' }, { '$.guaranteeAccepted': ['The JSON value could not be converted to System.Boolean. Path: $.guaranteeAccepted | LineNumber: 0 | BytePositionInLine: 27.'] }],
    [{}, { $: ["The JSON value is not valid: it must have required property 'guaranteeAccepted'. Path: $ | LineNumber: 0 | BytePositionInLine: 1."] }],
    [{ guaranteeAccepted: true, extra: 1 }, { '$.extra': ["The JSON property 'extra' could not be mapped to any .NET member contained in type 'ConfirmGuaranteeRequest'."] }]
  ]
  for (const [payload, errors] of cases) {
    const res = await confirm(mock, sessionId, created.token, payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.equal(res.headers['content-type'], problemType)
    t.strictSame(withoutTrace(res.json()).rest, problems.validation(errors).body, JSON.stringify(payload))
  }
  const empty = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/guarantees/confirm`, headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' } })
  t.equal(empty.statusCode, 400)
  t.strictSame(withoutTrace(empty.json()).rest, problems.validation({ '': ['A non-empty request body is required.'] }).body)
})

t.test('a confirmed guarantee leads to the PAD when the payor signs it as a step of its own', async t => {
  const hook = await webhookReceiver(t, secret)
  const mock = await build(t, { clients: withWebhook(hook.url) })
  const created = await mock.createSession(geft('guarantee-pad'))
  const { sessionId } = created.json()
  t.match(await simulate(mock, sessionId, { action: 'approve', stopAtPad: true }), { status: 'InProgress', step: 'GuaranteeOffer' })
  const early = await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'approve' } })
  t.equal(early.statusCode, 409, 'approving again while the guarantee waits')
  await confirm(mock, sessionId, created.token, { guaranteeAccepted: true })
  t.match(await get(mock, sessionId, created.token, 'details'), { status: 'InProgress', step: { current: 'Pad' }, guaranteeDetails: { guaranteeAccepted: true } })
  t.match(await simulate(mock, sessionId, { action: 'signPad' }), { status: 'Completed', statusDetails: 'EFT0301' })
  await mock.app.mock.webhooks.settled()
})

/** A Happy1 session played by a simulated payor (autoplay) for a client with a webhook. */
async function autoplayed(t: Test, statuses?: number[], payor = { firstName: 'John', lastName: 'Doe' }) {
  const hook = await webhookReceiver(t, secret, statuses)
  const mock = await build(t, { clients: withWebhook(hook.url) })
  const created = await mock.createSession(geft('Happy1:autoplay', { payor }))
  return { hook, mock, sessionId: created.json().sessionId as string, token: created.token }
}
const page = async (mock: TestMock, sessionId: string) => (await mock.inject({ url: `/app/api/sessions/${sessionId}` })).json()
const offeredAt120 = { guaranteeOffered: true, guaranteeAccepted: null, highestDebitAmountToGuarantee: 100, ...unknownRisk }

t.test('an autoplayed payor stops at GuaranteeOffer, announced when the clock gets there, until the client confirms', async t => {
  const { hook, mock, sessionId, token } = await autoplayed(t)
  mock.clock.advance(119)
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 0, 'no guarantee webhook before the payor reaches the offer')
  const early = await confirm(mock, sessionId, token, { guaranteeAccepted: true })
  t.equal(early.statusCode, 409)
  t.equal(early.headers['content-type'], problemType)
  t.strictSame(withoutTrace(early.json()).rest, problems.noGuaranteeToConfirm(`Session ${sessionId} has no guarantee waiting for confirmation.`).body)
  t.match(await get(mock, sessionId, token, 'details'), { status: 'InProgress', step: { current: 'AccountSelection' }, guaranteeDetails: { guaranteeOffered: false, guaranteeAccepted: null, highestDebitAmountToGuarantee: null, ...unknownRisk } })
  t.match(await page(mock, sessionId), { step: 'AccountSelection', guaranteeAwaitingConfirmation: false })
  mock.clock.advance(1)
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 1)
  t.equal(hook.received[0]?.valid, true)
  t.strictSame(JSON.parse(hook.received[0]?.body ?? ''), { sessionId, referenceId: 'Happy1:autoplay', amount: 100, guaranteeDetails: offeredAt120, when: at(120) })
  t.match(await page(mock, sessionId), { status: 'InProgress', step: 'GuaranteeOffer', guaranteeAwaitingConfirmation: true, final: false })
  mock.clock.advance(180)
  await mock.inject({ url: '/healthz' })
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 1, 'announced once')
  t.strictSame(await get(mock, sessionId, token, 'status'), { sessionId, referenceId: 'Happy1:autoplay', amount: 100, status: 'InProgress' })
  t.match(await get(mock, sessionId, token, 'details'), { step: { current: 'GuaranteeOffer' }, guaranteeDetails: offeredAt120 })
  const res = await confirm(mock, sessionId, token, { guaranteeAccepted: true })
  t.equal(res.statusCode, 200)
  t.strictSame(res.json(), { sessionId, referenceId: 'Happy1:autoplay' })
  t.strictSame(await get(mock, sessionId, token, 'status'), { sessionId, referenceId: 'Happy1:autoplay', amount: 100, status: 'Completed', statusDetails: 'EFT0301' })
  t.match(await get(mock, sessionId, token, 'details'), { step: { current: 'Complete' }, userDetails: { matchingPerformed: true, nameMatch: 100 }, guaranteeDetails: { ...offeredAt120, guaranteeAccepted: true } })
  await mock.app.mock.webhooks.settled()
  t.strictSame(JSON.parse(hook.received[1]?.body ?? ''), { sessionId, referenceId: 'Happy1:autoplay', amount: 100, status: 'Completed', statusDetails: 'EFT0301', when: at(300) })
})

t.test('an autoplayed guarantee the client refuses fails the session Failed/EFT0402', async t => {
  const { hook, mock, sessionId, token } = await autoplayed(t)
  mock.clock.advance(150)
  t.equal((await confirm(mock, sessionId, token, { guaranteeAccepted: false })).statusCode, 200)
  t.strictSame(await get(mock, sessionId, token, 'status'), { sessionId, referenceId: 'Happy1:autoplay', amount: 100, status: 'Failed', statusDetails: 'EFT0402' })
  t.strictSame((await get(mock, sessionId, token, 'details')).guaranteeDetails, { ...offeredAt120, guaranteeAccepted: false })
  mock.clock.advance(300)
  t.equal((await get(mock, sessionId, token, 'status')).status, 'Failed', 'the held steps never play')
  await mock.app.mock.webhooks.settled()
  t.match(hook.received.map(r => JSON.parse(r.body)), [{ guaranteeDetails: offeredAt120, when: at(120) }, { status: 'Failed', statusDetails: 'EFT0402', when: at(150) }])
})

t.test('three failed deliveries of an autoplayed guarantee fail the session', async t => {
  const { mock, sessionId, token } = await autoplayed(t, [500, 503, 404])
  mock.clock.advance(120)
  await mock.app.mock.webhooks.settled()
  t.strictSame(await get(mock, sessionId, token, 'status'), { sessionId, referenceId: 'Happy1:autoplay', amount: 100, status: 'Failed', statusDetails: 'EFT0402' })
  const deliveries = (await mock.inject({ url: '/__admin/webhooks' })).json().deliveries
  t.equal(deliveries.length, 4)
  t.match(deliveries, [
    { event: 'GuaranteeOffered', status: 500 },
    { event: 'GuaranteeOffered', status: 503 },
    { event: 'GuaranteeOffered', status: 404 },
    { event: 'SessionSetupStatusChanged', status: 404 }
  ])
})

t.test('without a webhook an autoplayed Happy1 still completes at 180 s, its guarantee accepted', async t => {
  const mock = await build(t)
  const created = await mock.createSession(geft('Happy1:autoplay'))
  const { sessionId } = created.json()
  mock.clock.advance(179)
  t.match(await get(mock, sessionId, created.token, 'details'), { status: 'InProgress', step: { current: 'Pad' } })
  mock.clock.advance(1)
  t.strictSame(await get(mock, sessionId, created.token, 'status'), { sessionId, referenceId: 'Happy1:autoplay', amount: 100, status: 'Completed', statusDetails: 'EFT0301' })
  t.strictSame((await get(mock, sessionId, created.token, 'details')).guaranteeDetails, { ...offeredAt120, guaranteeAccepted: true })
})

t.test('an autoplayed flow that fails before the offer (identity) offers no guarantee and plays as planned', async t => {
  const { hook, mock, sessionId, token } = await autoplayed(t, undefined, { firstName: 'Jane', lastName: 'Roe' })
  mock.clock.advance(90)
  t.strictSame(await get(mock, sessionId, token, 'status'), { sessionId, referenceId: 'Happy1:autoplay', amount: 100, status: 'Failed', statusDetails: 'EFT0403' })
  mock.clock.advance(90)
  await mock.app.mock.webhooks.settled()
  t.strictSame(hook.received.map(r => JSON.parse(r.body)), [{ sessionId, referenceId: 'Happy1:autoplay', amount: 100, status: 'Failed', statusDetails: 'EFT0403', when: at(90) }])
  t.strictSame((await get(mock, sessionId, token, 'details')).guaranteeDetails, { guaranteeOffered: false, guaranteeAccepted: null, highestDebitAmountToGuarantee: null, ...unknownRisk })
})

t.test('an autoplayed session cancelled before the offer never offers its guarantee', async t => {
  const { hook, mock, sessionId, token } = await autoplayed(t)
  mock.clock.advance(60)
  await mock.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/cancel`, headers: { authorization: `Bearer ${token}` } })
  mock.clock.advance(120)
  await mock.app.mock.webhooks.settled()
  t.match(hook.received.map(r => JSON.parse(r.body)), [{ status: 'Canceled', statusDetails: 'EFT0501' }])
  t.equal(hook.received.length, 1)
  t.strictSame((await get(mock, sessionId, token, 'details')).guaranteeDetails, { guaranteeOffered: false, guaranteeAccepted: null, highestDebitAmountToGuarantee: null, ...unknownRisk })
})

t.test('a real payor who takes over before the offer is offered the guarantee when they approve', async t => {
  const { hook, mock, sessionId, token } = await autoplayed(t)
  mock.clock.advance(50)
  t.match(await simulate(mock, sessionId, { action: 'login', username: 'Happy1', password: 'Everyday' }), { status: 'InProgress', step: 'AccountSelection' })
  mock.clock.advance(100)
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 0, 'the simulated payor\'s offer at 120 s went with it')
  t.equal((await confirm(mock, sessionId, token, { guaranteeAccepted: true })).statusCode, 409)
  t.match(await simulate(mock, sessionId, { action: 'approve' }), { status: 'InProgress', step: 'GuaranteeOffer' })
  await mock.app.mock.webhooks.settled()
  t.strictSame(JSON.parse(hook.received[0]?.body ?? ''), { sessionId, referenceId: 'Happy1:autoplay', amount: 100, guaranteeDetails: offeredAt120, when: at(150) })
  t.equal((await confirm(mock, sessionId, token, { guaranteeAccepted: true })).statusCode, 200)
  t.match(await get(mock, sessionId, token, 'details'), { status: 'Completed', step: { current: 'Complete' }, userDetails: { matchingPerformed: true, nameMatch: 100 } })
})

t.test('a real payor who opens the page after the offer finds it waiting, and the confirmation plays the held steps', async t => {
  const { mock, sessionId, token } = await autoplayed(t)
  mock.clock.advance(130)
  const opened = await mock.inject({ method: 'POST', url: `/app/api/sessions/${sessionId}/actions`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ action: 'open' }) })
  t.match(opened.json(), { step: 'GuaranteeOffer', guaranteeAwaitingConfirmation: true })
  const approved = await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'approve' } })
  t.equal(approved.statusCode, 409, 'the payor has approved already')
  t.equal((await confirm(mock, sessionId, token, { guaranteeAccepted: true })).statusCode, 200)
  t.strictSame(await get(mock, sessionId, token, 'status'), { sessionId, referenceId: 'Happy1:autoplay', amount: 100, status: 'Completed', statusDetails: 'EFT0301' })
  await mock.app.mock.webhooks.settled()
})
