import t from 'tap'
import { approvedLifecycles, cancelAt, finishFlowAt, initialTimeline, nameMatchThreshold, nameScore, stateAt, takeOver, type SessionState } from '../../src/sessions/lifecycle.js'
import { inlineScenario, makeSession } from '../helpers/sessions.js'

/** A state, Initiated at creation unless `fields` say otherwise. */
const state = (fields: Partial<SessionState> & { changedAtMs: number }): SessionState => ({
  status: 'Initiated',
  statusDetails: 'EFT0101',
  step: 'Start',
  transaction: undefined,
  matchingPerformed: false,
  nameMatch: null,
  final: false,
  endedBy: undefined,
  ...fields
})

t.test('nameScore', async t => {
  t.test('identical names score 100, ignoring case, accents, spaces, hyphens and apostrophes', async t => {
    t.equal(nameScore({ firstName: 'John', lastName: 'Doe' }, { firstName: 'John', lastName: 'Doe' }), 100)
    t.equal(nameScore({ firstName: 'Zoë', lastName: "O'Brien-Smith" }, { firstName: 'zoe', lastName: 'OBrien Smith' }), 100)
  })

  t.test('other names score by edit distance over the longer name', async t => {
    t.equal(nameScore({ firstName: 'Jon', lastName: 'Doe' }, { firstName: 'John', lastName: 'Doe' }), 86)
    t.equal(nameScore({ firstName: 'Bob', lastName: 'Smith' }, { firstName: 'Robert', lastName: 'Smith' }), 64)
    t.equal(nameScore({ firstName: 'Jane', lastName: 'Roe' }, { firstName: 'John', lastName: 'Doe' }), 43)
  })

  t.test('a missing name scores 0 against a real one, and two empty names score 100', async t => {
    t.equal(nameScore({ firstName: null }, { firstName: 'John', lastName: 'Doe' }), 0)
    t.equal(nameScore({}, { firstName: '-', lastName: "'" }), 100)
  })

  t.test('the identity check passes from 80', async t => {
    t.equal(nameMatchThreshold, 80)
  })
})

t.test('a session without a scenario waits for its user, then expires at the session timeout', async t => {
  const { session, at, createdAtMs } = makeSession({ product: 'GEFT', sessionTimeoutSeconds: 600 })
  t.equal(session.autoplay, false)
  t.strictSame(session.timeline, [{ atMs: createdAtMs, kind: 'flow', status: 'Initiated', statusDetails: 'EFT0101', step: 'Start' }])
  t.strictSame(stateAt(session, at(0)), state({ changedAtMs: createdAtMs }))
  t.strictSame(stateAt(session, at(599.999)), state({ changedAtMs: createdAtMs }))
  t.strictSame(stateAt(session, at(600)), state({ status: 'Expired', statusDetails: 'EFT0601', final: true, changedAtMs: at(600) }))
})

t.test('a scenario\'s steps happen each at its time, the status changing when it changes', async t => {
  const { session, at } = makeSession({ product: 'RegularEft', scenario: 'EFT-Completed' })
  t.equal(session.autoplay, true)
  t.strictSame(stateAt(session, at(29.999)), state({ changedAtMs: at(0) }))
  t.strictSame(stateAt(session, at(30)), state({ status: 'InProgress', statusDetails: undefined, step: 'BankSelection', changedAtMs: at(30) }))
  t.strictSame(stateAt(session, at(150)), state({ status: 'InProgress', statusDetails: undefined, step: 'Pad', changedAtMs: at(30) }))
  t.strictSame(stateAt(session, at(180)), state({ status: 'Completed', statusDetails: 'EFT0301', step: 'Complete', matchingPerformed: true, nameMatch: 95, final: true, changedAtMs: at(180) }))
  t.strictSame(stateAt(session, at(7200)), stateAt(session, at(180)), 'a final session never changes, not even at the timeout')
})

t.test('a scenario ending Failed ends there', async t => {
  const { session, at } = makeSession({ product: 'GEFT', scenario: 'EFT-LoginFailure' })
  t.strictSame(stateAt(session, at(90)), state({ status: 'Failed', statusDetails: 'EFT0401', step: 'BankConnection', final: true, changedAtMs: at(90) }))
})

