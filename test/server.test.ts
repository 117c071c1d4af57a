import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import t from 'tap'
import { loadConfig } from '../src/config.js'
import { buildServer, noFastifySchemas } from '../src/server.js'

t.test('without a logger option, the server logs with pino at the configured level', async t => {
  const app = await buildServer(loadConfig({ overrides: { logLevel: 'error' } }))
  t.teardown(() => app.close())
  t.equal(app.log.level, 'error')
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200)
})

t.test('the logger option replaces the default one', async t => {
  const app = await buildServer(loadConfig({ overrides: { logLevel: 'error' } }), { logger: { level: 'warn' } })
  t.teardown(() => app.close())
  t.equal(app.log.level, 'warn')
})

t.test('the mock\'s state is on its own server only: other Fastify instances get no mock, in types or at run time', async t => {
  const server = await buildServer(loadConfig({ overrides: { logLevel: 'silent' } }))
  t.teardown(() => server.close())
  t.equal(server.mock.config.logLevel, 'silent')
  const other = Fastify()
  t.teardown(() => other.close())
  // @ts-expect-error FastifyInstance has no `mock`: augmenting it would reach every Fastify instance of a user's project.
  t.equal(other.mock, undefined)
})

t.test('a Fastify schema on a route is refused with the reason: requests are validated against the OpenAPI documents', async t => {
  for (const schema of [{ body: { type: 'object' } }, { response: { 200: { type: 'object' } } }]) {
    const app = await buildServer(loadConfig({ overrides: { logLevel: 'silent' } }), { logger: false })
    t.teardown(() => app.close())
    app.post('/with-a-schema', { schema }, async () => ({}))
    await t.rejects(async () => { await app.ready() }, { message: new RegExp(`${noFastifySchemas.replace(/[()]/g, '\\$&')}$`) })
  }
})

t.test('a scenario directory named twice (as written or resolved) is read once', async t => {
  const dir = fileURLToPath(new URL('./fixtures/scenarios/override', import.meta.url))
  const app = await buildServer(loadConfig({ overrides: { logLevel: 'silent', scenarioDirs: [dir, `${dir}/`, relative(process.cwd(), dir)] } }), { logger: false })
  t.teardown(() => app.close())
  t.equal(app.mock.scenarios.current.all.filter(s => s.name === 'Happy1').length, 1)
})
