import t from 'tap'
import { build, eTransferBody, jsonType, problemType, traceIdPattern, uuidPattern } from '../helpers/app.js'

const validation = (errors: Record<string, string[]>) => ({
  type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  title: 'One or more validation errors occurred.',
  status: 400,
  errors,
  traceId: /^00-/
})

const gefBody = (referenceId = 'Happy1') => ({
  referenceId,
  type: 'EFT',
  direction: 'DEBIT',
  amount: 100,
  options: { guarantee: { enable: true } },
  payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com', address: { addressLine1: '123 Front Avenue', city: 'Toronto', postalCode: 'h2eh2e', province: 'ON', country: 'CA' } },
  payee: { account: { accountNumber: '9876541', transitNumber: '60265', institutionCode: '999' } }
})

t.test('the documented e-Transfer request creates a session: 201 with a v4 UUID and the echoed referenceId', async t => {
  const mock = await build(t)
  const res = await mock.createSession(eTransferBody())
  t.equal(res.statusCode, 201)
  t.equal(res.headers['content-type'], jsonType)
  t.match(res.json(), { sessionId: uuidPattern, referenceId: 'USER12345' })
  t.strictSame(Object.keys(res.json()), ['sessionId', 'referenceId'])
  t.equal(mock.app.mock.sessions.size, 1)
})

t.test('a session without referenceId answers referenceId null', async t => {
  const mock = await build(t)
  const { referenceId: _, ...body } = eTransferBody()
  const res = await mock.createSession(body)
  t.equal(res.statusCode, 201)
  t.equal(res.json().referenceId, null)
})

