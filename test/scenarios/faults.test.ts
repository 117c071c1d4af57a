import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { readScenarioDirs, readScenarioFile } from '../../src/scenarios/loader.js'
import { createScenarioSet } from '../../src/scenarios/matcher.js'
import { build, eTransferBody, problemType } from '../helpers/app.js'

const faults = fileURLToPath(new URL('../fixtures/scenarios-faults', import.meta.url))
const settings = { scenarioDirs: [faults], seed: 'faults-1' }

t.test('a path scenario answers every matching request with its error, before authentication', async t => {
  const mock = await build(t, settings)
  const res = await mock.inject({ url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/STATUS' })
  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], '7')
  t.equal(res.headers['content-type'], problemType)
  t.match(res.json(), { title: 'Service Unavailable', status: 503 })
  const other = await mock.inject({ method: 'POST', url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/status' })
  t.equal(other.statusCode, 405, 'the method narrows the match')
  const [entry] = (await mock.inject({ url: '/__admin/requests?status=503' })).json().requests
  t.equal(entry.scenario, 'status-outage')
})

t.test('a fraction applies to that share of requests, reproducibly under a seed', async t => {
  const run = async () => {
    const mock = await build(t, settings)
    const token = await mock.token()
    const statuses: number[] = []
    for (let i = 0; i < 40; i++) {
      statuses.push((await mock.inject({ url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/details', headers: { authorization: `Bearer ${token}` } })).statusCode)
    }
    return statuses
  }
  const first = await run()
  const failed = first.filter(s => s === 500).length
  t.ok(failed > 8 && failed < 32, `${failed} of 40 failed`)
  t.strictSame(first.filter(s => s !== 500).every(s => s === 404), true, 'the others reach the API')
  t.strictSame(await run(), first, 'the same seed fails the same requests')
})

t.test('latency is injected before the answer; the mock\'s own paths are exempt', async t => {
  const mock = await build(t, settings)
  await mock.token()
  t.strictSame(mock.delays, [1500])
  t.equal((await mock.inject({ url: '/healthz' })).statusCode, 200)
})

t.test('a referenceId scenario can answer 429 with Retry-After', async t => {
  const mock = await build(t, settings)
  const res = await mock.createSession({ ...eTransferBody(), referenceId: 'busy-1' })
  t.equal(res.statusCode, 429)
  t.equal(res.headers['retry-after'], '1')
  t.match(res.json(), { type: 'https://tools.ietf.org/html/rfc6585#section-4', title: 'Too Many Requests', status: 429 })
})

t.test('a dropped connection gives the client a socket error, creates nothing, and the mock keeps serving', async t => {
  const mock = await build(t, settings)
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  const address = mock.app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const token = await mock.token()
  await t.rejects(fetch(`${base}/api/v2/sessions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...eTransferBody(), referenceId: 'drop-1' }) }), { cause: { code: 'UND_ERR_SOCKET' } })
  t.equal(mock.app.mock.sessions.size, 0)
  t.equal((await fetch(`${base}/healthz`)).status, 200)
})

t.test('a dropped create spends its token by default, and gives it back with refusedCreateSpendsToken off', async t => {
  for (const [spends, status] of [[true, 401], [false, 201]] as const) {
    const mock = await build(t, { ...settings, refusedCreateSpendsToken: spends })
    await mock.app.listen({ port: 0, host: '127.0.0.1' })
    const address = mock.app.server.address()
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v2/sessions`
    const headers = { authorization: `Bearer ${await mock.token()}`, 'content-type': 'application/json' }
    await t.rejects(fetch(url, { method: 'POST', headers, body: JSON.stringify({ ...eTransferBody(), referenceId: 'drop-1' }) }), { cause: { code: 'UND_ERR_SOCKET' } })
    t.equal((await fetch(url, { method: 'POST', headers, body: JSON.stringify(eTransferBody()) })).status, status, `spends: ${spends}`)
  }
})

t.test('scenario files refuse a path with a lifecycle, a method without a path, and two match kinds', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'flinks-mock-faults-'))
  const cases: Array<[string, RegExp]> = [
    ['{ name: a, description: A., match: { path: /x }, lifecycle: { flow: [{ afterSeconds: 0, status: Initiated }] } }', /scenarios\[0\] matches a path and has a lifecycle: a path scenario is a fault/],
    ['{ name: a, description: A., match: { referenceId: a, method: GET } }', /scenarios\[0\]\.match has a method without a path/],
    ['{ name: a, description: A., match: { referenceId: a, path: /x } }', /scenarios\[0\]\.match must hold exactly one of referenceId, referenceIdPrefix, referenceIdPattern, path/],
    ['{ name: a, description: A., match: { referenceId: a }, error: { status: 500 }, dropConnection: true }', /scenarios\[0\] combines outcomes that exclude each other/]
  ]
  for (const [yaml, message] of cases) {
    const file = join(dir, 'bad.yaml')
    writeFileSync(file, `scenarios:\n  - ${yaml}\n`)
    t.throws(() => readScenarioFile(file), { message }, yaml)
  }
})

t.test('without a roll, a fraction scenario always applies; with one, the roll decides', async t => {
  const set = createScenarioSet(readScenarioDirs([faults]))
  t.equal(set.faultFor('GET', '/api/v2/sessions/x/details')?.name, 'flaky-details')
  t.equal(set.faultFor('GET', '/api/v2/sessions/x/details', () => 0.49)?.name, 'flaky-details')
  t.equal(set.faultFor('GET', '/api/v2/sessions/x/details', () => 0.5), undefined)
  t.equal(set.faultFor('GET', '/nowhere', () => 0), undefined)
})

t.test('GET /__admin/scenarios says which requests a fault hits, not "on create" for a path fault', async t => {
  const mock = await build(t, { ...settings, defaultScenarios: false })
  const res = await mock.inject({ url: '/__admin/scenarios' })
  t.equal(res.statusCode, 200)
  const outcomes = Object.fromEntries(res.json().scenarios.map((s: { name: string, outcome: string }) => [s.name, s.outcome]))
  t.strictSame(outcomes, {
    'status-outage': 'HTTP 503 on GET /api/v2/sessions/*/status with Retry-After 7',
    'flaky-details': 'HTTP 500 on any request to /api/v2/sessions/*/details (50 % of them)',
    'slow-authorize': 'answered after 1.5 s on any request to /api/v1/authorize',
    'dropped-create': 'connection closed without an answer on create',
    'dropped-health': 'connection closed without an answer on any request to /healthz',
    'rate-limited': 'HTTP 429 on create with Retry-After 1'
  })
})
