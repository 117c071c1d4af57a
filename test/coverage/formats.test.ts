import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { build, eTransferBody } from '../helpers/app.js'
import { escapeMarkup, htmlReport, junitReport } from '../../src/coverage/formats.js'
import type { CoverageReport } from '../../src/coverage/report.js'

// A scenario whose description holds markup: every format must show it as text.
function scenarioDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coverage-formats-'))
  writeFileSync(join(dir, 'odd.yaml'), `scenarios:\n  - name: Odd\n    description: "<script>alert('x')</script> & \\"quoted\\""\n    match: { referenceIdPrefix: Odd- }\n    error: { status: 500 }\n`)
  return dir
}

const report: CoverageReport = {
  clientId: 'a<b',
  cases: 3,
  covered: 1,
  groups: [
    { name: 'scenarios', cases: 1, covered: 1, items: [{ id: 'scenario:Odd', description: '<b>&', covered: true, count: 2 }] },
    {
      name: 'behaviours',
      cases: 1,
      covered: 0,
      items: [{ id: 'behaviour:waits-for-retry-after', description: 'Waits.', covered: false, count: 1, violations: 2 }]
    },
    { name: 'webhooks', cases: 1, covered: 0, items: [{ id: 'webhook:GuaranteeOffered', description: 'Guarantee.', covered: false, count: 0, failed: 3 }] }
  ]
}

t.test('escapeMarkup escapes the five characters markup gives a meaning', async t => {
  t.equal(escapeMarkup(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  t.equal(escapeMarkup(42), '42')
})

t.test('the JUnit report has a testsuite per group, a testcase per case, a failure saying why', async t => {
  t.equal(junitReport(report), [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites name="flinks-mock coverage of client a&lt;b" tests="3" failures="2">',
    '  <testsuite name="scenarios" tests="1" failures="0">',
    '    <testcase classname="flinks-mock.scenarios" name="scenario:Odd"/>',
    '  </testsuite>',
    '  <testsuite name="behaviours" tests="1" failures="1">',
    '    <testcase classname="flinks-mock.behaviours" name="behaviour:waits-for-retry-after">',
    '      <failure message="behaved otherwise 2 time(s)">Waits.</failure>',
    '    </testcase>',
    '  </testsuite>',
    '  <testsuite name="webhooks" tests="1" failures="1">',
    '    <testcase classname="flinks-mock.webhooks" name="webhook:GuaranteeOffered">',
    '      <failure message="never answered 2xx (3 delivery(ies) failed)">Guarantee.</failure>',
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
    ''
  ].join('\n'))
})

t.test('the page shows each case in a table, every value escaped', async t => {
  const page = htmlReport(report)
  t.ok(page.startsWith('<!doctype html>\n<html lang="en">'))
  t.ok(page.includes('<title>flinks-mock coverage of client a&lt;b</title>'))
  t.ok(page.includes('<p>1 of 3 cases covered since the last reset.</p>'))
  t.ok(page.includes('<tr class="covered"><td><code>scenario:Odd</code></td><td>yes</td><td>2</td><td>&lt;b&gt;&amp;</td></tr>'))
  t.ok(page.includes('<tr class="missing"><td><code>behaviour:waits-for-retry-after</code></td><td>no: behaved otherwise 2 time(s)</td><td>1</td><td>Waits.</td></tr>'))
  t.notOk(page.includes('<b>'))
})

t.test('GET /__admin/coverage answers JUnit XML for Accept: application/xml or format=junit', async t => {
  const mock = await build(t, { scenarioDirs: [scenarioDir()], defaultScenarios: false })
  t.equal((await mock.createSession({ ...eTransferBody(), referenceId: 'Odd-1' })).statusCode, 500)
  for (const request of [{ url: '/__admin/coverage', headers: { accept: 'application/xml' } }, { url: '/__admin/coverage', headers: { accept: 'text/xml' } }, { url: '/__admin/coverage?format=junit', headers: { accept: 'text/html' } }]) {
    const res = await mock.inject(request)
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], 'application/xml; charset=utf-8')
    t.ok(res.body.includes('<testcase classname="flinks-mock.scenarios" name="scenario:Odd"/>'))
    t.ok(res.body.includes('<testcase classname="flinks-mock.operations" name="operation:InitiateSession:500"/>'))
    t.ok(res.body.includes('<testcase classname="flinks-mock.operations" name="operation:InitiateSession:429">\n      <failure message="never exercised">InitiateSession answered 429.</failure>'))
  }
})

t.test('GET /__admin/coverage answers a page for a browser, JSON for */* and anything else', async t => {
  const mock = await build(t, { scenarioDirs: [scenarioDir()] })
  const page = await mock.inject({ url: '/__admin/coverage', headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } })
  t.equal(page.statusCode, 200)
  t.equal(page.headers['content-type'], 'text/html; charset=utf-8')
  t.ok(page.body.includes('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;'))
  t.notOk(page.body.includes('<script>'))
  t.equal((await mock.inject({ url: '/__admin/coverage?format=html' })).headers['content-type'], 'text/html; charset=utf-8')
  for (const accept of ['*/*', 'image/png']) {
    const res = await mock.inject({ url: '/__admin/coverage', headers: { accept } })
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8', accept)
  }
  t.equal((await mock.inject({ url: '/__admin/coverage?format=json', headers: { accept: 'text/html' } })).headers['content-type'], 'application/json; charset=utf-8')
})
