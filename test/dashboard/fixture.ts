/** A mock over real HTTP with a few sessions, e-mails and webhook deliveries, and the dashboard open on it in Chromium. */
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import type { Test } from 'tap'
import { build, eTransferBody, type TestMock } from '../helpers/app.js'
import { webhookReceiver } from '../helpers/webhook-receiver.js'

/** The dashboard on a running mock. */
export interface Dashboard {
  mock: TestMock
  base: string
  page: Page
  /** Opens `#/<route>` and resolves once that view is drawn. */
  open(route: string): Promise<void>
  /** Resolves once the view of `#/<route>` is drawn (main not busy). */
  drawn(route: string): Promise<void>
  /** Resolves once the sign-in form is shown. */
  signInShown(): Promise<void>
}

const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
export const webhookSecret = 'whsec-dashboard'

/** The GEFT request of the webhook tests. */
export const geft = (referenceId: string) => ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' } })

/** Two clients; the default one sends GEFT webhooks to a local receiver. */
export async function clientsWithWebhook(t: Test, statuses: number[] = [200]) {
  const hook = await webhookReceiver(t, webhookSecret, statuses)
  return [
    { id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement, webhook: { url: hook.url, secret: webhookSecret } },
    { id: 'team-b', secret: 'team-b-secret', defaultSettlementAccount: settlement }
  ]
}

/** Creates a session with `clientId`'s token and cancels it: a final status, and a webhook for the default client's GEFT. */
export async function createAndCancel(mock: TestMock, body: object, clientId = 'flinks-mock-client', secret = 'flinks-mock-secret'): Promise<string> {
  const headers = { authorization: `Bearer ${await mock.token(clientId, secret)}` }
  const created = await mock.inject({ method: 'POST', url: '/api/v2/sessions', headers, payload: body })
  const { sessionId } = created.json() as { sessionId: string }
  const cancelled = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${sessionId}/cancel`, headers })
  if (cancelled.statusCode !== 200) throw new Error(`cancel failed: ${cancelled.statusCode} ${cancelled.body}`)
  return sessionId
}

/** Fills the mock: an e-Transfer session waiting (with its e-mail), a GEFT one cancelled (with its webhook), one of team-b. */
export async function populate(mock: TestMock): Promise<{ eTransfer: string, cancelled: string, teamB: string }> {
  const eTransfer = (await mock.createSession(eTransferBody())).json().sessionId as string
  const cancelled = await createAndCancel(mock, geft('order-42'))
  const teamB = (await mock.inject({
    method: 'POST',
    url: '/api/v2/sessions',
    headers: { authorization: `Bearer ${await mock.token('team-b', 'team-b-secret')}` },
    payload: { ...eTransferBody(), referenceId: 'TEAM-B-1', options: {} }
  })).json().sessionId as string
  await mock.app.mock.webhooks.settled()
  return { eTransfer, cancelled, teamB }
}

/** Starts the mock over HTTP (seeded, its clock frozen) and a page on it; fails the test on any script error or dialog. */
export async function openDashboard(t: Test, browser: Browser, settings: Parameters<typeof build>[1] = {}, viewport = { width: 1280, height: 800 }): Promise<Dashboard> {
  const mock = await build(t, { seed: 'dashboard', publicUrl: 'http://localhost:8080', ...settings })
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(mock.app.server.address() as AddressInfo).port}`
  const context = await browser.newContext({ viewport })
  t.teardown(() => context.close())
  const page = await context.newPage()
  page.on('pageerror', error => t.fail(`script error: ${error.message}`))
  // The API's refusals (4xx) are part of what the views show; Chromium logs each one.
  page.on('console', message => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) t.fail(`console error: ${message.text()}`)
  })
  page.on('dialog', dialog => {
    t.fail(`a dialog opened: ${dialog.message()}`)
    void dialog.dismiss()
  })
  const drawn = async (route: string) => {
    // A selector, not a function: the page's CSP refuses the eval that waitForFunction needs.
    await page.waitForSelector(`main[data-route="${`#/${route}`.replace(/["\\]/g, '\\$&')}"][aria-busy="false"]`)
  }
  return {
    mock,
    base,
    page,
    drawn,
    async open(route) {
      await page.goto(`${base}/__admin/ui#/${route}`)
      await drawn(route)
    },
    async signInShown() {
      await page.waitForSelector('main[data-view="sign-in"][aria-busy="false"]')
    }
  }
}

/** The text of each cell of a table's body, row by row (rows hidden left out). */
export async function tableText(page: Page, label: string): Promise<string[][]> {
  return page.evaluate(`Array.from(document.querySelectorAll('[role="region"][aria-label=${JSON.stringify(label)}] tbody tr:not([hidden])'),
    row => Array.from(row.children, cell => cell.textContent.trim()))`) as Promise<string[][]>
}

/** The text of a description list's values by their terms. */
export async function summaryText(page: Page): Promise<Record<string, string>> {
  return page.evaluate(`Object.fromEntries(Array.from(document.querySelectorAll('main dl.summary dt'), dt => [dt.textContent, dt.nextElementSibling.textContent]))`) as Promise<Record<string, string>>
}

/** Fills the sign-in form with the admin token or a client's credentials, and submits it. */
export async function signIn(dashboard: Dashboard, credentials: { token: string } | { id: string, secret: string }): Promise<void> {
  const { page } = dashboard
  if ('token' in credentials) {
    await page.getByLabel('the admin token').check()
    await page.getByLabel('Admin token', { exact: true }).fill(credentials.token)
  } else {
    await page.getByLabel('a client\'s credentials').check()
    await page.getByLabel('Client id').fill(credentials.id)
    await page.getByLabel('Client secret').fill(credentials.secret)
  }
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Presses Tab until the focused element matches `selector` (at most 40 times). */
export async function tabTo(dashboard: Dashboard, selector: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await dashboard.page.keyboard.press('Tab')
    if (await dashboard.page.evaluate(`document.activeElement.matches(${JSON.stringify(selector)})`)) return
  }
  throw new Error(`Tab never reached ${selector}`)
}
