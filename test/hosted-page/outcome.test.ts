import t from 'tap'
import { build, eTransferBody, type TestMock } from '../helpers/app.js'

/** A GEFT session of the sandbox scenarios (the default client settles to its default account). */
const geftBody = (referenceId: string, firstName = 'John', lastName = 'Doe') =>
  ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName, lastName, email: 'payor@example.com' } })
const eftBody = (referenceId: string) => ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, payor: { firstName: 'Ann', lastName: 'Lee' } })

async function create(mock: TestMock, body: unknown): Promise<{ sessionId: string, token: string }> {
  const res = await mock.createSession(body)
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`)
  return { sessionId: res.json().sessionId, token: res.token }
}

const read = async (mock: TestMock, sessionId: string) => (await mock.inject({ method: 'GET', url: `/app/api/sessions/${sessionId}` })).json()
async function act(mock: TestMock, sessionId: string, payload: object) {
  const res = await mock.inject({ method: 'POST', url: `/app/api/sessions/${sessionId}/actions`, payload })
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(payload)} answered ${res.statusCode} ${res.body}`)
  return res.json()
}

t.test('the outcome of the action that ends a session is the outcome of every later read', async t => {
  const mock = await build(t)
  // Each case: the session, the actions the payor takes, the outcome and the final state the last one answers.
  const cases: Array<[string, unknown, object[], string, object]> = [
    ['an e-Transfer approved', eTransferBody(), [{ action: 'selectInstitution' }, { action: 'approve' }], 'success', { status: 'Completed', statusDetails: null }],
    ['a PAD signed', eftBody('sign'), [{ action: 'approve', stopAtPad: true }, { action: 'signPad' }], 'success', { status: 'Completed', statusDetails: 'EFT0301' }],
    ['an e-Transfer cancelled', eTransferBody(), [{ action: 'cancel' }], 'cancelled', { status: 'Cancelled' }],
    ['a GEFT cancelled', geftBody('G-cancel'), [{ action: 'cancel' }], 'cancelled', { status: 'Canceled' }],
    ['the PAD left at the warning', eftBody('leave'), [{ action: 'approve', stopAtPad: true }, { action: 'leavePad' }], 'padLeft', { status: 'Completed', statusDetails: 'EFT0302' }],
    ['other funding chosen at the PAD', geftBody('other'), [{ action: 'approve', stopAtPad: true }, { action: 'otherFunding' }], 'padLeft', { status: 'Completed', statusDetails: 'EFT0302' }],
    ['an e-Transfer declined', eTransferBody(), [{ action: 'selectInstitution' }, { action: 'decline' }], 'declined', { status: 'Failed', statusDetails: null }],
    ['an EFT declined', eftBody('decline'), [{ action: 'decline' }], 'declined', { status: 'Completed', statusDetails: 'EFT0302' }],
    ['Unhappy1 approved', geftBody('Unhappy1', 'Joe', 'Fails'), [{ action: 'login', username: 'Unhappy1', password: 'Everyday' }, { action: 'approve' }], 'guaranteeFailed', { status: 'Failed', statusDetails: 'EFT0402' }],
    ['wrong credentials', geftBody('Happy1'), [{ action: 'login', username: 'Happy1', password: 'wrong' }], 'failed', { status: 'Failed', statusDetails: 'EFT0401' }],
    ['Happy1 with another payor\'s name', geftBody('Happy1', 'Jane', 'Smith'), [{ action: 'login', username: 'Happy1', password: 'Everyday' }, { action: 'approve' }], 'failed', { status: 'Failed', statusDetails: 'EFT0403' }],
    ['an e-Transfer with wrong security answers', eTransferBody(), [{ action: 'login', username: 'Greatday', password: 'Everyday' }, { action: 'answerMfa', answers: ['Paris', 'France', 'Circle'] }], 'failed', { status: 'Failed', statusDetails: null }]
  ]
  for (const [name, body, actions, outcome, state] of cases) {
    const { sessionId } = await create(mock, body)
    const answers = []
    for (const payload of actions) answers.push(await act(mock, sessionId, payload))
    const last = answers.pop()
    t.strictSame(answers.map(view => [view.final, view.outcome]), answers.map(() => [false, null]), `${name}: no outcome before the end`)
    t.match(last, { ...state, final: true, outcome }, name)
    t.match(await read(mock, sessionId), { ...state, final: true, outcome }, `${name}, read again`)
  }
})

t.test('a session the API, the admin API or the clock ended has the same outcome on the page', async t => {
  const mock = await build(t)
  const cancelled = await create(mock, eftBody('api-cancel'))
  const cancel = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${cancelled.sessionId}/cancel`, headers: { authorization: `Bearer ${cancelled.token}` } })
  t.equal(cancel.statusCode, 200)
  t.match(await read(mock, cancelled.sessionId), { status: 'Cancelled', statusDetails: 'EFT0501', outcome: 'cancelled' })

  // The admin API's simulate call drives the same actions: a headless decline reads as one.
  const declined = await create(mock, eftBody('simulated'))
  const simulate = await mock.inject({ method: 'POST', url: `/__admin/sessions/${declined.sessionId}/simulate`, payload: { action: 'decline' } })
  t.equal(simulate.statusCode, 200)
  t.match(await read(mock, declined.sessionId), { status: 'Completed', statusDetails: 'EFT0302', outcome: 'declined' })
  const expire = await create(mock, eftBody('simulated-expiry'))
  t.equal((await mock.inject({ method: 'POST', url: `/__admin/sessions/${expire.sessionId}/simulate`, payload: { action: 'expire' } })).statusCode, 200)
  t.match(await read(mock, expire.sessionId), { status: 'Expired', statusDetails: 'EFT0601', outcome: 'expired' })

  const waiting = await create(mock, eTransferBody())
  await act(mock, waiting.sessionId, { action: 'open' })
  mock.clock.advance(1800)
  t.match(await read(mock, waiting.sessionId), { status: 'Expired', final: true, outcome: 'expired' })
})

t.test('a session a scenario\'s flow ended at the PAD is no payment, and no payor\'s choice either: failed', async t => {
  // scenarios/eft.yaml: EFT-PadNotSigned plays to Completed/EFT0302 by itself.
  const mock = await build(t)
  const { sessionId } = await create(mock, eftBody('EFT-PadNotSigned'))
  mock.clock.advance(120)
  t.match(await read(mock, sessionId), { status: 'Completed', statusDetails: 'EFT0302', final: true, outcome: 'failed' })
})
