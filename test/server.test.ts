import { execFileSync } from 'node:child_process'
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

t.test('start-up loads none of the packages only some requests need: they are required on first use (issue 11)', async t => {
  // The build (npm test makes it first), in a process of its own: this one has loaded tap's packages.
  const script = `
    const { buildServer, loadConfig } = await import('./dist/index.js')
    const app = await buildServer(loadConfig({ overrides: { logLevel: 'silent' } }))
    await app.ready()
    const loaded = Object.keys((await import('node:module')).createRequire(import.meta.url).cache).map(file => file.split('/node_modules/').at(-1))
    process.stdout.write(JSON.stringify(loaded))
    await app.close()`
  const loaded: string[] = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' }))
  // Each package's main module (Fastify loads fast-json-stringify's serializer runtime, and the
  // configuration's validator ajv's runtime helpers: small files, not the packages).
  const later = ['accepts/index.js', 'ajv/dist/ajv.js', 'ajv-formats/dist/index.js', 'fast-json-stringify/index.js', 'jsonc-parser/lib/umd/main.js', 'prom-client/index.js', 'yaml/dist/index.js',
    '@fastify/swagger/index.js', '@fastify/swagger-ui/index.js', '@fastify/static/index.js', '@fastify/ajv-compiler/index.js']
  t.strictSame(loaded.filter(file => later.includes(file)), [])
  t.ok(loaded.includes('fastify/fastify.js'), 'the check sees the packages that are loaded')
})
