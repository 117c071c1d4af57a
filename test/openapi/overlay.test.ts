import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { DocumentError, readApiDocument } from '../../src/openapi/document.js'
import { overlayApiDocument } from '../../src/openapi/overlay.js'
import { flinksDocumentFile, loadShippedDocuments } from '../../src/state.js'
import { build, eTransferBody, jsonType } from '../helpers/app.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/openapi/${name}`, import.meta.url))
// The OpenAPI block of the seed page (docs.flinks.com, Initiate Session: `/pay-interac.yaml POST
// /api/v2/sessions`), copied as it stands: the one operation Flinks publishes whole.
const published = fixture('pay-interac-initiate-session.yaml')
const newer = fixture('newer-flinks.yaml')

/** Writes a document into a fresh directory and returns its path. */
function writeDocument(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'flinks-mock-openapi-')), 'flinks.yaml')
  writeFileSync(file, text)
  return file
}

/** The DocumentError overlaying `file` fails with. */
function overlayError(file: string): string {
  try {
    overlayApiDocument(file, loadShippedDocuments().api)
  } catch (error) {
    if (error instanceof DocumentError) return error.message
    throw error
  }
  throw new Error(`${file} was accepted`)
}

t.test('the published document replaces InitiateSession: the served document and validation follow it', async t => {
  const mock = await build(t, { openapi: published })
  const served = (await mock.inject({ url: '/documentation/json' })).json()
  const file = readApiDocument(published)
  const post = served.paths['/api/v2/sessions'].post
  const theirs = file.paths['/api/v2/sessions']?.post as Record<string, unknown>
  t.strictSame({ ...post, responses: undefined }, { ...theirs, responses: undefined }, 'the operation as published: no security, the x-client-id header')
  t.strictSame(Object.keys(post.responses), ['201', '400', '401', '403', '405', '413', '415', '429', '500', '502', '503', '504', 'default'])
  t.strictSame(post.responses['201'], (theirs.responses as Record<string, unknown>)['201'])
  t.strictSame(post.responses['400'].content['application/problem+json'], { 'x-flinks-mock-added': true, schema: { $ref: '#/components/schemas/ProblemDetails' } })
  t.strictSame(served.components.schemas.InitiateSessionRequest, file.components?.schemas?.InitiateSessionRequest)
  t.strictSame(served.paths['/api/v2/sessions/{sessionId}/details'], loadShippedDocuments().api.document.paths['/api/v2/sessions/{sessionId}/details'], 'the operations the file lacks stay ours')
  t.equal(mock.app.mock.api.operations.get('InitiateSession')?.bodySchema, mock.app.mock.api.document.components?.schemas?.InitiateSessionRequest)

  const created = await mock.createSession(eTransferBody())
  t.equal(created.statusCode, 201)
  t.equal(created.headers['content-type'], jsonType)
  const refused = await mock.createSession({ ...eTransferBody(), amount: 'x' })
  t.equal(refused.statusCode, 400)
  t.strictSame(Object.keys(refused.json().errors), ['$.amount'])
  const unsupported = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': 'text/xml' }, payload: '<x/>' })
  t.equal(unsupported.statusCode, 415, 'an answer the file does not declare conforms to what the mock added')
  t.ok(mock.checked >= 7)
})

t.test('a file\'s document is for its server only: the shipped documents stay as they are', async t => {
  const shipped = loadShippedDocuments().api
  const before = structuredClone(shipped.document)
  const custom = await build(t, { openapi: newer })
  t.not(custom.app.mock.api, shipped)
  t.strictSame(shipped.document, before)
  t.strictSame(shipped.document, readApiDocument(flinksDocumentFile))
  const plain = await build(t)
  t.equal(plain.app.mock.api, shipped)
  t.ok((await plain.createSession({ ...eTransferBody(), referenceId: 'a referenceId longer than twenty' })).statusCode === 201)
})

