/**
 * The hosted page in real headless Chromium: a page on another origin frames it (or opens it as a
 * popup) and records the events it posts; the session's end is read back from the Flinks API.
 */
import type { AddressInfo } from 'node:net'
import type { Browser, FrameLocator, Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { build, eTransferBody, type TestMock } from '../helpers/app.js'
import { launchBrowser, serveHost } from '../helpers/browser.js'
import { webhookReceiver } from '../helpers/webhook-receiver.js'

let browser: Browser
t.before(async () => {
  browser = await launchBrowser()
})
t.teardown(() => browser.close())

interface Opened {
  mock: TestMock
  page: Page
  frame: FrameLocator
  sessionId: string
  token: string
  host: string
}

/** Starts a mock over HTTP, creates the session, and opens a host page that frames its hosted page. */
async function openFramed(t: Test, body: (host: string) => unknown, settings: Parameters<typeof build>[1] = {}): Promise<Opened> {
  const mock = await build(t, settings)
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(mock.app.server.address() as AddressInfo).port}`
  const host = await serveHost(t)
  const created = await mock.createSession(body(host))
  t.equal(created.statusCode, 201, 'session created')
  const sessionId = created.json().sessionId
  const context = await browser.newContext()
  t.teardown(() => context.close())
  const page = await context.newPage()
  await page.goto(`${host}/host?src=${encodeURIComponent(`${base}/app/?sessionId=${sessionId}`)}`)
  return { mock, page, frame: page.frameLocator('iframe'), sessionId, token: created.token, host }
}

/**
 * The steps the host page received. Messages from one window arrive in the order they were sent,
 * so once a marker posted by the hosted page arrives, every event it posted before has too.
 */
async function stepsReceived(page: Page, from: { evaluate(expression: string): Promise<unknown> }): Promise<unknown[]> {
  await from.evaluate("window.parent.postMessage({ step: 'END_OF_TEST' }, '*')")
  await page.waitForFunction("window.events.some(e => e.step === 'END_OF_TEST')")
  const events = await page.evaluate('window.events') as Array<{ step: string }>
  return events.slice(0, -1)
}

const hostedFrame = (page: Page) => {
  const frame = page.frames().find(f => f !== page.mainFrame())
  if (frame === undefined) throw new Error('the hosted page is not framed')
  return frame
}

async function details(opened: Opened): Promise<Record<string, unknown>> {
  const res = await opened.mock.inject({ method: 'GET', url: `/api/v2/sessions/${opened.sessionId}/details`, headers: { authorization: `Bearer ${opened.token}` } })
  return res.json()
}

async function statusOf(opened: Opened): Promise<Record<string, unknown>> {
  const res = await opened.mock.inject({ method: 'GET', url: `/api/v2/sessions/${opened.sessionId}/status`, headers: { authorization: `Bearer ${opened.token}` } })
  return res.json()
}

/** Signs in at the sandbox bank as the page asks: nothing prefilled, the credentials typed. */
async function signIn(frame: FrameLocator, username: string, password = 'Everyday', labels = { username: 'Username', password: 'Password', submit: 'Sign in' }): Promise<void> {
  await frame.getByLabel(labels.username).fill(username)
  await frame.getByLabel(labels.password).fill(password)
  await frame.getByRole('button', { name: labels.submit }).click()
}

const geft = (referenceId: string, firstName: string, lastName: string, extra: Record<string, unknown> = {}) =>
  ({ referenceId, type: 'EFT', direction: 'DEBIT', amount: 100, options: { guarantee: { enable: true } }, payor: { firstName, lastName, email: 'payor@example.com' }, ...extra })

t.test('approving an e-Transfer session posts the FlinksPay events in order, and the session completes', async t => {
  const opened = await openFramed(t, () => eTransferBody())
  const { page, frame, sessionId } = opened
  await frame.getByRole('heading', { name: 'Review your payment' }).waitFor()
  t.equal(await frame.getByRole('definition').first().textContent(), '$250.00', 'the amount, fixed')
  await frame.getByRole('button', { name: 'Continue' }).click()
  // Focus follows the screen, for keyboard and screen reader users.
  const heading = frame.getByRole('heading', { name: 'Choose your bank' })
  await heading.waitFor()
  t.ok(await heading.evaluate(element => element === element.ownerDocument.activeElement), 'the new heading has focus')
  t.equal(await frame.getByRole('listitem').first().textContent(), 'Flinks Capital', 'the sandbox bank comes first')
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  // The e-Transfer payor logs in at their bank, with its security questions.
  await signIn(frame, 'Greatday')
  await frame.getByRole('heading', { name: 'Security questions' }).waitFor()
  await frame.getByLabel('What city were you born in?').fill('Montreal')
  await frame.getByLabel('What is the best country on earth?').fill('Canada')
  await frame.getByLabel('What shape do people like most?').fill('Triangle')
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Approve' }).click()
  await frame.getByRole('heading', { name: 'Payment complete' }).waitFor()
  t.equal(await frame.getByRole('status').textContent(), 'Payment complete. Status: Completed.', 'the live region says how it ended')

  const event = (step: string, extra = {}) => ({ step, sessionId, referenceId: 'USER12345', ...extra })
  t.strictSame(await stepsReceived(page, hostedFrame(page)), [
    event('APP_MOUNTED'), event('CONFIRMATION'), event('APP_INITIATED'), event('INSTITUTION_SELECTION'),
    event('INSTITUTION_SELECTED', { institution: 'FlinksCapital' }), event('SUCCESS')
  ])
  t.match(await details(opened), { status: 'Completed', step: { current: 'Complete' }, schedule: { transactions: [{ status: 'Accepted' }] } })
})

t.test('Unhappy1 (GEFT): the widget events end with GUARANTEE_FAILED, and the session Failed/EFT0402', async t => {
  const opened = await openFramed(t, () => geft('Unhappy1', 'Joe', 'Fails'))
  const { page, frame } = opened
  await frame.getByRole('heading', { name: 'Connect your bank account' }).waitFor()
  await frame.getByRole('button', { name: 'I agree' }).click()
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  await frame.getByRole('heading', { name: 'Sign in to Flinks Capital' }).waitFor()
  t.equal(await frame.getByLabel('Username').inputValue(), '', 'nothing prefilled')
  t.equal(await frame.getByLabel('Password').inputValue(), '', 'nothing prefilled')
  t.equal(await frame.locator('form .hint').textContent(), 'Sandbox test user: Unhappy1 / Everyday. Other credentials fail the login (EFT0401).')
  await signIn(frame, 'Unhappy1')
  await frame.getByRole('radio', { name: 'Chequing (****0004)' }).waitFor()
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Approve' }).click()
  await frame.getByRole('heading', { name: 'No guarantee could be offered' }).waitFor()

  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'GUARANTEE_FAILED'])
  t.match(await statusOf(opened), { status: 'Failed', statusDetails: 'EFT0402' })
})

t.test('Happy1 (GEFT) in French with an amount to choose: a wrong amount is refused, then GUARANTEE_OFFERED and SUCCESS', async t => {
  const { amount: _, ...body } = geft('Happy1', 'John', 'Doe', {
    options: { guarantee: { enable: true }, limits: { minimumAmount: 10, maximumAmount: 500 }, notificationPreferences: { language: 'FR' } }
  })
  const opened = await openFramed(t, () => body)
  const { page, frame } = opened
  await frame.getByRole('button', { name: "J'accepte" }).click()
  const amount = frame.getByLabel('Montant à payer (CAD)')
  await amount.fill('5')
  await frame.getByRole('button', { name: 'Continuer' }).click()
  t.equal(await frame.locator('#amount-error').textContent(), 'Entrez un montant entre 10,00\u00a0$ et 500,00\u00a0$, avec au plus 2 décimales.')
  t.equal(await amount.getAttribute('aria-invalid'), 'true')
  await amount.fill('100,50')
  await amount.press('Enter')
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  await signIn(frame, 'Happy1', 'Everyday', { username: "Nom d'utilisateur", password: 'Mot de passe', submit: 'Se connecter' })
  await frame.getByRole('button', { name: 'Continuer' }).click()
  t.equal(await frame.getByRole('paragraph').first().textContent(), "Un débit de 100,50\u00a0$ du compte Chequing (****0001) vers flinks-mock settlement. Vous signerez ensuite l'accord de débit préautorisé (DPA).")
  await frame.getByRole('button', { name: 'Approuver' }).click()
  await frame.getByRole('heading', { name: "Signez l'accord de débit préautorisé" }).waitFor()
  t.equal(await frame.getByRole('paragraph').first().textContent(), 'Vous autorisez un débit préautorisé (DPA) de 100,50\u00a0$ du compte Chequing (****0001) vers flinks-mock settlement.')
  await frame.getByRole('button', { name: 'Signer et payer' }).click()
  await frame.getByRole('heading', { name: 'Paiement terminé' }).waitFor()

  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'GUARANTEE_OFFERED', 'SUCCESS'])
  t.match(await statusOf(opened), { status: 'Completed', statusDetails: 'EFT0301', amount: 100.5 })
})

t.test('Happy1 (GEFT) with wrong credentials: SUBMIT_CREDENTIAL, then the session Failed/EFT0401', async t => {
  const opened = await openFramed(t, () => geft('Happy1', 'John', 'Doe'))
  const { page, frame } = opened
  await frame.getByRole('button', { name: 'I agree' }).click()
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  await signIn(frame, 'Happy1', 'Greatday')
  await frame.getByRole('heading', { name: 'The payment did not go through' }).waitFor()
  t.equal(await frame.locator('.outcome').textContent(), 'Status: Failed (EFT0401).')
  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL'])
  t.match(await statusOf(opened), { status: 'Failed', statusDetails: 'EFT0401' })
})

t.test('Happy2 (GEFT, Next Best Offer): $1,000 from an account holding $820 is offered at $820, accepted, and completes at 820', async t => {
  const { amount: _, ...body } = geft('Happy2', 'Steve', 'Diamond')
  const opened = await openFramed(t, () => body)
  const { page, frame } = opened
  await frame.getByRole('button', { name: 'I agree' }).click()
  await frame.getByLabel('Amount to pay (CAD)').fill('1000')
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  await signIn(frame, 'Happy2')
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Approve' }).click()
  await frame.getByRole('heading', { name: 'A guarantee on a lower amount' }).waitFor()
  t.equal(await frame.getByRole('paragraph').first().textContent(), 'Your account cannot cover $1,000.00. A guaranteed debit of $820.00 is offered instead.')
  await frame.getByRole('button', { name: 'Accept $820.00' }).click()
  await frame.getByRole('button', { name: 'Sign and pay' }).click()
  await frame.getByRole('heading', { name: 'Payment complete' }).waitFor()
  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'GUARANTEE_OFFERED', 'SUCCESS'])
  t.match(await statusOf(opened), { status: 'Completed', statusDetails: 'EFT0301', amount: 820 })
})

t.test('Happy2: returning to the client from the offer posts COMPONENT_NBO_RETURN_TO_CLIENT_SELECTED and ends Canceled', async t => {
  const { amount: _, ...body } = geft('Happy2', 'Steve', 'Diamond')
  const opened = await openFramed(t, () => body)
  const { page, frame } = opened
  await frame.getByRole('button', { name: 'I agree' }).click()
  await frame.getByLabel('Amount to pay (CAD)').fill('1000')
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  await signIn(frame, 'Happy2')
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Approve' }).click()
  await frame.getByRole('button', { name: 'Return to the merchant' }).click()
  await frame.getByRole('heading', { name: 'Payment cancelled' }).waitFor()
  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'GUARANTEE_OFFERED', 'COMPONENT_NBO_RETURN_TO_CLIENT_SELECTED'])
  t.match(await statusOf(opened), { status: 'Canceled' })
})

t.test('declining an e-Transfer request posts no SUCCESS and the session fails with the payment Declined', async t => {
  const opened = await openFramed(t, () => eTransferBody())
  const { page, frame } = opened
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  await signIn(frame, 'greatday_nomfa')
  await frame.getByRole('button', { name: 'Decline' }).click()
  await frame.getByRole('heading', { name: 'Payment declined' }).waitFor()

  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'CONFIRMATION', 'APP_INITIATED', 'INSTITUTION_SELECTION', 'INSTITUTION_SELECTED'])
  t.match(await details(opened), { status: 'Failed', schedule: { transactions: [{ status: 'Declined' }] } })
})

t.test('a session declined elsewhere while the page is open ends the page as declined, the outcome the mock answers', async t => {
  const opened = await openFramed(t, () => ({ referenceId: 'eft-elsewhere', type: 'EFT', direction: 'DEBIT', amount: 40, payor: { firstName: 'Sara', lastName: 'Ahmad' } }))
  const { frame, mock, sessionId } = opened
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('heading', { name: 'Choose your bank' }).waitFor()
  // The admin API's simulate call declines it headless: the page's next action is refused (409), and it reads the session.
  const simulated = await mock.inject({ method: 'POST', url: `/__admin/sessions/${sessionId}/simulate`, payload: { action: 'decline' } })
  t.equal(simulated.statusCode, 200)
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  await frame.getByRole('heading', { name: 'Payment declined' }).waitFor()
  t.equal(await frame.locator('.outcome.declined').textContent(), 'Status: Completed (EFT0302).')
  t.match(await statusOf(opened), { status: 'Completed', statusDetails: 'EFT0302' })
})

t.test('Cancel asks first: Escape or "No" go BACK, "Yes" confirms with CLOSE and the session is Cancelled', async t => {
  const opened = await openFramed(t, () => eTransferBody())
  const { page, frame } = opened
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Back' }).click()
  await frame.getByRole('button', { name: 'Continue' }).click()
  const dialog = frame.getByRole('dialog', { name: 'Cancel this payment?' })

  await frame.getByRole('button', { name: 'Cancel' }).click()
  await dialog.waitFor()
  t.ok(await frame.getByRole('button', { name: 'No, go back' }).evaluate(element => element === element.ownerDocument.activeElement), 'the safe answer has focus')
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
  t.ok(await frame.getByRole('button', { name: 'Cancel' }).evaluate(element => element === element.ownerDocument.activeElement), 'focus returns to Cancel')

  await frame.getByRole('button', { name: 'Cancel' }).press('Enter')
  await frame.getByRole('button', { name: 'No, go back' }).click()
  await frame.getByRole('button', { name: 'Cancel' }).click()
  await frame.getByRole('button', { name: 'Yes, cancel the payment' }).click()
  await frame.getByRole('heading', { name: 'Payment cancelled' }).waitFor()

  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, [
    'APP_MOUNTED', 'CONFIRMATION', 'APP_INITIATED', 'INSTITUTION_SELECTION',
    'BACK', 'CONFIRMATION', 'INSTITUTION_SELECTION',
    'CLOSE_ATTEMPT', 'CANCEL_CONFIRMATION', 'BACK',
    'CLOSE_ATTEMPT', 'CANCEL_CONFIRMATION', 'BACK',
    'CLOSE_ATTEMPT', 'CANCEL_CONFIRMATION', 'CLOSE'
  ])
  t.match(await details(opened), { status: 'Cancelled' })
})

t.test('opened as a popup, the page posts its events to window.opener', async t => {
  const mock = await build(t)
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(mock.app.server.address() as AddressInfo).port}`
  const host = await serveHost(t)
  const sessionId = (await mock.createSession(eTransferBody())).json().sessionId
  const context = await browser.newContext()
  t.teardown(() => context.close())
  const page = await context.newPage()
  await page.goto(`${host}/host?popup=1`)
  const [popup] = await Promise.all([context.waitForEvent('page'), page.evaluate(`void window.open(${JSON.stringify(`${base}/app/?sessionId=${sessionId}`)})`)])
  await popup.getByRole('button', { name: 'Cancel' }).click()
  await popup.getByRole('button', { name: 'Yes, cancel the payment' }).click()
  await popup.getByRole('heading', { name: 'Payment cancelled' }).waitFor()

  await popup.evaluate("window.opener.postMessage({ step: 'END_OF_TEST' }, '*')")
  await page.waitForFunction("window.events.some(e => e.step === 'END_OF_TEST')")
  const steps = (await page.evaluate('window.events') as Array<{ step: string }>).map(e => e.step)
  t.strictSame(steps, ['APP_MOUNTED', 'CLOSE_ATTEMPT', 'CANCEL_CONFIRMATION', 'CLOSE', 'END_OF_TEST'])
})

