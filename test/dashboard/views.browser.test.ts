/**
 * The dashboard's views in headless Chromium, against the mock over HTTP: what each shows of the
 * admin API, and what its buttons do.
 */
import type { Browser } from 'playwright-core'
import t from 'tap'
import { eTransferBody } from '../helpers/app.js'
import { launchBrowser } from '../helpers/browser.js'
import { clientsWithWebhook, openDashboard, populate, summaryText, tableText } from './fixture.js'

let browser: Browser
t.before(async () => {
  browser = await launchBrowser()
})
t.teardown(() => browser.close())

const at = '2026-06-04 14:30:00 UTC'

t.test('the sessions view lists every session, newest first, with status, product, scenario, referenceId and client', async t => {
  const dashboard = await openDashboard(t, browser, { clients: await clientsWithWebhook(t) })
  const ids = await populate(dashboard.mock)
  await dashboard.open('sessions')
  const { page } = dashboard
  t.equal(await page.title(), 'Sessions - flinks-mock dashboard')
  t.equal(await page.locator('nav a[aria-current="page"]').textContent(), 'Sessions')
  t.equal(await page.locator('main .count').textContent(), '3 sessions, newest first')
  t.strictSame(await tableText(page, 'Sessions'), [
    [at, ids.teamB, 'Initiated · EFT0101', 'e-Transfer', '—', 'TEAM-B-1', 'team-b'],
    [at, ids.cancelled, 'Canceled · EFT0501', 'GEFT', '—', 'order-42', 'flinks-mock-client'],
    [at, ids.eTransfer, 'Initiated · EFT0101', 'e-Transfer', '—', 'USER12345', 'flinks-mock-client']
  ])

  await page.getByLabel('Status').selectOption('Canceled')
  await page.getByRole('button', { name: 'Apply' }).click()
  await dashboard.drawn('sessions?status=Canceled')
  t.strictSame((await tableText(page, 'Sessions')).map(row => row[1]), [ids.cancelled], 'filtered by the API')

  await page.getByLabel('referenceId').fill('nobody')
  await page.getByRole('button', { name: 'Apply' }).click()
  await dashboard.drawn('sessions?status=Canceled&referenceId=nobody')
  t.equal(await page.locator('main .empty').textContent(), 'No sessions match these filters.')
})

