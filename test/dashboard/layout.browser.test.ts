/**
 * Every view of the dashboard at 375 px (a phone) and 1280 px (a laptop) in headless Chromium: a
 * screenshot of each, kept in test/dashboard/screenshots/<view>-<width>.png, and no layout broken
 * (nothing wider than the window; tables scroll inside their own box).
 */
import { mkdirSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import t from 'tap'
import { groupNames } from '../../src/coverage/catalogue.js'
import { launchBrowser } from '../helpers/browser.js'
import { clientsWithWebhook, openDashboard, populate, type Dashboard } from './fixture.js'

let browser: Browser
t.before(async () => {
  browser = await launchBrowser()
})
t.teardown(() => browser.close())

const screenshots = new URL('./screenshots/', import.meta.url)
mkdirSync(screenshots, { recursive: true })

interface Layout {
  innerWidth: number
  scrollWidth: number
  /** Elements, outside a table's scroll box, that reach past the window's edges. */
  overflowing: string[]
  /** Table boxes that do not scroll sideways, or are wider than the window. */
  badTableBoxes: string[]
  tables: number
}

// Browser code as text: the project's TypeScript has no DOM types.
const measure = `(() => {
  const name = element => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + (element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\\s+/).join('.') : '')
  const overflowing = []
  for (const element of document.body.querySelectorAll('*')) {
    if (element.parentElement && element.parentElement.closest('.table-wrap')) continue
    const box = element.getBoundingClientRect()
    if (box.width === 0 && box.height === 0) continue
    if (box.left < -0.5 || box.right > innerWidth + 0.5) overflowing.push(name(element) + ' ' + Math.round(box.left) + '..' + Math.round(box.right))
  }
  const wraps = Array.from(document.querySelectorAll('.table-wrap'))
  const badTableBoxes = wraps.filter(wrap => getComputedStyle(wrap).overflowX !== 'auto' || wrap.getBoundingClientRect().width > innerWidth).map(name)
  return { innerWidth, scrollWidth: document.documentElement.scrollWidth, overflowing, badTableBoxes, tables: wraps.length }
})()`

const longClientId = 'partner-with-a-rather-long-client-identifier-0123456789abcdefghij'

const views: Array<{ name: string, route: string, tables: number, prepare?: (dashboard: Dashboard) => Promise<void> }> = [
  { name: 'sessions', route: 'sessions', tables: 1 },
  { name: 'session', route: 'session', tables: 1 },
  {
    name: 'journal',
    route: 'journal',
    tables: 1,
    prepare: async ({ page }) => {
      await page.getByRole('button', { name: 'Show request 2' }).click()
      await page.evaluate("document.querySelector('.table-wrap').scrollLeft = 0")
    }
  },
  { name: 'clock', route: 'clock', tables: 0 },
  {
    // The clock view with own clocks, given through the page, one of a client with a long id.
    name: 'clocks',
    route: 'clock',
    tables: 0,
    prepare: async dashboard => {
      for (const clientId of ['team-b', longClientId]) {
        await dashboard.page.getByLabel('Client id').fill(clientId)
        await dashboard.page.getByRole('button', { name: 'Give its own clock' }).click()
        await dashboard.page.locator('main .flash', { hasText: `${clientId} has its own clock` }).waitFor()
      }
      await dashboard.page.getByRole('button', { name: `+1 day, ${longClientId}'s clock` }).click()
      await dashboard.page.locator('main .flash', { hasText: 'moved 86400 seconds forward' }).waitFor()
    }
  },
  { name: 'webhooks', route: 'webhooks', tables: 1 },
  { name: 'outbox', route: 'outbox', tables: 1 },
  // A table per coverage group.
  { name: 'coverage', route: 'coverage', tables: groupNames.length },
  { name: 'sign-in', route: 'sign-in', tables: 0 }
]

for (const width of [375, 1280]) {
  t.test(`at ${width} px, every view fits the window, its tables scrolling in their own box`, async t => {
    const clients = [...await clientsWithWebhook(t, [500, 200]), { id: longClientId, secret: 'long-secret' }]
    const dashboard = await openDashboard(t, browser, { clients, autoplay: true }, { width, height: 800 })
    const { mock, page } = dashboard
    await populate(mock)
    const happy = (await mock.createSession({ referenceId: 'Happy1', type: 'EFT', direction: 'DEBIT', amount: 100, payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@gmail.com' } })).json().sessionId as string
    mock.clock.advance(60)
    const deliveries = (await mock.inject({ url: '/__admin/webhooks' })).json().deliveries as Array<{ id: string }>
    await mock.inject({ method: 'POST', url: `/__admin/webhooks/${deliveries[0]?.id}/redeliver` })

    for (const view of views) {
      if (view.name === 'sign-in') {
        await page.goto(`${dashboard.base}/__admin/ui#/sessions`)
        await dashboard.drawn('sessions')
        await page.getByRole('button', { name: 'Sign in' }).click()
        await dashboard.signInShown()
      } else {
        await dashboard.open(view.route === 'session' ? `sessions/${happy}` : view.route)
      }
      await view.prepare?.(dashboard)
      await page.mouse.move(0, 0)
      await page.screenshot({ path: new URL(`${view.name}-${width}.png`, screenshots).pathname, fullPage: true })
      const layout = await page.evaluate(measure) as Layout
      t.ok(layout.scrollWidth <= layout.innerWidth, `${view.name}: no sideways scrolling of the page (${layout.scrollWidth} <= ${layout.innerWidth})`)
      t.strictSame(layout.overflowing, [], `${view.name}: no element past the window's edges`)
      t.strictSame(layout.badTableBoxes, [], `${view.name}: tables scroll in their own box`)
      t.equal(layout.tables, view.tables, `${view.name}: ${view.tables} table(s) drawn`)
    }
  })
}
