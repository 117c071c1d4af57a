import t from 'tap'
import { build, problemType, traceIdPattern } from '../helpers/app.js'

t.test('a token whose client is no longer configured is 401 invalid_token', async t => {
  const mock = await build(t)
  // /api/v1/authorize issues tokens to configured clients only: this one goes straight into the store.
  const { token } = mock.app.mock.tokens.issue('departed-client')
  const res = await mock.inject({ url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/status', headers: { authorization: `Bearer ${token}` } })
  const description = 'The token belongs to a client that is no longer configured'
  t.equal(res.statusCode, 401)
  t.equal(res.headers['content-type'], problemType)
  t.equal(res.headers['www-authenticate'], `Bearer error="invalid_token", error_description="${description}"`)
  const { traceId, ...body } = res.json()
  t.match(traceId, traceIdPattern)
  t.strictSame(body, { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2', title: 'Unauthorized', status: 401, detail: description })
})
