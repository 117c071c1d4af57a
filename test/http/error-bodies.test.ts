import t from 'tap'
import { build, eTransferBody, problemType } from '../helpers/app.js'

// ASP.NET Core error conventions: JwtBearer's 401 and 403 (section 6), the 404 of no route and
// the 405 of a wrong method (section 5) have no body; `return NotFound()` has a ProblemDetails.

/** The parts of an answer that say whether it has a body. */
const bare = (res: { statusCode: number, headers: Record<string, unknown>, body: string }) => ({
  status: res.statusCode,
  contentType: res.headers['content-type'],
  contentLength: res.headers['content-length'],
  body: res.body
})

t.test('with aspnet error bodies, JwtBearer 401s have no body and keep WWW-Authenticate', async t => {
  const mock = await build(t, { errorBodies: 'aspnet' })
  const none = await mock.inject({ method: 'POST', url: '/api/v2/sessions', payload: eTransferBody() })
  t.strictSame(bare(none), { status: 401, contentType: undefined, contentLength: '0', body: '' })
  t.equal(none.headers['www-authenticate'], 'Bearer')
  const unknown = await mock.inject({ url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/status', headers: { authorization: 'Bearer 00000000-0000-0000-0000-000000000000' } })
  t.strictSame(bare(unknown), { status: 401, contentType: undefined, contentLength: '0', body: '' })
  t.match(unknown.headers['www-authenticate'], /^Bearer error="invalid_token", error_description="/)
})

t.test('with aspnet error bodies, an authorization 403 has no body; a product the client lacks keeps its ProblemDetails', async t => {
  const mock = await build(t, {
    errorBodies: 'aspnet',
    clients: [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', products: ['e-Transfer'] }]
  })
  const other = await mock.createSession(eTransferBody(), { 'x-client-id': 'someone-else' })
  t.strictSame(bare(other), { status: 403, contentType: undefined, contentLength: '0', body: '' })
  const eft = await mock.createSession({ referenceId: 'EFT-1', type: 'EFT', direction: 'DEBIT', amount: 10, payor: { firstName: 'J', lastName: 'D' } })
  t.equal(eft.statusCode, 403)
  t.equal(eft.headers['content-type'], problemType)
  t.match(eft.json(), { title: 'Forbidden', status: 403, detail: 'The RegularEft feature is not enabled for client "flinks-mock-client".' })
})

t.test('with aspnet error bodies, a path no route matches is an empty 404; an unknown session keeps its ProblemDetails', async t => {
  const mock = await build(t, { errorBodies: 'aspnet' })
  t.strictSame(bare(await mock.inject({ url: '/api/v3/whatever?x=1' })), { status: 404, contentType: undefined, contentLength: '0', body: '' })
  // An over-long segment is refused by the router itself: no route matches it either.
  t.strictSame(bare(await mock.inject({ url: `/api/v2/sessions/${'a'.repeat(101)}/details` })), { status: 404, contentType: undefined, contentLength: '0', body: '' })
  const { token } = await mock.createSession(eTransferBody())
  const missing = await mock.inject({ url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/details', headers: { authorization: `Bearer ${token}` } })
  t.equal(missing.statusCode, 404)
  t.equal(missing.headers['content-type'], problemType)
  t.match(missing.json(), { title: 'Not Found', detail: 'No session 3fa85f64-5717-4562-b3fc-2c963f66afa6 exists for this client.' })
})

t.test('with aspnet error bodies, a wrong method is an empty 405 with Allow', async t => {
  const mock = await build(t, { errorBodies: 'aspnet' })
  const res = await mock.inject({ method: 'DELETE', url: '/API/v2/Sessions' })
  t.strictSame(bare(res), { status: 405, contentType: undefined, contentLength: '0', body: '' })
  t.equal(res.headers.allow, 'POST')
})

t.test('with aspnet error bodies, the admin API, the hosted page and the documentation keep their ProblemDetails', async t => {
  const mock = await build(t, { errorBodies: 'aspnet', adminToken: 'admin-token-1' })
  const answers = [
    await mock.inject({ url: '/__admin/clock' }),
    await mock.inject({ url: '/__admin/nothing', headers: { authorization: 'Bearer admin-token-1' } }),
    await mock.inject({ method: 'DELETE', url: '/__admin/clock', headers: { authorization: 'Bearer admin-token-1' } }),
    await mock.inject({ url: '/app/api/nothing' }),
    await mock.inject({ method: 'DELETE', url: '/app/api/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6' }),
    await mock.inject({ url: '/documentation/nothing' })
  ]
  t.strictSame(answers.map(res => [res.statusCode, res.headers['content-type'], res.json().status]), [
    [401, problemType, 401], [404, problemType, 404], [405, problemType, 405], [404, problemType, 404], [405, problemType, 405], [404, problemType, 404]
  ])
})

t.test('by default (problem), the same answers carry a ProblemDetails', async t => {
  const mock = await build(t)
  const answers = [
    await mock.inject({ method: 'POST', url: '/api/v2/sessions', payload: eTransferBody() }),
    await mock.createSession(eTransferBody(), { 'x-client-id': 'someone-else' }),
    await mock.inject({ url: '/api/v3/whatever' }),
    await mock.inject({ method: 'DELETE', url: '/api/v2/sessions' })
  ]
  t.strictSame(answers.map(res => [res.statusCode, res.headers['content-type'], res.json().status]), [
    [401, problemType, 401], [403, problemType, 403], [404, problemType, 404], [405, problemType, 405]
  ])
})
