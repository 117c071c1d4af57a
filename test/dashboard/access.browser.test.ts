/**
 * Who sees what on the dashboard (ADMIN_TOKEN, a client's credentials), that nothing a client sent
 * can run in it, and that it works from the keyboard alone. Headless Chromium, the mock over HTTP.
 */
import type { Browser } from 'playwright-core'
import t from 'tap'
import { eTransferBody } from '../helpers/app.js'
import { launchBrowser } from '../helpers/browser.js'
import { clientsWithWebhook, openDashboard, populate, signIn, tabTo, tableText, type Dashboard } from './fixture.js'

let browser: Browser
t.before(async () => {
  browser = await launchBrowser()
})
t.teardown(() => browser.close())

const adminToken = 'admin-token-1'
const refusal = 'The admin API needs "Authorization: Bearer <ADMIN_TOKEN>", or a client\'s Basic credentials.'

const referenceIds = async (dashboard: Dashboard) => (await tableText(dashboard.page, 'Sessions')).map(row => row[5])

t.test('with ADMIN_TOKEN set, the page asks for credentials, sends them on every call, and returns to the form on a 401', async t => {
  const dashboard = await openDashboard(t, browser, { clients: await clientsWithWebhook(t), adminToken })
  const { page } = dashboard
  await populate(dashboard.mock)
  await page.goto(`${dashboard.base}/__admin/ui#/sessions`)
  await dashboard.signInShown()
  t.equal(await page.locator('main h1').textContent(), 'Sign in')
  t.equal(await page.title(), 'Sign in - flinks-mock dashboard')
  t.equal(await page.locator('main [role="alert"]').count(), 0, 'no refusal before any credentials were given')
  t.ok(await page.locator('main h1').evaluate(element => element === element.ownerDocument.activeElement), 'the form has focus')

  await signIn(dashboard, { token: 'wrong-token' })
  await page.locator('main [role="alert"]', { hasText: refusal }).waitFor()
  await dashboard.signInShown()

  await signIn(dashboard, { token: adminToken })
  await dashboard.drawn('sessions')
  t.strictSame(await referenceIds(dashboard), ['TEAM-B-1', 'order-42', 'USER12345'], 'the admin token sees every client')
  t.equal(await page.locator('#identity').textContent(), 'admin token')
  t.strictSame(await page.evaluate("JSON.parse(sessionStorage.getItem('flinks-mock-dashboard-credentials'))"), { kind: 'token', token: adminToken }, 'kept for this tab only')

  await page.reload()
  await dashboard.drawn('sessions')
  t.equal(await page.locator('#identity').textContent(), 'admin token', 'still signed in after a reload')

  await page.evaluate("sessionStorage.setItem('flinks-mock-dashboard-credentials', JSON.stringify({ kind: 'token', token: 'rotated' }))")
  await page.getByRole('button', { name: 'Refresh' }).click()
  await dashboard.signInShown()
  t.equal(await page.locator('main [role="alert"]').textContent(), refusal, 'a refused call returns to the form')

  await signIn(dashboard, { token: adminToken })
  await dashboard.drawn('sessions')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await dashboard.signInShown()
  t.equal(await page.evaluate("sessionStorage.getItem('flinks-mock-dashboard-credentials')"), null, 'signing out forgets them')
})

t.test("a client's credentials see that client's state only, and cannot move the shared clock", async t => {
  const dashboard = await openDashboard(t, browser, { clients: await clientsWithWebhook(t), adminToken })
  const { page } = dashboard
  await populate(dashboard.mock)
  await page.goto(`${dashboard.base}/__admin/ui#/sessions`)
  await dashboard.signInShown()
  await signIn(dashboard, { id: 'team-b', secret: 'wrong' })
  await page.locator('main [role="alert"]', { hasText: 'Unknown client id or wrong secret.' }).waitFor()

  await signIn(dashboard, { id: 'team-b', secret: 'team-b-secret' })
  await dashboard.drawn('sessions')
  t.equal(await page.locator('#identity').textContent(), 'client team-b')
  t.strictSame(await referenceIds(dashboard), ['TEAM-B-1'])

  await page.getByRole('link', { name: 'Journal' }).click()
  await dashboard.drawn('journal')
  t.strictSame((await tableText(page, 'Journal')).map(row => [row[3], row[5]]), [['/api/v2/sessions', 'team-b'], ['/api/v1/authorize', 'team-b']])

  await page.getByRole('link', { name: 'Webhooks' }).click()
  await dashboard.drawn('webhooks')
  t.equal(await page.locator('main .empty').textContent(), 'No webhook deliveries yet.', "the other client's delivery is not shown")

  await page.getByRole('link', { name: 'Clock' }).click()
  await dashboard.drawn('clock')
  await page.getByRole('button', { name: '+1 hour' }).click()
  await page.locator('main .flash.error').waitFor()
  t.equal(await page.locator('main .flash.error').textContent(), 'The clock and the scenarios are shared by every client: changing them needs the ADMIN_TOKEN.')
  t.equal(dashboard.mock.clock.now(), Date.parse('2026-06-04T14:30:00.000Z'), 'the clock did not move')
})

