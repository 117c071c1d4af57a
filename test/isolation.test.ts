import t from 'tap'
import { startFlinksMock } from '../src/index.js'
import { checkedFetch } from './helpers/http.js'

// Two teams share one mock: their interleaved suites never see each other's data.
const clients = [
  { id: 'team-a', secret: 'team-a-secret', defaultSettlementAccount: { institutionCode: '001', transitNumber: '00011', accountNumber: '1111111' } },
  { id: 'team-b', secret: 'team-b-secret', defaultSettlementAccount: { institutionCode: '002', transitNumber: '00022', accountNumber: '2222222' } }
]
const basic = (id: string) => `Basic ${Buffer.from(`${id}:${id}-secret`).toString('base64')}`

t.test('two clients in parallel, interleaved, each see only their own sessions, journal and reset', async t => {
  const mock = await startFlinksMock({ clients, adminToken: 'shared-admin-token', frozenAt: '2026-06-04T14:30:00Z' })
  t.teardown(() => mock.close())
  const http = checkedFetch(t, mock)

  const suite = async (team: string) => {
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const token = (await http('/api/v1/authorize', { method: 'POST', headers: { authorization: basic(team), 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })).json().access_token
      const created = await http('/api/v2/sessions', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ referenceId: `${team}-${i}`, type: 'e-Transfer', direction: 'DEBIT', amount: 10 + i, options: { notificationPreferences: { sendInteracLink: true } }, payor: { firstName: 'A', lastName: 'B', email: `${team}@example.com` } })
      })
      ids.push(created.json().sessionId)
      await new Promise(resolve => setImmediate(resolve))
    }
    return ids
  }
  const [a, b] = await Promise.all([suite('team-a'), suite('team-b')])
  const tokenA = (await http('/api/v1/authorize', { method: 'POST', headers: { authorization: basic('team-a'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })).json().access_token

  for (const id of b) t.equal((await http(`/api/v2/sessions/${id}/details`, { headers: { authorization: `Bearer ${tokenA}` } })).status, 404, 'team-a cannot read team-b\'s session')
  t.equal((await http(`/api/v2/sessions/${a[0]}/details`, { headers: { authorization: `Bearer ${tokenA}` } })).json().payee.account.accountNumber, '1111111')

  const journalOf = async (team: string) => (await http('/__admin/requests', { headers: { authorization: basic(team) } })).json().requests as Array<{ clientId: string }>
  t.ok((await journalOf('team-b')).every(r => r.clientId === 'team-b'))
  t.equal((await journalOf('team-b')).length, 10)
  const outboxB = (await http('/__admin/outbox', { headers: { authorization: basic('team-b') } })).json().messages as Array<{ to: string }>
  t.strictSame(outboxB.map(m => m.to), Array(5).fill('team-b@example.com'))
  const sessionsB = (await http('/__admin/sessions', { headers: { authorization: basic('team-b') } })).json().sessions as Array<{ sessionId: string }>
  t.strictSame(sessionsB.map(s => s.sessionId), b)

  t.equal((await http('/__admin/reset', { method: 'POST', headers: { authorization: basic('team-b') } })).json().reset, 'team-b')
  t.equal((await journalOf('team-b')).length, 0)
  t.equal((await http('/__admin/sessions', { headers: { authorization: 'Bearer shared-admin-token' } })).json().sessions.length, 5, 'team-a\'s sessions are untouched')
})
