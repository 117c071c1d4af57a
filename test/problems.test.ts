import t from 'tap'
import { loadApiDocument } from '../src/openapi/document.js'
import { problemDetails, problems, problemStatuses } from '../src/problems.js'
import { adminDocumentFile, flinksDocumentFile, hostedPageDocumentFile } from '../src/state.js'

// The three documents the mock serves (Flinks, admin, hosted page) together declare every status.
const api = loadApiDocument(flinksDocumentFile)
const declared = new Set<number>()
const served = [api, loadApiDocument(adminDocumentFile), loadApiDocument(hostedPageDocumentFile)]
for (const item of served.flatMap(document => Object.values(document.document.paths))) {
  for (const operation of Object.values(item) as Array<{ responses?: Record<string, unknown> }>) {
    for (const status of Object.keys(operation.responses ?? {})) declared.add(Number(status))
  }
}

t.test('every problem the catalogue builds has a status the served document declares', async t => {
  const samples = [
    problems.validation({ Amount: ['x'] }), problems.badRequest('x'), problems.tokenMissing(), problems.tokenInvalid('x'),
    problems.forbidden('x'), problems.authorizationRefused('x'), problems.sessionNotFound('x'), problems.routeNotFound('GET', '/'), problems.methodNotAllowed('GET', ['POST']),
    problems.payloadTooLarge(1), problems.unsupportedMediaType(undefined, []), problems.sessionAlreadyTerminal('x', 'Completed'), problems.noGuaranteeToConfirm('x'),
    problems.internal(), problems.oauthInvalidRequest('x'), problems.oauthInvalidClient('x'), problems.oauthUnsupportedGrantType('x'),
    problems.fromScenario({ status: 503, retryAfterSeconds: 1 }), problems.hostedSessionNotFound('x'), problems.actionRefused(409, 'x'),
    problems.adminUnauthorized('x'), problems.clientNotFound('x'), problems.deliveryNotFound('x'), problems.clockRefused('x'), problems.noOwnClock('x'), problems.storeUnavailable('x')
  ]
  t.equal(samples.length, Object.keys(problems).length, 'one sample per builder')
  for (const problem of samples) t.ok(declared.has(problem.status), `status ${problem.status} is declared`)
})

t.test('the statuses a scenario may inject with a known title are declared by POST /api/v2/sessions', async t => {
  const create = api.document.paths['/api/v2/sessions']?.post as { responses: Record<string, unknown> }
  for (const status of problemStatuses.filter(s => s !== 404 && s !== 406 && s !== 409 && s !== 422)) {
    t.ok(status in create.responses, `${status}`)
  }
})

t.test('ProblemDetails take ASP.NET Core\'s member order and defaults', async t => {
  const problem = problemDetails(422, { detail: 'd', errors: { a: ['b'] }, instance: '/x', extra: 1 })
  t.strictSame(Object.keys(problem.body), ['title', 'status', 'detail', 'instance', 'errors', 'extra'])
  t.equal((problem.body as { title: string }).title, 'Unprocessable Entity')
  t.strictSame(problemDetails(418).body, { title: 'Error', status: 418 })
  t.strictSame(problemDetails(401, {}, { 'www-authenticate': 'Bearer' }).headers, { 'www-authenticate': 'Bearer' })
})

t.test('the answers ASP.NET Core sends without a body are marked so, and only those', async t => {
  const marked = Object.entries({
    tokenMissing: problems.tokenMissing(), tokenInvalid: problems.tokenInvalid('x'), authorizationRefused: problems.authorizationRefused('x'),
    forbidden: problems.forbidden('x'), routeNotFound: problems.routeNotFound('GET', '/'), sessionNotFound: problems.sessionNotFound('x'),
    methodNotAllowed: problems.methodNotAllowed('GET', ['POST']), validation: problems.validation({})
  }).filter(([, problem]) => problem.emptyInAspNetCore === true).map(([name]) => name)
  t.strictSame(marked, ['tokenMissing', 'tokenInvalid', 'authorizationRefused', 'routeNotFound', 'methodNotAllowed'])
})
