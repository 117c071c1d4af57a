import t from 'tap'
import { sandboxInstitutions } from '../../src/hosted-page/view.js'
import { build, eTransferBody, jsonType, problemType, traceIdPattern, type TestMock } from '../helpers/app.js'

const htmlType = 'text/html; charset=utf-8'
const pageHeaders = {
  'content-type': htmlType,
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff'
}
const badRequest = { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'Bad Request', status: 400 }
const validation = { ...badRequest, title: 'One or more validation errors occurred.' }

/** A GEFT session of the sandbox scenarios (the default client settles to its default account). */
const geftBody = (referenceId: string, firstName: string, lastName: string, extra: Record<string, unknown> = {}) =>
  ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName, lastName, email: 'payor@example.com' }, ...extra })

async function create(mock: TestMock, body: unknown): Promise<string> {
  const res = await mock.createSession(body)
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`)
  return res.json().sessionId
}

const page = (mock: TestMock, query: string) => mock.inject({ method: 'GET', url: `/app/${query}` })
const view = (mock: TestMock, sessionId: string) => mock.inject({ method: 'GET', url: `/app/api/sessions/${sessionId}` })
const act = (mock: TestMock, sessionId: string, payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  mock.inject({ method: 'POST', url: `/app/api/sessions/${sessionId}/actions`, headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })

/** The notice section the server renders in place of the flow. */
const notice = (heading: string, message: string) =>
  `<section class="notice" role="alert" aria-labelledby="notice-title"><h1 id="notice-title">${heading}</h1><p>${message}</p></section>`

t.test('the page of an open session carries its id for app.js, at /app/ and /app, whatever the id\'s case', async t => {
  const mock = await build(t)
  const sessionId = await create(mock, eTransferBody())
  for (const query of [`?sessionId=${sessionId}`, `?sessionId=${sessionId.toUpperCase()}`]) {
    for (const url of [`/app/${query}`, `/app${query}`]) {
      const res = await mock.inject({ method: 'GET', url })
      t.equal(res.statusCode, 200, url)
      t.match(res.headers, pageHeaders, url)
      t.match(res.body, `<html lang="en-CA">`, url)
      t.match(res.body, `<main id="app" data-session-id="${sessionId}">`, url)
      t.match(res.body, '<p class="loading">Loading your payment…</p>', url)
      t.match(res.body, '<script type="module" src="/app/app.js"></script>', url)
    }
  }
})

t.test('a session with notificationPreferences.language FR gets the page in French', async t => {
  const mock = await build(t)
  const sessionId = await create(mock, { ...eTransferBody(), options: { notificationPreferences: { language: 'FR' } } })
  const res = await page(mock, `?sessionId=${sessionId}`)
  t.match(res.body, '<html lang="fr-CA">')
  t.match(res.body, '<p class="loading">Chargement de votre paiement…</p>')
})

t.test('the page\'s script and stylesheet are served with their media types', async t => {
  const mock = await build(t)
  const script = await mock.inject({ method: 'GET', url: '/app/app.js' })
  t.equal(script.statusCode, 200)
  t.equal(script.headers['content-type'], 'text/javascript; charset=utf-8')
  t.match(script.body, "window.parent.postMessage(data, '*')")
  const style = await mock.inject({ method: 'GET', url: '/app/app.css' })
  t.equal(style.statusCode, 200)
  t.equal(style.headers['content-type'], 'text/css; charset=utf-8')
  t.match(style.body, ':focus-visible')
})

t.test('a link without sessionId still answers 200, with a page that says the link is incomplete', async t => {
  const mock = await build(t)
  for (const query of ['', '?sessionId=', '?other=1']) {
    const res = await page(mock, query)
    t.equal(res.statusCode, 200, query)
    t.match(res.headers, pageHeaders)
    t.match(res.body, '<main id="app" data-session-id="">')
    t.match(res.body, '<title>This payment link is incomplete - Flinks Pay</title>')
    t.match(res.body, notice('This payment link is incomplete', 'The link has no sessionId. Open the link exactly as you received it, or ask for a new one.'))
  }
})

t.test('a malformed sessionId is named, escaped and shortened, on a page that says the link is not valid', async t => {
  const mock = await build(t)
  const cases: Array<[string, string]> = [
    ['?sessionId=not-a-guid', 'not-a-guid'],
    ['?sessionId=%3Cb%3E%22x%22%3C%2Fb%3E', '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'],
    ['?sessionId=a&sessionId=b', 'a,b'],
    [`?sessionId=${'x'.repeat(81)}`, `${'x'.repeat(80)}…`]
  ]
  for (const [query, shown] of cases) {
    const res = await page(mock, query)
    t.equal(res.statusCode, 200, query)
    t.match(res.body, notice('This payment link is not valid', `The sessionId of the link, &quot;${shown}&quot;, is not a session id (a GUID). Check that the whole link was copied.`), query)
  }
})

t.test('an unknown sessionId gets a page that says the payment was not found', async t => {
  const mock = await build(t)
  const sessionId = '6c376ebd-1670-49e3-9148-26c1360f98d3'
  const res = await page(mock, `?sessionId=${sessionId}`)
  t.equal(res.statusCode, 200)
  t.match(res.body, notice('This payment was not found', `No payment session ${sessionId} exists. It may never have been created, or the mock has restarted since (sessions live in memory only).`))
  t.notMatch(res.body, 'data-session-id="6c')
})

t.test('a session that has ended gets a page that says how, in its language, with the EFT code', async t => {
  const mock = await build(t)
  const completed = await create(mock, eTransferBody())
  await act(mock, completed, { action: 'approve' })
  const cancelled = await create(mock, eTransferBody())
  await act(mock, cancelled, { action: 'cancel' })
  const failed = await create(mock, geftBody('Unhappy1:autoplay', 'Joe', 'Fails'))
  const canceled = await create(mock, geftBody('Happy1', 'John', 'Doe'))
  await act(mock, canceled, { action: 'cancel' })
  const expired = await create(mock, { ...eTransferBody(), options: { notificationPreferences: { language: 'FR' } } })
  // Unhappy1's simulated user reaches Failed/EFT0402 after 120 s; sessions expire after 1800 s.
  mock.clock.advance(1800)

  const ended = async (sessionId: string) => (await page(mock, `?sessionId=${sessionId}`)).body
  t.match(await ended(completed), notice('This payment is already complete', `Session ${completed} has ended with status Completed. You can close this window.`))
  t.match(await ended(cancelled), notice('This payment was cancelled', `Session ${cancelled} has ended with status Cancelled. You can close this window.`))
  t.match(await ended(failed), notice('This payment did not go through', `Session ${failed} has ended with status Failed (EFT0402). You can close this window.`))
  t.match(await ended(canceled), notice('This payment was cancelled', `Session ${canceled} has ended with status Canceled. You can close this window.`))
  const french = await ended(expired)
  t.match(french, '<html lang="fr-CA">')
  t.match(french, notice('Cette demande de paiement a expiré', `La session ${expired} est terminée avec le statut Expired. Vous pouvez fermer cette fenêtre.`))
})

t.test('the page API shows an e-Transfer session: fixed amount, masked payee, payor name, sandbox banks', async t => {
  const mock = await build(t)
  const sessionId = await create(mock, eTransferBody())
  const account = mock.app.mock.sessions.get(sessionId)?.payorAccount.accountNumber.slice(-4)
  const res = await view(mock, sessionId)
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], jsonType)
  t.equal(res.headers['cache-control'], 'no-store')
  t.strictSame(res.json(), {
    sessionId,
    referenceId: 'USER12345',
    type: 'e-Transfer',
    product: 'e-Transfer',
    language: 'EN',
    currency: 'CAD',
    amount: 250,
    amountEditable: false,
    limits: { minimumAmount: 0.01, maximumAmount: null },
    payee: { label: '****6541' },
    payor: { name: 'John Smith' },
    payorAccount: { label: `Checking (****${account})` },
    consentScreen: false,
    offer: null,
    guaranteeAwaitingConfirmation: false,
    bankLogin: { state: 'none', testUser: { username: 'Greatday', password: 'Everyday' }, questions: [] },
    redirect: { mode: 'JsEvents', successUrl: null, exitUrl: null },
    status: 'Initiated',
    statusDetails: null,
    step: 'Start',
    final: false,
    outcome: null,
    institutions: sandboxInstitutions
  })
  t.equal(res.json().institutions[0].name, 'Flinks Capital', 'the sandbox bank comes first')
})

t.test('the page API shows a GEFT session: open amount within limits, payee label, EFT status code', async t => {
  const mock = await build(t)
  const { amount: _, ...body } = geftBody('Happy1', 'John', 'Doe', {
    options: { guarantee: { enable: true }, limits: { minimumAmount: 10, maximumAmount: 500 } },
    payor: { firstName: 'John', middleName: 'Q', lastName: 'Doe' },
    payee: { account: { institutionCode: '999', transitNumber: '30265', accountNumber: '9876541', accountLabel: 'Acme Rentals' } }
  })
  const res = await view(mock, await create(mock, body))
  t.match(res.json(), {
    type: 'EFT',
    product: 'GEFT',
    amount: null,
    amountEditable: true,
    limits: { minimumAmount: 10, maximumAmount: 500 },
    payee: { label: 'Acme Rentals' },
    payor: { name: 'John Q Doe' },
    payorAccount: { label: 'Chequing (****0001)' },
    status: 'Initiated',
    statusDetails: 'EFT0101'
  })
})

t.test('amountModification opens a preset amount; EFT without limits stops at 99,999.99; regular EFT has no payee; no options means EN and JsEvents', async t => {
  const mock = await build(t)
  const sessionId = await create(mock, { referenceId: 'R1', type: 'EFT', direction: 'DEBIT', amount: 75, options: { amountModification: true }, payor: { firstName: 'Ann', lastName: 'Lee' } })
  t.match((await view(mock, sessionId)).json(), { product: 'RegularEft', amount: 75, amountEditable: true, limits: { minimumAmount: 0.01, maximumAmount: 99999.99 }, payee: null })
  const plain = await create(mock, { referenceId: 'R2', type: 'EFT', direction: 'DEBIT', amount: 5, payor: { firstName: 'Ann', lastName: 'Lee' } })
  t.match((await view(mock, plain)).json(), { language: 'EN', amountEditable: false, redirect: { mode: 'JsEvents', successUrl: null, exitUrl: null } })
})

t.test("the page's amount stops at the client's EFT ceiling when the request sets no maximum", async t => {
  const mock = await build(t, { clients: [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', maximumEftAmount: 2500 }] })
  const sessionId = await create(mock, { referenceId: 'R1', type: 'EFT', direction: 'DEBIT', options: { guarantee: { enable: false } }, payor: { firstName: 'Ann', lastName: 'Lee' } })
  t.match((await view(mock, sessionId)).json(), { amountEditable: true, limits: { minimumAmount: 0.01, maximumAmount: 2500 } })
  const over = await mock.inject({ method: 'POST', url: `/app/api/sessions/${sessionId}/actions`, payload: { action: 'approve', amount: 2500.01 } })
  t.equal(over.statusCode, 400)
  t.match(over.json(), { detail: 'The amount must be between 0.01 and 2500, with at most 2 decimals.' })
})

t.test('RedirectUri sessions get their URLs with sessionId and referenceId added, other parameters kept', async t => {
  const mock = await build(t)
  const redirectPreferences = { mode: 'RedirectUri', urlSuccess: 'https://shop.example.test/done?order=42&sessionId=old', urlExit: 'ftp://shop.example.test/exit' }
  const sessionId = await create(mock, { ...eTransferBody(), referenceId: 'order-42', options: { redirectPreferences } })
  t.strictSame((await view(mock, sessionId)).json().redirect, {
    mode: 'RedirectUri',
    successUrl: `https://shop.example.test/done?order=42&sessionId=${sessionId}&referenceId=order-42`,
    // Only http(s) URLs are followed: another scheme could run code in the page.
    exitUrl: null
  })
  const { referenceId: _, ...withoutReference } = eTransferBody()
  const other = await create(mock, { ...withoutReference, options: { redirectPreferences: { mode: 'RedirectUri', urlExit: 'http://shop.example.test/exit' } } })
  t.strictSame((await view(mock, other)).json().redirect, { mode: 'RedirectUri', successUrl: null, exitUrl: `http://shop.example.test/exit?sessionId=${other}` })
})

