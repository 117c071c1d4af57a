import t from 'tap'
import { ActionError, amountIsOpen, performAction, userActions, type UserAction } from '../../src/sessions/actions.js'
import { cancelAt, stateAt, type SessionState } from '../../src/sessions/lifecycle.js'
import { inlineScenario, makeSession } from '../helpers/sessions.js'

const state = (fields: Partial<SessionState> & { changedAtMs: number }): SessionState => ({
  status: 'Initiated', statusDetails: 'EFT0101', step: 'Start', transaction: undefined, matchingPerformed: false, nameMatch: null, final: false, endedBy: undefined, ...fields
})

/** The ActionError an action throws. */
function actionError(run: () => void): { message: string, status: number } {
  try {
    run()
  } catch (error) {
    if (error instanceof ActionError) {
      t.equal(error.name, 'ActionError')
      return { message: error.message, status: error.status }
    }
    throw error
  }
  throw new Error('the action was taken')
}

t.test('the actions, in the order a user meets them', async t => {
  t.strictSame(userActions, ['open', 'consent', 'selectInstitution', 'login', 'answerMfa', 'approve', 'acceptOffer', 'returnToClient', 'signPad', 'leavePad', 'otherFunding', 'decline', 'cancel', 'failLogin', 'expire'])
})

t.test('open takes the session over from its simulated user', async t => {
  const { session, at } = makeSession({ product: 'RegularEft', scenario: 'EFT-Completed' })
  performAction(session, 'open', at(45))
  t.equal(session.autoplay, false)
  t.equal(stateAt(session, at(600)).step, 'BankSelection')
})

t.test('selectInstitution moves to BankConnection and sends the e-Transfer request', async t => {
  const eTransfer = makeSession({ product: 'e-Transfer' })
  performAction(eTransfer.session, 'selectInstitution', eTransfer.at(20))
  t.strictSame(stateAt(eTransfer.session, eTransfer.at(20)), state({ status: 'InProgress', statusDetails: undefined, step: 'BankConnection', transaction: 'Initiated', changedAtMs: eTransfer.at(20) }))
  const geft = makeSession({ product: 'GEFT' })
  performAction(geft.session, 'selectInstitution', geft.at(20))
  t.strictSame(stateAt(geft.session, geft.at(20)), state({ status: 'InProgress', statusDetails: undefined, step: 'BankConnection', changedAtMs: geft.at(20) }))
})

t.test('selectInstitution keeps an e-Transfer payment already requested', async t => {
  const { session, at } = makeSession({ product: 'e-Transfer', scenario: 'ET-Completed' })
  performAction(session, 'selectInstitution', at(95))
  t.equal(stateAt(session, at(95)).transaction, 'Processing')
})

t.test('approve finishes the flow: the scenario\'s remaining steps mid-flow, the product default on a waiting session', async t => {
  const scenario = makeSession({ product: 'GEFT', scenario: 'Happy1', autoplay: true })
  performAction(scenario.session, 'open', scenario.at(40))
  performAction(scenario.session, 'login', scenario.at(45), { username: 'Happy1', password: 'Everyday' })
  performAction(scenario.session, 'approve', scenario.at(50))
  t.strictSame(stateAt(scenario.session, scenario.at(50)), state({ status: 'Completed', statusDetails: 'EFT0301', step: 'Complete', matchingPerformed: true, nameMatch: 100, final: true, changedAtMs: scenario.at(50) }))
  const waiting = makeSession({ product: 'e-Transfer' })
  performAction(waiting.session, 'approve', waiting.at(10))
  t.equal(stateAt(waiting.session, waiting.at(10)).transaction, 'Accepted')
  t.equal(stateAt(waiting.session, waiting.at(70)).transaction, 'Processed')
})

t.test('decline: the e-Transfer payor declines at the bank; the EFT payor stops before the PAD', async t => {
  const eTransfer = makeSession({ product: 'e-Transfer' })
  performAction(eTransfer.session, 'decline', eTransfer.at(30))
  t.strictSame(stateAt(eTransfer.session, eTransfer.at(30)), state({ status: 'Failed', statusDetails: undefined, step: 'Complete', transaction: 'Declined', final: true, endedBy: 'decline', changedAtMs: eTransfer.at(30) }))
  const eft = makeSession({ product: 'RegularEft' })
  performAction(eft.session, 'decline', eft.at(30))
  t.strictSame(stateAt(eft.session, eft.at(30)), state({ status: 'Completed', statusDetails: 'EFT0302', step: 'Pad', final: true, endedBy: 'decline', changedAtMs: eft.at(30) }))
})