t.test('without ADMIN_TOKEN the admin API is open: no form, and a client may still sign in to see its own state', async t => {
  const dashboard = await openDashboard(t, browser, { clients: await clientsWithWebhook(t) })
  const { page } = dashboard
  await populate(dashboard.mock)
  await dashboard.open('sessions')
  t.equal(await page.locator('#identity').textContent(), 'open admin API')
  t.strictSame(await referenceIds(dashboard), ['TEAM-B-1', 'order-42', 'USER12345'])
  await page.getByRole('button', { name: 'Sign in' }).click()
  await dashboard.signInShown()
  t.equal(await page.locator('main [role="alert"]').count(), 0, 'no refusal to show')
  await signIn(dashboard, { id: 'flinks-mock-client', secret: 'flinks-mock-secret' })
  await dashboard.drawn('sessions')
  t.strictSame(await referenceIds(dashboard), ['order-42', 'USER12345'])
})

const attack = '<img src=x onerror=alert(1)>'

t.test('values are shown as text: markup in a referenceId or a journaled body never runs', async t => {
  const dashboard = await openDashboard(t, browser)
  const { page, mock } = dashboard
  const { sessionId } = (await mock.createSession({ ...eTransferBody(), referenceId: attack, payor: { firstName: attack, lastName: '"><script>alert(2)</script>', email: 'x@example.com' } })).json()
  await mock.inject({ method: 'GET', url: `/api/v2/sessions/${encodeURIComponent(attack)}/status?q=${encodeURIComponent(attack)}` })

  await dashboard.open('sessions')
  t.strictSame((await tableText(page, 'Sessions'))[0]?.[5], attack)
  await page.getByRole('link', { name: sessionId }).click()
  await dashboard.drawn(`sessions/${sessionId}`)
  t.equal(await page.locator('main dd').nth(6).textContent(), attack, 'referenceId in the session, literally')

  await dashboard.open('journal')
  const rows = await tableText(page, 'Journal')
  t.equal(rows.find(row => row[3] === '/api/v2/sessions')?.[6], attack, "the journal's referenceId, literally")
  await page.getByRole('button', { name: 'Show request 2' }).click()
  const body = JSON.parse(await page.locator('section.exchange pre').nth(1).textContent() ?? '')
  t.strictSame(body.payor, { firstName: attack, lastName: '"><script>alert(2)</script>', email: 'x@example.com' })
  await page.getByRole('button', { name: 'Show request 3' }).click()
  t.match(await page.locator('section.exchange code').first().textContent(), attack, 'the query, literally')

  await dashboard.open(`journal?referenceId=${encodeURIComponent(attack)}`)
  t.equal(await page.getByLabel('referenceId').inputValue(), attack, 'a filter value stays a value')
  t.equal((await tableText(page, 'Journal')).length, 1)

  t.equal(await page.locator('img, script:not([src])').count(), 0, 'no element was made from the data')
  // Any dialog (alert) or script error fails the test through the fixture's handlers.
})

const focusRing = (dashboard: Dashboard) => dashboard.page.evaluate('(() => { const style = getComputedStyle(document.activeElement); return `${style.outlineStyle} ${style.outlineWidth}` })()')

t.test('the keyboard alone changes the view and acts: Tab to a link, Enter; Tab to a button, Space', async t => {
  const dashboard = await openDashboard(t, browser, { clients: await clientsWithWebhook(t, [500, 200]) })
  const { page } = dashboard
  await populate(dashboard.mock)
  await dashboard.open('sessions')

  await tabTo(dashboard, 'a.skip')
  t.equal(await focusRing(dashboard), 'solid 3px', 'the skip link shows its focus')
  await tabTo(dashboard, 'nav a[data-view="clock"]')
  t.equal(await focusRing(dashboard), 'solid 3px', 'the nav link shows its focus')
  await page.keyboard.press('Enter')
  await dashboard.drawn('clock')
  t.equal(await page.evaluate('document.activeElement.textContent'), 'Clock', 'the view\'s heading has focus')

  await tabTo(dashboard, 'button[data-key="advance-60"]')
  t.equal(await focusRing(dashboard), 'solid 3px', 'the button shows its focus')
  await page.keyboard.press('Space')
  await page.locator('main .flash', { hasText: 'The clock moved 60 seconds forward: it reads 2026-06-04 14:31:00 UTC.' }).waitFor()
  t.equal(await page.evaluate('document.activeElement.dataset.key'), 'advance-60', 'focus stays on the button')
  t.equal(await page.locator('#announcer').textContent(), 'The clock moved 60 seconds forward: it reads 2026-06-04 14:31:00 UTC.', 'and the result is announced')

  await tabTo(dashboard, 'nav a[data-view="webhooks"]')
  await page.keyboard.press('Enter')
  await dashboard.drawn('webhooks')
  await tabTo(dashboard, 'button[data-key="redeliver-1"]')
  await page.keyboard.press('Enter')
  await page.locator('main .flash', { hasText: 'Redelivered SessionSetupStatusChanged: the receiver answered 200.' }).waitFor()

  await tabTo(dashboard, 'nav a[data-view="journal"]')
  await page.keyboard.press('Enter')
  await dashboard.drawn('journal')
  await tabTo(dashboard, '#filter-method')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await tabTo(dashboard, '.filters button[type="submit"]')
  await page.keyboard.press('Enter')
  await dashboard.drawn('journal?method=POST')
  t.equal((await tableText(page, 'Journal')).length, 7)
})