t.test('the page API answers 404 ProblemDetails for an unknown or malformed session id', async t => {
  const mock = await build(t)
  for (const sessionId of ['6c376ebd-1670-49e3-9148-26c1360f98d3', 'nope']) {
    for (const res of [await view(mock, sessionId), await act(mock, sessionId, { action: 'open' })]) {
      t.equal(res.statusCode, 404)
      t.equal(res.headers['content-type'], problemType)
      t.strictSame(res.json(), {
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
        title: 'Not Found',
        status: 404,
        detail: `No session ${sessionId} exists. Check the sessionId of the link.`,
        traceId: res.json().traceId
      })
      t.match(res.json().traceId, traceIdPattern)
    }
  }
})

t.test('open, selectInstitution and approve complete an e-Transfer session, as its details then say', async t => {
  const mock = await build(t)
  const created = await mock.createSession(eTransferBody())
  const sessionId = created.json().sessionId
  const steps: Array<[string, unknown]> = [['open', { status: 'Initiated', step: 'Start' }], ['selectInstitution', { status: 'InProgress', step: 'BankConnection' }], ['approve', { status: 'Completed', step: 'Complete', final: true }]]
  for (const [action, expected] of steps) {
    const res = await act(mock, sessionId, { action })
    t.equal(res.statusCode, 200, action)
    t.equal(res.headers['content-type'], jsonType)
    t.match(res.json(), { sessionId, ...(expected as object) }, action)
  }
  const details = await mock.inject({ method: 'GET', url: `/api/v2/sessions/${sessionId}/details`, headers: { authorization: `Bearer ${created.token}` } })
  t.match(details.json(), { status: 'Completed', schedule: { transactions: [{ status: 'Accepted' }] } })
})

