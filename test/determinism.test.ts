import t, { type Test } from 'tap'
import { startFlinksMock } from '../src/index.js'
import { checkedFetch } from './helpers/http.js'

// With a seed and a frozen clock, the same requests give byte-identical responses and journals.
const basic = `Basic ${Buffer.from('flinks-mock-client:flinks-mock-secret').toString('base64')}`

async function script(t: Test, seed: string) {
  const mock = await startFlinksMock({ seed, frozenAt: '2026-06-04T14:30:00Z' })
  t.teardown(() => mock.close())
  const http = checkedFetch(t, mock)
  const responses: unknown[] = []
  const keep = (res: Awaited<ReturnType<typeof http>>) => {
    const { date: _date, 'keep-alive': _keepAlive, ...headers } = res.headers
    responses.push({ status: res.status, headers, body: res.text })
    return res
  }
  const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: basic }
  for (const referenceId of ['Happy1', 'ET-Completed-1', 'Unhappy1', 'Error-400']) {
    const token = keep(await http('/api/v1/authorize', { method: 'POST', headers: form, body: 'grant_type=client_credentials' })).json().access_token
    const type = referenceId.startsWith('ET') || referenceId.startsWith('Error') ? { type: 'e-Transfer' } : { type: 'EFT', options: { guarantee: { enable: true } } }
    const created = keep(await http('/api/v2/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ referenceId, direction: 'DEBIT', amount: 100, ...type, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' } })
    }))
    keep(await http('/api/v2/sessions/not-a-session/details', { headers: { authorization: `Bearer ${token}` } }))
    if (created.status !== 201) continue
    mock.clock.advance(200)
    keep(await http(`/api/v2/sessions/${created.json().sessionId}/details`, { headers: { authorization: `Bearer ${token}` } }))
  }
  const journal = (await http('/__admin/requests')).text
  return { responses, journal }
}

t.test('the same script under one seed gives byte-identical responses and journals', async t => {
  const first = await script(t, 'repro-1')
  const second = await script(t, 'repro-1')
  t.strictSame(second.responses, first.responses)
  t.equal(second.journal, first.journal)
  t.match(JSON.stringify(first.responses), /"status":201/)
})

t.test('another seed gives other ids', async t => {
  const first = await script(t, 'repro-1')
  const other = await script(t, 'repro-2')
  t.notSame(other.responses, first.responses)
})
