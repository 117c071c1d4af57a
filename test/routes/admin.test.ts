import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { basic, build, eTransferBody, jsonType, problemType } from '../helpers/app.js'

const twoClients = [
  { id: 'flinks-mock-client', secret: 'flinks-mock-secret' },
  { id: 'team-b', secret: 'team-b-secret' }
]

t.test('the journal records what a client sent and what it got, secrets redacted', async t => {
  const mock = await build(t)
  const created = await mock.createSession(eTransferBody())
  const res = await mock.inject({ url: '/__admin/requests' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], jsonType)
  const [authorize, create] = res.json().requests
  t.match(authorize, {
    id: 1,
    at: '2026-06-04T14:30:00.000Z',
    method: 'POST',
    path: '/api/v1/authorize',
    headers: { authorization: 'Basic [redacted]', 'content-type': 'application/x-www-form-urlencoded' },
    body: { grant_type: 'client_credentials' },
    response: { status: 200, contentType: jsonType, body: { token_type: 'bearer', expires_in: 599 } },
    clientId: 'flinks-mock-client'
  })
  t.notOk('host' in authorize.headers)
  t.match(create, {
    id: 2,
    method: 'POST',
    path: '/api/v2/sessions',
    headers: { authorization: 'Bearer [redacted]' },
    body: eTransferBody(),
    response: { status: 201, body: { sessionId: created.json().sessionId, referenceId: 'USER12345' } },
    clientId: 'flinks-mock-client',
    referenceId: 'USER12345',
    sessionId: created.json().sessionId,
    scenario: null
  })
})

