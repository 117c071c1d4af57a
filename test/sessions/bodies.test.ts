import fastJsonStringify from 'fast-json-stringify'
import t from 'tap'
import { createSessionBodies } from '../../src/sessions/bodies.js'
import { stateAt, type Session, type SessionState } from '../../src/sessions/lifecycle.js'
import { loadShippedDocuments } from '../../src/state.js'
import { detailsView, statusView } from '../../src/sessions/views.js'
import { build, eTransferBody } from '../helpers/app.js'

// The compiled serializers write what JSON.stringify writes of the views, member order included,
// and a body read again follows its session's steps.

const payor = { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com', middleName: 'Q', address: { addressLine1: '1 Main St', city: 'Montreal', province: 'QC', country: 'CA', postalCode: 'H0H0H0' } }
const eft = (referenceId: string, extra: object = {}) => ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, payor, ...extra })
const bodies = [
  { ...eTransferBody(), referenceId: 'ET-Completed:autoplay' },
  { ...eTransferBody(), referenceId: 'ET-Declined:autoplay', amount: undefined, options: { limits: { minimumAmount: 5, maximumAmount: 500 } } },
  { ...eTransferBody(), referenceId: 'ET-IdentityMismatch:autoplay' },
  eft('EFT-Completed:autoplay'),
  eft('EFT-NameMismatch:autoplay', { amount: null }),
  eft('EFT-PadNotSigned:autoplay', { options: { showConsentScreen: true, redirectPreferences: { mode: 'RedirectUri', urlSuccess: 'https://example.com/ok', urlExit: 'https://example.com/exit' } } }),
  eft('Happy1:autoplay', { options: { guarantee: { enable: true } } }),
  eft('Happy2:autoplay', { amount: null, options: { guarantee: { enable: true } } }),
  eft('Unhappy1:autoplay', { options: { guarantee: { enable: true } } }),
  eft('waits', { options: { guarantee: { enable: true }, notificationPreferences: { language: 'FR' } } })
]

t.test('details and status are what JSON.stringify writes of their views, at every step of every product', async t => {
  const mock = await build(t)
  const created: Array<{ sessionId: string }> = []
  for (const body of bodies) {
    const res = await mock.createSession(body)
    t.equal(res.statusCode, 201, `${String(body.referenceId)}: ${res.body}`)
    created.push({ sessionId: res.json().sessionId })
  }
  const differences: string[] = []
  let reads = 0
  for (const seconds of [0, 5, 30, 60, 119, 120, 180, 300, 1000, 2000, 5000]) {
    mock.clock.freeze()
    const now = mock.clock.now()
    // Tokens live 599 s: each round reads with a fresh one.
    const token = await mock.token()
    for (const { sessionId } of created) {
      const session = mock.app.mock.sessions.get(sessionId)
      if (session === undefined) throw new Error(`no session ${sessionId}`)
      const headers = { authorization: `Bearer ${token}` }
      const details = await mock.inject({ url: `/api/v2/sessions/${sessionId}/details`, headers })
      const status = await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers })
      reads++
      const state = stateAt(session, now)
      if (details.body !== JSON.stringify(detailsView(session, state, now))) differences.push(`details of ${session.request.referenceId} at ${seconds} s: ${details.body}`)
      if (status.body !== JSON.stringify(statusView(session, state))) differences.push(`status of ${session.request.referenceId} at ${seconds} s: ${status.body}`)
    }
    mock.clock.advance(seconds === 0 ? 5 : seconds)
  }
  t.strictSame(differences, [])
  t.equal(reads, bodies.length * 11)
})

t.test('a body read again is the same until the session takes a step, then the new one', async t => {
  const mock = await build(t)
  const res = await mock.createSession(eft('waits'))
  const { sessionId } = res.json()
  const read = async () => (await mock.inject({ url: `/api/v2/sessions/${sessionId}/details`, headers: { authorization: `Bearer ${res.token}` } })).json()
  const first = await read()
  t.strictSame(await read(), first)
  t.equal(first.step.current, 'Start')
  await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'selectInstitution' } })
  t.match(await read(), { status: 'InProgress', step: { current: 'BankConnection' } })
  await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'login', username: 'greatday_nomfa', password: 'Everyday' } })
  await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'approve' } })
  t.match(await read(), { status: 'Completed', step: { current: 'Complete' }, userDetails: { matchingPerformed: true } })
})

t.test('the payor\'s address is written in the published member order, whatever order the request used', async t => {
  const mock = await build(t)
  const res = await mock.createSession(eft('reordered', { payor: { ...payor, address: { postalCode: 'H0H0H0', country: 'CA', city: 'Montreal', addressLine1: '1 Main St' } } }))
  const details = await mock.inject({ url: `/api/v2/sessions/${res.json().sessionId}/details`, headers: { authorization: `Bearer ${res.token}` } })
  t.match(details.body, '"address":{"addressLine1":"1 Main St","city":"Montreal","country":"CA","postalCode":"H0H0H0"}')
})