t.test('cancel: GEFT is Canceled, the others Cancelled, without a status code; a payment is cancelled with it', async t => {
  const geft = makeSession({ product: 'GEFT' })
  performAction(geft.session, 'cancel', geft.at(5))
  t.strictSame(stateAt(geft.session, geft.at(5)), state({ status: 'Canceled', statusDetails: undefined, final: true, endedBy: 'cancel', changedAtMs: geft.at(5) }))
  const eft = makeSession({ product: 'RegularEft' })
  performAction(eft.session, 'cancel', eft.at(5))
  t.equal(stateAt(eft.session, eft.at(5)).status, 'Cancelled')
  const eTransfer = makeSession({ product: 'e-Transfer', scenario: 'ET-Completed' })
  performAction(eTransfer.session, 'cancel', eTransfer.at(61))
  t.strictSame(stateAt(eTransfer.session, eTransfer.at(61)), state({ status: 'Cancelled', statusDetails: undefined, step: 'BankConnection', transaction: 'Cancelled', final: true, endedBy: 'cancel', changedAtMs: eTransfer.at(61) }))
  const early = makeSession({ product: 'e-Transfer' })
  performAction(early.session, 'cancel', early.at(1))
  t.equal(stateAt(early.session, early.at(1)).transaction, undefined)
})

t.test('failLogin fails the session with EFT0401, and a requested payment with it', async t => {
  const geft = makeSession({ product: 'GEFT' })
  performAction(geft.session, 'failLogin', geft.at(5))
  t.strictSame(stateAt(geft.session, geft.at(5)), state({ status: 'Failed', statusDetails: 'EFT0401', step: 'BankConnection', final: true, endedBy: 'failLogin', changedAtMs: geft.at(5) }))
  const eTransfer = makeSession({ product: 'e-Transfer', scenario: 'ET-Completed' })
  performAction(eTransfer.session, 'failLogin', eTransfer.at(65))
  t.equal(stateAt(eTransfer.session, eTransfer.at(65)).transaction, 'Failed')
})

t.test('expire ends the session now with EFT0601, and a requested payment with it', async t => {
  const geft = makeSession({ product: 'GEFT' })
  performAction(geft.session, 'expire', geft.at(5))
  t.strictSame(stateAt(geft.session, geft.at(5)), state({ status: 'Expired', statusDetails: 'EFT0601', final: true, endedBy: 'expire', changedAtMs: geft.at(5) }))
  const eTransfer = makeSession({ product: 'e-Transfer', scenario: 'ET-Completed' })
  performAction(eTransfer.session, 'expire', eTransfer.at(65))
  t.equal(stateAt(eTransfer.session, eTransfer.at(65)).transaction, 'Expired')
})

t.test('no action is taken on a final session: 409', async t => {
  for (const action of userActions) {
    const { session, at } = makeSession({ product: 'GEFT', scenario: 'EFT-LoginFailure' })
    t.strictSame(actionError(() => performAction(session, action as UserAction, at(90))), { message: `Session ${session.id} is already Failed.`, status: 409 }, action)
  }
  const expired = makeSession({ product: 'GEFT', sessionTimeoutSeconds: 60 })
  t.strictSame(actionError(() => performAction(expired.session, 'approve', expired.at(60))), { message: `Session ${expired.session.id} is already Expired.`, status: 409 })
})

t.test('amountIsOpen: when no amount was requested, or the session allows changing it', async t => {
  t.equal(amountIsOpen(makeSession({ product: 'GEFT' }).session), false)
  t.equal(amountIsOpen(makeSession({ product: 'GEFT', body: { amount: null } }).session), true)
  t.equal(amountIsOpen(makeSession({ product: 'GEFT', body: { options: { guarantee: { enable: true }, amountModification: true } } }).session), true)
})

t.test('approving a session with no amount needs one', async t => {
  const { session, at } = makeSession({ product: 'GEFT', body: { amount: null } })
  t.strictSame(actionError(() => performAction(session, 'approve', at(5))), { message: 'This session has no amount: choose one before approving.', status: 400 })
  t.equal(stateAt(session, at(5)).status, 'Initiated')
  performAction(session, 'approve', at(6), { amount: 0.29 })
  t.equal(session.amount, 0.29)
  t.equal(stateAt(session, at(6)).status, 'Completed')
})

t.test('a chosen amount is refused when the amount was set at creation', async t => {
  const { session, at } = makeSession({ product: 'GEFT' })
  t.strictSame(actionError(() => performAction(session, 'approve', at(5), { amount: 50 })), { message: 'The amount of this session was set when it was created and cannot be changed.', status: 400 })
  performAction(session, 'approve', at(6))
  t.equal(session.amount, null)
})

