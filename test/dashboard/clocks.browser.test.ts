/**
 * The dashboard's clocks in headless Chromium, against the mock over HTTP: the shared clock and
 * each client's own (GET /__admin/clocks), who may give, move and drop which, and the session
 * timeline read by the clock of the session's client.
 */
import type { Browser } from 'playwright-core'
import t from 'tap'
import { launchBrowser } from '../helpers/browser.js'
import { openDashboard, signIn, summaryText, tableText } from './fixture.js'

let browser: Browser
t.before(async () => {
  browser = await launchBrowser()
})
t.teardown(() => browser.close())

const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
const twoClients = [
  { id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement },
  { id: 'team-b', secret: 'team-b-secret', defaultSettlementAccount: settlement }
]
const adminToken = 'admin-token-1'
const at = '2026-06-04 14:30:00 UTC'

t.test("a session's timeline marks steps done by the clock of the session's client, not the shared one", async t => {
  const dashboard = await openDashboard(t, browser, { clients: twoClients, adminToken, autoplay: true })
  const { page, mock } = dashboard
  mock.app.mock.clocks.create('team-b')
  const token = await mock.token('team-b', 'team-b-secret')
  const created = await mock.inject({
    method: 'POST',
    url: '/api/v2/sessions',
    headers: { authorization: `Bearer ${token}` },
    payload: { referenceId: 'Happy1', type: 'EFT', direction: 'DEBIT', amount: 100, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' } }
  })
  const { sessionId } = created.json() as { sessionId: string }
  mock.app.mock.clocks.own('team-b')?.advance(60)

  await page.goto(`${dashboard.base}/__admin/ui#/sessions/${sessionId}`)
  await dashboard.signInShown()
  await signIn(dashboard, { id: 'team-b', secret: 'team-b-secret' })
  await dashboard.drawn(`sessions/${sessionId}`)
  const summary = await summaryText(page)
  t.equal(summary.Step, 'BankConnection', 'the state the API worked out by the client\'s clock')
  t.equal(summary.Clock, "2026-06-04 14:31:00 UTC, team-b's own clock")
  t.strictSame((await tableText(page, 'Timeline')).map(row => [row[0], row[1]]), [
    [at, 'done'],
    ['2026-06-04 14:30:30 UTC', 'done'],
    ['2026-06-04 14:31:00 UTC', 'done'],
    ['2026-06-04 14:31:30 UTC', 'planned'],
    ['2026-06-04 14:32:00 UTC', 'planned'],
    ['2026-06-04 14:32:30 UTC', 'planned'],
    ['2026-06-04 14:33:00 UTC', 'planned']
  ], 'done by 14:31:00 on its own clock, while the shared clock reads 14:30:00')
})
