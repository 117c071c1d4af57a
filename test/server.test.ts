import t from 'tap'
import { loadConfig } from '../src/config.js'
import { buildServer } from '../src/server.js'

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
