import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import t from 'tap'
import { latestClockMs } from '../../src/clock.js'
import { clientErrorResponse } from '../../src/http/plugin.js'
import { basic, build, eTransferBody, formType, problemType } from '../helpers/app.js'

// Findings of the code review before the first release: each one a request that broke the mock.

t.test('thousands of unknown properties get their 400 without a quadratic search', async t => {
  const mock = await build(t)
  const body = `{${Array.from({ length: 8000 }, (_, i) => `"p${i}":0`).join(',')}}`
  const res = await mock.createSession(body, { 'content-type': 'application/json' })
  t.equal(res.statusCode, 400)
  t.strictSame(Object.keys(res.json().errors), ['$.p0'])
})

t.test('the journal keeps large bodies cut, deep ones as text, and stays readable', async t => {
  const mock = await build(t)
  await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': 'application/json' }, payload: '['.repeat(100000) + ']'.repeat(100000) })
  await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': 'application/json' }, payload: JSON.stringify({ referenceId: 'x'.repeat(100000) }) })
  const res = await mock.inject({ url: '/__admin/requests?path=/api/v2/sessions' })
  t.equal(res.statusCode, 200)
  const [deep, large] = res.json().requests
  t.match(deep.body, /^\[\[\[/)
  t.match(deep.body, /… \[200000 characters in all\]$/)
  t.equal(typeof large.body, 'string')
  t.ok(large.body.length < 17000)
})

t.test('a client secret sent in a JSON body is redacted in the journal too', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url: '/api/v1/authorize', payload: { Username: 'flinks-mock-client', Password: 'flinks-mock-secret' } })
  t.equal(res.statusCode, 415)
  const journal = (await mock.inject({ url: '/__admin/requests' })).body
  t.notMatch(journal, /flinks-mock-secret/)
  t.match(journal, /"Password":"\[redacted\]"/)
})

t.test('picking a bank again does not grow the session\'s timeline', async t => {
  const mock = await build(t)
  const { sessionId } = (await mock.createSession(eTransferBody())).json()
  for (let i = 0; i < 50; i++) await mock.inject({ method: 'POST', url: `/app/api/sessions/${sessionId}/actions`, payload: { action: 'selectInstitution' } })
  t.equal(mock.app.mock.sessions.get(sessionId)?.timeline.length, 2)
})

t.test('the clock refuses to go past the year 9999', async t => {
  const mock = await build(t)
  mock.clock.advance((latestClockMs - mock.clock.now()) / 1000 - 10)
  const res = await mock.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 11 } })
  t.equal(res.statusCode, 400)
  t.equal(res.json().detail, 'The clock cannot go past 9999-12-31T23:59:59.000Z.')
  t.equal((await mock.inject({ url: '/__admin/clock' })).json().now, '9999-12-31T23:59:49.000Z')
  t.throws(() => mock.clock.advance(11), new RangeError('cannot move the clock past 9999-12-31T23:59:59.000Z'))
  t.equal((await mock.inject({ url: '/healthz' })).statusCode, 200)
})

t.test('a path that does not decode is a 400 ProblemDetails; an over-long id segment a 404', async t => {
  const mock = await build(t)
  const bad = await mock.inject({ url: '/api/v2/sessions/%ZZ/details' })
  t.equal(bad.statusCode, 400)
  t.equal(bad.headers['content-type'], problemType)
  const long = await mock.inject({ url: `/api/v2/sessions/${'a'.repeat(200)}/details` })
  t.equal(long.statusCode, 404)
  t.equal(long.headers['content-type'], problemType)
})

t.test('headers too large get a 431 ProblemDetails from the socket', async t => {
  const mock = await build(t)
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  const address = mock.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const res = await new Promise<{ status: number, type: string, body: string }>((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', path: '/healthz', headers: { 'x-big': 'x'.repeat(20000) } }, response => {
      let body = ''
      response.on('data', chunk => { body += chunk })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }))
    })
    req.on('error', reject)
    req.end()
  })
  t.equal(res.status, 431)
  t.equal(res.type, problemType)
  t.strictSame(JSON.parse(res.body), { title: 'Request Header Fields Too Large', status: 431, detail: 'The request could not be read (HPE_HEADER_OVERFLOW).' })
})

t.test('a request line Node cannot read gets a 400 ProblemDetails, and the server keeps serving', async t => {
  const mock = await build(t)
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  const address = mock.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('NOT A REQUEST\r\n\r\n'))
    let text = ''
    socket.on('data', chunk => { text += String(chunk) })
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
  t.match(raw, /^HTTP\/1\.1 400 Bad Request\r\n/)
  t.match(raw, /content-type: application\/problem\+json; charset=utf-8\r\n/)
  t.strictSame(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)), { title: 'Bad Request', status: 400, detail: 'The request could not be read (HPE_INVALID_METHOD).' })
  t.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200)
})

