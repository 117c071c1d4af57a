import t from 'tap'
import { checkCoverage, coverageOf, startFlinksMock } from '../../src/index.js'

t.test('mock.coverage(clientId) and checkCoverage say what a test\'s integration missed', async t => {
  const mock = await startFlinksMock({ seed: 'coverage', frozenAt: '2026-06-04T14:30:00Z' })
  t.teardown(() => mock.close())
  const authorize = await fetch(`${mock.url}/api/v1/authorize`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from('flinks-mock-client:flinks-mock-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials'
  })
  t.equal(authorize.status, 200)
  const report = mock.coverage('flinks-mock-client')
  t.equal(report.covered, 1)
  t.strictSame(checkCoverage(report, ['operation:Authorize:*']).missing.map(c => c.id), ['operation:Authorize:400', 'operation:Authorize:401', 'operation:Authorize:405', 'operation:Authorize:413', 'operation:Authorize:415', 'operation:Authorize:500'])
  t.strictSame(checkCoverage(report, ['operation:Authorize:200', 'nothing-here']), { missing: [], unknownRules: ['nothing-here'] })
  t.strictSame(coverageOf(mock.app.mock), { ...report, clientId: null })
  mock.reset('flinks-mock-client')
  t.equal(mock.coverage().covered, 0)
})
