import t from 'tap'
import type { LoadedScenario } from '../../src/scenarios/loader.js'
import type { Lifecycle, Scenario } from '../../src/scenarios/schema.js'
import { outcomeOf, scenarioTable } from '../../src/scenarios/table.js'

const base = { name: 'S', description: 'd', match: { referenceId: 'S' } }
const withLifecycle = (lifecycle: Lifecycle, extra: Partial<Scenario> = {}): Scenario => ({ ...base, ...extra, lifecycle })

t.test('an error scenario is the HTTP status on create, with Retry-After and the delay when set', async t => {
  t.equal(outcomeOf({ ...base, error: { status: 500 } }), 'HTTP 500 on create')
  t.equal(outcomeOf({ ...base, error: { status: 429, retryAfterSeconds: 30 } }), 'HTTP 429 on create with Retry-After 30')
  t.equal(outcomeOf({ ...base, error: { status: 503, retryAfterSeconds: 0 } }), 'HTTP 503 on create with Retry-After 0')
  t.equal(outcomeOf({ ...base, delayMs: 5000, error: { status: 504 } }), 'HTTP 504 on create after 5 s')
  t.equal(outcomeOf({ ...base, delayMs: 1500, error: { status: 503, retryAfterSeconds: 120 } }), 'HTTP 503 on create with Retry-After 120 after 1.5 s')
})

t.test('a path fault names the requests it hits, not the create call', async t => {
  const path = (match: Scenario['match'], extra: Partial<Scenario>): Scenario => ({ ...base, match, ...extra })
  t.equal(outcomeOf(path({ path: '/api/v2/sessions/*/status', method: 'GET', fraction: 0.2 }, { error: { status: 503, retryAfterSeconds: 5 } })),
    'HTTP 503 on GET /api/v2/sessions/*/status (20 % of them) with Retry-After 5')
  t.equal(outcomeOf(path({ path: '/api/v2/sessions/*/details' }, { error: { status: 500 } })), 'HTTP 500 on any request to /api/v2/sessions/*/details')
  t.equal(outcomeOf(path({ path: '/api/v1/authorize', method: 'POST' }, { delayMs: 1500 })), 'answered after 1.5 s on POST /api/v1/authorize')
  t.equal(outcomeOf(path({ path: '/api/v1/authorize' }, {})), 'answered as usual on any request to /api/v1/authorize')
  t.equal(outcomeOf(path({ path: '/api/v2/sessions', method: 'POST', fraction: 0.333 }, { dropConnection: true })),
    'connection closed without an answer on POST /api/v2/sessions (33.3 % of them)')
})

t.test('a dropped connection on create is said so, with its delay', async t => {
  t.equal(outcomeOf({ ...base, dropConnection: true }), 'connection closed without an answer on create')
  t.equal(outcomeOf({ ...base, dropConnection: true, delayMs: 2000 }), 'connection closed without an answer on create after 2 s')
})

t.test('an e-Transfer scenario (one with payment statuses) promises no EFT status codes', async t => {
  const flow = [{ afterSeconds: 60, status: 'InProgress' as const, transaction: 'Initiated' as const }]
  t.equal(outcomeOf(withLifecycle({ flow })), 'Expired after the session timeout, payment Expired')
  t.equal(outcomeOf(withLifecycle({ flow: [...flow, { afterSeconds: 90, status: 'Failed', statusDetails: 'EFT0401', transaction: 'Failed' }] })), 'Failed at 90 s, payment Failed')
  t.equal(outcomeOf(withLifecycle({ flow: [{ afterSeconds: 90, status: 'Completed' }], settlement: [{ afterSeconds: 60, transaction: 'Settled' }], expectedPayor: { firstName: 'A', lastName: 'B' } })),
    'Completed at 90 s; another payor name fails the identity check')
  t.equal(outcomeOf(withLifecycle({ flow: [{ afterSeconds: 90, status: 'Completed' }], expectedPayor: { firstName: 'A', lastName: 'B' } })),
    'Completed at 90 s; another payor name fails the identity check (EFT0403)', 'without payment statuses, the codes stay')
})