t.test('a token initiates one session only: the second create with it is 401', async t => {
  const mock = await build(t)
  const first = await mock.createSession(eTransferBody())
  const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${first.token}` }, payload: eTransferBody() })
  t.equal(res.statusCode, 401)
  t.equal(res.headers['content-type'], problemType)
  t.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token", error_description="The token has already been used to initiate a session: call /api/v1/authorize for a new token before each session"')
  t.match(res.json(), { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2', title: 'Unauthorized', status: 401, traceId: traceIdPattern })
})

t.test('a refused create spends its token by default, whatever refused it', async t => {
  const mock = await build(t)
  const refusals: Array<[number, Record<string, string>, string | object]> = [
    [400, {}, { ...eTransferBody(), amount: -1 }],
    [400, {}, { ...eTransferBody(), amount: 'lots' }],
    [415, { 'content-type': 'text/xml' }, '<session/>'],
    [403, {}, { ...eTransferBody(), type: 'EFT', options: { guarantee: { enable: false } }, payee: undefined, referenceId: 'x', payor: { firstName: 'A', lastName: 'B' }, amount: 5 }],
    [503, {}, { ...eTransferBody(), referenceId: 'Error-503' }]
  ]
  const noEft = await build(t, { clients: [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', products: ['e-Transfer'] }] })
  for (const [status, extra, payload] of refusals) {
    const target = status === 403 ? noEft : mock
    const token = await target.token()
    const headers = { authorization: `Bearer ${token}`, ...extra }
    const refused = await target.inject({ method: 'POST', url: '/api/v2/sessions', headers, payload })
    t.equal(refused.statusCode, status)
    const again = await target.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })
    t.equal(again.statusCode, 401, `after ${status}`)
    t.equal(again.headers['www-authenticate'], 'Bearer error="invalid_token", error_description="The token has already been used to initiate a session: call /api/v1/authorize for a new token before each session"')
    const details = await target.inject({ url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/details', headers: { authorization: `Bearer ${token}` } })
    t.equal(details.statusCode, 404, 'the token still reads')
  }
})

t.test('with refusedCreateSpendsToken off, a refused request does not spend the token', async t => {
  const mock = await build(t, { refusedCreateSpendsToken: false })
  const token = await mock.token()
  const headers = { authorization: `Bearer ${token}` }
  const bad = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers, payload: { ...eTransferBody(), amount: -1 } })
  t.equal(bad.statusCode, 400)
  const unsupported = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { ...headers, 'content-type': 'text/xml' }, payload: '<session/>' })
  t.equal(unsupported.statusCode, 415)
  const good = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers, payload: eTransferBody() })
  t.equal(good.statusCode, 201)
})

t.test('without a bearer token the answer is 401 with a bare Bearer challenge', async t => {
  const mock = await build(t)
  for (const headers of [{}, { authorization: 'Basic abc' }]) {
    const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers, payload: eTransferBody() })
    t.equal(res.statusCode, 401)
    t.equal(res.headers['www-authenticate'], 'Bearer')
    t.equal(res.json().detail, 'No bearer token was sent. Call /api/v1/authorize and send "Authorization: Bearer <access_token>".')
  }
})

t.test('malformed, unknown and expired tokens are 401 invalid_token with a description', async t => {
  const mock = await build(t)
  const cases: Array<[string, string]> = [
    ['Bearer', "The token is malformed: send 'Authorization: Bearer <access_token>'"],
    ['Bearer not-a-guid', 'The token is malformed: access tokens are GUIDs issued by /api/v1/authorize'],
    ['Bearer 3fa85f64-5717-4562-b3fc-2c963f66afa6', 'The token is not known: it was never issued, or it was reset'],
    // As long as `Bearer ` and a GUID (read without the regular expression when the store knows it):
    ['Bearer 3fa85f64-5717-4562-b3fc-2c963f66afa!', 'The token is malformed: access tokens are GUIDs issued by /api/v1/authorize'],
    ['Bearer 3fa85f64-5717 4562-b3fc-2c963f66afa6', "The token is malformed: send 'Authorization: Bearer <access_token>'"],
    ['bearer 3fa85f64-5717-4562-b3fc-2c963f66afa6', 'The token is not known: it was never issued, or it was reset']
  ]
  for (const [authorization, description] of cases) {
    const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization }, payload: eTransferBody() })
    t.equal(res.statusCode, 401, authorization)
    t.equal(res.headers['www-authenticate'], `Bearer error="invalid_token", error_description="${description}"`)
    t.equal(res.json().detail, description)
  }
  const token = await mock.token()
  mock.clock.advance(599)
  const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })
  t.equal(res.statusCode, 401)
  t.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token", error_description="The token expired at \'06/04/2026 14:39:59\'"')
})

t.test('a token is still good one second before it expires', async t => {
  const mock = await build(t)
  const token = await mock.token()
  mock.clock.advance(598)
  const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: eTransferBody() })
  t.equal(res.statusCode, 201)
})

t.test('401 comes before the body is read: a bad body without a token is still 401', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { 'content-type': 'text/plain' }, payload: 'x' })
  t.equal(res.statusCode, 401)
})

t.test('x-client-id naming the token\'s client is accepted; naming another is 403', async t => {
  const mock = await build(t)
  const ok = await mock.createSession(eTransferBody(), { 'x-client-id': 'flinks-mock-client' })
  t.equal(ok.statusCode, 201)
  const res = await mock.createSession(eTransferBody(), { 'x-client-id': 'someone-else' })
  t.equal(res.statusCode, 403)
  t.equal(res.headers['content-type'], problemType)
  t.match(res.json(), { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.4', title: 'Forbidden', status: 403, detail: 'The x-client-id header names "someone-else", but the token was issued to another client.' })
})

t.test('the GEFT Happy1 request of the sandbox guide creates a session', async t => {
  const mock = await build(t)
  const res = await mock.createSession(gefBody())
  t.equal(res.statusCode, 201)
  t.equal(res.json().referenceId, 'Happy1')
})

t.test('the documented field rules give a ValidationProblemDetails keyed as ASP.NET Core keys them', async t => {
  const mock = await build(t)
  const long = 'x'.repeat(101)
  const res = await mock.createSession({
    type: 'e-Transfer',
    direction: 'DEBIT',
    referenceId: long,
    amount: 10.005,
    payor: { firstName: long, lastName: '', email: 'not-an-email' },
    payee: { account: { institutionCode: '12', transitNumber: 'abcde', accountNumber: '123' } },
    options: { limits: { minimumAmount: 50, maximumAmount: 10 } }
  })
  t.equal(res.statusCode, 400)
  t.equal(res.headers['content-type'], problemType)
  t.match(res.json(), validation({
    ReferenceId: ['The field ReferenceId must be a string with a maximum length of 100.'],
    Amount: ['The field Amount must have at most 2 decimal places.'],
    'Payor.LastName': ['The LastName field is required.'],
    'Payor.FirstName': ['The field FirstName must be a string with a maximum length of 100.'],
    'Payor.Email': ['The Email field is not a valid e-mail address.'],
    'Payee.Account.InstitutionCode': ['The field InstitutionCode must be 3 digits, numbers only.'],
    'Payee.Account.TransitNumber': ['The field TransitNumber must be 5 digits, numbers only.'],
    'Payee.Account.AccountNumber': ['The field AccountNumber must be 7 to 12 digits, numbers only.'],
    'Options.Limits': ['The field MinimumAmount must be less than or equal to MaximumAmount.']
  }))
  t.strictSame(Object.keys(res.json().errors).length, 9)
})

t.test('payor is required, and for e-Transfer its first name, last name and e-mail', async t => {
  const mock = await build(t)
  const missingPayor = await mock.createSession({ type: 'e-Transfer', direction: 'DEBIT', amount: 5 })
  t.match(missingPayor.json(), validation({ Payor: ['The Payor field is required.'] }))
  const empty = await mock.createSession({ type: 'e-Transfer', direction: 'DEBIT', amount: 5, payor: {} })
  t.strictSame(empty.json().errors, {
    'Payor.FirstName': ['The FirstName field is required.'],
    'Payor.LastName': ['The LastName field is required.'],
    'Payor.Email': ['The Email field is required.']
  })
})

t.test('type and direction are required', async t => {
  const mock = await build(t)
  const res = await mock.createSession({ payor: { firstName: 'A', lastName: 'B' } })
  t.strictSame(res.json().errors, { Type: ['The Type field is required.'], Direction: ['The Direction field is required.'] })
})

t.test('EFT and GEFT take no e-mail requirement but an amount ceiling of 99,999.99', async t => {
  const mock = await build(t)
  const ok = await mock.createSession({ ...gefBody('any'), payor: { firstName: 'A', lastName: 'B' }, amount: 99999.99 })
  t.equal(ok.statusCode, 201)
  const over = await mock.createSession({ ...gefBody('any'), amount: 100000 })
  t.strictSame(over.json().errors, { Amount: ['The field Amount must be between 0.01 and 99999.99.'] })
  const zero = await mock.createSession({ ...gefBody('any'), amount: 0 })
  t.strictSame(zero.json().errors, { Amount: ['The field Amount must be greater than 0.'] })
})

t.test('the EFT and GEFT ceiling is set per client (maximumEftAmount), as the GEFT guide says it is configurable', async t => {
  const mock = await build(t, { clients: [{ id: 'big', secret: 'big-secret', maximumEftAmount: 100000 }, { id: 'small', secret: 'small-secret', maximumEftAmount: 500 }] })
  const create = async (id: string, body: unknown) => mock.inject({
    method: 'POST', url: '/api/v2/sessions', payload: body as object,
    headers: { authorization: `Bearer ${await mock.token(id, `${id}-secret`)}` }
  })
  t.equal((await create('big', { ...gefBody('any'), amount: 100000 })).statusCode, 201)
  const over = await create('big', { ...gefBody('any'), amount: 100000.01 })
  t.equal(over.statusCode, 400)
  t.strictSame(over.json().errors, { Amount: ['The field Amount must be between 0.01 and 100000.'] })
  const small = await create('small', { ...gefBody('any'), options: { guarantee: { enable: false } }, payee: undefined, amount: 500.01 })
  t.strictSame(small.json().errors, { Amount: ['The field Amount must be between 0.01 and 500.'] }, 'regular EFT too')
  t.equal((await create('small', { ...eTransferBody(), amount: 5000 })).statusCode, 201, 'e-Transfer has no ceiling')
})

t.test('regular EFT refuses a payee, and must be a debit', async t => {
  const mock = await build(t)
  const res = await mock.createSession({ ...gefBody('x'), direction: 'CREDIT', options: { guarantee: { enable: false } } })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json().errors, {
    Direction: ['EFT sessions are always DEBIT.'],
    Payee: ['Payee is not supported for regular EFT sessions: funds settle to the account configured for your client.']
  })
})

t.test('a guarantee on an e-Transfer session is refused', async t => {
  const mock = await build(t)
  const res = await mock.createSession({ ...eTransferBody(), options: { guarantee: { enable: true } } })
  t.strictSame(res.json().errors, { 'Options.Guarantee.Enable': ['Guarantees are offered on EFT sessions only; leave Options.Guarantee out of e-Transfer sessions.'] })
})

t.test('without a payee account an e-Transfer settles to the default account, and is refused when the client has none', async t => {
  const mock = await build(t, { clients: [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: null }] })
  const { payee: _, ...body } = eTransferBody()
  const res = await mock.createSession(body)
  t.equal(res.statusCode, 400)
  t.strictSame(res.json().errors, { 'Payee.Account': ['No payee account was given and no default settlement account is configured for this client: send payee.account.'] })
  const withPayee = await mock.createSession(eTransferBody())
  t.equal(withPayee.statusCode, 201)
})

t.test('a product the client does not have is 403 (RegularEft is a feature flag)', async t => {
  const mock = await build(t, { clients: [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', products: ['e-Transfer'] }] })
  const res = await mock.createSession({ ...gefBody('x'), payee: undefined, options: { guarantee: { enable: false } } })
  t.equal(res.statusCode, 403)
  t.equal(res.json().detail, 'The RegularEft feature is not enabled for client "flinks-mock-client".')
})

t.test('an error scenario answers its ProblemDetails, with Retry-After (and, with refusedCreateSpendsToken off, spends nothing)', async t => {
  const mock = await build(t, { refusedCreateSpendsToken: false })
  const token = await mock.token()
  const headers = { authorization: `Bearer ${token}` }
  const res = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers, payload: { ...eTransferBody(), referenceId: 'Error-503-checkout' } })
  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], '120')
  t.equal(res.headers['content-type'], problemType)
  t.match(res.json(), { type: 'https://tools.ietf.org/html/rfc9110#section-15.6.4', title: 'Service Unavailable', status: 503, traceId: traceIdPattern })
  const validationScenario = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers, payload: { ...eTransferBody(), referenceId: 'Error-400' } })
  t.match(validationScenario.json(), validation({ 'Payor.Email': ['The Email field is not a valid e-mail address.'] }))
  t.equal(mock.app.mock.sessions.size, 0)
  const after = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers, payload: eTransferBody() })
  t.equal(after.statusCode, 201)
})

t.test('the 201 follows Accept among the media types the document lists', async t => {
  const mock = await build(t)
  const cases: Array<[string, string]> = [['text/json', 'text/json; charset=utf-8'], ['text/plain', 'text/plain; charset=utf-8'], ['*/*', jsonType], ['application/xml', jsonType]]
  for (const [accept, type] of cases) {
    const res = await mock.createSession(eTransferBody(), { accept })
    t.equal(res.statusCode, 201, accept)
    t.equal(res.headers['content-type'], type, accept)
    t.match(JSON.parse(res.body), { sessionId: uuidPattern })
  }
})

t.test('text/json and application/*+json request bodies are accepted; other media types are 415', async t => {
  const mock = await build(t)
  for (const type of ['text/json', 'application/vnd.partner+json', 'application/json; charset=utf-8']) {
    const res = await mock.createSession(JSON.stringify(eTransferBody()), { 'content-type': type })
    t.equal(res.statusCode, 201, type)
  }
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
    const res = await mock.createSession('a=b', { 'content-type': type })
    t.equal(res.statusCode, 415, type)
    t.equal(res.headers['content-type'], problemType)
    t.equal(res.json().detail, `Content-Type ${type} is not supported here. Send one of: application/json, text/json, application/*+json.`)
  }
  // Not a media type at all (no slash): Fastify refuses it before any parser, with the same answer.
  const word = await mock.createSession('{}', { 'content-type': 'json' })
  t.equal(word.statusCode, 415)
  t.equal(word.headers['content-type'], problemType)
  t.equal(word.json().detail, 'Content-Type json is not supported here. Send one of: application/json, text/json, application/*+json.')
  const none = await mock.createSession('', {})
  t.equal(none.statusCode, 415)
  t.equal(none.json().detail, 'A request without Content-Type is not supported here. Send one of: application/json, text/json, application/*+json.')
})
