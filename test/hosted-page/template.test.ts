import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { escapeHtml, loadPageAssets } from '../../src/hosted-page/template.js'
import { redirectUrl } from '../../src/hosted-page/view.js'
import type { Session } from '../../src/sessions/lifecycle.js'

t.test('a page template without one of its placeholders stops start-up, naming the file and what it lacks', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'hosted-page-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'index.html'), '<html lang="{{lang}}"><title>{{title}}</title></html>')
  t.throws(() => loadPageAssets(pathToFileURL(`${dir}/`)), new Error(`${join(dir, 'index.html')} lacks {{sessionId}}, {{content}}`))
})

t.test('escapeHtml makes text safe in HTML text and quoted attributes', async t => {
  t.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
})

t.test('a redirect URL that does not parse is not followed', async t => {
  const session = { id: 'id', request: { referenceId: 'r' } } as Session
  t.equal(redirectUrl('not a url', session), null)
  t.equal(redirectUrl(undefined, session), null)
})
