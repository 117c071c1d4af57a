/** A seeded run through two replicas makes the same ids as through one. */
import t, { type Test } from 'tap'
import { basic, build, eTransferBody, formType, type TestMock } from '../helpers/app.js'
import { startRedis } from './redis-server.js'

/** The walk-through's values: a token, a session, an e-mail, a trace id; request n through `pick(n)`. */
async function run(pick: (n: number) => TestMock): Promise<string[]> {
  const authorized = await pick(0).inject({ method: 'POST', url: '/api/v1/authorize', headers: { authorization: basic(), 'content-type': formType }, payload: 'grant_type=client_credentials' })
  const token = (authorized.json() as { access_token: string }).access_token
  const created = await pick(1).inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })
  const { sessionId } = created.json() as { sessionId: string }
  const details = await pick(2).inject({ url: `/api/v2/sessions/${sessionId}/details`, headers: { authorization: `Bearer ${token}` } })
  const missing = await pick(3).inject({ url: '/api/nowhere' })
  const outbox = await pick(4).inject({ url: '/__admin/outbox' })
  return [token, sessionId, JSON.stringify(details.json()), (missing.json() as { traceId: string }).traceId, JSON.stringify(outbox.json())]
}

const replica = async (t: Test, url: string) => build(t, { store: url, seed: 'replicas-1' })

t.test('a seeded run gives the same values through one replica or two, and again after a reset', async t => {
  const one = await replica(t, (await startRedis(t)).url)
  const through = await run(() => one)
  const twoUrl = (await startRedis(t)).url
  const a = await replica(t, twoUrl)
  const b = await replica(t, twoUrl)
  t.strictSame(await run(n => (n % 2 === 0 ? a : b)), through)
  await a.inject({ method: 'POST', url: '/__admin/reset' })
  t.strictSame(await run(n => (n % 2 === 0 ? b : a)), through, 'a reset starts the stream over')
})