t.test('a session shows its current state, its timeline and its details, and links to its evidence', async t => {
  const dashboard = await openDashboard(t, browser, { clients: await clientsWithWebhook(t), autoplay: true })
  const { mock, page } = dashboard
  const { sessionId } = (await mock.createSession({ referenceId: 'Happy1', type: 'EFT', direction: 'DEBIT', amount: 100, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' } })).json()
  mock.clock.advance(60)
  await dashboard.open('sessions')
  await page.getByRole('link', { name: sessionId }).click()
  await dashboard.drawn(`sessions/${sessionId}`)
  t.equal(await page.locator('main h1').textContent(), 'Session')
  t.equal(await page.locator('main .id').textContent(), sessionId)
  t.strictSame(await summaryText(page), {
    Status: 'InProgress', Step: 'BankConnection', Transaction: '—', Final: 'no', Product: 'RegularEft', Scenario: 'Happy1',
    referenceId: 'Happy1', Client: 'flinks-mock-client', Created: at, Expires: '2026-06-04 15:00:00 UTC', Clock: '2026-06-04 14:31:00 UTC, the shared clock'
  })
  t.strictSame(await tableText(page, 'Timeline'), [
    [at, 'done', 'flow', 'Initiated', 'EFT0101', 'Start', '—', '—'],
    ['2026-06-04 14:30:30 UTC', 'done', 'flow', 'InProgress', '—', 'BankSelection', '—', '—'],
    ['2026-06-04 14:31:00 UTC', 'done', 'flow', 'InProgress', '—', 'BankConnection', '—', '—'],
    ['2026-06-04 14:31:30 UTC', 'planned', 'flow', 'InProgress', '—', 'AccountSelection', '—', '{"identityCheck":true}'],
    ['2026-06-04 14:32:00 UTC', 'planned', 'flow', 'InProgress', '—', 'GuaranteeOffer', '—', '—'],
    ['2026-06-04 14:32:30 UTC', 'planned', 'flow', 'InProgress', '—', 'Pad', '—', '—'],
    ['2026-06-04 14:33:00 UTC', 'planned', 'flow', 'Completed', 'EFT0301', 'Complete', '—', '—']
  ], 'the steps taken by the clock (14:31:00) are done, the rest planned')
  await page.getByText('Details, as GET …/details answers them').click()
  const details = JSON.parse(await page.locator('main details pre').textContent() ?? '')
  t.equal(details.sessionId, sessionId)
  t.equal(details.referenceId, 'Happy1')

  await page.getByRole('link', { name: 'Its requests in the journal' }).click()
  await dashboard.drawn(`journal?sessionId=${sessionId}`)
  t.strictSame((await tableText(page, 'Journal')).map(row => [row[2], row[3], row[4]]), [['POST', '/api/v2/sessions', '201']])
  t.equal(await page.getByLabel('Session', { exact: true }).inputValue(), sessionId, 'the filter shows in the form')
})

t.test("a session not final yet can be approved, declined, cancelled or expired from its page, as the payor", async t => {
  const dashboard = await openDashboard(t, browser)
  const { mock, page } = dashboard
  const { sessionId } = (await mock.createSession(eTransferBody())).json()
  await dashboard.open(`sessions/${sessionId}`)
  t.strictSame(await page.locator('main h2 + .actions button').allTextContents(), ['Approve', 'Decline', 'Cancel', 'Expire'])
  await page.getByRole('button', { name: 'Approve' }).click()
  await page.locator('main .flash').waitFor()
  t.equal(await page.locator('main .flash').textContent(), 'Approve: the session is Completed.')
  t.equal((await summaryText(page)).Final, 'yes')
  t.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0, 'a final session has nothing left to do')
  t.ok(await page.locator('main .flash').evaluate(element => element === element.ownerDocument.activeElement), 'focus moves to the result')
  const status = await mock.inject({ url: `/__admin/sessions/${sessionId}` })
  t.equal(status.json().state.status, 'Completed')
})

t.test('the journal filters by method, path, status, client, referenceId and session, and shows an exchange', async t => {
  const dashboard = await openDashboard(t, browser, { clients: await clientsWithWebhook(t) })
  const { page } = dashboard
  const ids = await populate(dashboard.mock)
  await dashboard.open('journal')
  t.equal(await page.locator('main .count').textContent(), '7 requests, newest first')

  await page.getByLabel('Method').selectOption('POST')
  await page.getByLabel('Path starts with').fill('/api/v2/sessions')
  await page.getByLabel('Status').fill('201')
  await page.getByLabel('Client').fill('flinks-mock-client')
  await page.getByRole('button', { name: 'Apply' }).click()
  await dashboard.drawn('journal?method=POST&path=%2Fapi%2Fv2%2Fsessions&status=201&clientId=flinks-mock-client')
  t.strictSame(await tableText(page, 'Journal'), [
    ['4', at, 'POST', '/api/v2/sessions', '201', 'flinks-mock-client', 'order-42', `${ids.cancelled.slice(0, 8)}…`, 'Show'],
    ['2', at, 'POST', '/api/v2/sessions', '201', 'flinks-mock-client', 'USER12345', `${ids.eTransfer.slice(0, 8)}…`, 'Show']
  ])

  await page.getByLabel('referenceId').fill('USER12345')
  await page.getByRole('button', { name: 'Apply' }).click()
  await dashboard.drawn('journal?method=POST&path=%2Fapi%2Fv2%2Fsessions&status=201&clientId=flinks-mock-client&referenceId=USER12345')
  t.strictSame((await tableText(page, 'Journal')).map(row => row[0]), ['2'])

  const show = page.getByRole('button', { name: 'Show request 2' })
  await show.click()
  t.equal(await show.getAttribute('aria-expanded'), 'true')
  const entry = page.locator('section.exchange')
  t.equal(await entry.locator('h2').textContent(), 'Request 2: POST /api/v2/sessions → 201')
  t.ok(await entry.locator('h2').evaluate(element => element === element.ownerDocument.activeElement), 'the exchange has focus')
  t.equal(JSON.parse(await entry.locator('pre').nth(0).textContent() ?? '').authorization, 'Bearer [redacted]')
  t.equal(JSON.parse(await entry.locator('pre').nth(1).textContent() ?? '').referenceId, 'USER12345')
  t.strictSame(JSON.parse(await entry.locator('pre').nth(2).textContent() ?? ''), { sessionId: ids.eTransfer, referenceId: 'USER12345' })

  await entry.getByRole('button', { name: 'Close' }).click()
  t.equal(await page.locator('section.exchange').isHidden(), true)
  t.equal(await show.getAttribute('aria-expanded'), 'false')
  t.ok(await show.evaluate(element => element === element.ownerDocument.activeElement), 'focus returns to its button')

  await page.getByRole('button', { name: 'Clear' }).click()
  await dashboard.drawn('journal')
  t.equal(await page.locator('main .count').textContent(), '7 requests, newest first')

  await page.getByLabel('Status').fill('99')
  await page.getByRole('button', { name: 'Apply' }).click()
  await dashboard.drawn('journal?status=99')
  t.equal(await page.locator('main [role="alert"]').textContent(), 'status: Must be >= 100, got "99".', "the API's refusal, in its words")
})

t.test('the clock shows its reading, and moves, freezes and unfreezes', async t => {
  const dashboard = await openDashboard(t, browser)
  const { page } = dashboard
  await dashboard.open('clock')
  t.strictSame(await summaryText(page), { Reads: at, State: 'Frozen', 'Ahead of real time': '0 seconds' })

  await page.getByRole('button', { name: '+10 minutes' }).click()
  await page.waitForSelector('main .flash')
  t.equal(await page.locator('main .flash').textContent(), 'The clock moved 600 seconds forward: it reads 2026-06-04 14:40:00 UTC.')
  t.strictSame(await summaryText(page), { Reads: '2026-06-04 14:40:00 UTC', State: 'Frozen', 'Ahead of real time': '600 seconds' })
  t.equal(dashboard.mock.clock.now(), Date.parse('2026-06-04T14:40:00.000Z'))

  await page.getByLabel('Seconds', { exact: true }).fill('30')
  await page.getByRole('button', { name: 'Advance', exact: true }).click()
  await page.locator('main .flash', { hasText: 'The clock moved 30 seconds forward: it reads 2026-06-04 14:40:30 UTC.' }).waitFor()

  await page.getByRole('button', { name: 'Unfreeze' }).click()
  await page.locator('main .flash', { hasText: 'The clock runs again: it reads 2026-06-04 14:40:30 UTC.' }).waitFor()
  t.equal((await summaryText(page)).State, 'Running')
  t.equal(dashboard.mock.clock.frozen, false)
  await page.getByRole('button', { name: 'Freeze' }).click()
  await page.locator('main .flash', { hasText: 'The clock is frozen at 2026-06-04 14:40:30 UTC.' }).waitFor()
  t.equal(dashboard.mock.clock.frozen, true)
})

t.test('webhooks show each delivery with its outcome, and Redeliver sends one again', async t => {
  const dashboard = await openDashboard(t, browser, { clients: await clientsWithWebhook(t, [500, 200]) })
  const { page } = dashboard
  const ids = await populate(dashboard.mock)
  await dashboard.open('webhooks')
  const rows = await tableText(page, 'Webhook deliveries')
  t.equal(rows.length, 1)
  t.strictSame(rows[0]?.slice(0, 6), [at, '500 refused', 'Redeliver', 'SessionSetupStatusChanged', `${ids.cancelled.slice(0, 8)}…`, 'flinks-mock-client'])
  t.match(rows[0]?.[6], /^http:\/\/127\.0\.0\.1:\d+\/flinks$/)
  t.match(rows[0]?.[7], /^\d+ ms$/)

  await page.getByRole('button', { name: `Redeliver SessionSetupStatusChanged of ${at} (1)` }).click()
  await page.locator('main .flash', { hasText: 'Redelivered SessionSetupStatusChanged: the receiver answered 200.' }).waitFor()
  t.strictSame((await tableText(page, 'Webhook deliveries')).map(row => row[1]), ['200 delivered', '500 refused'])
  t.equal(await page.locator('main .count').textContent(), '2 deliveries, newest first')
})

t.test('the outbox lists the Interac e-mails with their links', async t => {
  const dashboard = await openDashboard(t, browser, { clients: await clientsWithWebhook(t) })
  const { page } = dashboard
  const ids = await populate(dashboard.mock)
  await dashboard.open('outbox')
  const link = `http://localhost:8080/app/?sessionId=${ids.eTransfer}`
  t.strictSame(await tableText(page, 'Outbox'), [
    [at, 'john.smith@example.com', 'Interac e-Transfer request for money: $250.00 CAD', 'EN', `${ids.eTransfer.slice(0, 8)}…`, 'flinks-mock-client', link]
  ])
  t.equal(await page.getByRole('link', { name: link }).getAttribute('href'), link)
})

t.test('coverage draws every group of GET /__admin/coverage as a table: each case, met or not, how often', async t => {
  const dashboard = await openDashboard(t, browser, { clients: await clientsWithWebhook(t) })
  await populate(dashboard.mock)
  const report = (await dashboard.mock.inject({ method: 'GET', url: '/__admin/coverage' })).json() as {
    cases: number
    covered: number
    groups: Array<{ name: string, cases: number, covered: number, items: Array<{ description: string, covered: boolean, count: number, violations?: number, failed?: number }> }>
  }
  t.ok(report.covered > 0, 'the populated mock met some cases')
  await dashboard.open('coverage')
  const page = dashboard.page
  t.equal(await page.locator('main p').first().textContent(), `${report.covered} of ${report.cases} cases met by all clients together, since the last reset.`)
  t.strictSame(await page.locator('main h2').allTextContents(), report.groups.map(group => `${group.name}: ${group.covered} of ${group.cases}`))
  for (const group of report.groups) {
    t.strictSame(await tableText(page, group.name), group.items.map(item => [
      item.description,
      item.covered ? 'yes' : 'no',
      String(item.count),
      [item.violations ? `${item.violations} violation${item.violations === 1 ? '' : 's'}` : '', item.failed ? `${item.failed} failed` : ''].filter(Boolean).join(', ') || '—'
    ]), `the ${group.name} table`)
  }
  const operations = await tableText(page, 'operations')
  t.match(operations.find(row => row[0] === 'Authorize answered 200.'), ['Authorize answered 200.', 'yes', /^[1-9]\d*$/, '—'])
})
