import t from 'tap'
import { basic, build, client, eTransferBody, formType, jsonType } from '../helpers/app.js'

// Issue 11: an attack run found secrets in the journal. Each spelling it found, and the others a
// client can send, is journaled without the secret.

const credentials = Buffer.from(`${client.id}:${client.secret}`).toString('base64')

async function journalOf(mock: Awaited<ReturnType<typeof build>>, query = '') {
  const res = await mock.inject({ url: `/__admin/requests${query}` })
  t.notMatch(res.body, new RegExp(`${client.secret}|${credentials}`), 'no credential anywhere in the journal')
  return res.json().requests as Array<{ headers: Record<string, string>, body: unknown, query: unknown, response: { body: unknown } }>
}

t.test('the access token an authorize issues is redacted from the journaled response', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'POST', url: '/api/v1/authorize', headers: { authorization: basic(), 'content-type': formType }, payload: 'grant_type=client_credentials' })
  t.equal(res.statusCode, 200)
  const [entry] = await journalOf(mock)
  t.strictSame(entry?.response, { status: 200, contentType: jsonType, body: { access_token: '[redacted]', token_type: 'bearer', expires_in: 599 } })
  t.notMatch(JSON.stringify(entry), res.json().access_token)
})

t.test('an Authorization header keeps its scheme only, whatever whitespace follows it and however its name is written', async t => {
  const mock = await build(t)
  const spellings: Array<[Record<string, string>, Record<string, string>]> = [
    [{ authorization: `Basic\t${credentials}` }, { authorization: 'Basic [redacted]' }],
    [{ Authorization: `basic  \t ${credentials}` }, { authorization: 'basic [redacted]' }],
    [{ AUTHORIZATION: `Basic\u00a0${credentials}` }, { authorization: 'Basic [redacted]' }],
    [{ authorization: credentials }, { authorization: '[redacted]' }],
    [{ authorization: `${credentials} ${credentials}` }, { authorization: '[redacted]' }],
    [{ 'Proxy-Authorization': `Basic ${credentials}` }, { 'proxy-authorization': 'Basic [redacted]' }],
    [{ 'proxy-authorization': credentials }, { 'proxy-authorization': '[redacted]' }],
    [{ authorization: 'Basic' }, { authorization: 'Basic' }]
  ]
  for (const [headers] of spellings) await mock.inject({ method: 'POST', url: '/api/v1/authorize', headers: { ...headers, 'content-type': formType }, payload: 'grant_type=client_credentials' })
  const entries = await journalOf(mock)
  t.strictSame(entries.map(e => e.headers), spellings.map(([, kept]) => ({ ...kept, 'content-type': formType, 'content-length': '29', 'user-agent': 'lightMyRequest' })))
})

t.test('cookies, API keys and other token headers are redacted whole, in any letter case', async t => {
  const mock = await build(t)
  await mock.inject({ url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/status', headers: { Cookie: `id=${client.secret}`, 'X-API-Key': client.secret, 'x-auth-token': client.secret, 'X-Client-Secret': client.secret, 'x-request-id': 'r-1' } })
  const [entry] = await journalOf(mock)
  t.strictSame(entry?.headers, { cookie: '[redacted]', 'x-api-key': '[redacted]', 'x-auth-token': '[redacted]', 'x-client-secret': '[redacted]', 'x-request-id': 'r-1', 'user-agent': 'lightMyRequest' })
})

t.test('secret form fields of authorize are redacted in any letter case and percent-encoding', async t => {
  const mock = await build(t)
  const forms: Array<[string, Record<string, string>]> = [
    [`grant_type=client_credentials&Username=${client.id}&pAsSwOrD=${client.secret}`, { grant_type: 'client_credentials', Username: client.id, pAsSwOrD: '[redacted]' }],
    [`grant_type=client_credentials&username=${client.id}&Pass%77ord=${client.secret}`, { grant_type: 'client_credentials', username: client.id, Password: '[redacted]' }],
    [`grant_type=client_credentials&client_id=${client.id}&CLIENT_SECRET=${client.secret}`, { grant_type: 'client_credentials', client_id: client.id, CLIENT_SECRET: '[redacted]' }],
    [`grant_type=client_credentials&Username=${client.id}&Password=x&password=${client.secret}`, { grant_type: 'client_credentials', Username: client.id, Password: '[redacted]', password: '[redacted]' }]
  ]
  for (const [payload] of forms) await mock.inject({ method: 'POST', url: '/api/v1/authorize', headers: { 'content-type': formType }, payload })
  t.strictSame((await journalOf(mock)).map(e => e.body), forms.map(([, kept]) => kept))
})

t.test('secret members of a JSON body are redacted at any depth, escaped names too', async t => {
  const mock = await build(t)
  const body = { ...eTransferBody(), options: { secret: client.secret, nested: [{ client_secret: client.secret, Password: { any: client.secret } }] } }
  await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': 'application/json' }, payload: JSON.stringify(body).replace('"secret"', '"\\u0073ecret"') })
  const [, entry] = await journalOf(mock)
  t.strictSame(entry?.body, { ...eTransferBody(), options: { secret: '[redacted]', nested: [{ client_secret: '[redacted]', Password: '[redacted]' }] } })
})

t.test('a body kept as text is redacted too: malformed JSON, a form sent as JSON, JSON too deep', async t => {
  const mock = await build(t)
  const deep = `{"a":${'['.repeat(100)}{"secret": "${client.secret}", "kept": 1}${']'.repeat(100)}}`
  for (const payload of [`{"referenceId": "R", "Password": "${client.secret}"`, `Username=${client.id}&Pass%77ord=${client.secret}`, deep]) {
    await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': 'application/json' }, payload })
  }
  const bodies = (await journalOf(mock, '?path=/api/v2/sessions')).map(e => e.body)
  t.strictSame(bodies, [
    '{"referenceId": "R", "Password": "[redacted]"',
    `Username=${client.id}&Pass%77ord=[redacted]`,
    `{"a":${'['.repeat(100)}{"secret": "[redacted]", "kept": 1}${']'.repeat(100)}}`
  ])
})

t.test('secret query parameters are redacted, the others kept', async t => {
  const mock = await build(t)
  await mock.inject({ url: `/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/status?access_token=${client.secret}&lang=en` })
  const [entry] = await journalOf(mock)
  t.strictSame(entry?.query, { access_token: '[redacted]', lang: 'en' })
})
