/**
 * The dashboard's clocks in headless Chromium, against the mock over HTTP: the shared clock and
 * each client's own (GET /__admin/clocks), who may give, move and drop which, and the session
 * timeline read by the clock of the session's client.
 */
import type { Browser, Locator } from 'playwright-core'
import t from 'tap'
import { launchBrowser } from '../helpers/browser.js'
import { openDashboard, signIn, summaryText, tabTo, tableText, type Dashboard } from './fixture.js'

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
const ms = (iso: string) => Date.parse(iso)

/** The values of one clock's description list by their terms. */
async function cardSummary(card: Locator): Promise<Record<string, string>> {
  const terms = await card.locator('dl.summary dt').allTextContents()
  const values = await card.locator('dl.summary dd').allTextContents()
  return Object.fromEntries(terms.map((term, i) => [term, values[i] ?? '']))
}

/** Waits for the message an action left, and returns it: `text` must tell it from the message before it, which may still show. */
async function flash(dashboard: Dashboard, text: string): Promise<string | null> {
  const message = dashboard.page.locator('main .flash', { hasText: text })
  await message.waitFor()
  return message.textContent()
}

const ownCards = (dashboard: Dashboard) => dashboard.page.locator('main section.clock-card[data-client]')

t.test('the clock view lists the shared clock and each own clock; an admin gives a client its own clock, moves it and drops it', async t => {
  const dashboard = await openDashboard(t, browser, { clients: twoClients })
  const { page, mock } = dashboard
  const { clocks } = mock.app.mock
  await dashboard.open('clock')
  t.strictSame(await page.locator('main h2').allTextContents(), ['Shared clock', 'Own clocks'])
  t.strictSame(await summaryText(page), { Reads: at, State: 'Frozen', 'Ahead of real time': '0 seconds' }, 'the shared clock alone')
  t.equal(await page.locator('main .count').textContent(), 'No client has its own clock: every client reads the shared clock.')

  await page.getByLabel('Client id').fill('team-b')
  await page.getByRole('button', { name: 'Give its own clock' }).click()
  t.equal(await flash(dashboard, 'team-b has its own clock'), `team-b has its own clock: it reads ${at}.`)
  t.ok(clocks.own('team-b'), 'the API gave it')
  t.equal(await page.locator('main .count').textContent(), '1 client has its own clock.')
  const card = page.locator('main section.clock-card[data-client="team-b"]')
  t.equal(await card.locator('h3').textContent(), 'team-b')
  t.strictSame(await cardSummary(card), { Reads: at, State: 'Frozen', 'Ahead of real time': '0 seconds' }, 'it starts at the shared reading, frozen as it is')

  await card.getByRole('button', { name: "+10 minutes, team-b's clock" }).click()
  t.equal(await flash(dashboard, 'moved 600 seconds'), 'The clock of team-b moved 600 seconds forward: it reads 2026-06-04 14:40:00 UTC.')
  t.strictSame(await cardSummary(page.locator('main section.clock-card[data-client="team-b"]')), { Reads: '2026-06-04 14:40:00 UTC', State: 'Frozen', 'Ahead of real time': '600 seconds' })
  t.equal(clocks.own('team-b')?.now(), ms('2026-06-04T14:40:00.000Z'))
  t.equal(clocks.shared.now(), ms('2026-06-04T14:30:00.000Z'), 'the shared clock did not move')
  t.strictSame(await cardSummary(page.locator('main section.clock-card').first()), { Reads: at, State: 'Frozen', 'Ahead of real time': '0 seconds' })

  await card.getByLabel('Seconds', { exact: true }).fill('30')
  await card.getByRole('button', { name: "Advance team-b's clock" }).click()
  t.equal(await flash(dashboard, 'moved 30 seconds'), 'The clock of team-b moved 30 seconds forward: it reads 2026-06-04 14:40:30 UTC.')

  await card.getByRole('button', { name: "Unfreeze team-b's clock" }).click()
  t.equal(await flash(dashboard, 'runs again'), 'The clock of team-b runs again: it reads 2026-06-04 14:40:30 UTC.')
  t.equal(clocks.own('team-b')?.frozen, false)
  t.equal(clocks.shared.frozen, true, 'the shared clock stays frozen')
  t.equal((await cardSummary(card)).State, 'Running')
  await card.getByRole('button', { name: "Freeze team-b's clock" }).click()
  t.equal(await flash(dashboard, 'is frozen at'), 'The clock of team-b is frozen at 2026-06-04 14:40:30 UTC.')
  t.equal(clocks.own('team-b')?.frozen, true)

  await card.getByRole('button', { name: 'Put team-b back on the shared clock' }).click()
  t.equal(await flash(dashboard, 'reads the shared clock again'), `team-b reads the shared clock again: it reads ${at}.`)
  t.equal(clocks.own('team-b'), undefined)
  t.equal(await ownCards(dashboard).count(), 0)

  await page.getByLabel('Client id').fill('nobody')
  await page.getByRole('button', { name: 'Give its own clock' }).click()
  t.equal(await page.locator('main .flash.error').textContent(), 'No client "nobody" is configured.', "the API's refusal, in its words")
  t.equal(clocks.list().length, 0)
})

