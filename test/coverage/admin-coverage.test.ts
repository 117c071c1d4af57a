import t from 'tap'
import { basic, build, eTransferBody, jsonType, problemType } from '../helpers/app.js'
import type { CoverageReport } from '../../src/coverage/report.js'

const twoClients = [
  { id: 'flinks-mock-client', secret: 'flinks-mock-secret' },
  { id: 'team-b', secret: 'team-b-secret' }
]

const caseOf = (report: CoverageReport, id: string) => report.groups.flatMap(g => g.items).find(item => item.id === id)
const groupOf = (report: CoverageReport, name: string) => report.groups.find(g => g.name === name)

t.test('a client that read a completed e-Transfer session covers its statuses, scenario, final and payment statuses', async t => {
  const mock = await build(t)
  const created = await mock.createSession({ ...eTransferBody(), referenceId: 'ET-Completed-1' })
  t.equal(created.statusCode, 201)
  const { sessionId } = created.json()
  mock.clock.advance(180)
  const status = await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers: { authorization: `Bearer ${created.token}` } })
  t.equal(status.statusCode, 200)

  const res = await mock.inject({ url: '/__admin/coverage?clientId=flinks-mock-client' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], jsonType)
  const report = res.json() as CoverageReport
  t.equal(report.clientId, 'flinks-mock-client')
  t.strictSame(report.groups.map(g => g.name), ['operations', 'scenarios', 'final-statuses', 'status-codes', 'payment-statuses', 'page-actions', 'page-outcomes', 'error-classes', 'behaviours', 'webhooks'])
  t.strictSame(caseOf(report, 'operation:Authorize:200'), { id: 'operation:Authorize:200', description: 'Authorize answered 200.', covered: true, count: 1 })
  t.strictSame(caseOf(report, 'operation:InitiateSession:201'), { id: 'operation:InitiateSession:201', description: 'InitiateSession answered 201.', covered: true, count: 1 })
  t.match(caseOf(report, 'operation:GetSessionStatus:200'), { covered: true, count: 1 })
  t.match(caseOf(report, 'operation:InitiateSession:429'), { covered: false, count: 0 })
  t.match(caseOf(report, 'scenario:ET-Completed'), { covered: true, count: 1 })
  t.match(caseOf(report, 'scenario:Happy1'), { covered: false, count: 0 })
  t.match(caseOf(report, 'final-status:Completed'), { covered: true, count: 1 })
  t.match(caseOf(report, 'payment-status:Processed'), { covered: true, count: 1 })
  // e-Transfer sessions show no statusDetails.
  t.equal(groupOf(report, 'status-codes')?.covered, 0)
  // Both spellings of Cancelled are one case.
  t.strictSame(groupOf(report, 'final-statuses')?.items.map(i => i.id), ['final-status:Completed', 'final-status:Failed', 'final-status:Cancelled', 'final-status:Expired'])
  t.equal(groupOf(report, 'operations')?.cases, 54, 'every documented status of the six operations')
  t.equal(report.cases, report.groups.reduce((n, g) => n + g.items.length, 0))
  t.equal(report.covered, 6)
})

t.test('the catalogue follows the scenario files: a reloaded set is the new catalogue', async t => {
  const mock = await build(t, { defaultScenarios: false })
  const report = (await mock.inject({ url: '/__admin/coverage' })).json() as CoverageReport
  t.equal(report.clientId, null)
  t.strictSame(groupOf(report, 'scenarios'), { name: 'scenarios', cases: 0, covered: 0, items: [] })
  t.equal(groupOf(report, 'page-actions')?.cases, 13)
  t.equal(groupOf(report, 'page-outcomes')?.cases, 7)
})

t.test('an EFT session read as Failed covers its status code; a cancel covers Cancelled/EFT0501', async t => {
  const mock = await build(t, { autoplay: true })
  const eft = { type: 'EFT', direction: 'DEBIT', amount: 100, payor: { firstName: 'Sara', lastName: 'Ahmad' } }
  const failed = await mock.createSession({ ...eft, referenceId: 'EFT-LoginFailure-1' })
  const cancelled = await mock.createSession({ ...eft, referenceId: 'plain' })
  mock.clock.advance(300)
  const auth = (token: string) => ({ authorization: `Bearer ${token}` })
  t.equal((await mock.inject({ url: `/api/v2/sessions/${failed.json().sessionId}/details`, headers: auth(failed.token) })).statusCode, 200)
  t.equal((await mock.inject({ method: 'POST', url: `/api/v2/sessions/${cancelled.json().sessionId}/cancel`, headers: auth(cancelled.token) })).statusCode, 200)
  const report = (await mock.inject({ url: '/__admin/coverage' })).json() as CoverageReport
  t.match(caseOf(report, 'final-status:Failed'), { covered: true })
  t.match(caseOf(report, 'status-code:EFT0401'), { covered: true })
  t.match(caseOf(report, 'final-status:Cancelled'), { covered: true })
  t.match(caseOf(report, 'status-code:EFT0501'), { covered: true })
})

t.test('a reset forgets a client\'s coverage, or everyone\'s', async t => {
  const mock = await build(t, { clients: twoClients })
  await mock.token()
  await mock.token('team-b', 'team-b-secret')
  const covered = async (clientId: string) => ((await mock.inject({ url: `/__admin/coverage?clientId=${clientId}` })).json() as CoverageReport).covered
  t.equal(await covered('team-b'), 1)
  await mock.inject({ method: 'POST', url: '/__admin/reset', payload: { clientId: 'team-b' } })
  t.equal(await covered('team-b'), 0)
  t.equal(await covered('flinks-mock-client'), 1)
  await mock.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal(await covered('flinks-mock-client'), 0)
})

t.test('coverage has the admin API\'s authentication and client scoping', async t => {
  const mock = await build(t, { clients: twoClients, adminToken: 'admin-token-1' })
  await mock.token('team-b', 'team-b-secret')
  const noAuth = await mock.inject({ url: '/__admin/coverage' })
  t.equal(noAuth.statusCode, 401)
  t.equal(noAuth.headers['content-type'], problemType)
  const all = await mock.inject({ url: '/__admin/coverage', headers: { authorization: 'Bearer admin-token-1' } })
  t.equal((all.json() as CoverageReport).covered, 1)
  const own = await mock.inject({ url: '/__admin/coverage', headers: { authorization: basic() } })
  t.equal((own.json() as CoverageReport).clientId, 'flinks-mock-client')
  t.equal((own.json() as CoverageReport).covered, 0)
  const other = await mock.inject({ url: '/__admin/coverage?clientId=team-b', headers: { authorization: basic() } })
  t.equal(other.statusCode, 403)
  t.equal(other.json().detail, 'These credentials are limited to client "flinks-mock-client".')
  const unknown = await mock.inject({ url: '/__admin/coverage?clientId=nobody', headers: { authorization: 'Bearer admin-token-1' } })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().detail, 'No client "nobody" is configured.')
  const badFormat = await mock.inject({ url: '/__admin/coverage?format=pdf', headers: { authorization: 'Bearer admin-token-1' } })
  t.equal(badFormat.statusCode, 400)
})