t.test('decline: an e-Transfer request is declined at the bank; an EFT payor stops before the PAD', async t => {
  const mock = await build(t)
  const eTransfer = await create(mock, eTransferBody())
  await act(mock, eTransfer, { action: 'selectInstitution' })
  t.match((await act(mock, eTransfer, { action: 'decline' })).json(), { status: 'Failed', statusDetails: null, final: true })
  const eft = await create(mock, geftBody('EFT-1', 'Ann', 'Lee', { options: {} }))
  t.match((await act(mock, eft, { action: 'decline' })).json(), { status: 'Completed', statusDetails: 'EFT0302', step: 'Pad', final: true })
})

t.test('cancel ends an e-Transfer session Cancelled and a GEFT session Canceled', async t => {
  const mock = await build(t)
  t.match((await act(mock, await create(mock, eTransferBody()), { action: 'cancel' })).json(), { status: 'Cancelled', final: true })
  t.match((await act(mock, await create(mock, geftBody('G-1', 'Ann', 'Lee')), { action: 'cancel' })).json(), { status: 'Canceled', final: true })
})

t.test('approve plays the rest of the scenario: Happy1 completes, Unhappy1 fails eligibility, a wrong name fails identity', async t => {
  const mock = await build(t)
  const cases: Array<[unknown, unknown]> = [
    [geftBody('Happy1', 'John', 'Doe'), { status: 'Completed', statusDetails: 'EFT0301' }],
    [geftBody('Unhappy1', 'Joe', 'Fails'), { status: 'Failed', statusDetails: 'EFT0402' }],
    [geftBody('Happy1', 'Jane', 'Smith'), { status: 'Failed', statusDetails: 'EFT0403' }]
  ]
  for (const [body, outcome] of cases) {
    const sessionId = await create(mock, body)
    await act(mock, sessionId, { action: 'open' })
    const username = (body as { referenceId: string }).referenceId
    t.match((await act(mock, sessionId, { action: 'login', username, password: 'Everyday' })).json(), { status: 'InProgress', step: 'AccountSelection', bankLogin: { state: 'done' } })
    t.match((await act(mock, sessionId, { action: 'approve' })).json(), { ...(outcome as object), final: true })
  }
})

