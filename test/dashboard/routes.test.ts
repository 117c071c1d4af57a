import { readFileSync } from 'node:fs'
import t from 'tap'
import { dashboardAssetsDir } from '../../src/dashboard/routes.js'
import { basic, build, problemType } from '../helpers/app.js'

const file = (name: string) => readFileSync(new URL(name, dashboardAssetsDir), 'utf8')
const csp = "default-src 'self'; img-src 'self' data:; base-uri 'none'; object-src 'none'; form-action 'none'; frame-ancestors 'none'"

const served = [
  { url: '/__admin/ui', name: 'index.html', type: 'text/html; charset=utf-8' },
  { url: '/__admin/ui/dashboard.js', name: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
  { url: '/__admin/ui/dashboard.css', name: 'dashboard.css', type: 'text/css; charset=utf-8' }
]

for (const { url, name, type } of served) {
  t.test(`GET ${url} answers ${name} as it is, never cached, under a strict CSP`, async t => {
    const mock = await build(t)
    const res = await mock.inject({ url })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], type)
    t.equal(res.headers['cache-control'], 'no-store')
    t.equal(res.headers['content-security-policy'], csp)
    t.equal(res.headers['x-content-type-options'], 'nosniff')
    t.equal(res.headers['referrer-policy'], 'no-referrer')
    t.equal(res.body, file(name))
    t.equal(mock.checked, 1, 'checked against openapi/admin.yaml')
  })
}

t.test('the page and its files need no credentials, even with ADMIN_TOKEN set: they hold no data', async t => {
  const mock = await build(t, { adminToken: 'admin-token-1' })
  for (const { url } of served) {
    t.equal((await mock.inject({ url })).statusCode, 200, url)
    t.equal((await mock.inject({ url, headers: { authorization: 'Bearer wrong' } })).statusCode, 200, `${url} with a wrong token`)
    t.equal((await mock.inject({ url, headers: { authorization: basic('nobody', 'nothing') } })).statusCode, 200, `${url} with unknown Basic credentials`)
  }
  const api = await mock.inject({ url: '/__admin/sessions' })
  t.equal(api.statusCode, 401, 'the API it reads still asks for them')
})

t.test('the page is also at /__admin/ui/, and names its script and stylesheet by absolute path', async t => {
  const mock = await build(t)
  const res = await mock.inject({ url: '/__admin/ui/' })
  t.equal(res.statusCode, 200)
  t.match(res.body, '<script type="module" src="/__admin/ui/dashboard.js"></script>')
  t.match(res.body, '<link rel="stylesheet" href="/__admin/ui/dashboard.css">')
  t.notMatch(res.body, /<script>|\sstyle=|\son[a-z]+=/, 'no inline code for the CSP to refuse')
})

t.test('another method answers 405 with Allow: GET', async t => {
  const mock = await build(t)
  for (const { url } of served) {
    const res = await mock.inject({ method: 'POST', url })
    t.equal(res.statusCode, 405, url)
    t.equal(res.headers.allow, 'GET')
    t.equal(res.headers['content-type'], problemType)
  }
})

t.test('the admin API document declares the dashboard, so the served one lists it', async t => {
  const mock = await build(t)
  const paths = (await mock.inject({ url: '/__admin/openapi.json' })).json().paths
  t.strictSame(Object.keys(paths).filter(p => p.startsWith('/__admin/ui')), ['/__admin/ui', '/__admin/ui/dashboard.js', '/__admin/ui/dashboard.css'])
  t.same(Object.keys(paths['/__admin/ui'].get.responses['200'].content), ['text/html'])
})

t.test('the script builds the page from text: it never writes HTML from data', async t => {
  const script = file('dashboard.js')
  t.notMatch(script, /\.(innerHTML|outerHTML|insertAdjacentHTML|write)\b|\beval\(|new Function/)
})