t.test('RedirectUri: success lands on urlSuccess, a decline on urlExit, with sessionId and referenceId added', async t => {
  for (const [button, target] of [['Approve', 'success'], ['Decline', 'exit']] as const) {
    const opened = await openFramed(t, host => ({
      ...eTransferBody(),
      referenceId: 'order-42',
      options: { redirectPreferences: { mode: 'RedirectUri', urlSuccess: `${host}/success?shop=1`, urlExit: `${host}/exit?shop=1` } }
    }))
    const { page, frame, sessionId, host } = opened
    await frame.getByRole('button', { name: 'Continue' }).click()
    await frame.getByRole('button', { name: 'Flinks Capital' }).click()
    await signIn(frame, 'greatday_nomfa')
    await frame.getByRole('button', { name: button }).click()
    await frame.getByRole('heading', { name: 'Landing' }).waitFor()
    t.equal(hostedFrame(page).url(), `${host}/${target}?shop=1&sessionId=${sessionId}&referenceId=order-42`, button)
    // RedirectUri sessions leave by navigating: nothing is posted.
    t.strictSame(await stepsReceived(page, hostedFrame(page)), [], button)
  }
})

t.test('Happy1 with a webhook: the page waits while the merchant confirms the guarantee, then completes', async t => {
  const hook = await webhookReceiver(t, 'whsec-page')
  const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
  const clients = [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement, webhook: { url: hook.url, secret: 'whsec-page' } }]
  const opened = await openFramed(t, () => geft('Happy1', 'John', 'Doe'), { clients })
  const { page, frame, mock } = opened
  await frame.getByRole('button', { name: 'I agree' }).click()
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  await signIn(frame, 'Happy1')
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Approve' }).click()
  await frame.getByRole('heading', { name: 'Waiting for the merchant' }).waitFor()
  t.match(await statusOf(opened), { status: 'InProgress' })
  await mock.app.mock.webhooks.settled()
  t.match(JSON.parse(hook.received[0]?.body ?? '{}'), { sessionId: opened.sessionId, guaranteeDetails: { guaranteeOffered: true, guaranteeAccepted: null } })
  const confirmed = await mock.inject({ method: 'POST', url: `/api/v2/sessions/${opened.sessionId}/guarantees/confirm`, headers: { authorization: `Bearer ${opened.token}` }, payload: { guaranteeAccepted: true } })
  t.equal(confirmed.statusCode, 200)
  await frame.getByRole('button', { name: 'Sign and pay' }).click()
  await frame.getByRole('heading', { name: 'Payment complete' }).waitFor()
  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'GUARANTEE_OFFERED', 'SUCCESS'])
  t.match(await statusOf(opened), { status: 'Completed', statusDetails: 'EFT0301' })
})