t.test("a signed-in client sees and moves its own clock only, and may give itself one and drop it, as the API allows", async t => {
  const dashboard = await openDashboard(t, browser, { clients: twoClients, adminToken })
  const { page, mock } = dashboard
  const { clocks } = mock.app.mock
  clocks.create('flinks-mock-client')
  clocks.create('team-b')
  await page.goto(`${dashboard.base}/__admin/ui#/clock`)
  await dashboard.signInShown()
  await signIn(dashboard, { id: 'team-b', secret: 'team-b-secret' })
  await dashboard.drawn('clock')
  t.strictSame(await ownCards(dashboard).evaluateAll(cards => cards.map(card => card.getAttribute('data-client'))), ['team-b'], "another client's clock is not shown")
  t.equal(await page.getByLabel('Client id').count(), 0, 'no client to choose: its credentials act on its own clock only')

  await page.getByRole('button', { name: "+1 hour, team-b's clock" }).click()
  t.equal(await flash(dashboard, 'moved 3600 seconds'), 'The clock of team-b moved 3600 seconds forward: it reads 2026-06-04 15:30:00 UTC.')
  t.equal(clocks.own('team-b')?.now(), ms('2026-06-04T15:30:00.000Z'))
  t.equal(clocks.own('flinks-mock-client')?.now(), ms('2026-06-04T14:30:00.000Z'), "the other client's clock did not move")
  t.equal(clocks.shared.now(), ms('2026-06-04T14:30:00.000Z'))

  await page.locator('main section.clock-card').first().getByRole('button', { name: '+1 day', exact: true }).click()
  t.equal(await page.locator('main .flash.error').textContent(), 'The clock and the scenarios are shared by every client: changing them needs the ADMIN_TOKEN.')
  t.equal(clocks.shared.now(), ms('2026-06-04T14:30:00.000Z'), 'the shared clock stays the admin token\'s')

  await page.getByRole('button', { name: 'Put team-b back on the shared clock' }).click()
  t.equal(await flash(dashboard, 'reads the shared clock again'), `team-b reads the shared clock again: it reads ${at}.`)
  t.equal(clocks.own('team-b'), undefined)
  t.equal(await page.locator('main .count').textContent(), 'team-b reads the shared clock.')
  await page.getByRole('button', { name: 'Give team-b its own clock' }).click()
  t.equal(await flash(dashboard, 'has its own clock'), `team-b has its own clock: it reads ${at}.`)
  t.ok(clocks.own('team-b'))
})

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

const attack = '<img src=x onerror=alert(1)>'

t.test('own clocks work from the keyboard alone, and a client id holding markup shows as typed', async t => {
  const dashboard = await openDashboard(t, browser, { clients: [...twoClients, { id: attack, secret: 'attack-secret', defaultSettlementAccount: settlement, ownClock: true }] })
  const { page, mock } = dashboard
  const { clocks } = mock.app.mock
  await dashboard.open('clock')
  t.equal(await ownCards(dashboard).locator('h3').textContent(), attack, 'the configured ownClock, its client id literally')

  await tabTo(dashboard, `button[data-key=${JSON.stringify(`own-${attack}-advance-60`)}]`)
  await page.keyboard.press('Space')
  t.equal(await flash(dashboard, 'moved 60 seconds'), `The clock of ${attack} moved 60 seconds forward: it reads 2026-06-04 14:31:00 UTC.`)
  t.equal(await page.evaluate('document.activeElement.dataset.key'), `own-${attack}-advance-60`, 'focus stays on the button')
  t.equal(await page.locator('#announcer').textContent(), `The clock of ${attack} moved 60 seconds forward: it reads 2026-06-04 14:31:00 UTC.`, 'and the result is announced')
  t.equal(clocks.own(attack)?.now(), ms('2026-06-04T14:31:00.000Z'))

  await tabTo(dashboard, `button[data-key=${JSON.stringify(`own-${attack}-drop`)}]`)
  await page.keyboard.press('Enter')
  await flash(dashboard, 'reads the shared clock again')
  t.equal(clocks.own(attack), undefined)

  await tabTo(dashboard, '#own-clock-client')
  await page.keyboard.type('team-b')
  await page.keyboard.press('Enter')
  t.equal(await flash(dashboard, 'has its own clock'), `team-b has its own clock: it reads ${at}.`)
  t.equal(await page.evaluate('document.activeElement.dataset.key'), 'own-clock-create', 'focus on the button that gave it')
  t.ok(clocks.own('team-b'))

  t.equal(await page.locator('img, script:not([src])').count(), 0, 'no element was made from the data')
})