t.test('a sandbox scenario approves only after its test user logged in; wrong credentials end it Failed/EFT0401', async t => {
  const mock = await build(t)
  const sessionId = await create(mock, geftBody('Happy1', 'John', 'Doe'))
  const early = await act(mock, sessionId, { action: 'approve' })
  t.equal(early.statusCode, 409)
  t.equal(early.json().detail, "Log in at the bank as the scenario's test user before approving.")
  t.match((await view(mock, sessionId)).json(), { bankLogin: { state: 'none', testUser: { username: 'Happy1', password: 'Everyday' }, questions: [] } })
  // The Flinks Capital user is not Happy1's test user.
  t.match((await act(mock, sessionId, { action: 'login', username: 'Greatday', password: 'Everyday' })).json(), { status: 'Failed', statusDetails: 'EFT0401', step: 'BankConnection', final: true })
  const wrongPassword = await create(mock, geftBody('Happy1', 'John', 'Doe'))
  t.match((await act(mock, wrongPassword, { action: 'login', username: 'happy1', password: 'everyday' })).json(), { status: 'Failed', statusDetails: 'EFT0401', final: true })
  const missing = await act(mock, await create(mock, geftBody('Happy1', 'John', 'Doe')), { action: 'login', username: 'Happy1' })
  t.equal(missing.statusCode, 400)
  t.equal(missing.json().detail, 'login takes a username and a password.')
})

