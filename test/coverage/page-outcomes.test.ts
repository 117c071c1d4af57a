import t from 'tap'
import { build, eTransferBody, type TestMock } from '../helpers/app.js'
import type { CoverageReport } from '../../src/coverage/report.js'
import { checkCoverage } from '../../src/coverage/rules.js'

const twoClients = [
  { id: 'flinks-mock-client', secret: 'flinks-mock-secret' },
  { id: 'team-b', secret: 'team-b-secret' }
]
const eftBody = (referenceId: string) => ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, payor: { firstName: 'Ann', lastName: 'Lee' } })
const geftBody = (referenceId: string, firstName: string, lastName: string) =>
  ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName, lastName } })

const report = async (mock: TestMock, clientId: string) => (await mock.inject({ url: `/__admin/coverage?clientId=${clientId}` })).json() as CoverageReport

/** The page-outcome cases the client met, with their counts. */
async function outcomes(mock: TestMock, clientId = 'flinks-mock-client'): Promise<Record<string, number>> {
  const group = (await report(mock, clientId)).groups.find(g => g.name === 'page-outcomes')
  return Object.fromEntries((group?.items ?? []).filter(i => i.count > 0).map(i => [i.id, i.count]))
}

async function create(mock: TestMock, body: unknown, token?: string): Promise<string> {
  const res = token === undefined
    ? await mock.createSession(body)
    : await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: body as object })
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`)
  return res.json().sessionId
}
const read = (mock: TestMock, sessionId: string) => mock.inject({ url: `/app/api/sessions/${sessionId}` })
const act = (mock: TestMock, sessionId: string, payload: object) => mock.inject({ method: 'POST', url: `/app/api/sessions/${sessionId}/actions`, payload })

t.test('the catalogue has a case per outcome of the page\'s document, in its order', async t => {
  const mock = await build(t)
  const group = (await report(mock, 'flinks-mock-client')).groups.find(g => g.name === 'page-outcomes')
  t.strictSame(group?.items.map(i => [i.id, i.description]), ['success', 'cancelled', 'expired', 'padLeft', 'declined', 'guaranteeFailed', 'failed']
    .map(o => [`page-outcome:${o}`, `The hosted page showed one of the client's sessions ended, with outcome ${o}.`]))
})

t.test('each final view the page answers counts its outcome for the session\'s client: the action\'s answer, then each read', async t => {
  const mock = await build(t, { clients: twoClients })
  const sessionId = await create(mock, eftBody('decline-1'))
  t.equal((await read(mock, sessionId)).statusCode, 200)
  t.equal((await act(mock, sessionId, { action: 'open' })).statusCode, 200)
  t.strictSame(await outcomes(mock), {}, 'a view that is not final has no outcome')
  t.equal((await act(mock, sessionId, { action: 'decline' })).statusCode, 200)
  t.strictSame(await outcomes(mock), { 'page-outcome:declined': 1 })
  t.equal((await read(mock, sessionId)).statusCode, 200)
  t.strictSame(await outcomes(mock), { 'page-outcome:declined': 2 }, 'a reload of the finished page counts again')
  t.equal((await act(mock, sessionId, { action: 'cancel' })).statusCode, 409)
  t.equal((await read(mock, '6c376ebd-1670-49e3-9148-26c1360f98d3')).statusCode, 404)
  t.strictSame(await outcomes(mock), { 'page-outcome:declined': 2 }, 'a refused action and an unknown session count nothing')
  t.strictSame(await outcomes(mock, 'team-b'), {})

  const teamB = await create(mock, eTransferBody(), await mock.token('team-b', 'team-b-secret'))
  t.equal((await act(mock, teamB, { action: 'approve' })).statusCode, 200)
  t.strictSame(await outcomes(mock, 'team-b'), { 'page-outcome:success': 1 })
  t.strictSame(await outcomes(mock), { 'page-outcome:declined': 2 })
})

t.test('a client whose sessions end every way through the page covers the group', async t => {
  const mock = await build(t)
  const ended = async (body: unknown, actions: object[]) => {
    const sessionId = await create(mock, body)
    for (const payload of actions) t.equal((await act(mock, sessionId, payload)).statusCode, 200, JSON.stringify(payload))
    return sessionId
  }
  await ended(eTransferBody(), [{ action: 'approve' }])
  await ended(eTransferBody(), [{ action: 'cancel' }])
  await ended(eftBody('pad'), [{ action: 'approve', stopAtPad: true }, { action: 'leavePad' }])
  await ended(eTransferBody(), [{ action: 'decline' }])
  await ended(geftBody('Unhappy1', 'Joe', 'Fails'), [{ action: 'login', username: 'Unhappy1', password: 'Everyday' }, { action: 'approve' }])
  await ended(geftBody('Happy1', 'John', 'Doe'), [{ action: 'login', username: 'Happy1', password: 'wrong' }])
  const waiting = await ended(eTransferBody(), [{ action: 'open' }])
  mock.clock.advance(1800)
  t.equal((await read(mock, waiting)).statusCode, 200)
  const all = await report(mock, 'flinks-mock-client')
  t.match(all.groups.find(g => g.name === 'page-outcomes'), { cases: 7, covered: 7 })
  t.strictSame(checkCoverage(all, ['page-outcomes']), { missing: [], unknownRules: [] })
})
