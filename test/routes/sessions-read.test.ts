import t from 'tap'
import { build, eTransferBody, jsonType, problemType } from '../helpers/app.js'

const eftBody = (referenceId = 'USER12345', guarantee = false) => ({
  referenceId,
  type: 'EFT',
  direction: 'DEBIT',
  currency: 'CAD',
  amount: 100,
  options: { guarantee: { enable: guarantee }, limits: { minimumAmount: 50, maximumAmount: 10000 }, amountModification: true, redirectPreferences: { mode: 'JsEvents' } },
  payor: { firstName: 'Sara', lastName: 'Ahmad', email: 'sara.ahmad@example.com', address: { addressLine1: '123 Street', city: 'Toronto', province: 'ON', country: 'CA', postalCode: 'M5H2N2' } }
})

t.test('details of a new e-Transfer session: Initiated, no linked account, an empty schedule', async t => {
  const mock = await build(t)
  const created = await mock.createSession(eTransferBody())
  const { sessionId } = created.json()
  const res = await mock.inject({ url: `/api/v2/sessions/${sessionId}/details`, headers: { authorization: `Bearer ${created.token}` } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], jsonType)
  t.strictSame(res.json(), {
    sessionId,
    status: 'Initiated',
    step: { current: 'Start', aggregationRequestId: null, padId: null },
    referenceId: 'USER12345',
    amount: 250,
    type: 'e-Transfer',
    direction: 'DEBIT',
    currency: 'CAD',
    options: {
      guarantee: { enable: false },
      notificationPreferences: { language: 'EN', sendInteracLink: true },
      showConsentScreen: false,
      limits: { minimumAmount: null, maximumAmount: null },
      amountModification: false,
      redirectPreferences: { mode: 'JsEvents', urlSuccess: null, urlExit: null }
    },
    payor: { email: 'john.smith@example.com', firstName: 'John', lastName: 'Smith', middleName: null, account: null },
    payee: { account: { institutionCode: '999', transitNumber: '30265', accountNumber: '9876541', accountLabel: null, availableBalance: null } },
    userDetails: { matchingPerformed: false, nameMatch: null },
    schedule: { transactions: [] },
    guaranteeDetails: null,
    createdAt: '2026-06-04T14:30:00.000Z'
  })
})

t.test('an EFT session completes as the EFT v2 details example shows it: masked account, name match, payee null', async t => {
  const mock = await build(t)
  const created = await mock.createSession(eftBody('EFT-Completed-1'))
  const { sessionId } = created.json()
  mock.clock.advance(180)
  const res = await mock.inject({ url: `/api/v2/sessions/${sessionId}/details`, headers: { authorization: `Bearer ${created.token}` } })
  const details = res.json()
  t.equal(details.status, 'Completed')
  t.match(details.step, { current: 'Complete', aggregationRequestId: /^[0-9a-f-]{36}$/, padId: /^[0-9a-f-]{36}$/ })
  t.match(details.payor.account, { institutionCode: '999', transitNumber: '00001', accountNumber: /^\*\*\*\*\d{4}$/, accountLabel: /^Checking \(\*\*\*\*\d{4}\)$/ })
  t.strictSame(details.userDetails, { matchingPerformed: true, nameMatch: 95 })
  t.equal(details.payee, null)
  t.equal(details.schedule, null)
  t.strictSame(details.options.limits, { minimumAmount: 50, maximumAmount: 10000 })
  t.equal(details.payor.address.postalCode, 'M5H2N2')
})

const johnDoe = { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' }

t.test('Happy1 waits for its payor as in the sandbox: Initiated until it expires, Expired/EFT0601', async t => {
  const mock = await build(t)
  const created = await mock.createSession({ ...eftBody('Happy1', true), payor: johnDoe })
  const { sessionId } = created.json()
  const status = async () => (await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers: { authorization: `Bearer ${await mock.token()}` } })).json()
  mock.clock.advance(1799)
  t.strictSame(await status(), { sessionId, referenceId: 'Happy1', amount: 100, status: 'Initiated', statusDetails: 'EFT0101' })
  mock.clock.advance(1)
  t.strictSame(await status(), { sessionId, referenceId: 'Happy1', amount: 100, status: 'Expired', statusDetails: 'EFT0601' })
})