t.test('a scenario without lifecycle creates a session that waits for its user', async t => {
  t.equal(outcomeOf(base), 'created; waits for its user')
  t.equal(outcomeOf({ ...base, delayMs: 3000 }), 'created after 3 s; waits for its user')
  t.equal(outcomeOf({ ...base, delayMs: 0 }), 'created; waits for its user')
})

t.test('a flow ending in a final status ends there, with its status code', async t => {
  t.equal(outcomeOf(withLifecycle({ flow: [{ afterSeconds: 0, status: 'Initiated' }, { afterSeconds: 90, status: 'Failed', statusDetails: 'EFT0401' }] })), 'Failed/EFT0401 at 90 s')
  t.equal(outcomeOf(withLifecycle({ flow: [{ afterSeconds: 120, status: 'Completed' }] })), 'Completed at 120 s')
})

t.test('the last step is the latest in time, not in writing', async t => {
  t.equal(outcomeOf(withLifecycle({ flow: [{ afterSeconds: 60, status: 'Completed', statusDetails: 'EFT0301' }, { afterSeconds: 30, status: 'InProgress' }] })), 'Completed/EFT0301 at 60 s')
})

t.test('a flow that never ends expires after the session timeout, with its payment', async t => {
  t.equal(outcomeOf(withLifecycle({ flow: [{ afterSeconds: 0, status: 'Initiated' }, { afterSeconds: 30, status: 'InProgress' }] })), 'Expired (EFT0601) after the session timeout')
  t.equal(outcomeOf(withLifecycle({ flow: [{ afterSeconds: 60, status: 'InProgress', transaction: 'Initiated' }] })), 'Expired after the session timeout, payment Expired')
})

t.test('the payment is the last one of the flow, then the settlement when the session completes', async t => {
  t.equal(outcomeOf(withLifecycle({ flow: [{ afterSeconds: 60, status: 'InProgress', transaction: 'Initiated' }, { afterSeconds: 90, status: 'Failed', transaction: 'Declined' }] })), 'Failed at 90 s, payment Declined')
  const settlement = [{ afterSeconds: 60, transaction: 'Processed' as const }, { afterSeconds: 3600, transaction: 'Settled' as const }]
  t.equal(outcomeOf(withLifecycle({ flow: [{ afterSeconds: 120, status: 'Completed', transaction: 'Accepted' }], settlement })), 'Completed at 120 s, payment Accepted then Settled')
  t.equal(outcomeOf(withLifecycle({ flow: [{ afterSeconds: 120, status: 'Cancelled', transaction: 'Cancelled' }], settlement })), 'Cancelled at 120 s, payment Cancelled')
  t.equal(outcomeOf(withLifecycle({ flow: [{ afterSeconds: 120, status: 'Completed' }], settlement })), 'Completed at 120 s')
})

t.test('a low name-match score fails the identity check where the flow checks names', async t => {
  t.equal(outcomeOf(withLifecycle({ nameMatch: 31, flow: [{ afterSeconds: 90, status: 'InProgress', identityCheck: true }, { afterSeconds: 120, status: 'Completed' }] })),
    'Failed by the identity check (EFT0403) at 90 s')
  t.equal(outcomeOf(withLifecycle({ nameMatch: 28, flow: [{ afterSeconds: 60, status: 'InProgress', transaction: 'Initiated' }, { afterSeconds: 90, status: 'InProgress', identityCheck: true }, { afterSeconds: 120, status: 'Completed', transaction: 'Accepted' }] })),
    'Failed by the identity check at 90 s, payment Failed')
})

t.test('without an identityCheck step, a low score fails the check when the flow completes', async t => {
  t.equal(outcomeOf(withLifecycle({ nameMatch: 50, flow: [{ afterSeconds: 0, status: 'Initiated' }, { afterSeconds: 60, status: 'Completed', statusDetails: 'EFT0301' }] })),
    'Failed by the identity check (EFT0403) at 60 s')
})

