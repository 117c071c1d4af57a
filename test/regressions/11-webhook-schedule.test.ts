import t, { type Test } from 'tap'
import { createClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import type * as Lifecycle from '../../src/sessions/lifecycle.js'
import type * as Server from '../../src/server.js'
import type * as State from '../../src/state.js'
import type * as Dispatcher from '../../src/webhooks/dispatcher.js'
import type { InitiateSessionRequest } from '../../src/sessions/model.js'
import { buildSession } from '../../src/sessions/service.js'

// Issue 11: every response computed the state of every open session of every webhook client, so
// creating sessions slowed from ~355/s to ~11/s at 10,000 open ones. Webhooks are now scheduled by
// each session's next step: a create reads its own session, however many are open.

const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
const geft: InitiateSessionRequest = { referenceId: 'open', type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' } }

/** A mock whose webhook dispatcher counts the session states it computes. */
async function countingMock(t: Test) {
  const calls = { stateAt: 0 }
  const lifecycle = await import('../../src/sessions/lifecycle.js')
  // Mocks reach the modules a mocked import loads itself, so each level down to the dispatcher is mocked.
  const dispatcher = await t.mockImport<typeof Dispatcher>('../../src/webhooks/dispatcher.js', {
    '../../src/sessions/lifecycle.js': {
      ...lifecycle,
      stateAt: (...args: Parameters<typeof Lifecycle.stateAt>) => {
        calls.stateAt++
        return lifecycle.stateAt(...args)
      }
    }
  })
  const state = await t.mockImport<typeof State>('../../src/state.js', { '../../src/webhooks/dispatcher.js': dispatcher })
  const { buildServer } = await t.mockImport<typeof Server>('../../src/server.js', { '../../src/state.js': state })
  const clock = createClock(() => Date.parse('2026-06-04T14:30:00.000Z'))
  clock.freeze()
  const config = loadConfig({ overrides: { logLevel: 'silent', maxSessions: 20000, clients: [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement, webhook: { url: 'http://127.0.0.1:9/unused', secret: 'whsec' } }] } })
  const app = await buildServer(config, { logger: false, clock })
  t.teardown(() => app.close())
  const client = app.mock.clients.get('flinks-mock-client') as NonNullable<ReturnType<typeof app.mock.clients.get>>
  return {
    calls,
    /** Stores open sessions waiting for their user, as creates would, without the HTTP round trips. */
    open(count: number) {
      for (let i = 0; i < count; i++) {
        const session = buildSession({ clock, ids: app.mock.ids, sessionTimeoutSeconds: config.sessionTimeoutSeconds }, { client, body: geft, product: 'GEFT', payeeAccount: settlement, scenario: undefined })
        app.mock.sessions.add(session)
        app.mock.webhooks.track(session)
      }
    },
    /** The session states the dispatcher computes for one create. */
    async createCost() {
      const token = (await app.inject({ method: 'POST', url: '/api/v1/authorize', headers: { authorization: `Basic ${Buffer.from('flinks-mock-client:flinks-mock-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' })).json().access_token
      const before = calls.stateAt
      const res = await app.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}` }, payload: geft })
      t.equal(res.statusCode, 201)
      return calls.stateAt - before
    }
  }
}

t.test('a create computes as many session states with 10,000 open sessions of a webhook client as with 10', async t => {
  const mock = await countingMock(t)
  mock.open(10)
  const withTen = await mock.createCost()
  mock.open(10000 - 11)
  const withTenThousand = await mock.createCost()
  t.ok(withTen > 0, 'the new session itself is read')
  t.equal(withTenThousand, withTen)
})
