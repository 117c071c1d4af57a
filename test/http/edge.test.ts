import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { build, eTransferBody, problemType, traceIdPattern } from '../helpers/app.js'

const post = async (mock: Awaited<ReturnType<typeof build>>, payload: string, type = 'application/json') =>
  mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': type }, payload })

t.test('malformed JSON is a 400 ValidationProblemDetails worded as System.Text.Json words it', async t => {
  const mock = await build(t)
  const cases: Array<[string, string, string]> = [
    ['{"amount": 12,}', '$', "The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options. Path: $ | LineNumber: 0 | BytePositionInLine: 14."],
    ['{"type": x}', '$.type', "'x' is an invalid start of a value. Path: $.type | LineNumber: 0 | BytePositionInLine: 9."],
    ['{"type": "EFT" "x": 1}', '$', "'\"' is invalid after a value. Expected either ',', '}', or ']'. Path: $ | LineNumber: 0 | BytePositionInLine: 15."],
    ['{\n  "payor": {\n    "firstName" "A"\n  }\n}', '$.payor', "'\"' is invalid after a property name. Expected a ':'. Path: $.payor | LineNumber: 2 | BytePositionInLine: 16."],
    ['{"type": "EFT"', '$', 'Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. Path: $ | LineNumber: 0 | BytePositionInLine: 14.']
  ]
  for (const [payload, key, message] of cases) {
    const res = await post(mock, payload)
    t.equal(res.statusCode, 400, payload)
    t.equal(res.headers['content-type'], problemType)
    t.match(res.json(), { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { [key]: [message] }, traceId: traceIdPattern })
  }
})

