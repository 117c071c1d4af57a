import { readFileSync } from 'node:fs'
import t from 'tap'
import { configFileSetting, configSchema, settings } from '../../src/config.js'

// The facts the README states about the image, read from the Dockerfile; scripts/container-test.sh runs it for real.
const root = new URL('../../', import.meta.url)
const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8')
const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { files: string[] }

/** The instructions, one per entry: continuation lines joined, comments dropped. */
const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n')
  .map(line => line.trim())
  .filter(line => line !== '' && !line.startsWith('#'))
  .map(line => {
    const [, name = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? []
    return { name: name.toUpperCase(), args }
  })
const lastFrom = instructions.findLastIndex(i => i.name === 'FROM')
/** The instructions of the runtime stage (the last FROM). */
const runtime = instructions.slice(lastFrom)
const valuesOf = (name: string, stage = runtime) => stage.filter(i => i.name === name).map(i => i.args)

/** The variables the runtime stage sets, from `ENV A=1 B=2` lines. */
const env = new Map(valuesOf('ENV').flatMap(args => args.split(/\s+/).map(pair => pair.split('=') as [string, string])))

t.test('both stages build on the image that the NODE_IMAGE argument names, a Node.js LTS by default', async t => {
  t.strictSame(valuesOf('ARG', instructions), ['NODE_IMAGE=node:24-alpine'])
  t.strictSame(valuesOf('FROM', instructions), ['${NODE_IMAGE} AS build', '${NODE_IMAGE}'])
})

t.test('the runtime stage installs production dependencies only and takes the compiled JavaScript from the build', async t => {
  t.match(valuesOf('RUN').join('\n'), /npm ci --omit=dev/)
  t.ok(valuesOf('COPY').includes('--from=build /app/dist/ dist/'))
})

t.test('the runtime stage copies every file the package publishes', async t => {
  const copied = valuesOf('COPY').map(args => args.split(/\s+/).at(-1))
  for (const file of packageJson.files) t.ok(copied.includes(file), `${file} is copied`)
})

t.test('the image exposes the default port and listens on every interface', async t => {
  t.strictSame(valuesOf('EXPOSE'), [String(configSchema.properties.port.default)])
  t.equal(env.get('PORT'), String(configSchema.properties.port.default))
  t.equal(env.get('HOST'), '0.0.0.0')
})

t.test('the image loads /scenarios after the defaults and sets no config file, whose absence would stop start-up', async t => {
  t.equal(env.get('FLINKS_MOCK_SCENARIOS'), '/scenarios')
  t.notOk(env.has(configFileSetting.env))
  t.match(valuesOf('RUN').join('\n'), /mkdirSync\('\/scenarios'\).*mkdirSync\('\/config'\)/)
})

t.test('every variable the image sets is a setting, or NODE_ENV', async t => {
  const known = new Set(['NODE_ENV', ...settings.map(s => s.env)])
  for (const name of env.keys()) t.ok(known.has(name), `${name} is known`)
})

t.test('the mock runs as a user who is not root', async t => {
  const users = valuesOf('USER')
  t.equal(users.length, 1)
  t.notMatch(users[0], /^(root|0)(:|$)/)
})

t.test('the healthcheck asks /healthz with node, so the image needs no curl', async t => {
  const [healthcheck] = valuesOf('HEALTHCHECK')
  t.match(healthcheck, /CMD \["node", "-e", ".*fetch\(.*\/healthz'/)
})

t.test('node is PID 1 and receives SIGTERM, which the CLI handles by draining requests', async t => {
  t.strictSame(valuesOf('STOPSIGNAL'), ['SIGTERM'])
  // The exec form: a shell form would make /bin/sh PID 1, and it does not pass SIGTERM on.
  t.strictSame(valuesOf('ENTRYPOINT'), ['["node", "/app/bin/flinks-mock.js"]'])
  t.strictSame(valuesOf('CMD'), [])
})

t.test('.dockerignore lets in every path the Dockerfile copies from the context', async t => {
  const lines = readFileSync(new URL('.dockerignore', root), 'utf8').split('\n')
  t.ok(lines.includes('*'), 'everything else is left out')
  const allowed = lines.filter(line => line.startsWith('!')).map(line => line.slice(1))
  const sources = valuesOf('COPY', instructions).filter(args => !args.startsWith('--from')).flatMap(args => args.split(/\s+/).slice(0, -1))
  for (const source of sources) t.ok(allowed.some(path => source === path || source.startsWith(path)), `${source} is let in`)
})
