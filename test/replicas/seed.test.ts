import t from 'tap'
import { startRedis } from '../helpers/redis.js'
import { alternate, authorizeRequest, startReplicas, type Replica } from '../helpers/replicas.js'

// Issue 12, item 2: with --seed, a run through two replicas gives the ids a run through one gives.
const seed = 'replicas-seed'

/**
 * A text with its instants and ports as placeholders: runs start at different real times, and the
 * Interac link names the port of the replica that created the session.
 */
const timeless = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<time>').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')

/** The same requests, in the same order, each sent to the next of `replicas`; what came back, times aside. */
async function script(replicas: Replica[]): Promise<{ responses: string[], journal: string }> {
  const via = alternate(replicas)
  const responses: string[] = []
  const keep = async (res: ReturnType<Replica['fetch']>) => {
    const read = await res
    responses.push(`${read.status} ${timeless(read.text)}`)
    return read
  }
  // The clock's answers carry the real time's offset, which differs run to run: their status only.
  const move = async (res: ReturnType<Replica['fetch']>) => { responses.push(String((await res).status)) }
  await move(via().fetch('/__admin/clock/freeze', { method: 'POST' }))
  for (const [referenceId, type] of [['ET-Completed-1', 'e-Transfer'], ['Error-400', 'e-Transfer'], ['EFT-Completed-1', 'EFT']]) {
    const token = (await keep(via().fetch('/api/v1/authorize', authorizeRequest))).json().access_token
    const auth = { authorization: `Bearer ${token}` }
    const created = await keep(via().fetch('/api/v2/sessions', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(type === 'EFT'
        ? { referenceId, type, direction: 'DEBIT', amount: 100, payor: { firstName: 'John', lastName: 'Doe' } }
        : { referenceId, type, direction: 'DEBIT', amount: 100, options: { notificationPreferences: { sendInteracLink: true } }, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@example.com' }, payee: { account: { institutionCode: '999', transitNumber: '30265', accountNumber: '9876541' } } })
    }))
    await keep(via().fetch('/api/v2/sessions/00000000-0000-4000-8000-000000000000/details', { headers: auth }))
    if (created.status !== 201) continue
    await move(via().fetch('/__admin/clock/advance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds":200}' }))
    await keep(via().fetch(`/api/v2/sessions/${created.json().sessionId}/details`, { headers: auth }))
  }
  await keep(via().fetch('/__admin/outbox'))
  const journal = timeless((await via().fetch('/__admin/requests')).text)
  return { responses, journal }
}

t.test('a seeded run through two replicas answers byte for byte as through one, journal included', async t => {
  const single = await startReplicas(t, (await startRedis(t)).url, { args: ['--seed', seed] }, 1)
  const pair = await startReplicas(t, (await startRedis(t)).url, { args: ['--seed', seed] }, 2)
  const one = await script(single)
  const two = await script(pair)
  t.match(one.responses.join('\n'), /^201 \{"sessionId":"[0-9a-f-]{36}"/m, 'sessions were created')
  t.match(one.responses.join('\n'), /"traceId":"00-[0-9a-f]{32}-[0-9a-f]{16}-00"/, 'and refused, with trace ids')
  t.match(one.responses.join('\n'), /^200 \{"messages":\[\{"id":"[0-9a-f-]{36}"/m, 'and an Interac e-mail sent')
  t.equal(one.responses.filter(r => r.startsWith('201 ')).length, 2, 'an e-Transfer session and an EFT one')
  t.strictSame(two.responses, one.responses)
  t.equal(two.journal, one.journal)
})
