import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { basic, build, eTransferBody, problemType } from './helpers/app.js'

const metricsType = 'text/plain; version=0.0.4; charset=utf-8'

t.test('GET /metrics counts requests by operation and status, and sessions by status now', async t => {
  const mock = await build(t)
  await mock.createSession(eTransferBody())
  await mock.createSession({ ...eTransferBody(), referenceId: 'ET-Completed-1' })
  await mock.createSession({ ...eTransferBody(), referenceId: 'Error-429-a' })
  await mock.inject({ url: '/nowhere' })
  mock.clock.advance(150)
  const res = await mock.inject({ url: '/metrics' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], metricsType)
  t.equal(res.body, [
    '# HELP flinks_mock_requests_total Requests answered, by operation (operationId of the served documents, none when no route matched) and status.',
    '# TYPE flinks_mock_requests_total counter',
    'flinks_mock_requests_total{operation="Authorize",status="200"} 3',
    'flinks_mock_requests_total{operation="InitiateSession",status="201"} 2',
    'flinks_mock_requests_total{operation="InitiateSession",status="429"} 1',
    'flinks_mock_requests_total{operation="none",status="404"} 1',
    '',
    '# HELP flinks_mock_dropped_connections_total Connections a scenario fault closed without an answer, by operation (operationId, none when no route matched).',
    '# TYPE flinks_mock_dropped_connections_total counter',
    '',
    '# HELP flinks_mock_sessions Sessions held in memory, by status now (virtual clock).',
    '# TYPE flinks_mock_sessions gauge',
    'flinks_mock_sessions{status="Initiated"} 1',
    'flinks_mock_sessions{status="Completed"} 1',
    '',
    '# HELP flinks_mock_webhook_deliveries_total Webhook delivery attempts, by event and outcome (2xx, non-2xx, no-answer).',
    '# TYPE flinks_mock_webhook_deliveries_total counter',
    ''
  ].join('\n'))
  const again = await mock.inject({ url: '/metrics' })
  t.ok(again.body.includes('flinks_mock_requests_total{operation="AdminGetMetrics",status="200"} 1\n'), 'a scrape counts as a request too')
  t.ok(again.body.includes('flinks_mock_requests_total{operation="Authorize",status="200"} 3\n'), 'counted once, whatever the scrapes')
})

t.test('a connection a fault closes without an answer is counted as dropped, by operation, not as an answered request', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-'))
  writeFileSync(join(dir, 'drops.yaml'), [
    'scenarios:',
    '  - { name: drop-create, description: Create never answers., match: { referenceIdPrefix: drop- }, dropConnection: true }',
    '  - { name: drop-status, description: Status never answers., match: { path: /api/v2/sessions/*/status, method: GET }, dropConnection: true }',
    '  - { name: drop-nowhere, description: An unrouted path never answers., match: { path: /nowhere }, dropConnection: true }',
    ''
  ].join('\n'))
  const mock = await build(t, { scenarioDirs: [dir] })
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  const origin = mock.app.listeningOrigin
  const create = async () => fetch(`${origin}/api/v2/sessions`, { method: 'POST', headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...eTransferBody(), referenceId: 'drop-1' }) })
  await t.rejects(create())
  await t.rejects(create())
  await t.rejects(fetch(`${origin}/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/status`))
  await t.rejects(fetch(`${origin}/nowhere`))
  const body = (await mock.inject({ url: '/metrics' })).body
  t.ok(body.includes([
    '# TYPE flinks_mock_dropped_connections_total counter',
    'flinks_mock_dropped_connections_total{operation="InitiateSession"} 2',
    'flinks_mock_dropped_connections_total{operation="GetSessionStatus"} 1',
    'flinks_mock_dropped_connections_total{operation="none"} 1',
    ''
  ].join('\n')), body)
  t.notMatch(body, /flinks_mock_requests_total\{operation="(InitiateSession|GetSessionStatus|none)"/, 'no answer was sent, so none is counted as one')
})

t.test('a reset leaves the counters alone (Prometheus counters only grow)', async t => {
  const mock = await build(t)
  await mock.token()
  await mock.inject({ method: 'POST', url: '/__admin/reset' })
  t.ok((await mock.inject({ url: '/metrics' })).body.includes('flinks_mock_requests_total{operation="Authorize",status="200"} 1\n'))
})

t.test('/metrics has the admin API\'s authentication, and is never journaled', async t => {
  const mock = await build(t, { adminToken: 'admin-token-1' })
  const denied = await mock.inject({ url: '/metrics' })
  t.equal(denied.statusCode, 401)
  t.equal(denied.headers['content-type'], problemType)
  t.equal((await mock.inject({ url: '/metrics', headers: { authorization: 'Bearer admin-token-1' } })).statusCode, 200)
  t.equal((await mock.inject({ url: '/metrics', headers: { authorization: basic() } })).statusCode, 200)
  const post = await mock.inject({ method: 'POST', url: '/metrics', headers: { authorization: 'Bearer admin-token-1' } })
  t.equal(post.statusCode, 405)
  t.equal(post.headers.allow, 'GET')
  t.equal((await mock.inject({ url: '/__admin/requests', headers: { authorization: 'Bearer admin-token-1' } })).json().requests.length, 0)
})
