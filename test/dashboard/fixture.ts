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
  /** Opens `#/<hash>` and resolves once that view is drawn. */
  open(hash: string, view?: string): Promise<void>
  /** Resolves once the view `view` is drawn (main not busy). */
  drawn(view: string): Promise<void>
}

const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
export const webhookSecret = 'whsec-dashboard'

/** The GEFT request of the webhook tests. */
export const geft = (referenceId: string) => ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' } })

/** Two clients; the default one sends GEFT webhooks to a local receiver. */
export async function clientsWithWebhook(t: Test) {
  const hook = await webhookReceiver(t, webhookSecret)
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
  page.on('console', message => {
    if (message.type() === 'error' && !/status of 40[134]/.test(message.text())) t.fail(`console error: ${message.text()}`)
  })
  page.on('dialog', dialog => {
    t.fail(`a dialog opened: ${dialog.message()}`)
    void dialog.dismiss()
  })
  const drawn = async (view: string) => {
    await page.waitForSelector(`main[data-view="${view}"][aria-busy="false"]`)
  }
  return {
    mock,
    base,
    page,
    drawn,
    async open(hash, view = hash.split(/[/?]/)[0] as string) {
      await page.goto(`${base}/__admin/ui#/${hash}`)
      await drawn(view)
    }
  }
}

/** The text of each cell of a table's body, row by row. */
export async function tableText(page: Page, label: string): Promise<string[][]> {
  return page.locator(`[role="region"][aria-label="${label}"] tbody tr:not([hidden])`).evaluateAll(rows =>
    rows.map(row => Array.from(row.children, cell => (cell.textContent ?? '').trim())))
}