t.test('Flinks Capital: Greatday answers the security questions, greatday_nomfa has none, wrong answers end Failed/EFT0401', async t => {
  const mock = await build(t)
  const sessionId = await create(mock, eTransferBody())
  const early = await act(mock, sessionId, { action: 'answerMfa', answers: ['Montreal', 'Canada', 'Triangle'] })
  t.equal(early.statusCode, 409)
  t.equal(early.json().detail, 'No security question is waiting for an answer: log in first.')
  t.match((await act(mock, sessionId, { action: 'login', username: 'Greatday', password: 'Everyday' })).json(), {
    status: 'InProgress',
    step: 'BankConnection',
    bankLogin: { state: 'mfa', questions: ['What city were you born in?', 'What is the best country on earth?', 'What shape do people like most?'] }
  })
  const noAnswers = await act(mock, sessionId, { action: 'answerMfa' })
  t.equal(noAnswers.statusCode, 400)
  t.equal(noAnswers.json().detail, 'answerMfa takes the answers to the security questions.')
  t.match((await act(mock, sessionId, { action: 'answerMfa', answers: [' montreal', 'CANADA', 'Triangle'] })).json(), { status: 'InProgress', step: 'AccountSelection', bankLogin: { state: 'done', questions: [] } })
  t.match((await act(mock, sessionId, { action: 'approve' })).json(), { status: 'Completed', final: true })

  const noMfa = await create(mock, eTransferBody())
  t.match((await act(mock, noMfa, { action: 'login', username: 'greatday_nomfa', password: 'Everyday' })).json(), { step: 'AccountSelection', bankLogin: { state: 'done' } })
  const wrongAnswers = await create(mock, eTransferBody())
  await act(mock, wrongAnswers, { action: 'login', username: 'Greatday', password: 'Everyday' })
  t.match((await act(mock, wrongAnswers, { action: 'answerMfa', answers: ['Montreal', 'Canada'] })).json(), { status: 'Failed', statusDetails: null, final: true })
  for (const [username, password] of [['Greatday', 'Greatday'], ['someone', 'Everyday']]) {
    const other = await create(mock, eTransferBody())
    t.match((await act(mock, other, { action: 'login', username, password })).json(), { status: 'Failed', final: true }, `${username} / ${password}`)
  }
})

t.test('amount rules: chosen within the limits when open, refused when preset, required when missing', async t => {
  const mock = await build(t)
  const { amount: _, ...open } = geftBody('Happy1', 'John', 'Doe', { options: { guarantee: { enable: true }, limits: { minimumAmount: 10, maximumAmount: 500 } } })
  const refused = async (sessionId: string, payload: unknown, detail: string) => {
    const res = await act(mock, sessionId, payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.equal(res.headers['content-type'], problemType)
    t.strictSame(res.json(), { ...badRequest, detail, traceId: res.json().traceId })
  }
  const openSession = await create(mock, open)
  await act(mock, openSession, { action: 'login', username: 'Happy1', password: 'Everyday' })
  await refused(openSession, { action: 'approve' }, 'This session has no amount: choose one before approving.')
  for (const amount of [9.99, 500.01, 12.345]) await refused(openSession, { action: 'approve', amount }, 'The amount must be between 10 and 500, with at most 2 decimals.')
  const res = await act(mock, openSession, { action: 'approve', amount: 12.5 })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { amount: 12.5, status: 'Completed' })

  const preset = await create(mock, eTransferBody())
  await refused(preset, { action: 'approve', amount: 12.5 }, 'The amount of this session was set when it was created and cannot be changed.')
  const withAmount = await act(mock, preset, { action: 'open', amount: 12.5 })
  t.equal(withAmount.statusCode, 400)
  t.strictSame(withAmount.json(), { ...validation, errors: { amount: ['An amount is taken with approve only.'] }, traceId: withAmount.json().traceId })
})

t.test('an action on a session that has ended is 409 Conflict', async t => {
  const mock = await build(t)
  const sessionId = await create(mock, eTransferBody())
  await act(mock, sessionId, { action: 'approve' })
  const res = await act(mock, sessionId, { action: 'cancel' })
  t.equal(res.statusCode, 409)
  t.strictSame(res.json(), {
    type: 'https://tools.ietf.org/html/rfc9110#section-15.5.10',
    title: 'Conflict',
    status: 409,
    detail: `Session ${sessionId} is already Completed.`,
    traceId: res.json().traceId
  })
})

