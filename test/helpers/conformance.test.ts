import t from 'tap'
import { loadApiDocument } from '../../src/openapi/document.js'
import { adminDocumentFile, flinksDocumentFile, hostedPageDocumentFile } from '../../src/state.js'
import { documentFor, responseProblems } from './conformance.js'

// The checker must fail on what does not conform, or the suite proves nothing.
const api = loadApiDocument(flinksDocumentFile)
const json = { 'content-type': 'application/json; charset=utf-8' }
const problem = { 'content-type': 'application/problem+json; charset=utf-8' }

t.test('a conforming response has no problems', async t => {
  t.strictSame(responseProblems(api, { method: 'POST', url: '/api/v2/sessions', statusCode: 201, headers: json, body: '{"sessionId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","referenceId":null}' }), [])
  t.strictSame(responseProblems(api, { method: 'GET', url: '/healthz', statusCode: 200, headers: json, body: '{}' }), [])
})

t.test('a body that does not fit its schema is reported', async t => {
  const [found] = responseProblems(api, { method: 'POST', url: '/api/v2/sessions', statusCode: 201, headers: json, body: '{"sessionId":"nope","extra":1}' })
  t.match(found, /^POST \/api\/v2\/sessions -> 201: the body does not fit paths\/\/api\/v2\/sessions\/post\/responses\/201\/content\/application\/json\/schema/)
})

t.test('an undeclared status, media type, body or method is reported', async t => {
  // Every Flinks operation declares a default ProblemDetails (injected faults); the admin document's
  // operations too. A status with no default is checked on a document that has none.
  t.strictSame(responseProblems(api, { method: 'GET', url: '/api/v2/sessions/x/details', statusCode: 418, headers: json, body: '{}' }), ['GET /api/v2/sessions/x/details -> 418: media type application/json is not declared (application/problem+json)'])
  t.strictSame(responseProblems(api, { method: 'POST', url: '/api/v1/authorize', statusCode: 200, headers: { 'content-type': 'text/html' }, body: '' }), ['POST /api/v1/authorize -> 200: media type text/html is not declared (application/json)'])
  t.strictSame(responseProblems(api, { method: 'GET', url: '/api/v2/sessions', statusCode: 200, headers: json, body: '{}' }), [
    'GET /api/v2/sessions -> 200: the document has no GET here, so only 405 may answer',
    'GET /api/v2/sessions -> 200: a 405 must carry Allow'
  ])
  t.strictSame(responseProblems(api, { method: 'GET', url: '/x', statusCode: 404, headers: json, body: '{}' }), ['GET /x -> 404: a path outside the document must answer a ProblemDetails, not application/json'])
  t.match(responseProblems(api, { method: 'GET', url: '/x', statusCode: 404, headers: problem, body: 'not json' }), [/the body is not JSON/])
})

t.test('each path is checked against its own document: the admin API, the hosted page API, or the Flinks API', async t => {
  const documents = { api, adminApi: loadApiDocument(adminDocumentFile), hostedPageApi: loadApiDocument(hostedPageDocumentFile) }
  t.equal(documentFor(documents, '/__admin/clock'), documents.adminApi)
  t.equal(documentFor(documents, '/APP/api/sessions/x'), documents.hostedPageApi)
  t.equal(documentFor(documents, '/app/'), api)
  t.equal(documentFor(documents, '/api/v2/sessions'), api)
  const page = documents.hostedPageApi
  t.match(responseProblems(page, { method: 'GET', url: '/app/api/sessions/x', statusCode: 200, headers: json, body: '{"sessionId":"x"}' }), [/^GET \/app\/api\/sessions\/x -> 200: the body does not fit components\/responses\/PageView\/content\/application\/json\/schema/])
  t.strictSame(responseProblems(page, { method: 'GET', url: '/app/api/nothing', statusCode: 404, headers: json, body: '{}' }), ['GET /app/api/nothing -> 404: a path outside the document must answer a ProblemDetails, not application/json'])
  // The page's HTML, script and stylesheet are no JSON API: their own tests check them.
  t.strictSame(responseProblems(api, { method: 'GET', url: '/app/app.js', statusCode: 200, headers: { 'content-type': 'text/javascript' }, body: '' }), [])
})