t.test('details is written as the document\'s serializer writes detailsView, for values a valid request does not have too', async t => {
  const mock = await build(t)
  const { api } = loadShippedDocuments()
  const serialize = fastJsonStringify({ $ref: '#/components/schemas/SessionDetailsResponse', components: api.document.components } as never) as (value: unknown) => string
  const bodies = createSessionBodies(api)
  const created: Session[] = []
  for (const body of [eTransferBody(), eft('EFT-Completed:autoplay'), eft('Happy1:autoplay', { options: { guarantee: { enable: true } } })]) {
    const res = await mock.createSession(body)
    created.push(mock.app.mock.sessions.get(res.json().sessionId) as Session)
  }
  const now = mock.clock.now()
  const odd = '"quoted", back\\slash, line\nbreak, tab\t, é, 東京, 🙂, lone \ud83d'
  const variants: Array<[string, (session: Session) => Session, Partial<SessionState>?]> = [
    ['as created', session => session],
    ['strings to escape', session => ({ ...session, request: { ...session.request, referenceId: odd, payor: { ...session.request.payor, firstName: odd, lastName: 'line\nbreak "first"', email: 'x\\y@example.com', middleName: '🙂 then "quoted"' } } })],
    ['no first or last name, null email', session => ({ ...session, request: { ...session.request, payor: { email: null, firstName: undefined, lastName: undefined } } })],
    ['null first name, no type or direction', session => ({ ...session, request: { ...session.request, type: undefined, direction: undefined, payor: { firstName: null, lastName: 'Doe' } } })],
    ['an address in another order, with a member the document does not have', session => ({ ...session, request: { ...session.request, payor: { ...session.request.payor, address: { city: 'Montréal', unknown: 'x', addressLine1: '1 "Main" St' } as never } } })],
    ['labels, balances and limits', session => ({ ...session, amount: 12.34, payeeAccount: session.payeeAccount && { ...session.payeeAccount, accountLabel: 'Savings "A"' }, payorAccount: { ...session.payorAccount, accountLabel: 'Mine', availableBalance: 1500.5 }, request: { ...session.request, options: { limits: { minimumAmount: 1.5, maximumAmount: 99.99 }, redirectPreferences: { mode: 'RedirectUri', urlSuccess: 'https://example.com/ok?a="1"', urlExit: null } } } })],
    ['linked, at the PAD, with a transaction and a name match', session => ({ ...session, aggregationRequestId: session.aggregationRequestId ?? '3fa85f64-5717-4562-b3fc-2c963f66afa6', padId: 'c3d2e1f0-0000-4000-8000-000000000001', transactionId: 'c3d2e1f0-0000-4000-8000-000000000002' }), { status: 'InProgress', step: 'Pad', transaction: 'Processing', matchingPerformed: true, nameMatch: 87.5 }]
  ]
  const differences: string[] = []
  let compared = 0
  for (const session of created) {
    for (const [name, vary, at] of variants) {
      const varied = vary(session)
      const state = { ...stateAt(varied, now), ...at }
      const expected = serialize(detailsView(varied, state, now))
      const written = bodies.details(varied, state, now)
      compared++
      if (written !== expected) differences.push(`${session.product}, ${name}:\n${written}\n${expected}`)
      JSON.parse(written)
    }
  }
  t.strictSame(differences, [])
  t.equal(compared, 21)
})

t.test('the members written once for a request read again are written anew when any of what they show differs', async t => {
  const mock = await build(t)
  const bodies = createSessionBodies(loadShippedDocuments().api)
  const res = await mock.createSession(eft('shared', { options: { guarantee: { enable: true } } }))
  const session = mock.app.mock.sessions.get(res.json().sessionId) as Session
  const { request } = session
  // Each differs from the session in one input of those members only, its request's other parts the same objects.
  const variants: Session[] = [
    { ...session, request: { ...request, type: 'e-Transfer' } },
    { ...session, request: { ...request, direction: 'CREDIT' } },
    { ...session, request: { ...request, currency: 'USD' } },
    { ...session, request: { ...request, amount: null } },
    { ...session, product: 'RegularEft' },
    { ...session, request: { ...request, options: { ...request.options, showConsentScreen: true } } },
    { ...session, request: { ...request, payor: { ...request.payor, middleName: 'R' } } }
  ] as Session[]
  const now = mock.clock.now()
  const differences: string[] = []
  // Each variant read between two reads of the session: the one before has its members written for it.
  for (const [i, varied] of [session, ...variants.flatMap(variant => [variant, session])].entries()) {
    const state = stateAt(varied, now)
    const written = bodies.details(varied, state, now)
    if (written !== JSON.stringify(detailsView(varied, state, now))) differences.push(`read ${i}: ${written}`)
  }
  t.strictSame(differences, [])
  t.equal(new Set(variants.map(variant => bodies.details(variant, stateAt(variant, now), now))).size, variants.length, 'every variant shows its own')
})