t.test('a socket already gone is destroyed, not written to; an error without a code is "malformed"', async t => {
  const mock = await build(t)
  const calls: string[] = []
  const error = Object.assign(new Error('parse error'), { code: 'HPE_INVALID_METHOD' })
  const socket = { writable: false, end: () => calls.push('end'), destroy: (reason: Error) => calls.push(`destroy ${reason.message}`) }
  mock.app.server.emit('clientError', error, socket)
  t.strictSame(calls, ['destroy parse error'])
  t.match(clientErrorResponse(new Error('no code')), /\r\n\r\n\{"title":"Bad Request","status":400,"detail":"The request could not be read \(malformed\)\."\}$/)
})

t.test('one token racing two creates gets one session, whether refused creates spend tokens or not', async t => {
  for (const refusedCreateSpendsToken of [true, false]) {
    const mock = await build(t, { refusedCreateSpendsToken })
    const token = await mock.token()
    const create = () => mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: { ...eTransferBody(), referenceId: 'Slow-Create-1' } })
    const statuses = (await Promise.all([create(), create()])).map(r => r.statusCode).sort()
    t.strictSame(statuses, [201, 401])
    t.equal(mock.app.mock.sessions.size, 1)
  }
})

t.test('a secret with + and / works sent as is, and form-encoded, on both Basic endpoints', async t => {
  const mock = await build(t, { clients: [{ id: 'plus', secret: 'abc+def/ghi=' }] })
  for (const secret of ['abc+def/ghi=', encodeURIComponent('abc+def/ghi=')]) {
    const res = await mock.inject({ method: 'POST', url: '/api/v1/authorize', headers: { authorization: basic('plus', secret), 'content-type': formType }, payload: 'grant_type=client_credentials' })
    t.equal(res.statusCode, 200, secret)
    t.equal((await mock.inject({ url: '/__admin/requests', headers: { authorization: basic('plus', secret) } })).statusCode, 200, secret)
  }
  // An id that does not form-decode is tried as sent only.
  const bad = await mock.inject({ method: 'POST', url: '/api/v1/authorize', headers: { authorization: basic('%zz', 'abc'), 'content-type': formType }, payload: 'grant_type=client_credentials' })
  t.equal(bad.statusCode, 401)
  t.equal(bad.json().error, 'invalid_client')
})

t.test('a malformed bearer header still gets a well-formed challenge', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: 'Bearer a b' }, payload: eTransferBody() })
  t.equal(res.headers['www-authenticate'], "Bearer error=\"invalid_token\", error_description=\"The token is malformed: send 'Authorization: Bearer <access_token>'\"")
})

t.test('a body sent to an unknown path or a wrong method is not read: 404 and 405', async t => {
  const mock = await build(t)
  t.equal((await mock.inject({ method: 'POST', url: '/nope', headers: { 'content-type': 'application/json' }, payload: '{bad' })).statusCode, 404)
  t.equal((await mock.inject({ method: 'POST', url: '/nope', headers: { 'content-type': 'json' }, payload: '{bad' })).statusCode, 404)
  t.equal((await mock.inject({ method: 'PUT', url: '/api/v2/sessions', headers: { 'content-type': 'application/json' }, payload: '{bad' })).statusCode, 405)
})

t.test('the hosted page\'s requests are journaled under the session\'s client', async t => {
  const mock = await build(t)
  const { sessionId } = (await mock.createSession(eTransferBody())).json()
  await mock.inject({ url: `/app/api/sessions/${sessionId}` })
  const entries = (await mock.inject({ url: `/__admin/requests?sessionId=${sessionId}&path=/app` })).json().requests
  t.match(entries, [{ clientId: 'flinks-mock-client', referenceId: 'USER12345', sessionId }])
})

t.test('HEAD /healthz answers; x-client-id is only checked where the document declares it', async t => {
  const mock = await build(t)
  t.equal((await mock.inject({ method: 'HEAD', url: '/healthz' })).statusCode, 200)
  const created = await mock.createSession(eTransferBody())
  const res = await mock.inject({ url: `/api/v2/sessions/${created.json().sessionId}/details`, headers: { authorization: `Bearer ${created.token}`, 'x-client-id': 'other' } })
  t.equal(res.statusCode, 200)
})