t.test('the referenceId suffix :autoplay plays Happy1 by itself, and keeps the referenceId as sent', async t => {
  const mock = await build(t)
  const created = await mock.createSession({ ...eftBody('Happy1:autoplay', true), payor: johnDoe })
  const { sessionId } = created.json()
  t.equal(created.json().referenceId, 'Happy1:autoplay')
  mock.clock.advance(180)
  const res = await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers: { authorization: `Bearer ${await mock.token()}` } })
  t.strictSame(res.json(), { sessionId, referenceId: 'Happy1:autoplay', amount: 100, status: 'Completed', statusDetails: 'EFT0301' })
})

t.test('with the autoplay setting, status follows the scenario over virtual time, with EFT status codes', async t => {
  const mock = await build(t, { autoplay: true })
  const created = await mock.createSession({ ...eftBody('Happy1', true), payor: johnDoe })
  const { sessionId } = created.json()
  // A fresh token for each read: the clock moves past the token lifetime.
  const status = async () => (await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers: { authorization: `Bearer ${await mock.token()}` } })).json()
  t.strictSame(await status(), { sessionId, referenceId: 'Happy1', amount: 100, status: 'Initiated', statusDetails: 'EFT0101' })
  mock.clock.advance(30)
  t.strictSame(await status(), { sessionId, referenceId: 'Happy1', amount: 100, status: 'InProgress' })
  mock.clock.advance(149)
  t.equal((await status()).status, 'InProgress')
  mock.clock.advance(1)
  t.strictSame(await status(), { sessionId, referenceId: 'Happy1', amount: 100, status: 'Completed', statusDetails: 'EFT0301' })
  mock.clock.advance(86400)
  t.equal((await status()).status, 'Completed', 'a final status never changes')
})

t.test('Happy1:autoplay with another payor than John Doe fails the identity check: Failed/EFT0403', async t => {
  const mock = await build(t)
  const created = await mock.createSession(eftBody('Happy1:autoplay', true))
  const { sessionId } = created.json()
  mock.clock.advance(90)
  const res = await mock.inject({ url: `/api/v2/sessions/${sessionId}/details`, headers: { authorization: `Bearer ${created.token}` } })
  t.equal(res.json().status, 'Failed')
  t.equal(res.json().userDetails.matchingPerformed, true)
  t.ok(res.json().userDetails.nameMatch < 80)
  const status = await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers: { authorization: `Bearer ${created.token}` } })
  t.equal(status.json().statusDetails, 'EFT0403')
})

t.test('name matching ignores case, accents and hyphens', async t => {
  const mock = await build(t, { autoplay: true })
  const created = await mock.createSession({ ...eftBody('Happy1', true), payor: { firstName: 'JOHN', lastName: 'Doé' } })
  mock.clock.advance(180)
  const res = await mock.inject({ url: `/api/v2/sessions/${created.json().sessionId}/status`, headers: { authorization: `Bearer ${created.token}` } })
  t.equal(res.json().status, 'Completed')
})

t.test('a session nobody finishes expires after the session timeout: Expired/EFT0601', async t => {
  const mock = await build(t, { sessionTimeoutSeconds: 600 })
  const created = await mock.createSession(eftBody())
  const url = `/api/v2/sessions/${created.json().sessionId}/status`
  const headers = { authorization: `Bearer ${created.token}` }
  mock.clock.advance(598)
  t.equal((await mock.inject({ url, headers })).json().status, 'Initiated')
  mock.clock.advance(1)
  t.equal((await mock.inject({ url, headers: { authorization: `Bearer ${await mock.token()}` } })).json().status, 'Initiated')
  mock.clock.advance(1)
  t.match((await mock.inject({ url, headers: { authorization: `Bearer ${await mock.token()}` } })).json(), { status: 'Expired', statusDetails: 'EFT0601' })
})

