import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { parse } from 'yaml'
import { configSchema, settings } from '../../src/config.js'
import { defaultScenarioDir, readScenarioDirs } from '../../src/scenarios/loader.js'
import { createScenarioSet } from '../../src/scenarios/matcher.js'

// Podman-compose 1.0.3 (Debian's) has no `config` check: it ignores conditions and unknown services, so this file does it.
const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url))
const rootDir = fileURLToPath(new URL('../../', import.meta.url))

interface Service {
  image?: string
  build?: string | { context?: string, args?: Record<string, string> }
  environment?: Record<string, string | number | boolean | null> | string[]
  volumes?: string[]
  healthcheck?: { test?: string | string[] }
  depends_on?: string[] | Record<string, { condition?: string }>
  command?: string | string[]
}

const compose = parse(readFileSync(`${examplesDir}docker-compose.yml`, 'utf8')) as { services: Record<string, Service> }
const services = compose.services
const mock = services['flinks-mock'] as Service
const client = services.client as Service

/** The service's environment as a map, from either of the forms compose accepts. */
function environmentOf(service: Service): Map<string, string> {
  const { environment = {} } = service
  if (Array.isArray(environment)) return new Map(environment.map(line => [line.split('=')[0] as string, line.slice(line.indexOf('=') + 1)]))
  return new Map(Object.entries(environment).map(([key, value]) => [key, String(value ?? '')]))
}

/** The service's depends_on as a map of conditions, from either of the forms compose accepts. */
function dependenciesOf(service: Service): Map<string, string> {
  const { depends_on: dependsOn = {} } = service
  if (Array.isArray(dependsOn)) return new Map(dependsOn.map(name => [name, 'service_started']))
  return new Map(Object.entries(dependsOn).map(([name, { condition = 'service_started' }]) => [name, condition]))
}

/** The host directory of a short-syntax bind mount onto `target`, relative to the compose file. */
function mountedAt(service: Service, target: string): string | undefined {
  const volume = (service.volumes ?? []).find(v => v.split(':')[1] === target)
  return volume === undefined ? undefined : fileURLToPath(new URL(volume.split(':')[0] as string, `file://${examplesDir}`))
}

t.test('the example has the mock and a client', async t => {
  t.strictSame(Object.keys(services), ['flinks-mock', 'client'])
})

t.test('every service has an image or a build', async t => {
  for (const [name, service] of Object.entries(services)) t.ok(service.image !== undefined || service.build !== undefined, name)
})

t.test('the mock is built from the repository root and its Dockerfile', async t => {
  const context = typeof mock.build === 'string' ? mock.build : mock.build?.context
  t.equal(fileURLToPath(new URL(`${context}/`, `file://${examplesDir}`)), rootDir)
  t.ok(existsSync(`${rootDir}Dockerfile`))
})

t.test('every depends_on names a service, with a known condition; a service_healthy target has a healthcheck', async t => {
  const conditions = ['service_started', 'service_healthy', 'service_completed_successfully']
  for (const [name, service] of Object.entries(services)) {
    for (const [dependency, condition] of dependenciesOf(service)) {
      t.ok(dependency in services, `${name} depends on ${dependency}, a service of the file`)
      t.ok(conditions.includes(condition), `${name}: ${condition} is a compose condition`)
      if (condition === 'service_healthy') t.ok(services[dependency]?.healthcheck?.test, `${dependency} has a healthcheck`)
    }
  }
})

t.test('the client starts once the mock is healthy', async t => {
  t.strictSame([...dependenciesOf(client)], [['flinks-mock', 'service_healthy']])
})

t.test('the mock healthcheck asks /healthz on the port the mock listens on', async t => {
  const port = environmentOf(mock).get('PORT') ?? String(configSchema.properties.port.default)
  t.match([mock.healthcheck?.test].flat().join(' '), `127.0.0.1:${port}/healthz`)
})

t.test('every variable the compose file sets for the mock is a setting', async t => {
  const known = new Set(settings.map(s => s.env))
  for (const name of environmentOf(mock).keys()) t.ok(known.has(name), `${name} is a setting`)
})

t.test('the mounted scenario directory exists and its files load', async t => {
  const dir = mountedAt(mock, '/scenarios')
  t.ok(dir !== undefined && existsSync(dir), `${dir} exists`)
  t.equal(environmentOf(mock).get('FLINKS_MOCK_SCENARIOS') ?? '/scenarios', '/scenarios')
  t.strictSame(readScenarioDirs([dir as string]).map(s => s.name), ['compose-happy'])
})

t.test('the client reaches the mock by its service name, and its referenceId picks the mounted scenario', async t => {
  const env = environmentOf(client)
  t.equal(env.get('FLINKS_BASE_URL'), `http://flinks-mock:${environmentOf(mock).get('PORT') ?? configSchema.properties.port.default}`)
  const scenarios = createScenarioSet(readScenarioDirs([defaultScenarioDir, mountedAt(mock, '/scenarios') as string]))
  const scenario = scenarios.match(env.get('FLINKS_REFERENCE_ID'))
  t.equal(scenario?.name, 'compose-happy')
  t.equal(scenario?.lifecycle?.flow.at(-1)?.status, 'Completed')
})

t.test('the client script is mounted where its command runs it', async t => {
  t.strictSame(client.volumes, ['./client:/client:ro'])
  t.ok(existsSync(`${examplesDir}client/client.mjs`))
  t.strictSame(client.command, ['node', '/client/client.mjs'])
})