t.test('a low name-match score fails the identity check where the flow checks names', async t => {
  const { session, at } = makeSession({ product: 'RegularEft', scenario: 'EFT-NameMismatch' })
  t.strictSame(stateAt(session, at(89)), state({ status: 'InProgress', statusDetails: undefined, step: 'BankConnection', changedAtMs: at(30) }))
  const failed = state({ status: 'Failed', statusDetails: 'EFT0403', step: 'BankConnection', matchingPerformed: true, nameMatch: 31, final: true, changedAtMs: at(90) })
  t.strictSame(stateAt(session, at(90)), failed)
  t.strictSame(stateAt(session, at(120)), failed)
})

t.test('a failed identity check fails the e-Transfer payment already requested', async t => {
  const { session, at } = makeSession({ product: 'e-Transfer', scenario: 'ET-IdentityMismatch' })
  t.equal(stateAt(session, at(60)).transaction, 'Initiated')
  t.strictSame(stateAt(session, at(90)), state({ status: 'Failed', statusDetails: 'EFT0403', step: 'BankConnection', transaction: 'Failed', matchingPerformed: true, nameMatch: 28, final: true, changedAtMs: at(90) }))
})

t.test('without an identityCheck step, names are matched when the flow completes', async t => {
  const scenario = inlineScenario({ nameMatch: 50, flow: [{ afterSeconds: 0, status: 'Initiated' }, { afterSeconds: 60, status: 'Completed', step: 'Complete', transaction: 'Accepted' }] })
  const { session, at } = makeSession({ product: 'e-Transfer', scenario })
  t.strictSame(stateAt(session, at(60)), state({ status: 'Failed', statusDetails: 'EFT0403', step: 'Start', matchingPerformed: true, nameMatch: 50, final: true, changedAtMs: at(60) }))
})

t.test('with an expected payor, the payor\'s name decides the identity check', async t => {
  const passed = makeSession({ product: 'GEFT', scenario: 'Happy1', autoplay: true, body: { payor: { firstName: 'JOHN', lastName: 'doe' } } })
  t.strictSame(stateAt(passed.session, passed.at(90)), state({ status: 'InProgress', statusDetails: undefined, step: 'AccountSelection', matchingPerformed: true, nameMatch: 100, changedAtMs: passed.at(30) }))
  t.equal(stateAt(passed.session, passed.at(180)).status, 'Completed')
  const close = makeSession({ product: 'GEFT', scenario: 'Happy1', autoplay: true, body: { payor: { firstName: 'Jon', lastName: 'Doe' } } })
  t.strictSame(stateAt(close.session, close.at(180)), state({ status: 'Completed', statusDetails: 'EFT0301', step: 'Complete', matchingPerformed: true, nameMatch: 86, final: true, changedAtMs: close.at(180) }))
  const failed = makeSession({ product: 'GEFT', scenario: 'Happy1', autoplay: true, body: { payor: { firstName: 'Jane', lastName: 'Roe' } } })
  t.strictSame(stateAt(failed.session, failed.at(90)), state({ status: 'Failed', statusDetails: 'EFT0403', step: 'BankConnection', matchingPerformed: true, nameMatch: 43, final: true, changedAtMs: failed.at(90) }))
})

t.test('with an expected payor and no payor at all, the identity check scores 0', async t => {
  const { session, at } = makeSession({ product: 'GEFT', scenario: 'Happy1', autoplay: true, body: { payor: undefined } })
  t.strictSame(stateAt(session, at(90)), state({ status: 'Failed', statusDetails: 'EFT0403', step: 'BankConnection', matchingPerformed: true, nameMatch: 0, final: true, changedAtMs: at(90) }))
})

t.test('the e-Transfer payment settles after the session completes', async t => {
  const { session, at } = makeSession({ product: 'e-Transfer', scenario: 'ET-Completed' })
  t.equal(stateAt(session, at(59)).transaction, undefined)
  t.equal(stateAt(session, at(60)).transaction, 'Initiated')
  t.equal(stateAt(session, at(90)).transaction, 'Processing')
  t.strictSame(stateAt(session, at(120)), state({ status: 'Completed', statusDetails: undefined, step: 'Complete', transaction: 'Accepted', matchingPerformed: true, nameMatch: 100, final: true, changedAtMs: at(120) }))
  t.equal(stateAt(session, at(179.999)).transaction, 'Accepted')
  t.equal(stateAt(session, at(180)).transaction, 'Processed')
  t.equal(stateAt(session, at(3719)).transaction, 'Processed')
  t.strictSame(stateAt(session, at(3720)), state({ status: 'Completed', statusDetails: undefined, step: 'Complete', transaction: 'Settled', matchingPerformed: true, nameMatch: 100, final: true, changedAtMs: at(120) }))
})