t.test('an e-Transfer status has no statusDetails; its payment settles after completion', async t => {
  const mock = await build(t)
  const created = await mock.createSession({ ...eTransferBody(), referenceId: 'ET-Completed-7' })
  const { sessionId } = created.json()
  const headers = { authorization: `Bearer ${created.token}` }
  mock.clock.advance(120)
  t.strictSame((await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers })).json(), { sessionId, referenceId: 'ET-Completed-7', amount: 250, status: 'Completed' })
  const transactions = async () => (await mock.inject({ url: `/api/v2/sessions/${sessionId}/details`, headers: { authorization: `Bearer ${await mock.token()}` } })).json().schedule.transactions
  t.match(await transactions(), [{ id: /^[0-9a-f-]{36}$/, status: 'Accepted' }])
  mock.clock.advance(60)
  t.match(await transactions(), [{ status: 'Processed' }])
  mock.clock.advance(3600)
  t.match(await transactions(), [{ status: 'Settled' }])
})

t.test('cancel ends a live session: EFT answers Cancelled/EFT0501, GEFT Canceled/EFT0501, e-Transfer Cancelled alone', async t => {
  const mock = await build(t)
  const cases: Array<[object, object]> = [
    [eftBody('r1'), { status: 'Cancelled', statusDetails: 'EFT0501' }],
    [{ ...eftBody('r2', true) }, { status: 'Canceled', statusDetails: 'EFT0501' }],
    [eTransferBody(), { status: 'Cancelled' }]
  ]
  for (const [body, expected] of cases) {
    const created = await mock.createSession(body)
    const { sessionId, referenceId } = created.json()
    const res = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/cancel`, headers: { authorization: `Bearer ${created.token}` } })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], jsonType)
    t.strictSame(res.json(), { sessionId, referenceId, ...expected })
    const status = await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers: { authorization: `Bearer ${created.token}` } })
    t.match(status.json(), expected)
  }
})

t.test('cancelling a final session is refused with 400 Session Already Terminal', async t => {
  const mock = await build(t)
  const created = await mock.createSession(eftBody())
  const url = `/api/v2/sessions/${created.json().sessionId}/cancel`
  const headers = { authorization: `Bearer ${created.token}` }
  t.equal((await mock.inject({ method: 'POST', url, headers })).statusCode, 200)
  const again = await mock.inject({ method: 'POST', url, headers })
  t.equal(again.statusCode, 400)
  t.equal(again.headers['content-type'], problemType)
  t.match(again.json(), { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'Session Already Terminal', status: 400, detail: `Session ${created.json().sessionId} is already Cancelled and cannot be cancelled.` })
})

t.test('cancel ignores a body and its media type (the operation takes none)', async t => {
  const mock = await build(t)
  const created = await mock.createSession(eftBody())
  const url = `/api/v2/sessions/${created.json().sessionId}/cancel`
  const res = await mock.inject({ method: 'POST', url, headers: { authorization: `Bearer ${created.token}`, 'content-type': 'text/plain' }, payload: '{{{' })
  t.equal(res.statusCode, 200)
  const json = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${(await mock.createSession(eftBody())).json().sessionId}/cancel`, headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': 'application/json' }, payload: '{{{' })
  t.equal(json.statusCode, 200)
  const form = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${(await mock.createSession(eftBody())).json().sessionId}/cancel`, headers: { authorization: `Bearer ${await mock.token()}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'reason=%zz' })
  t.equal(form.statusCode, 200)
  const created2 = await mock.createSession(eftBody())
  const noMediaType = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${created2.json().sessionId}/cancel`, headers: { authorization: `Bearer ${created2.token}`, 'content-type': 'json' }, payload: '{}' })
  t.equal(noMediaType.statusCode, 200, 'even a Content-Type that is no media type')
  const [entry] = (await mock.inject({ url: `/__admin/requests?sessionId=${created2.json().sessionId}&method=POST&path=/api/v2/sessions/${created2.json().sessionId}/cancel` })).json().requests
  t.equal(entry.headers['content-type'], 'json', 'the journal still shows it')
})

t.test('unknown, malformed and other clients\' session ids are 404', async t => {
  const clients = [
    { id: 'flinks-mock-client', secret: 'flinks-mock-secret' },
    { id: 'other', secret: 'other-secret' }
  ]
  const mock = await build(t, { clients })
  const created = await mock.createSession(eTransferBody())
  const { sessionId } = created.json()
  const otherToken = await mock.token('other', 'other-secret')
  for (const [id, token] of [['3fa85f64-5717-4562-b3fc-2c963f66afa6', created.token], ['not-a-guid', created.token], [sessionId, otherToken]] as const) {
    for (const [method, path] of [['GET', 'details'], ['GET', 'status'], ['POST', 'cancel']] as const) {
      const res = await mock.inject({ method, url: `/api/v2/sessions/${id}/${path}`, headers: { authorization: `Bearer ${token}` } })
      t.equal(res.statusCode, 404, `${method} ${path} ${id}`)
      t.equal(res.headers['content-type'], problemType)
      t.match(res.json(), { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found', status: 404, detail: `No session ${id} exists for this client.` })
    }
  }
})

t.test('session ids match in any letter case, as GUIDs do', async t => {
  const mock = await build(t)
  const created = await mock.createSession(eTransferBody())
  const res = await mock.inject({ url: `/API/V2/SESSIONS/${created.json().sessionId.toUpperCase()}/DETAILS`, headers: { authorization: `Bearer ${created.token}` } })
  t.equal(res.statusCode, 200)
  t.equal(res.json().sessionId, created.json().sessionId)
})

t.test('reads need a token; status too unless statusRequiresAuth is off', async t => {
  const mock = await build(t)
  const created = await mock.createSession(eTransferBody())
  for (const path of ['details', 'status']) {
    const res = await mock.inject({ url: `/api/v2/sessions/${created.json().sessionId}/${path}` })
    t.equal(res.statusCode, 401, path)
    t.equal(res.headers['www-authenticate'], 'Bearer')
  }
  const open = await build(t, { statusRequiresAuth: false })
  const session = await open.createSession(eTransferBody())
  const res = await open.inject({ url: `/api/v2/sessions/${session.json().sessionId}/status` })
  t.equal(res.statusCode, 200)
  t.equal(res.json().status, 'Initiated')
  const bad = await open.inject({ url: `/api/v2/sessions/${session.json().sessionId}/status`, headers: { authorization: 'Bearer nope' } })
  t.equal(bad.statusCode, 401, 'a token that is sent is still checked')
})

t.test('the served document asks no token of status when statusRequiresAuth is off, and still does by default', async t => {
  const security = async (settings: Record<string, unknown>) => {
    const mock = await build(t, settings)
    const res = await mock.inject({ url: '/documentation/json' })
    t.equal(res.statusCode, 200)
    const paths = res.json().paths
    return { status: paths['/api/v2/sessions/{sessionId}/status'].get.security, details: paths['/api/v2/sessions/{sessionId}/details'].get.security, app: mock.app }
  }
  const open = await security({ statusRequiresAuth: false })
  t.strictSame(open.status, [])
  t.strictSame(open.details, [{ bearerAuth: [] }], 'the other operations keep theirs')
  const shared = open.app.mock.api.document.paths['/api/v2/sessions/{sessionId}/status'] as { get: { security: unknown } }
  t.strictSame(shared.get.security, [{ bearerAuth: [] }], 'the loaded document, shared by every server, is not changed')
  t.strictSame((await security({})).status, [{ bearerAuth: [] }])
})

t.test('the store keeps maxSessions sessions, dropping the oldest', async t => {
  const mock = await build(t, { maxSessions: 2 })
  const ids: string[] = []
  for (let i = 0; i < 3; i++) ids.push((await mock.createSession(eTransferBody())).json().sessionId)
  t.equal(mock.app.mock.sessions.size, 2)
  const token = await mock.token()
  const first = await mock.inject({ url: `/api/v2/sessions/${ids[0]}/status`, headers: { authorization: `Bearer ${token}` } })
  t.equal(first.statusCode, 404)
  const last = await mock.inject({ url: `/api/v2/sessions/${ids[2]}/status`, headers: { authorization: `Bearer ${token}` } })
  t.equal(last.statusCode, 200)
})