t.test('bad input to the page API is a 400 ValidationProblemDetails naming the field, never a 500', async t => {
  const mock = await build(t)
  const sessionId = await create(mock, eTransferBody())
  // In our own words, as the admin API's: the page's API imitates no ASP.NET Core service.
  const actions = 'open, consent, selectInstitution, login, answerMfa, approve, acceptOffer, returnToClient, signPad, leavePad, otherFunding, decline, cancel'
  const cases: Array<[string, Record<string, string[]>]> = [
    ['{"action":"failLogin"}', { action: [`Must be one of ${actions}, got "failLogin".`] }],
    ['{"action":"aprove"}', { action: [`Must be one of ${actions}, got "aprove" (did you mean approve?).`] }],
    ['{"action":7}', { action: ['Must be a string, got a number.', `Must be one of ${actions}, got 7.`] }],
    ['{}', { action: ['Is required.'] }],
    ['{"action":"approve","amount":"12"}', { amount: ['Must be a number, got a string.'] }],
    ['{"action":"open","extra":1}', { extra: ['Is not a known member; the known ones are action, amount, stopAtPad, username, password, answers.'] }],
    ['{"action":"open","__proto__":{"x":1}}', { ['__proto__']: ['Is not a known member; the known ones are action, amount, stopAtPad, username, password, answers.'] }],
    ['null', { '': ['A JSON body is required.'] }],
    ['[]', { '': ['Must be an object, got an array.'] }],
    ['"open"', { '': ['Must be an object, got a string.'] }],
    ['', { '': ['A JSON body is required.'] }],
    ['{"action":', { '': ['The body is not valid JSON: value expected at line 1, column 11.'] }]
  ]
  for (const [payload, errors] of cases) {
    const res = await act(mock, sessionId, payload)
    t.equal(res.statusCode, 400, payload)
    t.equal(res.headers['content-type'], problemType)
    t.strictSame(res.json(), { ...validation, errors, traceId: res.json().traceId }, payload)
  }
})

t.test('the page API answers 405 with Allow for a method its document does not have', async t => {
  const mock = await build(t)
  const sessionId = await create(mock, eTransferBody())
  const cases: Array<[string, string, string]> = [['DELETE', `/app/api/sessions/${sessionId}`, 'GET'], ['GET', `/app/api/sessions/${sessionId}/actions`, 'POST']]
  for (const [method, url, allowed] of cases) {
    const res = await mock.inject({ method: method as 'GET', url })
    t.equal(res.statusCode, 405, `${method} ${url}`)
    t.equal(res.headers.allow, allowed)
    t.equal(res.headers['content-type'], problemType)
    t.strictSame(res.json(), {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.6',
      title: 'Method Not Allowed',
      status: 405,
      detail: `${method} is not allowed here. Allowed: ${allowed}.`,
      traceId: res.json().traceId
    })
  }
})

t.test('the page API serves its OpenAPI document at /app/api/openapi.json', async t => {
  const mock = await build(t)
  const res = await mock.inject({ method: 'GET', url: '/app/api/openapi.json' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], jsonType)
  t.strictSame(res.json(), mock.app.mock.hostedPageApi.document)
  t.strictSame(Object.keys(res.json().paths), ['/app/api/sessions/{sessionId}', '/app/api/sessions/{sessionId}/actions'])
})

t.test('the page API takes JSON only: a form, text or no Content-Type is 415', async t => {
  const mock = await build(t)
  const sessionId = await create(mock, eTransferBody())
  const cases: Array<[Record<string, string>, string]> = [
    [{ 'content-type': 'application/x-www-form-urlencoded' }, 'Content-Type application/x-www-form-urlencoded is'],
    [{ 'content-type': 'text/plain' }, 'Content-Type text/plain is'],
    [{}, 'A request without Content-Type is']
  ]
  for (const [headers, what] of cases) {
    const res = await act(mock, sessionId, headers['content-type'] ? 'action=open' : '', headers)
    t.equal(res.statusCode, 415, what)
    t.equal(res.headers['content-type'], problemType)
    t.strictSame(res.json(), {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.16',
      title: 'Unsupported Media Type',
      status: 415,
      detail: `${what} not supported here. Send one of: application/json.`,
      traceId: res.json().traceId
    })
  }
  // Not a media type at all: Fastify refuses it before any parser or hook, so the answer does
  // not know the page API's media types.
  const word = await act(mock, sessionId, '{"action":"open"}', { 'content-type': 'json' })
  t.equal(word.statusCode, 415)
  t.equal(word.headers['content-type'], problemType)
  t.match(word.json(), { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.16', title: 'Unsupported Media Type', status: 415 })
  t.equal(word.json().detail, 'Content-Type json is not supported here. Send one of: application/json.')
})

t.test('a fault in the mock while acting is a 500 ProblemDetails, not a crash', async t => {
  const mock = await build(t)
  const sessionId = await create(mock, eTransferBody())
  const session = mock.app.mock.sessions.get(sessionId)
  t.ok(session)
  // A corrupt timeline makes performAction fail with something other than an ActionError.
  Object.assign(session as object, { timeline: null })
  const res = await act(mock, sessionId, { action: 'open' })
  t.equal(res.statusCode, 500)
  t.match(res.json(), { status: 500, title: 'An error occurred while processing your request.' })
})

t.test('Happy2 (Next Best Offer): $1,000 on an account holding 820 is offered at 820; accepted, it completes at 820', async t => {
  const mock = await build(t)
  const { amount: _, ...body } = geftBody('Happy2', 'Steve', 'Diamond')
  const created = await mock.createSession(body)
  const { sessionId } = created.json()
  await act(mock, sessionId, { action: 'login', username: 'Happy2', password: 'Everyday' })
  const early = await act(mock, sessionId, { action: 'acceptOffer' })
  t.equal(early.statusCode, 409)
  t.equal(early.json().detail, 'No reduced amount is on offer: approve first.')
  t.match((await act(mock, sessionId, { action: 'approve', amount: 1000 })).json(), { status: 'InProgress', step: 'GuaranteeOffer', amount: 1000, offer: 820, final: false })
  t.match((await act(mock, sessionId, { action: 'acceptOffer' })).json(), { status: 'Completed', statusDetails: 'EFT0301', amount: 820, offer: null, final: true })
  const headers = { authorization: `Bearer ${created.token}` }
  t.strictSame((await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers })).json(), { sessionId, referenceId: 'Happy2', amount: 820, status: 'Completed', statusDetails: 'EFT0301' })
  t.match((await mock.inject({ url: `/api/v2/sessions/${sessionId}/details`, headers })).json(), { amount: 820, guaranteeDetails: { guaranteeOffered: true, guaranteeAccepted: true, highestDebitAmountToGuarantee: 820 } })
})

