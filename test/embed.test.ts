import t from 'tap'
import { ScenarioError, startFlinksMock } from '../src/index.js'
import { checkedFetch } from './helpers/http.js'

// The README's "Testing your integration" example, as a test.
const basic = `Basic ${Buffer.from('flinks-mock-client:flinks-mock-secret').toString('base64')}`

t.test('startFlinksMock serves on a free port and gives the clock, the journal and reset', async t => {
  const mock = await startFlinksMock({ seed: 'readme', frozenAt: '2026-06-04T14:30:00Z' })
  t.teardown(() => mock.close())
  const http = checkedFetch(t, mock)
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/)

  const auth = await http('/api/v1/authorize', { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })
  const token = auth.json().access_token
  const created = await http('/api/v2/sessions', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ referenceId: 'ET-Completed-42', type: 'e-Transfer', direction: 'DEBIT', amount: 25, payor: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' } })
  })
  t.equal(created.status, 201)

  mock.clock.advance(120)
  const status = await http(`/api/v2/sessions/${created.json().sessionId}/status`, { headers: { authorization: `Bearer ${token}` } })
  t.equal(status.json().status, 'Completed')

  t.strictSame(mock.requests({ method: 'POST', path: '/api/v2/sessions' }).map(r => r.response.status), [201])
  t.equal(mock.requests({ referenceId: 'ET-Completed-42' }).length, 2)

  // A client's own clock moves alone: the shared one stays where it is.
  const own = mock.clocks.create('flinks-mock-client')
  own.advance(30)
  t.equal(mock.clocks.of('flinks-mock-client').now() - mock.clock.now(), 30000)
  mock.clocks.drop('flinks-mock-client')
  t.equal(mock.clocks.of('flinks-mock-client'), mock.clock)

  mock.clock.advance(600)
  const expired = await http(`/api/v2/sessions/${created.json().sessionId}/status`, { headers: { authorization: `Bearer ${token}` } })
  t.equal(expired.status, 401, 'the token expired')

  mock.reset()
  t.strictSame(mock.requests(), [])
  t.strictSame(mock.outbox(), [])
  await mock.webhooksSettled()
  t.strictSame(mock.webhooks(), [])
  t.equal(mock.clock.frozen, false)
})

t.test('startFlinksMock refuses a bad setting or date with the reason', async t => {
  await t.rejects(startFlinksMock({ tokenTtlSeconds: -1 }), { name: 'ConfigError', message: 'tokenTtlSeconds (from the options passed in code) must be >= 1' })
  await t.rejects(startFlinksMock({ frozenAt: 'someday' }), { name: 'ConfigError', message: 'frozenAt (from the options passed in code) is not a date: someday' })
})

t.test('a bad scenario file rejects with the ScenarioError the package exports', async t => {
  const error = await startFlinksMock({ scenarios: new URL('./fixtures/scenarios-bad', import.meta.url).pathname }).catch((e: unknown) => e)
  t.ok(error instanceof ScenarioError)
  t.match(error, { name: 'ScenarioError', message: /scenarios-bad/ })
})

t.test('scenario directories are given as scenarios', async t => {
  const mock = await startFlinksMock({ scenarios: new URL('./fixtures/scenarios-faults', import.meta.url).pathname, defaultScenarios: false })
  const two = await startFlinksMock({ scenarios: [new URL('./fixtures/scenarios-faults', import.meta.url).pathname], defaultScenarios: false })
  t.teardown(() => two.close())
  t.equal(two.app.mock.scenarios.current.all.length, 6)
  t.teardown(() => mock.close())
  t.equal(mock.app.mock.scenarios.current.all.length, 6)
})