t.test("the dashboard's page, script and stylesheet are declared as text: the body is checked as a string, not parsed", async t => {
  const admin = loadApiDocument(adminDocumentFile)
  const html = { 'content-type': 'text/html; charset=utf-8' }
  t.strictSame(responseProblems(admin, { method: 'GET', url: '/__admin/ui', statusCode: 200, headers: html, body: '<!doctype html>' }), [])
  t.match(responseProblems(admin, { method: 'GET', url: '/__admin/ui', statusCode: 200, headers: html, body: '' }), [/^GET \/__admin\/ui -> 200: the body does not fit paths\/\/__admin\/ui\/get\/responses\/200\/content\/text\/html\/schema/])
  t.strictSame(responseProblems(admin, { method: 'GET', url: '/__admin/ui/dashboard.css', statusCode: 200, headers: { 'content-type': 'text/javascript' }, body: 'x' }), ['GET /__admin/ui/dashboard.css -> 200: media type text/javascript is not declared (text/css)'])
})

t.test('an empty error answer conforms only with aspnet error bodies, and only for 401, 403, 404 and 405', async t => {
  const empty = (method: string, url: string, statusCode: number, headers: Record<string, unknown> = {}) => ({ method, url, statusCode, headers, body: '' })
  const aspnet = { aspnetErrorBodies: true }
  t.strictSame(responseProblems(api, empty('POST', '/api/v2/sessions', 401), aspnet), [])
  t.strictSame(responseProblems(api, empty('POST', '/api/v2/sessions', 403), aspnet), [])
  t.strictSame(responseProblems(api, empty('GET', '/nothing', 404), aspnet), [])
  t.strictSame(responseProblems(api, empty('GET', '/api/v2/sessions', 405, { allow: 'POST' }), aspnet), [])
  t.strictSame(responseProblems(api, empty('GET', '/api/v2/sessions', 405), aspnet), ['GET /api/v2/sessions -> 405: a 405 must carry Allow'])
  t.strictSame(responseProblems(api, empty('POST', '/api/v2/sessions', 400), aspnet), ['POST /api/v2/sessions -> 400: media type  is not declared (text/plain, application/json, text/json, application/problem+json)'])
  t.match(responseProblems(api, empty('POST', '/api/v2/sessions', 401, problem), aspnet), [/^POST \/api\/v2\/sessions -> 401: the body is not JSON/], 'a Content-Type promises a body')
  t.strictSame(responseProblems(api, empty('GET', '/api/v2/sessions/x/status', 418), aspnet), ['GET /api/v2/sessions/x/status -> 418: media type  is not declared (application/problem+json)'])
  t.strictSame(responseProblems(api, empty('POST', '/api/v2/sessions', 401)), ['POST /api/v2/sessions -> 401: media type  is not declared (text/plain, application/json, text/json, application/problem+json)'])
  t.strictSame(responseProblems(api, empty('GET', '/nothing', 404)), ['GET /nothing -> 404: a path outside the document must answer a ProblemDetails, not '])
})

t.test('a text body declared as a string is text; a media type declared with parameters needs them', async t => {
  const admin = loadApiDocument(adminDocumentFile)
  t.equal(documentFor({ api, adminApi: admin, hostedPageApi: admin }, '/metrics'), admin)
  const metrics = { method: 'GET', url: '/metrics', statusCode: 200, body: '# HELP x\n' }
  t.strictSame(responseProblems(admin, { ...metrics, headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } }), [])
  t.strictSame(responseProblems(admin, { ...metrics, headers: { 'content-type': 'text/plain; charset=utf-8' } }), ['GET /metrics -> 200: media type text/plain is not declared (text/plain; version=0.0.4)'])
  t.strictSame(responseProblems(admin, { method: 'GET', url: '/__admin/coverage', statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<p>not JSON</p>' }), [])
})
