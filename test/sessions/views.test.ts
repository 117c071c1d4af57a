import t from 'tap'
import { performAction } from '../../src/sessions/actions.js'
import { stateAt } from '../../src/sessions/lifecycle.js'
import { detailsView, statusView } from '../../src/sessions/views.js'
import { makeSession } from '../helpers/sessions.js'

t.test('the amount shown is the requested one until the user chooses another', async t => {
  const { session, at } = makeSession({ product: 'GEFT', body: { amount: 100, options: { guarantee: { enable: true }, amountModification: true } } })
  t.equal(statusView(session, stateAt(session, at(1))).amount, 100)
  performAction(session, 'approve', at(5), { amount: 80 })
  const state = stateAt(session, at(5))
  t.equal(statusView(session, state).amount, 80)
  t.equal(detailsView(session, state).amount, 80)
  t.equal(detailsView(session, state).guaranteeDetails?.highestDebitAmountToGuarantee, 80)
})

t.test('a session with no amount shows null until the user chooses one', async t => {
  const { session, at } = makeSession({ product: 'RegularEft', body: { amount: undefined } })
  t.equal(statusView(session, stateAt(session, at(1))).amount, null)
  performAction(session, 'approve', at(5), { amount: 42.5 })
  t.equal(statusView(session, stateAt(session, at(5))).amount, 42.5)
})