t.test('settlement follows only a completed session', async t => {
  const scenario = inlineScenario({
    flow: [{ afterSeconds: 0, status: 'Initiated', transaction: 'Initiated' }, { afterSeconds: 60, status: 'Failed', transaction: 'Declined' }],
    settlement: [{ afterSeconds: 10, transaction: 'Settled' }]
  })
  const { session, at } = makeSession({ product: 'e-Transfer', scenario })
  t.equal(stateAt(session, at(3600)).transaction, 'Declined')
})

t.test('a session nobody finishes expires at the timeout, its payment with it', async t => {
  const { session, at } = makeSession({ product: 'e-Transfer', scenario: 'ET-Expired', sessionTimeoutSeconds: 1800 })
  t.strictSame(stateAt(session, at(1799.999)), state({ status: 'InProgress', statusDetails: undefined, step: 'BankConnection', transaction: 'Initiated', changedAtMs: at(30) }))
  t.strictSame(stateAt(session, at(1800)), state({ status: 'Expired', statusDetails: 'EFT0601', step: 'BankConnection', transaction: 'Expired', final: true, changedAtMs: at(1800) }))
})

t.test('steps planned at or after the timeout never happen: the session expires first', async t => {
  const scenario = inlineScenario({ flow: [{ afterSeconds: 30, status: 'InProgress', step: 'BankSelection' }, { afterSeconds: 60, status: 'Completed', statusDetails: 'EFT0301', step: 'Complete' }] })
  const { session, at } = makeSession({ product: 'GEFT', scenario, sessionTimeoutSeconds: 60 })
  t.strictSame(stateAt(session, at(60)), state({ status: 'Expired', statusDetails: 'EFT0601', step: 'BankSelection', final: true, changedAtMs: at(60) }))
})

t.test('flow steps written out of order are played in time order', async t => {
  const scenario = inlineScenario({ flow: [{ afterSeconds: 60, status: 'Completed', statusDetails: 'EFT0301', step: 'Complete' }, { afterSeconds: 30, status: 'InProgress', step: 'Pad' }] })
  const { session, at } = makeSession({ product: 'GEFT', scenario })
  t.equal(stateAt(session, at(30)).step, 'Pad')
  t.equal(stateAt(session, at(60)).status, 'Completed')
})

t.test('cancelAt', async t => {
  t.test('a GEFT session is Canceled/EFT0501, and nothing planned after happens', async t => {
    const { session, at } = makeSession({ product: 'GEFT', scenario: 'Happy1', autoplay: true })
    cancelAt(session, at(45), stateAt(session, at(45)).transaction)
    const cancelled = state({ status: 'Canceled', statusDetails: 'EFT0501', step: 'BankSelection', final: true, changedAtMs: at(45) })
    t.strictSame(stateAt(session, at(45)), cancelled)
    t.strictSame(stateAt(session, at(3600)), cancelled)
  })

  t.test('a regular EFT session is Cancelled/EFT0501', async t => {
    const { session, at } = makeSession({ product: 'RegularEft' })
    cancelAt(session, at(10), undefined)
    t.strictSame(stateAt(session, at(10)), state({ status: 'Cancelled', statusDetails: 'EFT0501', final: true, changedAtMs: at(10) }))
  })

  t.test('an e-Transfer session is Cancelled, its requested payment too', async t => {
    const { session, at } = makeSession({ product: 'e-Transfer', scenario: 'ET-Completed' })
    cancelAt(session, at(70), stateAt(session, at(70)).transaction)
    t.strictSame(stateAt(session, at(70)), state({ status: 'Cancelled', statusDetails: 'EFT0501', step: 'BankConnection', transaction: 'Cancelled', final: true, changedAtMs: at(70) }))
    t.equal(stateAt(session, at(5000)).transaction, 'Cancelled')
  })

  t.test('an e-Transfer session without a payment yet has none after', async t => {
    const { session, at } = makeSession({ product: 'e-Transfer' })
    cancelAt(session, at(5), undefined)
    t.equal(stateAt(session, at(5)).transaction, undefined)
  })
})

