import t from 'tap'
import { basic, build, client, formType, jsonType, problemType, uuidPattern } from '../helpers/app.js'

const url = '/api/v1/authorize'
const oauthHeaders = { 'content-type': jsonType, 'cache-control': 'no-store', pragma: 'no-cache' }

t.test('Basic credentials and grant_type=client_credentials give a GUID bearer token for 599 seconds', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: basic(), 'content-type': formType }, payload: 'grant_type=client_credentials' })
  t.equal(res.statusCode, 200)
  t.match(res.headers, oauthHeaders)
  const body = res.json()
  t.strictSame(Object.keys(body), ['access_token', 'token_type', 'expires_in'])
  t.match(body.access_token, uuidPattern)
  t.equal(body.token_type, 'bearer')
  t.equal(body.expires_in, 599)
})

t.test('the token lifetime is configurable (the docs also say 299)', async t => {
  const mock = await build(t, { tokenTtlSeconds: 299 })
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: basic(), 'content-type': formType }, payload: 'grant_type=client_credentials' })
  t.equal(res.json().expires_in, 299)
})

t.test('the Username and Password form fields work as credentials, in any letter case', async t => {
  const mock = await build(t)
  const payload = new URLSearchParams({ grant_type: 'client_credentials', username: client.id, PASSWORD: client.secret }).toString()
  const res = await mock.inject({ method: 'POST', url, headers: { 'content-type': formType }, payload })
  t.equal(res.statusCode, 200)
})

t.test('the route is case-insensitive and tolerates a trailing slash, as ASP.NET Core routing is', async t => {
  const mock = await build(t)
  for (const path of ['/api/v1/Authorize', '/API/V1/AUTHORIZE', '/api/v1/authorize/']) {
    const res = await mock.inject({ method: 'POST', url: path, headers: { authorization: basic(), 'content-type': formType }, payload: 'grant_type=client_credentials' })
    t.equal(res.statusCode, 200, path)
  }
})

t.test('Basic credentials that were form-encoded before base64 (RFC 6749 section 2.3.1) are decoded', async t => {
  const mock = await build(t, { clients: [{ id: 'a b', secret: 's:e%cret' }] })
  const encoded = `Basic ${Buffer.from(`a+b:${encodeURIComponent('s:e%cret')}`).toString('base64')}`
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: encoded, 'content-type': formType }, payload: 'grant_type=client_credentials' })
  t.equal(res.statusCode, 200)
})

t.test('Basic credentials that only look form-encoded (a + and a stray %) are taken as they are', async t => {
  const mock = await build(t, { clients: [{ id: 'promo', secret: '50%+off' }] })
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: basic('promo', '50%+off'), 'content-type': formType }, payload: 'grant_type=client_credentials' })
  t.equal(res.statusCode, 200)
})

t.test('the Username field without Password, or Password without Username, is invalid_client', async t => {
  const mock = await build(t)
  for (const fields of [{ Username: client.id }, { Password: client.secret }] as Array<Record<string, string>>) {
    const payload = new URLSearchParams({ grant_type: 'client_credentials', ...fields }).toString()
    const res = await mock.inject({ method: 'POST', url, headers: { 'content-type': formType }, payload })
    t.equal(res.statusCode, 401, payload)
    t.strictSame(res.json(), { error: 'invalid_client', error_description: 'Client authentication failed: unknown client id or wrong secret.' })
  }
})

t.test('a wrong secret is invalid_client, 401 with a Basic challenge', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: basic(client.id, 'wrong'), 'content-type': formType }, payload: 'grant_type=client_credentials' })
  t.equal(res.statusCode, 401)
  t.match(res.headers, { ...oauthHeaders, 'www-authenticate': 'Basic realm="flinks-mock"' })
  t.strictSame(res.json(), { error: 'invalid_client', error_description: 'Client authentication failed: unknown client id or wrong secret.' })
})

t.test('an unknown client id is invalid_client', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: basic('nobody', client.secret), 'content-type': formType }, payload: 'grant_type=client_credentials' })
  t.equal(res.statusCode, 401)
  t.equal(res.json().error, 'invalid_client')
})

t.test('no credentials at all is invalid_client and says how to send them', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url, headers: { 'content-type': formType }, payload: 'grant_type=client_credentials' })
  t.equal(res.statusCode, 401)
  t.strictSame(res.json(), { error: 'invalid_client', error_description: 'Client authentication failed: send "Authorization: Basic base64(clientId:clientSecret)".' })
})

t.test('a malformed Authorization header is invalid_client', async t => {
  const mock = await build(t)
  for (const authorization of ['Bearer abc', `Basic ${Buffer.from('no-colon').toString('base64')}`]) {
    const res = await mock.inject({ method: 'POST', url, headers: { authorization, 'content-type': formType }, payload: 'grant_type=client_credentials' })
    t.equal(res.statusCode, 401, authorization)
    t.equal(res.json().error, 'invalid_client')
  }
})

t.test('a missing grant_type is invalid_request', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: basic(), 'content-type': formType }, payload: '' })
  t.equal(res.statusCode, 400)
  t.match(res.headers, oauthHeaders)
  t.strictSame(res.json(), { error: 'invalid_request', error_description: 'The grant_type parameter is required: send grant_type=client_credentials.' })
})

t.test('a repeated parameter is invalid_request (RFC 6749 section 3.1)', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: basic(), 'content-type': formType }, payload: 'grant_type=client_credentials&Grant_Type=client_credentials' })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), { error: 'invalid_request', error_description: 'The Grant_Type parameter is sent more than once.' })
})

t.test('credentials in both the header and the form are invalid_request', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: basic(), 'content-type': formType }, payload: `grant_type=client_credentials&Username=${client.id}&Password=${client.secret}` })
  t.equal(res.statusCode, 400)
  t.equal(res.json().error, 'invalid_request')
})

t.test('another grant type is unsupported_grant_type', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: basic(), 'content-type': formType }, payload: 'grant_type=password' })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), { error: 'unsupported_grant_type', error_description: 'The grant_type "password" is not supported: use client_credentials.' })
})

t.test('a JSON body is 415: the token endpoint takes a form', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: basic() }, payload: { grant_type: 'client_credentials' } })
  t.equal(res.statusCode, 415)
  t.equal(res.headers['content-type'], problemType)
  t.match(res.json(), { status: 415, detail: 'Content-Type application/json is not supported here. Send one of: application/x-www-form-urlencoded.' })
})

t.test('GET is 405 with Allow: POST', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'GET', url })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'POST')
})