t.test('a guarantee the merchant refuses ends the waiting page with GUARANTEE_FAILED', async t => {
  const hook = await webhookReceiver(t, 'whsec-page')
  const settlement = { institutionCode: '999', transitNumber: '00010', accountNumber: '1234567' }
  const clients = [{ id: 'flinks-mock-client', secret: 'flinks-mock-secret', defaultSettlementAccount: settlement, webhook: { url: hook.url, secret: 'whsec-page' } }]
  const opened = await openFramed(t, () => geft('Happy1', 'John', 'Doe'), { clients })
  const { page, frame, mock } = opened
  await frame.getByRole('button', { name: 'I agree' }).click()
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  await signIn(frame, 'Happy1')
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Approve' }).click()
  await frame.getByRole('heading', { name: 'Waiting for the merchant' }).waitFor()
  await mock.inject({ method: 'POST', url: `/api/v2/sessions/${opened.sessionId}/guarantees/confirm`, headers: { authorization: `Bearer ${opened.token}` }, payload: { guaranteeAccepted: false } })
  await frame.getByRole('heading', { name: 'No guarantee could be offered' }).waitFor()
  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'GUARANTEE_OFFERED', 'GUARANTEE_FAILED'])
  await mock.app.mock.webhooks.settled()
})

/** A GEFT session walked to its PAD screen (consent, bank, sign-in, account, review). */
async function toPad(t: Test, extra: Record<string, unknown> = {}): Promise<Opened> {
  const opened = await openFramed(t, () => geft('Happy1', 'John', 'Doe', extra))
  const { frame } = opened
  await frame.getByRole('button', { name: 'I agree' }).click()
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  await signIn(frame, 'Happy1')
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Approve' }).click()
  await frame.getByRole('heading', { name: 'Sign the pre-authorized debit agreement' }).waitFor()
  return opened
}