t.test('an empty body or a bare null is "A non-empty request body is required."', async t => {
  const mock = await build(t)
  for (const payload of ['', 'null']) {
    const res = await post(mock, payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.strictSame(res.json().errors, { '': ['A non-empty request body is required.'] })
  }
})

t.test('a blank body has bytes, so System.Text.Json reads it and finds no JSON tokens', async t => {
  const mock = await build(t)
  const noTokens = 'The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true.'
  const cases: Array<[string, string]> = [
    ['   ', `${noTokens} Path: $ | LineNumber: 0 | BytePositionInLine: 3.`],
    ['\n\t', `${noTokens} Path: $ | LineNumber: 1 | BytePositionInLine: 1.`]
  ]
  for (const [payload, message] of cases) {
    const res = await post(mock, payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.strictSame(res.json().errors, { $: [message] })
  }
})

t.test('a UTF-8 byte order mark is skipped, as System.Text.Json\'s stream reading skips it', async t => {
  const mock = await build(t)
  const created = await post(mock, `\uFEFF${JSON.stringify(eTransferBody())}`)
  t.equal(created.statusCode, 201)
  const syntax = await post(mock, '\uFEFF{"type": x}')
  t.strictSame(syntax.json().errors, { '$.type': ["'x' is an invalid start of a value. Path: $.type | LineNumber: 0 | BytePositionInLine: 9."] })
  const schema = JSON.stringify({ ...eTransferBody(), amount: 'abc' })
  const [withMark, without] = [await post(mock, `\uFEFF${schema}`), await post(mock, schema)]
  t.equal(withMark.statusCode, 400)
  t.strictSame(withMark.json().errors, without.json().errors, 'schema errors count positions after the mark')
  const markOnly = await post(mock, '\uFEFF')
  t.strictSame(markOnly.json().errors, { $: ['The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true. Path: $ | LineNumber: 0 | BytePositionInLine: 0.'] })
})

t.test('a body nested deeper than 64 levels is refused, not a crash, where Utf8JsonReader stops', async t => {
  const mock = await build(t)
  const deep = `{"payor":${'['.repeat(5000)}${']'.repeat(5000)}}`
  const res = await post(mock, deep)
  t.equal(res.statusCode, 400)
  // The object and 63 arrays are open when the 64th array would pass the depth of 64.
  const key = `$.payor${'[0]'.repeat(63)}`
  t.strictSame(res.json().errors, { [key]: [`The maximum configured depth of 64 has been exceeded. Cannot read next JSON array. Path: ${key} | LineNumber: 0 | BytePositionInLine: 72.`] })
})

t.test('__proto__ and constructor keys are unknown fields, never prototype pollution', async t => {
  const mock = await build(t)
  const res = await post(mock, '{"__proto__": {"polluted": true}, "type": "EFT"}')
  t.equal(res.statusCode, 400)
  t.strictSame(Object.keys(res.json().errors), ['$.__proto__'])
  t.equal(({} as Record<string, unknown>).polluted, undefined)
  const aspnet = await build(t, { validationMode: 'aspnet' })
  const bound = await post(aspnet, JSON.stringify({ ...eTransferBody(), constructor: { prototype: { polluted: true } } }).replace('"constructor"', '"__proto__"'))
  t.equal(bound.statusCode, 201)
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})

t.test('a body over the limit is 413 Payload Too Large', async t => {
  const mock = await build(t, { bodyLimitBytes: 1024 })
  const res = await post(mock, JSON.stringify({ ...eTransferBody(), referenceId: 'x'.repeat(2000) }))
  t.equal(res.statusCode, 413)
  t.equal(res.headers['content-type'], problemType)
  t.match(res.json(), { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.14', title: 'Payload Too Large', status: 413, detail: 'The request body is larger than the limit of 1024 bytes.', traceId: traceIdPattern })
  t.strictSame(Object.keys(res.json()), ['type', 'title', 'status', 'detail', 'traceId'])
})

t.test('a body shorter than its Content-Length is a 400 ProblemDetails', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': 'application/json', 'content-length': '100' }, payload: '{}' })
  t.equal(res.statusCode, 400)
  t.equal(res.headers['content-type'], problemType)
  const { traceId, ...body } = res.json()
  t.match(traceId, traceIdPattern)
  t.strictSame(body, { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'Bad Request', status: 400, detail: 'Request body size did not match Content-Length' })
})

t.test('an unknown path is a 404 ProblemDetails', async t => {
  const mock = await build(t)
  const res = await mock.inject({ url: '/api/v3/whatever?x=1' })
  t.equal(res.statusCode, 404)
  t.equal(res.headers['content-type'], problemType)
  t.match(res.json(), { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found', status: 404, detail: 'No route matches GET /api/v3/whatever.' })
})

t.test('a known path with another method is 405 with Allow, HEAD included', async t => {
  const mock = await build(t)
  const cases: Array<[string, string, string]> = [
    ['GET', '/api/v2/sessions', 'POST'],
    ['PUT', '/api/v2/sessions', 'POST'],
    ['HEAD', '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/details', 'GET'],
    ['DELETE', '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/cancel', 'POST']
  ]
  for (const [method, url, allow] of cases) {
    const res = await mock.inject({ method: method as 'GET', url })
    t.equal(res.statusCode, 405, `${method} ${url}`)
    t.equal(res.headers.allow, allow)
    if (method !== 'HEAD') t.match(res.json(), { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.6', title: 'Method Not Allowed', status: 405, detail: `${method} is not allowed here. Allowed: ${allow}.` })
  }
  const withBody = await mock.inject({ method: 'PUT', url: '/api/v2/sessions', headers: { 'content-type': 'json' }, payload: '{}' })
  t.equal(withBody.statusCode, 405, 'a Content-Type that is no media type does not matter where no body is read')
})

t.test('the served document is at /documentation/json, and health at /healthz', async t => {
  const mock = await build(t)
  const doc = await mock.inject({ url: '/documentation/json' })
  t.equal(doc.statusCode, 200)
  t.equal(doc.json().openapi, '3.0.1')
  t.ok(doc.json().paths['/api/v2/sessions'].post)
  const ui = await mock.inject({ url: '/documentation/' })
  t.equal(ui.statusCode, 200)
  t.match(ui.headers['content-type'], /^text\/html/)
  // The view's files and redirects are @fastify/swagger-ui's, made on the first request (issue 11).
  const yaml = await mock.inject({ url: '/documentation/yaml' })
  t.equal(yaml.statusCode, 200)
  t.equal(yaml.headers['content-type'], 'application/x-yaml')
  t.match(yaml.body, /^openapi: 3\.0\.1\n/)
  const css = await mock.inject({ url: '/documentation/static/swagger-ui.css' })
  t.equal(css.statusCode, 200)
  t.equal(css.headers['content-type'], 'text/css; charset=utf-8')
  t.ok(css.rawPayload.equals(readFileSync(fileURLToPath(import.meta.resolve('@fastify/swagger-ui/static/swagger-ui.css')))))
  const moved = await mock.inject({ url: '/documentation/static/index.html' })
  t.equal(moved.statusCode, 302)
  t.equal(moved.headers.location, '/documentation/')
  t.equal(moved.headers['content-type'], undefined)
  t.equal(moved.body, '')
  const health = await mock.inject({ url: '/healthz' })
  t.equal(health.statusCode, 200)
  t.strictSame(health.json(), { status: 'ok', store: 'memory' })
  const live = await mock.inject({ url: '/healthz/live' })
  t.equal(live.statusCode, 200)
  t.strictSame(live.json(), { status: 'ok' })
  t.equal((await mock.inject({ method: 'HEAD', url: '/healthz/live' })).statusCode, 200)
})

t.test('the conformance check runs on every response of the suite', async t => {
  const mock = await build(t)
  await mock.inject({ url: '/healthz' })
  await mock.inject({ url: '/nowhere' })
  t.equal(mock.checked, 2)
})