t.test('operations are matched by method and path in any letter case; a renamed one still serves, others are left out', async t => {
  const mock = await build(t, { openapi: newer })
  const served = (await mock.inject({ url: '/documentation/json' })).json()
  t.strictSame(Object.keys(served.paths), ['/api/v1/authorize', '/api/v2/sessions/{sessionId}/details', '/api/v2/sessions/{sessionId}/cancel', '/api/v2/sessions/{sessionId}/guarantees/confirm', '/API/V2/Sessions', '/api/v2/sessions/{sessionId}/status'])
  t.equal(served.paths['/API/V2/Sessions'].post.operationId, 'CreateSession')
  t.strictSame(served.paths['/API/V2/Sessions'].post.responses['400'], { $ref: '#/components/responses/Problem' }, 'a response by reference is left as written')
  t.strictSame(served.paths['/api/v2/sessions/{sessionId}/status'].parameters, readApiDocument(newer).paths['/api/v2/sessions/{sessionId}/status']?.parameters)
  t.strictSame([...mock.app.mock.api.operations.keys()].sort(), ['Authorize', 'CancelSession', 'ConfirmGuarantee', 'GetSessionDetails', 'GetSessionStatus', 'InitiateSession'])

  // The file requires a referenceId of at most 20 characters, where the shipped document does not.
  const missing = await mock.createSession({ ...eTransferBody(), referenceId: undefined })
  t.equal(missing.statusCode, 400)
  t.equal(mock.app.mock.sessions.list().length, 0)
  const created = await mock.createSession(eTransferBody())
  t.equal(created.statusCode, 201)
  const status = await mock.inject({ url: `/api/v2/sessions/${created.json().sessionId}/status`, headers: { authorization: `Bearer ${created.token}` } })
  t.equal(status.statusCode, 200)
  t.equal(status.json().status, 'Initiated')
  t.equal((await mock.inject({ method: 'POST', url: '/api/v1/paymentrequests' })).statusCode, 404, 'an operation the mock does not serve is not served')
})

t.test('a file that cannot be used stops start-up, naming the file and the reason', async t => {
  const served = 'POST /api/v1/authorize, POST /api/v2/sessions, GET /api/v2/sessions/{sessionId}/details, GET /api/v2/sessions/{sessionId}/status, POST /api/v2/sessions/{sessionId}/cancel, POST /api/v2/sessions/{sessionId}/guarantees/confirm'
  const none = fixture('minimal.json')
  t.equal(overlayError(none), `${none}: holds none of the operations the mock serves (matched by method and path): ${served}`)
  t.equal(overlayError(fixture('no-paths.yaml')), `${fixture('no-paths.yaml')}: holds none of the operations the mock serves (matched by method and path): ${served}`)
  t.equal(overlayError(fixture('yaml-syntax.yaml')), `${fixture('yaml-syntax.yaml')}: Nested mappings are not allowed in compact mappings (line 3, column 10)`)
  t.equal(overlayError(fixture('swagger-2.yaml')), `${fixture('swagger-2.yaml')}: only OpenAPI 3.0 documents are supported (found openapi: undefined)`)
  const nullItem = writeDocument('openapi: 3.0.1\ninfo: { title: t, version: "1" }\npaths:\n  /api/v2/sessions:\n')
  t.equal(overlayError(nullItem), `${nullItem}: paths./api/v2/sessions is not a path item (an object of operations)`)
  const badSchema = writeDocument([
    'openapi: 3.0.1', 'info: { title: t, version: "1" }', 'paths:', '  /api/v2/sessions:', '    post:', '      operationId: InitiateSession',
    '      requestBody: { content: { application/json: { schema: { $ref: "#/components/schemas/InitiateSessionRequest" } } } }',
    '      responses: { "201": { description: Created } }',
    'components:', '  schemas:', '    InitiateSessionRequest: { type: object, maxLenght: 3 }', ''
  ].join('\n'))
  t.equal(overlayError(badSchema), `${badSchema}: components.schemas.InitiateSessionRequest: strict mode: unknown keyword: "maxLenght"`)
  await t.rejects(build(t, { openapi: join(tmpdir(), 'no-such-flinks.yaml') }), new DocumentError(`${join(tmpdir(), 'no-such-flinks.yaml')}: ENOENT: no such file or directory, open '${join(tmpdir(), 'no-such-flinks.yaml')}'`))
})
