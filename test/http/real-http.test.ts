import t from 'tap'
import { build, eTransferBody, basic } from '../helpers/app.js'

// Over a real socket: the README walk-through, keep-alive, chunked bodies and the body limit.
t.test('the README walk-through works over real HTTP: authorize, create, details', async t => {
  const mock = await build(t)
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  const address = mock.app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`

  const auth = await fetch(`${base}/api/v1/Authorize`, { method: 'POST', headers: { authorization: basic() }, body: new URLSearchParams({ grant_type: 'client_credentials' }) })
  t.equal(auth.status, 200)
  t.equal(auth.headers.get('content-type'), 'application/json; charset=utf-8')
  t.equal(auth.headers.get('cache-control'), 'no-store')
  const { access_token: token, expires_in: expiresIn } = await auth.json() as { access_token: string, expires_in: number }
  t.equal(expiresIn, 599)

  const created = await fetch(`${base}/api/v2/sessions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(eTransferBody()) })
  t.equal(created.status, 201)
  const { sessionId } = await created.json() as { sessionId: string }

  const details = await fetch(`${base}/api/v2/sessions/${sessionId}/details`, { headers: { authorization: `Bearer ${token}` } })
  t.equal(details.status, 200)
  t.match(await details.json(), { sessionId, status: 'Initiated', referenceId: 'USER12345', amount: 250, type: 'e-Transfer' })
})

t.test('a chunked body over the limit is cut with 413, and the server keeps serving', async t => {
  const mock = await build(t, { bodyLimitBytes: 2048 })
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  const address = mock.app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const token = await mock.token()
  const chunks = new ReadableStream({
    start(controller) {
      for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(1024)))
      controller.close()
    }
  })
  const res = await fetch(`${base}/api/v2/sessions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit)
  t.equal(res.status, 413)
  t.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8')
  t.match(await res.json(), { status: 413, title: 'Payload Too Large' })
  const health = await fetch(`${base}/healthz`)
  t.equal(health.status, 200)
})
