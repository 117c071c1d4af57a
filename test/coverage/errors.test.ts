import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { build, eTransferBody, type TestMock } from '../helpers/app.js'
import type { CoverageReport } from '../../src/coverage/report.js'
import { observeDroppedConnection } from '../../src/coverage/observe.js'
import type { FastifyRequest } from 'fastify'

const faults = fileURLToPath(new URL('../fixtures/scenarios-faults', import.meta.url))
const twoClients = [
  { id: 'flinks-mock-client', secret: 'flinks-mock-secret' },
  { id: 'team-b', secret: 'team-b-secret' }
]

async function cases(mock: TestMock, group: string, clientId = 'flinks-mock-client'): Promise<Record<string, unknown>> {
  const report = (await mock.inject({ url: `/__admin/coverage?clientId=${clientId}` })).json() as CoverageReport
  const found = report.groups.find(g => g.name === group)?.items ?? []
  return Object.fromEntries(found.filter(i => i.count > 0 || (i.violations ?? 0) > 0 || (i.failed ?? 0) > 0).map(({ id, covered, count, violations, failed }) => [id, { covered, count, ...(violations === undefined ? {} : { violations }), ...(failed === undefined ? {} : { failed }) }]))
}

const create = (mock: TestMock, token: string, body: unknown) => mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: body as object })
const status = (mock: TestMock, token: string) => mock.inject({ url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/status', headers: { authorization: `Bearer ${token}` } })

t.test('an expired token, then the same token again: the class is met, the behaviour broken', async t => {
  const mock = await build(t)
  const token = await mock.token()
  mock.clock.advance(600)
  t.equal((await status(mock, token)).statusCode, 401)
  t.equal((await status(mock, token)).statusCode, 401)
  t.strictSame(await cases(mock, 'error-classes'), { 'error-class:expired-token': { covered: true, count: 2 } })
  t.strictSame(await cases(mock, 'behaviours'), { 'behaviour:new-token-after-401': { covered: false, count: 0, violations: 1 } })
})

t.test('with several clients, an expired token is credited to the client it was issued to, and only to it', async t => {
  const mock = await build(t, { clients: twoClients })
  const expiring = await mock.token('team-b', 'team-b-secret')
  mock.clock.advance(600)
  const refused = await status(mock, expiring)
  t.equal(refused.statusCode, 401)
  t.match(refused.headers['www-authenticate'], /error="invalid_token", error_description="The token expired at /)
  await mock.token('team-b', 'team-b-secret')
  t.strictSame(await cases(mock, 'error-classes', 'team-b'), { 'error-class:expired-token': { covered: true, count: 1 } })
  t.strictSame(await cases(mock, 'behaviours', 'team-b'), { 'behaviour:new-token-after-401': { covered: true, count: 1, violations: 0 } })
  t.strictSame(await cases(mock, 'error-classes'), {}, 'the other client met no error')
  t.strictSame(await cases(mock, 'behaviours'), {})
  t.strictSame(await cases(mock, 'operations', 'team-b'), {
    'operation:Authorize:200': { covered: true, count: 2 },
    'operation:GetSessionStatus:401': { covered: true, count: 1 }
  })
})

t.test('with several clients, an expired token sent again breaks the behaviour of its own client only', async t => {
  const mock = await build(t, { clients: twoClients })
  const expiring = await mock.token('team-b', 'team-b-secret')
  await mock.token()
  mock.clock.advance(600)
  t.equal((await status(mock, expiring)).statusCode, 401)
  t.equal((await status(mock, expiring)).statusCode, 401)
  t.strictSame(await cases(mock, 'error-classes', 'team-b'), { 'error-class:expired-token': { covered: true, count: 2 } })
  t.strictSame(await cases(mock, 'behaviours', 'team-b'), { 'behaviour:new-token-after-401': { covered: false, count: 0, violations: 1 } })
  t.strictSame(await cases(mock, 'behaviours'), {})
})

t.test('a spent token, then a new token: the class is met, the behaviour kept', async t => {
  const mock = await build(t)
  const created = await mock.createSession(eTransferBody())
  t.equal((await create(mock, created.token, eTransferBody())).statusCode, 401)
  await mock.token()
  t.strictSame(await cases(mock, 'error-classes'), { 'error-class:spent-token': { covered: true, count: 1 } })
  t.strictSame(await cases(mock, 'behaviours'), { 'behaviour:new-token-after-401': { covered: true, count: 1, violations: 0 } })
})

t.test('a 401 of an unknown token is not counted when several clients could own it; nor one without a token', async t => {
  const mock = await build(t, { clients: twoClients })
  t.equal((await status(mock, '3fa85f64-5717-4562-b3fc-2c963f66afa6')).statusCode, 401)
  t.equal((await mock.inject({ url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/status' })).statusCode, 401)
  const report = (await mock.inject({ url: '/__admin/coverage' })).json() as CoverageReport
  t.equal(report.covered, 0)
})

t.test('a scenario\'s 401 is no token class, but a new token is still expected', async t => {
  const mock = await build(t)
  const token = await mock.token()
  t.equal((await create(mock, token, { ...eTransferBody(), referenceId: 'Error-401-a' })).statusCode, 401)
  await mock.token()
  t.strictSame(await cases(mock, 'error-classes'), {})
  t.strictSame(await cases(mock, 'behaviours'), { 'behaviour:new-token-after-401': { covered: true, count: 1, violations: 0 } })
})

t.test('a 400 retried with the same body breaks the behaviour; with another body keeps it', async t => {
  const mock = await build(t)
  const bad = { ...eTransferBody(), amount: 'ten' }
  t.equal((await create(mock, await mock.token(), bad)).statusCode, 400)
  t.equal((await create(mock, await mock.token(), bad)).statusCode, 400)
  t.equal((await create(mock, await mock.token(), eTransferBody())).statusCode, 201)
  t.strictSame(await cases(mock, 'error-classes'), { 'error-class:validation': { covered: true, count: 2 } })
  t.strictSame(await cases(mock, 'behaviours'), { 'behaviour:no-identical-retry-after-400': { covered: false, count: 1, violations: 1 } })
})

t.test('a 400 without a JSON body (the token endpoint\'s form) sets no expectation', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url: '/api/v1/authorize', headers: { authorization: 'Basic ZmxpbmtzLW1vY2stY2xpZW50OmZsaW5rcy1tb2NrLXNlY3JldA==', 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=password' })
  t.equal(res.statusCode, 400)
  await mock.token()
  t.strictSame(await cases(mock, 'error-classes'), { 'error-class:validation': { covered: true, count: 1 } })
  t.strictSame(await cases(mock, 'behaviours'), {})
})

t.test('a 429 retried after Retry-After keeps the behaviour; too early breaks it', async t => {
  const mock = await build(t)
  const busy = { ...eTransferBody(), referenceId: 'Error-429-a' }
  t.equal((await create(mock, await mock.token(), busy)).statusCode, 429)
  mock.clock.advance(30)
  t.equal((await create(mock, await mock.token(), busy)).statusCode, 429)
  mock.clock.advance(29)
  t.equal((await create(mock, await mock.token(), eTransferBody())).statusCode, 201)
  t.strictSame(await cases(mock, 'error-classes'), { 'error-class:rate-limited': { covered: true, count: 2 } })
  t.strictSame(await cases(mock, 'behaviours'), { 'behaviour:waits-for-retry-after': { covered: false, count: 1, violations: 1 } })
  t.strictSame(await cases(mock, 'scenarios'), { 'scenario:Error-429': { covered: true, count: 2 } })
})

t.test('a 429 without Retry-After, a 403 and 5xx answers are their classes', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'coverage-'))
  writeFileSync(join(dir, 'busy.yaml'), 'scenarios:\n  - { name: Busy, description: 429 bare., match: { referenceIdPrefix: Busy }, error: { status: 429 } }\n')
  const mock = await build(t, { scenarioDirs: [dir] })
  for (const [referenceId, code] of [['Busy-1', 429], ['Error-403-a', 403], ['Error-500-a', 500], ['Error-503-a', 503]] as const) {
    t.equal((await create(mock, await mock.token(), { ...eTransferBody(), referenceId })).statusCode, code)
  }
  t.strictSame(await cases(mock, 'error-classes'), { 'error-class:forbidden': { covered: true, count: 1 }, 'error-class:server-error': { covered: true, count: 2 } })
  t.strictSame(await cases(mock, 'behaviours'), {})
})

t.test('a dropped connection is counted for the token\'s client', async t => {
  const mock = await build(t, { scenarioDirs: [faults], seed: 'faults-1' })
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  const token = await mock.token()
  await t.rejects(fetch(`${mock.app.listeningOrigin}/api/v2/sessions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...eTransferBody(), referenceId: 'drop-1' }) }))
  t.strictSame(await cases(mock, 'error-classes'), { 'error-class:dropped-connection': { covered: true, count: 1 } })
  t.strictSame(await cases(mock, 'scenarios'), { 'scenario:slow-authorize': { covered: true, count: 1 }, 'scenario:dropped-create': { covered: true, count: 1 } })
})

t.test('a dropped connection of no known client, or outside a mock, counts nothing', async t => {
  const mock = await build(t, { clients: twoClients })
  observeDroppedConnection({ server: mock.app, headers: {}, annotations: undefined, routeOptions: { config: {} } } as unknown as FastifyRequest)
  observeDroppedConnection({ server: undefined } as unknown as FastifyRequest)
  t.equal(((await mock.inject({ url: '/__admin/coverage' })).json() as CoverageReport).covered, 0)
})

t.test('the payor\'s page actions count for the session\'s client', async t => {
  const mock = await build(t)
  const { sessionId } = (await mock.createSession(eTransferBody())).json()
  const open = await mock.inject({ method: 'POST', url: `/app/api/sessions/${sessionId}/actions`, payload: { action: 'open' } })
  t.equal(open.statusCode, 200)
  const refused = await mock.inject({ method: 'POST', url: `/app/api/sessions/${sessionId}/actions`, payload: { action: 'signPad' } })
  t.equal(refused.statusCode, 409)
  t.equal((await mock.inject({ url: `/app/api/sessions/${sessionId}` })).statusCode, 200)
  t.strictSame(await cases(mock, 'page-actions'), { 'page-action:open': { covered: true, count: 1 } })
})

t.test('an answer the hook cannot count is still sent', async t => {
  const mock = await build(t)
  mock.app.mock.coverage.recordResponse = () => {
    throw new Error('broken')
  }
  t.equal((await mock.inject({ method: 'POST', url: '/api/v1/authorize', headers: { authorization: 'Basic ZmxpbmtzLW1vY2stY2xpZW50OmZsaW5rcy1tb2NrLXNlY3JldA==', 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' })).statusCode, 200)
})

t.test('a dropped connection the hook cannot count is still dropped, and the mock keeps serving', async t => {
  const mock = await build(t, { scenarioDirs: [faults], seed: 'faults-1' })
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  const token = await mock.token()
  mock.app.mock.coverage.record = () => {
    throw new Error('broken')
  }
  await t.rejects(fetch(`${mock.app.listeningOrigin}/api/v2/sessions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...eTransferBody(), referenceId: 'drop-1' }) }))
  t.equal((await fetch(`${mock.app.listeningOrigin}/healthz`)).status, 200)
})
