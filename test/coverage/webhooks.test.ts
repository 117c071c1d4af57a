import { createServer } from 'node:http'
import { once } from 'node:events'
import t from 'tap'
import { build, type TestMock } from '../helpers/app.js'
import { webhookReceiver } from '../helpers/webhook-receiver.js'
import type { CoverageReport } from '../../src/coverage/report.js'

const secret = 'webhook-secret-1'
const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
const client = (url: string) => [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement, webhook: { url, secret } }]
const geft = (referenceId: string) => ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' } })

async function covered(mock: TestMock, group: string) {
  const report = (await mock.inject({ url: '/__admin/coverage?clientId=flinks-mock-client' })).json() as CoverageReport
  return Object.fromEntries((report.groups.find(g => g.name === group)?.items ?? []).filter(i => i.count > 0 || (i.failed ?? 0) > 0).map(i => [i.id, { covered: i.covered, count: i.count, ...(i.failed === undefined ? {} : { failed: i.failed }) }]))
}

t.test('webhooks answered 2xx are covered, and the final status they told counts as seen', async t => {
  const hook = await webhookReceiver(t, secret)
  const mock = await build(t, { clients: client(hook.url), autoplay: true })
  const created = await mock.createSession(geft('Happy1'))
  mock.clock.advance(180)
  await mock.app.mock.webhooks.settled()
  t.equal((await mock.inject({ method: 'POST', url: `/api/v2/sessions/${created.json().sessionId}/guarantees/confirm`, headers: { authorization: `Bearer ${created.token}` }, payload: { guaranteeAccepted: true } })).statusCode, 200)
  await mock.app.mock.webhooks.settled()
  t.equal(hook.received.length, 2)
  t.strictSame(await covered(mock, 'webhooks'), {
    'webhook:SessionSetupStatusChanged': { covered: true, count: 1, failed: 0 },
    'webhook:GuaranteeOffered': { covered: true, count: 1, failed: 0 }
  })
  t.strictSame(await covered(mock, 'final-statuses'), { 'final-status:Completed': { covered: true, count: 1 } })
  t.strictSame(await covered(mock, 'status-codes'), { 'status-code:EFT0301': { covered: true, count: 1 } })
  const metrics = await mock.inject({ url: '/metrics' })
  t.ok(metrics.body.includes('flinks_mock_webhook_deliveries_total{event="GuaranteeOffered",outcome="2xx"} 1\n'))
  t.ok(metrics.body.includes('flinks_mock_webhook_deliveries_total{event="SessionSetupStatusChanged",outcome="2xx"} 1\n'))
})

t.test('webhooks a receiver refuses or never gets are failed, not covered', async t => {
  const hook = await webhookReceiver(t, secret, [500])
  const mock = await build(t, { clients: client(hook.url) })
  const created = await mock.createSession(geft('cancel-me'))
  await mock.inject({ method: 'POST', url: `/api/v2/sessions/${created.json().sessionId}/cancel`, headers: { authorization: `Bearer ${created.token}` } })
  await mock.app.mock.webhooks.settled()
  t.strictSame(await covered(mock, 'webhooks'), { 'webhook:SessionSetupStatusChanged': { covered: false, count: 0, failed: 1 } })
  t.ok((await mock.inject({ url: '/metrics' })).body.includes('flinks_mock_webhook_deliveries_total{event="SessionSetupStatusChanged",outcome="non-2xx"} 1\n'))

  const down = createServer()
  down.listen(0, '127.0.0.1')
  await once(down, 'listening')
  const address = down.address()
  down.close()
  await once(down, 'close')
  const unreachable = await build(t, { clients: client(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/flinks`) })
  const lost = await unreachable.createSession(geft('cancel-me'))
  await unreachable.inject({ method: 'POST', url: `/api/v2/sessions/${lost.json().sessionId}/cancel`, headers: { authorization: `Bearer ${lost.token}` } })
  await unreachable.app.mock.webhooks.settled()
  t.strictSame(await covered(unreachable, 'webhooks'), { 'webhook:SessionSetupStatusChanged': { covered: false, count: 0, failed: 1 } })
  t.ok((await unreachable.inject({ url: '/metrics' })).body.includes('flinks_mock_webhook_deliveries_total{event="SessionSetupStatusChanged",outcome="no-answer"} 1\n'))
})

t.test('a delivery the hook cannot count is still recorded', async t => {
  const hook = await webhookReceiver(t, secret)
  const mock = await build(t, { clients: client(hook.url) })
  const created = await mock.createSession(geft('cancel-me'))
  mock.app.mock.coverage.record = () => {
    throw new Error('broken')
  }
  await mock.inject({ method: 'POST', url: `/api/v2/sessions/${created.json().sessionId}/cancel`, headers: { authorization: `Bearer ${created.token}` } })
  await mock.app.mock.webhooks.settled()
  t.match((await mock.inject({ url: '/__admin/webhooks' })).json().deliveries, [{ event: 'SessionSetupStatusChanged', status: 200 }])
})