t.test('a chosen amount stays within the limits, 0.01 and 99999.99 by default for EFT, with at most 2 decimals', async t => {
  const geft = makeSession({ product: 'GEFT', body: { amount: null } })
  for (const amount of [0, 100000, 10.005, Number.NaN]) {
    t.strictSame(actionError(() => performAction(geft.session, 'approve', geft.at(5), { amount })), { message: 'The amount must be between 0.01 and 99999.99, with at most 2 decimals.', status: 400 }, String(amount))
  }
  const limited = makeSession({ product: 'GEFT', body: { amount: null, options: { guarantee: { enable: true }, limits: { minimumAmount: 50, maximumAmount: 500 } } } })
  t.strictSame(actionError(() => performAction(limited.session, 'approve', limited.at(5), { amount: 49.99 })), { message: 'The amount must be between 50 and 500, with at most 2 decimals.', status: 400 })
  performAction(limited.session, 'approve', limited.at(5), { amount: 500 })
  t.equal(limited.session.amount, 500)
})

t.test('an e-Transfer amount has no ceiling by default', async t => {
  const { session, at } = makeSession({ product: 'e-Transfer', body: { amount: null } })
  t.strictSame(actionError(() => performAction(session, 'approve', at(5), { amount: -1 })), { message: 'The amount must be at least 0.01, with at most 2 decimals.', status: 400 })
  performAction(session, 'approve', at(5), { amount: 250000 })
  t.equal(session.amount, 250000)
})

t.test('with amountModification, the user may change the requested amount', async t => {
  const { session, at } = makeSession({ product: 'GEFT', body: { options: { guarantee: { enable: true }, amountModification: true } } })
  performAction(session, 'approve', at(5), { amount: 80 })
  t.equal(session.amount, 80)
})

t.test('an identity check left in the flow still applies when the user approves', async t => {
  const scenario = inlineScenario({ nameMatch: 20, flow: [{ afterSeconds: 30, status: 'InProgress', step: 'BankSelection' }, { afterSeconds: 60, status: 'InProgress', step: 'AccountSelection', identityCheck: true }, { afterSeconds: 90, status: 'Completed', statusDetails: 'EFT0301', step: 'Complete' }] })
  const { session, at } = makeSession({ product: 'GEFT', scenario })
  performAction(session, 'approve', at(40))
  t.strictSame(stateAt(session, at(40)), state({ status: 'Failed', statusDetails: 'EFT0403', step: 'BankSelection', matchingPerformed: true, nameMatch: 20, final: true, changedAtMs: at(40) }))
})

t.test('a simulated payor chooses 100 within the limits, or the balance when lower; picking a bank twice changes nothing', async t => {
  const { simulatedAmount } = await import('../../src/sessions/actions.js')
  t.equal(simulatedAmount(makeSession({ product: 'e-Transfer', body: { amount: undefined } }).session), 100)
  t.equal(simulatedAmount(makeSession({ product: 'GEFT', scenario: 'Unhappy1', body: { amount: undefined } }).session), 45.1)
  const { session, at } = makeSession({ product: 'e-Transfer' })
  performAction(session, 'selectInstitution', at(10))
  performAction(session, 'selectInstitution', at(20))
  t.equal(session.timeline.length, 2)
})

t.test('the steps an action takes name it, and the state names the action that ended the session: none when the flow, the API or the clock did', async t => {
  const { session, at } = makeSession({ product: 'RegularEft' })
  performAction(session, 'selectInstitution', at(10))
  t.match(session.timeline.at(-1), { kind: 'action', action: 'selectInstitution', step: 'BankConnection' })
  t.equal(stateAt(session, at(10)).endedBy, undefined, 'not final')
  performAction(session, 'approve', at(20), { stopAtPad: true })
  performAction(session, 'leavePad', at(30))
  t.strictSame(stateAt(session, at(30)), state({ status: 'Completed', statusDetails: 'EFT0302', step: 'Pad', final: true, endedBy: 'leavePad', changedAtMs: at(30) }))
  // A step after the end changes nothing, the action that ended it included.
  session.timeline.push({ atMs: at(40), kind: 'action', status: 'Failed', action: 'failLogin' })
  t.equal(stateAt(session, at(40)).endedBy, 'leavePad')

  const approved = makeSession({ product: 'RegularEft' })
  performAction(approved.session, 'approve', approved.at(10))
  t.match(stateAt(approved.session, approved.at(10)), { status: 'Completed', statusDetails: 'EFT0301', endedBy: undefined }, 'the flow completed it')
  const cancelled = makeSession({ product: 'RegularEft' })
  cancelAt(cancelled.session, cancelled.at(10), undefined)
  t.match(stateAt(cancelled.session, cancelled.at(10)), { status: 'Cancelled', statusDetails: 'EFT0501', endedBy: undefined }, 'the API cancelled it')
  const expired = makeSession({ product: 'RegularEft', sessionTimeoutSeconds: 60 })
  performAction(expired.session, 'open', expired.at(10))
  t.match(stateAt(expired.session, expired.at(60)), { status: 'Expired', endedBy: undefined }, 'the clock ended it')
})