t.test('the PAD screen: downloading posts COMPONENT_PAD_DOWNLOADED, signing completes with SUCCESS', async t => {
  const opened = await toPad(t)
  const { page, frame } = opened
  t.match(await details(opened), { status: 'InProgress', step: { current: 'Pad' } })
  const [download] = await Promise.all([page.waitForEvent('download'), frame.getByRole('button', { name: 'Download the agreement' }).click()])
  t.equal(download.suggestedFilename(), 'pad-agreement.txt')
  await frame.getByRole('button', { name: 'Sign and pay' }).click()
  await frame.getByRole('heading', { name: 'Payment complete' }).waitFor()
  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'GUARANTEE_OFFERED', 'COMPONENT_PAD_DOWNLOADED', 'SUCCESS'])
  t.match(await statusOf(opened), { status: 'Completed', statusDetails: 'EFT0301' })
})

t.test('leaving at the PAD warning posts COMPONENT_PAD_WARNING_SCREEN_EXIT and ends Completed/EFT0302; "Back" returns to the agreement', async t => {
  const opened = await toPad(t)
  const { page, frame } = opened
  await frame.getByRole('button', { name: 'Exit' }).click()
  await frame.getByRole('button', { name: 'Back to the agreement' }).click()
  await frame.getByRole('button', { name: 'Exit' }).click()
  await frame.getByRole('heading', { name: 'Leave without signing?' }).waitFor()
  await frame.getByRole('button', { name: 'Leave' }).click()
  await frame.getByRole('heading', { name: 'Payment not authorized' }).waitFor()
  t.equal(await frame.locator('.outcome').textContent(), 'Status: Completed (EFT0302).')
  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'GUARANTEE_OFFERED', 'COMPONENT_PAD_WARNING_SCREEN_EXIT'])
  t.match(await statusOf(opened), { status: 'Completed', statusDetails: 'EFT0302' })
})