t.test('Happy2: an amount the account covers gets no offer; returning to the client from an offer ends the session Canceled', async t => {
  const mock = await build(t)
  const { amount: _, ...body } = geftBody('Happy2', 'Steve', 'Diamond')
  const covered = await create(mock, body)
  await act(mock, covered, { action: 'login', username: 'Happy2', password: 'Everyday' })
  t.match((await act(mock, covered, { action: 'approve', amount: 800 })).json(), { status: 'Completed', amount: 800, offer: null })
  const left = await create(mock, body)
  await act(mock, left, { action: 'login', username: 'Happy2', password: 'Everyday' })
  const none = await act(mock, left, { action: 'returnToClient' })
  t.equal(none.statusCode, 409)
  await act(mock, left, { action: 'approve', amount: 1000 })
  t.match((await act(mock, left, { action: 'returnToClient' })).json(), { status: 'Canceled', statusDetails: null, amount: 1000, offer: null, final: true })
  // A preset amount is never reduced (GEFT initiate page: no NBO when the amount is given).
  const preset = await create(mock, { ...body, amount: 1000 })
  await act(mock, preset, { action: 'login', username: 'Happy2', password: 'Everyday' })
  t.match((await act(mock, preset, { action: 'approve' })).json(), { status: 'Completed', amount: 1000, offer: null })
})

t.test('a session completed by a simulated payor always has an amount: 100, or less when the account holds less', async t => {
  const mock = await build(t)
  const { amount: _, ...body } = geftBody('Happy1:autoplay', 'John', 'Doe')
  const { sessionId, token } = await mock.createSession(body).then(res => ({ ...res.json(), token: res.token }))
  const low = await create(mock, { ...body, referenceId: 'Unhappy1:autoplay', payor: { firstName: 'Joe', lastName: 'Fails' } })
  const withLimits = await create(mock, { ...body, options: { guarantee: { enable: true }, limits: { minimumAmount: 150, maximumAmount: 500 } } })
  const headers = { authorization: `Bearer ${token}` }
  t.equal((await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers })).json().amount, null, 'null until set')
  mock.clock.advance(180)
  t.match((await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers })).json(), { status: 'Completed', amount: 100 })
  t.match((await mock.inject({ url: `/api/v2/sessions/${withLimits}/status`, headers })).json(), { status: 'Completed', amount: 150 })
  t.match((await mock.inject({ url: `/api/v2/sessions/${low}/status`, headers })).json(), { status: 'Failed', amount: null })
})

t.test('a guarantee waiting for the merchant shows in the page API until the merchant answers', async t => {
  const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
  // An address nothing listens on: the deliveries fail, and the third failure ends the wait.
  const clients = [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement, webhook: { url: 'http://127.0.0.1:9/flinks', secret: 'whsec' } }]
  const mock = await build(t, { clients })
  const sessionId = await create(mock, geftBody('Happy1', 'John', 'Doe'))
  await act(mock, sessionId, { action: 'login', username: 'Happy1', password: 'Everyday' })
  t.match((await act(mock, sessionId, { action: 'approve' })).json(), { status: 'InProgress', step: 'GuaranteeOffer', guaranteeAwaitingConfirmation: true, final: false })
  await mock.app.mock.webhooks.settled()
  t.match((await view(mock, sessionId)).json(), { status: 'Failed', statusDetails: 'EFT0402', guaranteeAwaitingConfirmation: false, final: true })
})