t.test('the Password form field is redacted in the journal', async t => {
  const mock = await build(t)
  await mock.inject({ method: 'POST', url: '/api/v1/authorize', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&Username=flinks-mock-client&Password=flinks-mock-secret' })
  const [entry] = (await mock.inject({ url: '/__admin/requests' })).json().requests
  t.strictSame(entry.body, { grant_type: 'client_credentials', Username: 'flinks-mock-client', Password: '[redacted]' })
  t.notMatch(JSON.stringify(entry), /flinks-mock-secret/)
})

t.test('journal filters: path, method, status, client, referenceId, sessionId, and count', async t => {
  const mock = await build(t, { clients: twoClients })
  const a = await mock.createSession(eTransferBody())
  await mock.inject({ url: `/api/v2/sessions/${a.json().sessionId}/status`, headers: { authorization: `Bearer ${a.token}` } })
  await mock.inject({ url: '/api/v2/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/status', headers: { authorization: `Bearer ${a.token}` } })
  const list = async (query: string) => (await mock.inject({ url: `/__admin/requests?${query}` })).json().requests.map((r: { id: number }) => r.id)
  t.strictSame(await list('path=/API/V2/sessions'), [2, 3, 4])
  t.strictSame(await list('method=get'), [3, 4])
  t.strictSame(await list('status=404'), [4])
  t.strictSame(await list('clientId=flinks-mock-client'), [1, 2, 3, 4])
  t.strictSame(await list('clientId=team-b'), [])
  t.strictSame(await list('referenceId=USER12345'), [2, 3])
  t.strictSame(await list(`sessionId=${a.json().sessionId}`), [2, 3])
  const count = await mock.inject({ method: 'POST', url: '/__admin/requests/count', payload: { method: 'GET', status: 200 } })
  t.strictSame(count.json(), { count: 1 })
  const bad = await mock.inject({ url: '/__admin/requests?status=abc' })
  t.equal(bad.statusCode, 400)
  t.strictSame(bad.json().errors, { status: ['Must be an integer, got "abc".'] })
  const badCount = await mock.inject({ method: 'POST', url: '/__admin/requests/count', payload: { colour: 'red' } })
  t.equal(badCount.statusCode, 400)
})

t.test('the journal keeps the newest entries, and can be turned off', async t => {
  const small = await build(t, { journalSize: 2 })
  for (let i = 0; i < 5; i++) await small.inject({ url: '/nowhere' })
  t.strictSame((await small.inject({ url: '/__admin/requests' })).json().requests.map((r: { id: number }) => r.id), [4, 5])
  const off = await build(t, { journalSize: 0 })
  await off.inject({ url: '/nowhere' })
  t.strictSame((await off.inject({ url: '/__admin/requests' })).json(), { requests: [] })
})

t.test('reset forgets everything, or one client\'s state', async t => {
  const mock = await build(t, { clients: twoClients })
  const a = await mock.createSession(eTransferBody())
  const tokenB = await mock.token('team-b', 'team-b-secret')
  const b = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${tokenB}` }, payload: eTransferBody() })
  const one = await mock.inject({ method: 'POST', url: '/__admin/reset', payload: { clientId: 'team-b' } })
  t.strictSame(one.json(), { reset: 'team-b' })
  t.equal((await mock.inject({ url: `/api/v2/sessions/${b.json().sessionId}/status`, headers: { authorization: `Bearer ${await mock.token('team-b', 'team-b-secret')}` } })).statusCode, 404)
  t.equal((await mock.inject({ url: `/api/v2/sessions/${a.json().sessionId}/status`, headers: { authorization: `Bearer ${a.token}` } })).statusCode, 200)
  t.equal((await mock.inject({ url: `/api/v2/sessions/${a.json().sessionId}/status`, headers: { authorization: `Bearer ${tokenB}` } })).statusCode, 401, 'team-b\'s tokens are gone')
  const unknown = await mock.inject({ method: 'POST', url: '/__admin/reset', payload: { clientId: 'nobody' } })
  t.equal(unknown.statusCode, 404)
  mock.clock.advance(60)
  const all = await mock.inject({ method: 'POST', url: '/__admin/reset' })
  t.strictSame(all.json(), { reset: 'everything' })
  t.equal(mock.app.mock.sessions.size, 0)
  t.equal(mock.clock.frozen, false, 'the clock runs in real time again')
  t.strictSame((await mock.inject({ url: '/__admin/requests' })).json().requests.map((r: { path: string }) => r.path), [])
})

t.test('the clock can be read, moved, frozen and unfrozen', async t => {
  const mock = await build(t)
  t.strictSame((await mock.inject({ url: '/__admin/clock' })).json(), { now: '2026-06-04T14:30:00.000Z', frozen: true, offsetSeconds: 0 })
  const moved = await mock.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 90.5 } })
  t.strictSame(moved.json(), { now: '2026-06-04T14:31:30.500Z', frozen: true, offsetSeconds: 90.5 })
  const negative = await mock.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: -1 } })
  t.equal(negative.statusCode, 400)
  t.strictSame(negative.json().errors, { seconds: ['Must be >= 0, got -1.'] })
  const unfrozen = await mock.inject({ method: 'POST', url: '/__admin/clock/unfreeze' })
  t.equal(unfrozen.json().frozen, false)
  const frozen = await mock.inject({ method: 'POST', url: '/__admin/clock/freeze' })
  t.equal(frozen.json().frozen, true)
})

t.test('moving the clock expires a token and finishes a session', async t => {
  const mock = await build(t)
  const created = await mock.createSession({ ...eTransferBody(), referenceId: 'ET-Completed-1' })
  await mock.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { seconds: 600 } })
  const expired = await mock.inject({ url: `/api/v2/sessions/${created.json().sessionId}/status`, headers: { authorization: `Bearer ${created.token}` } })
  t.equal(expired.statusCode, 401)
  const status = await mock.inject({ url: `/api/v2/sessions/${created.json().sessionId}/status`, headers: { authorization: `Bearer ${await mock.token()}` } })
  t.equal(status.json().status, 'Completed')
})

t.test('scenarios are listed with their files, and reloaded; a bad file keeps the old set', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'flinks-mock-scenarios-'))
  const file = join(dir, 'mine.yaml')
  writeFileSync(file, 'scenarios:\n  - name: mine\n    description: Mine.\n    match: { referenceId: mine }\n    error: { status: 500 }\n')
  const mock = await build(t, { scenarioDirs: [dir], defaultScenarios: false })
  t.strictSame((await mock.inject({ url: '/__admin/scenarios' })).json(), {
    scenarios: [{ name: 'mine', description: 'Mine.', match: { referenceId: 'mine' }, outcome: 'HTTP 500 on create', source: file.startsWith(process.cwd()) ? file.slice(process.cwd().length + 1) : file }]
  })
  writeFileSync(join(dir, 'more.yaml'), 'scenarios:\n  - name: more\n    description: More.\n    match: { referenceIdPrefix: more }\n')
  t.strictSame((await mock.inject({ method: 'POST', url: '/__admin/scenarios/reload' })).json(), { scenarios: 2 })
  writeFileSync(join(dir, 'more.yaml'), 'scenarios:\n  - name: more\n    match: { referenceIdPrefix: more }\n')
  const bad = await mock.inject({ method: 'POST', url: '/__admin/scenarios/reload' })
  t.equal(bad.statusCode, 400)
  t.equal(bad.headers['content-type'], problemType)
  t.match(bad.json().detail, /^The scenarios were not reloaded: .*more\.yaml:2:5: scenarios\[0\]\.description is required$/)
  t.equal((await mock.inject({ url: '/__admin/scenarios' })).json().scenarios.length, 2, 'the loaded set stays')
  writeFileSync(join(dir, 'more.yaml'), 'scenarios:\n  - name: mine\n    description: Mine again.\n    match: { referenceIdPrefix: more }\n')
  const twice = await mock.inject({ method: 'POST', url: '/__admin/scenarios/reload' })
  t.equal(twice.statusCode, 400)
  t.match(twice.json().detail, /^The scenarios were not reloaded: .*more\.yaml: the scenario name "mine" is already used in .*mine\.yaml; names must be unique across your scenario files \(a name of yours may only replace a shipped scenario\)$/)
  t.equal((await mock.inject({ url: '/__admin/scenarios' })).json().scenarios.length, 2, 'the loaded set stays')
})

t.test('sessions can be listed, read with their timeline, and driven headless', async t => {
  const mock = await build(t)
  const created = await mock.createSession({ ...eTransferBody(), referenceId: 'ET-Declined-9' })
  const { sessionId } = created.json()
  const list = await mock.inject({ url: '/__admin/sessions?referenceId=ET-Declined-9' })
  t.equal(list.json().sessions.length, 1)
  t.match(list.json().sessions[0], { sessionId, clientId: 'flinks-mock-client', product: 'e-Transfer', scenario: 'ET-Declined', state: { status: 'Initiated', step: 'Start', final: false } })
  t.equal((await mock.inject({ url: '/__admin/sessions?status=Completed' })).json().sessions.length, 0)
  const one = await mock.inject({ url: `/__admin/sessions/${sessionId}` })
  t.match(one.json().timeline[0], { at: '2026-06-04T14:30:00.000Z', kind: 'flow', status: 'Initiated', step: 'Start' })
  const approved = await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'approve' } })
  t.equal(approved.statusCode, 200)
  t.match(approved.json().state, { status: 'Failed', transaction: 'Declined', final: true })
  const again = await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'cancel' } })
  t.equal(again.statusCode, 409)
  t.equal(again.json().detail, `Session ${sessionId} is already Failed.`)
  const unknownAction = await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'explode' } })
  t.equal(unknownAction.statusCode, 400)
  const missing = await mock.inject({ url: '/__admin/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6' })
  t.equal(missing.statusCode, 404)
})

t.test('a session without a scenario shows null; an EFT session that ended shows its statusDetails', async t => {
  const mock = await build(t)
  const created = await mock.createSession({ referenceId: 'no-scenario-here', type: 'EFT', direction: 'DEBIT', amount: 100, payor: { firstName: 'Sara', lastName: 'Ahmad' } })
  const { sessionId } = created.json()
  const failed = await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'failLogin' } })
  t.equal(failed.statusCode, 200)
  t.match(failed.json(), { sessionId, product: 'RegularEft', scenario: null })
  t.strictSame(failed.json().state, { status: 'Failed', statusDetails: 'EFT0401', step: 'BankConnection', final: true })
  // The timeline names the action that took each of its steps.
  t.match(failed.json().timeline.at(-1), { kind: 'action', action: 'failLogin', status: 'Failed', statusDetails: 'EFT0401' })
})

t.test('a malformed session id in an admin path is 404, as the API answers it', async t => {
  const mock = await build(t)
  for (const [method, url] of [['GET', '/__admin/sessions/not-a-guid'], ['POST', '/__admin/sessions/not-a-guid/simulate']] as const) {
    const res = await mock.inject({ method, url, ...(method === 'POST' ? { payload: { action: 'open' } } : {}) })
    t.equal(res.statusCode, 404, url)
    t.equal(res.headers['content-type'], problemType)
    t.equal(res.json().detail, 'No session not-a-guid exists for this client.')
  }
})

t.test('a fault in the mock while simulating is a 500 ProblemDetails, not a crash', async t => {
  const mock = await build(t)
  const { sessionId } = (await mock.createSession(eTransferBody())).json()
  // A corrupt timeline makes performAction fail with something other than an ActionError.
  Object.assign(mock.app.mock.sessions.get(sessionId) as object, { timeline: null })
  const res = await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'open' } })
  t.equal(res.statusCode, 500)
  t.equal(res.headers['content-type'], problemType)
  t.match(res.json(), { status: 500, title: 'An error occurred while processing your request.' })
})

t.test('a fault in the mock while reloading scenarios is a 500 ProblemDetails, not a 400', async t => {
  const mock = await build(t)
  // A corrupt configuration makes the reload fail with something other than a ScenarioError.
  mock.app.mock.config = { ...mock.app.mock.config, scenarioDirs: null as never }
  const res = await mock.inject({ method: 'POST', url: '/__admin/scenarios/reload' })
  t.equal(res.statusCode, 500)
  t.equal(res.headers['content-type'], problemType)
  t.match(res.json(), { status: 500, title: 'An error occurred while processing your request.' })
  t.equal((await mock.inject({ url: '/__admin/scenarios' })).statusCode, 200, 'the mock keeps serving')
})

t.test('the outbox lists the Interac e-mails, oldest first, by client and by session', async t => {
  const mock = await build(t, { clients: twoClients })
  const first = (await mock.createSession(eTransferBody())).json().sessionId
  const second = (await mock.createSession({ ...eTransferBody(), referenceId: 'USER67890' })).json().sessionId
  const res = await mock.inject({ url: '/__admin/outbox' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], jsonType)
  const messages = res.json().messages
  t.match(messages, [
    { clientId: 'flinks-mock-client', sessionId: first, to: 'john.smith@example.com', link: `http://localhost:80/app/?sessionId=${first}`, language: 'EN', sentAt: '2026-06-04T14:30:00.000Z' },
    { clientId: 'flinks-mock-client', sessionId: second }
  ])
  t.equal(messages.length, 2)
  t.strictSame((await mock.inject({ url: `/__admin/outbox?sessionId=${second}` })).json(), { messages: [messages[1]] })
  t.strictSame((await mock.inject({ url: '/__admin/outbox?clientId=team-b' })).json(), { messages: [] })
  t.strictSame((await mock.inject({ url: '/__admin/outbox', headers: { authorization: basic('team-b', 'team-b-secret') } })).json(), { messages: [] }, 'scoped to the client whose credentials were sent')
})