t.test('other funding options at the PAD post COMPONENT_OTHER_FUNDING_OPTIONS_SELECTED and end Completed/EFT0302', async t => {
  const opened = await toPad(t)
  const { page, frame } = opened
  await frame.getByRole('button', { name: 'Other funding options' }).click()
  await frame.getByRole('heading', { name: 'Payment not authorized' }).waitFor()
  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'GUARANTEE_OFFERED', 'COMPONENT_OTHER_FUNDING_OPTIONS_SELECTED'])
  t.match(await statusOf(opened), { status: 'Completed', statusDetails: 'EFT0302' })
})

t.test('without the consent screen, CONSENT_DISABLED follows APP_MOUNTED (GEFT with showConsentScreen false, and regular EFT)', async t => {
  const geftOff = await openFramed(t, () => geft('Happy1', 'John', 'Doe', { options: { guarantee: { enable: true }, showConsentScreen: false } }))
  await geftOff.frame.getByRole('heading', { name: 'Review your payment' }).waitFor()
  t.strictSame((await stepsReceived(geftOff.page, hostedFrame(geftOff.page))).map(e => (e as { step: string }).step), ['APP_MOUNTED', 'CONSENT_DISABLED'])
  const eft = await openFramed(t, () => ({ referenceId: 'eft-1', type: 'EFT', direction: 'DEBIT', amount: 40, payor: { firstName: 'Sara', lastName: 'Ahmad' } }))
  const { page, frame } = eft
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Flinks Capital' }).click()
  await signIn(frame, 'greatday_nomfa')
  await frame.getByRole('button', { name: 'Continue' }).click()
  await frame.getByRole('button', { name: 'Approve' }).click()
  await frame.getByRole('button', { name: 'Sign and pay' }).click()
  await frame.getByRole('heading', { name: 'Payment complete' }).waitFor()
  const steps = (await stepsReceived(page, hostedFrame(page))).map(e => (e as { step: string }).step)
  t.strictSame(steps, ['APP_MOUNTED', 'CONSENT_DISABLED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'SUCCESS'])
  t.match(await statusOf(eft), { status: 'Completed', statusDetails: 'EFT0301' })
})