t.test('takeOver', async t => {
  t.test('stops the simulated user where it stands and keeps its remaining steps for the real one', async t => {
    const { session, at } = makeSession({ product: 'RegularEft', scenario: 'EFT-Completed' })
    takeOver(session, at(45))
    t.equal(session.autoplay, false)
    t.strictSame(session.pendingFlow?.map(e => e.step), ['BankConnection', 'AccountSelection', 'Review', 'Pad', 'Complete'])
    t.strictSame(stateAt(session, at(1799)), state({ status: 'InProgress', statusDetails: undefined, step: 'BankSelection', changedAtMs: at(30) }))
    t.equal(stateAt(session, at(1800)).status, 'Expired')
  })

  t.test('a second take-over changes nothing', async t => {
    const { session, at } = makeSession({ product: 'RegularEft', scenario: 'EFT-Completed' })
    takeOver(session, at(45))
    const pending = session.pendingFlow
    takeOver(session, at(100))
    t.equal(session.pendingFlow, pending)
  })

  t.test('a session without a scenario has nothing to take over', async t => {
    const { session, at } = makeSession({ product: 'GEFT' })
    takeOver(session, at(10))
    t.equal(session.pendingFlow, undefined)
  })
})

t.test('finishFlowAt', async t => {
  t.test('mid-flow, the rest of the scenario\'s flow happens now and its settlement after', async t => {
    const { session, at } = makeSession({ product: 'e-Transfer', scenario: 'ET-Completed' })
    takeOver(session, at(70))
    finishFlowAt(session, at(100))
    t.strictSame(stateAt(session, at(100)), state({ status: 'Completed', statusDetails: undefined, step: 'Complete', transaction: 'Accepted', matchingPerformed: true, nameMatch: 100, final: true, changedAtMs: at(100) }))
    t.equal(stateAt(session, at(159)).transaction, 'Accepted')
    t.equal(stateAt(session, at(160)).transaction, 'Processed')
    t.equal(stateAt(session, at(3700)).transaction, 'Settled')
    t.strictSame(session.pendingFlow, [])
  })

  t.test('on a scenario still playing, it takes over first', async t => {
    const { session, at } = makeSession({ product: 'RegularEft', scenario: 'EFT-NameMismatch' })
    finishFlowAt(session, at(40))
    t.strictSame(stateAt(session, at(40)), state({ status: 'Failed', statusDetails: 'EFT0403', step: 'BankConnection', matchingPerformed: true, nameMatch: 31, final: true, changedAtMs: at(40) }))
  })

  t.test('on a session waiting for its user, the product\'s default approval plays', async t => {
    const geft = makeSession({ product: 'GEFT' })
    finishFlowAt(geft.session, geft.at(20))
    t.strictSame(stateAt(geft.session, geft.at(20)), state({ status: 'Completed', statusDetails: 'EFT0301', step: 'Complete', matchingPerformed: true, nameMatch: 100, final: true, changedAtMs: geft.at(20) }))
    const eTransfer = makeSession({ product: 'e-Transfer' })
    finishFlowAt(eTransfer.session, eTransfer.at(20))
    t.strictSame(stateAt(eTransfer.session, eTransfer.at(20)), state({ status: 'Completed', statusDetails: undefined, step: 'Complete', transaction: 'Accepted', matchingPerformed: true, nameMatch: 100, final: true, changedAtMs: eTransfer.at(20) }))
    t.equal(stateAt(eTransfer.session, eTransfer.at(80)).transaction, 'Processed')
    t.equal(stateAt(eTransfer.session, eTransfer.at(3620)).transaction, 'Settled')
  })

  t.test('when the scenario had no step left, the product\'s default approval plays, with the scenario\'s names', async t => {
    const { session, at } = makeSession({ product: 'RegularEft', scenario: 'EFT-Abandoned' })
    takeOver(session, at(45))
    t.strictSame(session.pendingFlow, [])
    finishFlowAt(session, at(50))
    t.strictSame(stateAt(session, at(50)), state({ status: 'Completed', statusDetails: 'EFT0301', step: 'Complete', matchingPerformed: true, nameMatch: 100, final: true, changedAtMs: at(50) }))
  })
})

t.test('initialTimeline: the scenario\'s flow then its settlement, or one Initiated step', async t => {
  t.strictSame(initialTimeline({ autoplay: false, lifecycle: approvedLifecycles.GEFT, createdAtMs: 1000 }), [{ atMs: 1000, kind: 'flow', status: 'Initiated', statusDetails: 'EFT0101', step: 'Start' }])
  t.strictSame(initialTimeline({ autoplay: true, lifecycle: approvedLifecycles['e-Transfer'], createdAtMs: 1000 }), [
    { status: 'Completed', step: 'Complete', transaction: 'Accepted', atMs: 1000, kind: 'flow', identityCheck: true },
    { transaction: 'Processed', atMs: 61_000, kind: 'settlement' },
    { transaction: 'Settled', atMs: 3_601_000, kind: 'settlement' }
  ])
})
