import t from 'tap'
import { defaultScenarioDir, readScenarioDirs } from '../../src/scenarios/loader.js'
import { outcomeOf } from '../../src/scenarios/table.js'
import { build } from '../helpers/app.js'

// Every shipped scenario ends in the state the README's table (outcomeOf) says, by moving the clock.
const scenarios = readScenarioDirs([defaultScenarioDir])

function bodyFor(name: string, referenceId: string, payor: { firstName: string, lastName: string }) {
  const base = { referenceId, direction: 'DEBIT', amount: 100, payor: { ...payor, email: 'payor@example.com' } }
  if (name.startsWith('ET-') || name.startsWith('Error-') || name.startsWith('Slow-')) return { ...base, type: 'e-Transfer' }
  if (name.startsWith('EFT-')) return { ...base, type: 'EFT', options: { guarantee: { enable: false } } }
  return { ...base, type: 'EFT', options: { guarantee: { enable: true } } }
}

// A scenario that waits for its payor expires when nobody logs in (as in the sandbox), and plays
// the rest of its table line when its referenceId asks for autoplay.
const waiting = /^waits for its payor.*?, else Expired \(EFT0601\) after the session timeout; approved, or with autoplay \(`(.+?)`\): (.*)$/

for (const scenario of scenarios) {
  t.test(`${scenario.name} ends as the table says: ${outcomeOf(scenario)}`, async t => {
    const mock = await build(t)
    let referenceId = scenario.match.referenceId ?? `${scenario.match.referenceIdPrefix ?? ''}-1`
    const payor = scenario.lifecycle?.expectedPayor ?? { firstName: 'Pat', lastName: 'Payor' }
    let outcome = outcomeOf(scenario)
    const waits = waiting.exec(outcome)
    if (waits) {
      const left = await mock.createSession(bodyFor(scenario.name, referenceId, payor))
      mock.clock.advance(86400)
      const res = await mock.inject({ url: `/api/v2/sessions/${left.json().sessionId}/status`, headers: { authorization: `Bearer ${await mock.token()}` } })
      t.match(res.json(), { status: 'Expired', statusDetails: 'EFT0601' }, 'nobody logs in: the session expires')
      referenceId = waits[1] as string
      outcome = waits[2] as string
    }
    const created = await mock.createSession(bodyFor(scenario.name, referenceId, payor))
    t.strictSame(mock.delays, scenario.delayMs ? [scenario.delayMs] : [], 'the injected latency')
    const http = /^HTTP (\d+)/.exec(outcome)
    if (http) {
      t.equal(created.statusCode, Number(http[1]))
      return
    }
    t.equal(created.statusCode, 201)
    mock.clock.advance(86400 * 2)
    const status = await mock.inject({ url: `/api/v2/sessions/${created.json().sessionId}/status`, headers: { authorization: `Bearer ${await mock.token()}` } })
    const { status: actual, statusDetails } = status.json()
    const expected = /^(\w+)(?:\/(EFT\d{4}))?/.exec(outcome)
    const state = outcome.startsWith('created') ? 'Expired' : outcome.startsWith('Failed by the identity check') ? 'Failed' : expected?.[1]
    t.equal(actual, state, 'status')
    const code = /EFT\d{4}/.exec(outcome)?.[0]
    if (bodyFor(scenario.name, referenceId, payor).type === 'EFT') t.equal(statusDetails, code ?? (state === 'Expired' ? 'EFT0601' : undefined), 'statusDetails')
    else t.equal(statusDetails, undefined, 'e-Transfer has no statusDetails')
    if (scenario.lifecycle?.expectedPayor) {
      const other = await mock.createSession(bodyFor(scenario.name, referenceId, { firstName: 'Someone', lastName: 'Else' }))
      mock.clock.advance(86400)
      const res = await mock.inject({ url: `/api/v2/sessions/${other.json().sessionId}/status`, headers: { authorization: `Bearer ${await mock.token()}` } })
      t.match(res.json(), { status: 'Failed', statusDetails: 'EFT0403' }, 'another payor name fails the identity check')
    }
  })
}

// The same outcomes through the hosted page's API (what the page calls): the payor opens the page,
// picks a bank and approves; in an abandoned scenario they open it and walk away.
for (const scenario of scenarios.filter(s => s.lifecycle)) {
  t.test(`${scenario.name} ends as the table says through the page: ${outcomeOf(scenario)}`, async t => {
    const mock = await build(t)
    const referenceId = scenario.match.referenceId ?? `${scenario.match.referenceIdPrefix ?? ''}-1`
    const payor = scenario.lifecycle?.expectedPayor ?? { firstName: 'Pat', lastName: 'Payor' }
    const { sessionId } = (await mock.createSession(bodyFor(scenario.name, referenceId, payor))).json()
    const act = (action: string, input = {}) => mock.inject({ method: 'POST', url: `/app/api/sessions/${sessionId}/actions`, payload: { action, ...input } })
    const outcome = waiting.exec(outcomeOf(scenario))?.[2] ?? outcomeOf(scenario)
    t.equal((await act('open')).statusCode, 200)
    if (outcome.startsWith('Expired')) {
      mock.clock.advance(86400)
    } else {
      t.equal((await act('selectInstitution')).statusCode, 200)
      // A sandbox scenario approves only once its test user has logged in.
      if (scenario.lifecycle?.login) t.equal((await act('login', scenario.lifecycle.login)).statusCode, 200)
      t.equal((await act('approve')).statusCode, 200)
    }
    const status = await mock.inject({ url: `/api/v2/sessions/${sessionId}/status`, headers: { authorization: `Bearer ${await mock.token()}` } })
    const state = outcome.startsWith('Expired') ? 'Expired' : outcome.startsWith('Failed by the identity check') ? 'Failed' : /^(\w+)/.exec(outcome)?.[1]
    t.equal(status.json().status, state, 'status')
    if (bodyFor(scenario.name, referenceId, payor).type === 'EFT') t.equal(status.json().statusDetails, /EFT\d{4}/.exec(outcome)?.[0], 'statusDetails')
  })
}
