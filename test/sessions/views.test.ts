import t from 'tap'
import { performAction } from '../../src/sessions/actions.js'
import { cancelAt, stateAt } from '../../src/sessions/lifecycle.js'
import { cancelView, detailsView, statusView } from '../../src/sessions/views.js'
import { makeSession } from '../helpers/sessions.js'

t.test('the amount shown is the requested one until the user chooses another', async t => {
  const { session, at } = makeSession({ product: 'GEFT', body: { amount: 100, options: { guarantee: { enable: true }, amountModification: true } } })
  t.equal(statusView(session, stateAt(session, at(1))).amount, 100)
  performAction(session, 'approve', at(5), { amount: 80 })
  const state = stateAt(session, at(5))
  t.equal(statusView(session, state).amount, 80)
  t.equal(detailsView(session, state, at(5)).amount, 80)
  t.equal(detailsView(session, state, at(5)).guaranteeDetails?.highestDebitAmountToGuarantee, 80)
})

t.test('a session with no amount shows null until the user chooses one', async t => {
  const { session, at } = makeSession({ product: 'RegularEft', body: { amount: undefined } })
  t.equal(statusView(session, stateAt(session, at(1))).amount, null)
  performAction(session, 'approve', at(5), { amount: 42.5 })
  t.equal(statusView(session, stateAt(session, at(5))).amount, 42.5)
})

t.test('a request with only the required fields shows the documented defaults in its details', async t => {
  const { session, at } = makeSession({ product: 'RegularEft' })
  t.strictSame(detailsView(session, stateAt(session, at(1)), at(1)), {
    sessionId: session.id,
    status: 'Initiated',
    step: { current: 'Start', aggregationRequestId: null, padId: null },
    referenceId: null,
    amount: 100,
    type: 'EFT',
    direction: 'DEBIT',
    currency: 'CAD',
    options: {
      guarantee: { enable: false },
      notificationPreferences: { language: 'EN', sendInteracLink: false },
      showConsentScreen: false,
      limits: { minimumAmount: null, maximumAmount: null },
      amountModification: false,
      redirectPreferences: { mode: 'JsEvents', urlSuccess: null, urlExit: null }
    },
    payor: { email: null, firstName: 'Sara', lastName: 'Ahmad', middleName: null, account: null },
    payee: null,
    userDetails: { matchingPerformed: false, nameMatch: null },
    schedule: null,
    guaranteeDetails: null,
    createdAt: '2026-06-04T14:30:00.000Z'
  })
})

t.test('a session without a referenceId shows null in its status and its cancel answer', async t => {
  const { session, at } = makeSession({ product: 'RegularEft' })
  cancelAt(session, at(5), undefined)
  const state = stateAt(session, at(5))
  t.strictSame(statusView(session, state), { sessionId: session.id, referenceId: null, amount: 100, status: 'Cancelled', statusDetails: 'EFT0501' })
  t.strictSame(cancelView(session, state), { sessionId: session.id, referenceId: null, status: 'Cancelled', statusDetails: 'EFT0501' })
})
