/** Headless Chromium for the hosted page's tests, and a site on another origin that frames the page. */
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import type { Test } from 'tap'

/** Where Debian's chromium package puts the browser (.ci/run installs it when missing). */
export const chromiumPath = '/usr/bin/chromium'

/** Launches Chromium headless; fails with the install command when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install -y --no-install-recommends chromium`)
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
}

const attribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/**
 * Serves, on 127.0.0.1 and a free port, `/host?src=URL`: a page that frames URL and keeps every
 * message it receives in `window.events` (also when it opens URL as a popup); any other path is a
 * landing page for redirects. Closed when the test ends. Resolves with its origin.
 */
export async function serveHost(t: Test): Promise<string> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host')
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    if (url.pathname !== '/host') return response.end('<!doctype html><title>Landing</title><h1>Landing</h1>')
    const src = url.searchParams.get('src') ?? ''
    const frame = url.searchParams.get('popup') === null ? `<iframe title="Flinks Pay" src="${attribute(src)}" width="640" height="720"></iframe>` : ''
    response.end(`<!doctype html><title>Host</title><script>window.events = []; addEventListener('message', event => events.push(event.data))</script>${frame}`)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
