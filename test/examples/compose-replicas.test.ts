import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { parse } from 'yaml'
import { configSchema, settings } from '../../src/config.js'

// examples/docker-compose.replicas.yml (README, "Running several replicas"): one Redis, two replicas,
// a load balancer. No compose engine runs here (see compose.test.ts), so this file checks what
// the README promises of it; test/replicas/walk-through.test.ts runs the same topology as processes.
const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url))
const rootDir = fileURLToPath(new URL('../../', import.meta.url))

interface Service {
  image?: string
  build?: string | { context?: string }
  environment?: Record<string, string | number | boolean | null>
  volumes?: string[]
  ports?: string[]
  healthcheck?: { test?: string[] }
  depends_on?: Record<string, { condition?: string }>
}

const compose = parse(readFileSync(`${examplesDir}docker-compose.replicas.yml`, 'utf8')) as { services: Record<string, Service> }
const { services } = compose
const replicaNames = ['flinks-mock-1', 'flinks-mock-2']
const replicas = replicaNames.map(name => services[name] as Service)
const balancer = services['load-balancer'] as Service
const port = String(configSchema.properties.port.default)

/** The host file of a short-syntax bind mount onto `target`, relative to the compose file. */
function mountedAt(service: Service, target: string): string | undefined {
  const volume = (service.volumes ?? []).find(v => v.split(':')[1] === target)
  return volume === undefined ? undefined : fileURLToPath(new URL(volume.split(':')[0] as string, `file://${examplesDir}`))
}

const caddyfile = readFileSync(mountedAt(balancer, '/etc/caddy/Caddyfile') ?? '', 'utf8')

t.test('the example has Redis, two replicas and a load balancer', async t => {
  t.strictSame(Object.keys(services), ['redis', ...replicaNames, 'load-balancer'])
  t.equal(services.redis?.image, 'redis:7', 'the official image of the Redis Debian ships (7)')
  t.strictSame(services.redis?.healthcheck?.test, ['CMD', 'redis-cli', 'ping'])
})

t.test('both replicas are built from the repository root and its Dockerfile, with the same settings', async t => {
  for (const [i, replica] of replicas.entries()) {
    const context = typeof replica.build === 'string' ? replica.build : replica.build?.context
    t.equal(fileURLToPath(new URL(`${context}/`, `file://${examplesDir}`)), rootDir, `replica ${i + 1}`)
  }
  t.strictSame(replicas[1], replicas[0])
  t.ok(existsSync(`${rootDir}Dockerfile`))
})

t.test('the replicas share the Redis service as their store, and every variable they set is a setting', async t => {
  const environment = replicas[0]?.environment ?? {}
  t.equal(environment.FLINKS_MOCK_STORE, 'redis://redis:6379/0')
  t.ok(new URL(String(environment.FLINKS_MOCK_STORE)).hostname in services, 'the store URL names the Redis service')
  const known = new Set(settings.map(s => s.env))
  for (const name of Object.keys(environment)) t.ok(known.has(name), `${name} is a setting`)
})

t.test('a replica starts once Redis answers, and its healthcheck asks liveness on the port it listens on', async t => {
  t.strictSame(replicas[0]?.depends_on, { redis: { condition: 'service_healthy' } })
  t.match(replicas[0]?.healthcheck?.test?.join(' '), `http://127.0.0.1:${port}/healthz/live'`)
})

t.test('the load balancer publishes the mock\'s port and starts once both replicas are up', async t => {
  t.match(balancer.image, /^caddy:2/)
  t.strictSame(balancer.ports, [`${port}:${port}`])
  t.strictSame(balancer.depends_on, Object.fromEntries(replicaNames.map(name => [name, { condition: 'service_healthy' }])))
  t.match(balancer.healthcheck?.test?.join(' '), `http://127.0.0.1:${port}/healthz`)
})

t.test('every depends_on names a service with a healthcheck', async t => {
  for (const [name, service] of Object.entries(services)) {
    for (const dependency of Object.keys(service.depends_on ?? {})) t.ok(services[dependency]?.healthcheck?.test, `${name} waits for ${dependency}, which has a healthcheck`)
  }
})

t.test('the Caddyfile sends requests to both replicas in turn and asks their readiness, /healthz', async t => {
  t.match(caddyfile, new RegExp(`^:${port} \\{$`, 'm'), 'it listens on the published port')
  const upstreams = /^\s*reverse_proxy (.+) \{$/m.exec(caddyfile)?.[1]?.split(/\s+/)
  t.strictSame(upstreams, replicaNames.map(name => `${name}:${port}`))
  t.match(caddyfile, /^\s*lb_policy round_robin$/m)
  t.match(caddyfile, /^\s*health_uri \/healthz$/m)
})