t.test('the consent screen: on by default for GEFT, off for regular EFT, as options.showConsentScreen says', async t => {
  const mock = await build(t)
  const token = await mock.token()
  const sessionId = await create(mock, geftBody('consent-1', 'John', 'Doe'))
  const details = async (id: string) => (await mock.inject({ url: `/api/v2/sessions/${id}/details`, headers: { authorization: `Bearer ${token}` } })).json()
  t.match((await view(mock, sessionId)).json(), { consentScreen: true, step: 'Start' })
  t.match(await details(sessionId), { options: { showConsentScreen: true } })
  t.match((await act(mock, sessionId, { action: 'open' })).json(), { status: 'Initiated', step: 'Consent' })
  t.match((await act(mock, sessionId, { action: 'open' })).json(), { status: 'Initiated', step: 'Consent' }, 'opened again, still at the consent screen')
  t.match((await act(mock, sessionId, { action: 'consent' })).json(), { status: 'InProgress', step: 'BankSelection' })
  t.match(await details(sessionId), { step: { current: 'BankSelection' }, payor: { account: null } })

  const off = await create(mock, geftBody('consent-2', 'John', 'Doe', { options: { guarantee: { enable: true }, showConsentScreen: false } }))
  t.match((await act(mock, off, { action: 'open' })).json(), { consentScreen: false, step: 'Start' })
  const refused = await act(mock, off, { action: 'consent' })
  t.equal(refused.statusCode, 409)
  t.strictSame(refused.json(), { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.10', title: 'Conflict', status: 409, detail: 'This session shows no consent screen.', traceId: refused.json().traceId })
  t.match(refused.json().traceId, traceIdPattern)
  const eft = await create(mock, { type: 'EFT', direction: 'DEBIT', amount: 10, payor: { firstName: 'Sara', lastName: 'Ahmad' } })
  t.match((await view(mock, eft)).json(), { consentScreen: false })
  t.match(await details(eft), { options: { showConsentScreen: false } })
  const eTransfer = await create(mock, eTransferBody())
  t.match(await details(eTransfer), { options: { showConsentScreen: false } })
})

t.test('the PAD as a step of its own: approve with stopAtPad, then sign, leave at the warning, or choose other funding', async t => {
  const mock = await build(t)
  const token = await mock.token()
  const atPad = async (referenceId: string) => {
    const sessionId = await create(mock, geftBody(referenceId, 'John', 'Doe'))
    t.match((await act(mock, sessionId, { action: 'approve', stopAtPad: true })).json(), { status: 'InProgress', statusDetails: null, step: 'Pad', final: false })
    return sessionId
  }
  const signed = await atPad('pad-sign')
  const details = (await mock.inject({ url: `/api/v2/sessions/${signed}/details`, headers: { authorization: `Bearer ${token}` } })).json()
  t.match(details, { status: 'InProgress', step: { current: 'Pad', padId: /^[0-9a-f-]{36}$/ }, guaranteeDetails: { guaranteeOffered: true, guaranteeAccepted: true } })
  const again = await act(mock, signed, { action: 'approve', stopAtPad: true })
  t.equal(again.statusCode, 409)
  t.equal(again.json().detail, "The payor has approved already: the session waits for the guarantee's confirmation or the PAD signature.")
  t.match((await act(mock, signed, { action: 'signPad' })).json(), { status: 'Completed', statusDetails: 'EFT0301', step: 'Complete', final: true })
  for (const action of ['leavePad', 'otherFunding']) {
    const sessionId = await atPad(`pad-${action}`)
    t.match((await act(mock, sessionId, { action })).json(), { status: 'Completed', statusDetails: 'EFT0302', step: 'Pad', final: true }, action)
  }
  const early = await create(mock, geftBody('pad-early', 'John', 'Doe'))
  for (const action of ['signPad', 'leavePad', 'otherFunding']) {
    const res = await act(mock, early, { action })
    t.equal(res.statusCode, 409, action)
    t.equal(res.json().detail, 'No PAD is waiting for a signature: approve with stopAtPad first.')
  }
  const eTransfer = await create(mock, eTransferBody())
  const noPad = await act(mock, eTransfer, { action: 'approve', stopAtPad: true })
  t.equal(noPad.statusCode, 400)
  t.equal(noPad.json().detail, 'An e-Transfer request has no PAD: approve without stopAtPad.')
  const failing = await create(mock, geftBody('Happy1', 'Wrong', 'Name'))
  await act(mock, failing, { action: 'login', username: 'Happy1', password: 'Everyday' })
  t.match((await act(mock, failing, { action: 'approve', stopAtPad: true })).json(), { status: 'Failed', statusDetails: 'EFT0403' }, 'a failing flow never reaches the PAD')
})