t.test('a repeated query parameter counts with its last value; an empty number is a 400', async t => {
  const mock = await build(t)
  await mock.inject({ url: '/nowhere' })
  await mock.inject({ url: '/healthz-not' })
  const statuses = async (query: string) => (await mock.inject({ url: `/__admin/requests?${query}` })).json().requests.map((r: { path: string }) => r.path)
  t.strictSame(await statuses('status=200&status=404'), ['/nowhere', '/healthz-not'])
  t.strictSame(await statuses('path=/healthz&path=/nowhere'), ['/nowhere'])
  const empty = await mock.inject({ url: '/__admin/requests?status=' })
  t.equal(empty.statusCode, 400)
  t.strictSame(empty.json().errors, { status: ['Must be an integer, got "".'] })
})

t.test('with ADMIN_TOKEN the admin API needs it, or a client\'s credentials that scope it', async t => {
  const mock = await build(t, { clients: twoClients, adminToken: 'admin-token-1' })
  await mock.createSession(eTransferBody())
  const none = await mock.inject({ url: '/__admin/requests' })
  t.equal(none.statusCode, 401)
  t.equal(none.headers['www-authenticate'], 'Bearer realm="flinks-mock-admin"')
  t.equal((await mock.inject({ url: '/__admin/requests', headers: { authorization: 'Bearer wrong-token' } })).statusCode, 401)
  const admin = await mock.inject({ url: '/__admin/requests', headers: { authorization: 'Bearer admin-token-1' } })
  t.equal(admin.json().requests.length, 2)
  const teamB = { authorization: basic('team-b', 'team-b-secret') }
  t.strictSame((await mock.inject({ url: '/__admin/requests', headers: teamB })).json(), { requests: [] }, 'team-b sees none of the other client\'s requests')
  t.equal((await mock.inject({ url: '/__admin/requests?clientId=flinks-mock-client', headers: teamB })).statusCode, 403)
  t.equal((await mock.inject({ url: '/__admin/sessions', headers: teamB })).json().sessions.length, 0)
  t.equal((await mock.inject({ method: 'POST', url: '/__admin/clock/advance', headers: teamB, payload: { seconds: 1 } })).statusCode, 403)
  t.equal((await mock.inject({ method: 'POST', url: '/__admin/reset', headers: teamB })).json().reset, 'team-b')
  t.equal((await mock.inject({ url: '/__admin/requests', headers: { authorization: basic('team-b', 'nope') } })).statusCode, 401)
  t.equal((await mock.inject({ url: '/__admin/openapi.json' })).json().info.title, 'flinks-mock admin API')
})

t.test('admin paths answer 405 with Allow for other methods', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'DELETE', url: '/__admin/clock' })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET')
})