t.test('the payment of the step that fails the check never starts, so it does not fail', async t => {
  t.equal(outcomeOf(withLifecycle({ nameMatch: 50, flow: [{ afterSeconds: 0, status: 'Initiated' }, { afterSeconds: 60, status: 'Completed', transaction: 'Accepted' }] })),
    'Failed by the identity check at 60 s')
})

t.test('a score at the threshold passes, and a flow that never completes has no check to fail', async t => {
  t.equal(outcomeOf(withLifecycle({ nameMatch: 80, flow: [{ afterSeconds: 60, status: 'Completed' }] })), 'Completed at 60 s')
  t.equal(outcomeOf(withLifecycle({ nameMatch: 10, flow: [{ afterSeconds: 60, status: 'Failed', statusDetails: 'EFT0402' }] })), 'Failed/EFT0402 at 60 s')
})

t.test('an expected payor adds that another name fails the identity check, whatever the score', async t => {
  t.equal(outcomeOf(withLifecycle({ expectedPayor: { firstName: 'John', lastName: 'Doe' }, nameMatch: 10, flow: [{ afterSeconds: 90, status: 'InProgress', identityCheck: true }, { afterSeconds: 180, status: 'Completed', statusDetails: 'EFT0301' }] })),
    'Completed/EFT0301 at 180 s; another payor name fails the identity check (EFT0403)')
})

t.test('the table has a row per scenario: how it matches, what it ends in, what happens, its file', async t => {
  const scenarios: LoadedScenario[] = [
    { ...base, name: 'A', match: { referenceId: 'Happy1' }, description: 'Standard | happy\npath.', documented: 'GEFT test scenarios | Happy 1', source: 'scenarios/geft.yaml', error: { status: 500 } },
    { ...base, name: 'B', match: { referenceIdPrefix: 'ET-' }, source: 'mine/et.yaml' },
    { ...base, name: 'C', match: { referenceIdPattern: '^order-[0-9]+$' }, source: 'mine/et.yaml' },
    { ...base, name: 'D', match: { path: '/api/v1/authorize' }, source: 'mine/faults.yaml', dropConnection: true }
  ]
  t.equal(scenarioTable(scenarios), [
    '| referenceId | Ends in | What happens | File |',
    '| --- | --- | --- | --- |',
    '| `Happy1` | HTTP 500 on create | Standard \\| happy path. (Flinks: GEFT test scenarios \\| Happy 1) | `scenarios/geft.yaml` |',
    '| `ET-`… | created; waits for its user | d | `mine/et.yaml` |',
    '| /^order-[0-9]+$/ | created; waits for its user | d | `mine/et.yaml` |',
    '| path `/api/v1/authorize` | connection closed without an answer on any request to /api/v1/authorize | d | `mine/faults.yaml` |'
  ].join('\n'))
})

t.test('a scenario that waits for its payor says so, with its test user when it has one, and what autoplay plays', async t => {
  const flow: Lifecycle['flow'] = [{ afterSeconds: 0, status: 'Initiated' }, { afterSeconds: 60, status: 'Completed', statusDetails: 'EFT0301', step: 'Complete' }]
  const waits = (lifecycle: Lifecycle): Scenario => ({ name: 'W', description: 'W', match: { referenceId: 'W' }, lifecycle })
  t.equal(outcomeOf(waits({ autoplay: false, flow })), 'waits for its payor, else Expired (EFT0601) after the session timeout; approved, or with autoplay (`W:autoplay`): Completed/EFT0301 at 60 s')
  t.equal(outcomeOf(waits({ autoplay: false, login: { username: 'W', password: 'Everyday' }, flow })), 'waits for its payor (log in as `W` / `Everyday`), else Expired (EFT0601) after the session timeout; approved, or with autoplay (`W:autoplay`): Completed/EFT0301 at 60 s')
})
