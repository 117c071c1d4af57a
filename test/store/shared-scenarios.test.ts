/** A scenario reload through one replica makes every replica read its files again. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import t from 'tap'
import { build } from '../helpers/app.js'
import { startRedis } from './redis-server.js'

const scenario = (name: string) => `scenarios:\n  - name: ${name}\n    description: ${name}.\n    match: { referenceIdPrefix: ${name} }\n    lifecycle: { flow: [{ afterSeconds: 1, status: Completed, statusDetails: EFT0301 }] }\n`

/** A logger stream that resolves `logged` with the first line whose message matches. */
function logLines(pattern: RegExp) {
  let found: (line: string) => void = () => undefined
  const logged = new Promise<string>(resolve => {
    found = resolve
  })
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (pattern.test(String(chunk))) found(String(chunk))
      done()
    }
  })
  return { stream, logged }
}

t.test('a reload announced by one replica is made by the others; a bad file there keeps their set', async t => {
  const redis = await startRedis(t)
  const dirA = mkdtempSync(join(tmpdir(), 'flinks-mock-replica-a-'))
  const dirB = mkdtempSync(join(tmpdir(), 'flinks-mock-replica-b-'))
  writeFileSync(join(dirA, 'one.yaml'), scenario('one'))
  writeFileSync(join(dirB, 'one.yaml'), scenario('one'))
  const reloaded = logLines(/scenarios reloaded|reload announced/)
  const a = await build(t, { store: redis.url, scenarioDirs: [dirA], defaultScenarios: false })
  const b = await build(t, { store: redis.url, scenarioDirs: [dirB], defaultScenarios: false }, { logger: { level: 'info', stream: reloaded.stream } })
  writeFileSync(join(dirA, 'two.yaml'), scenario('two'))
  writeFileSync(join(dirB, 'two.yaml'), scenario('two'))
  t.strictSame((await a.inject({ method: 'POST', url: '/__admin/scenarios/reload' })).json(), { scenarios: 2 })
  await reloaded.logged
  t.equal(((await b.inject({ url: '/__admin/scenarios' })).json() as { scenarios: unknown[] }).scenarios.length, 2)
})

t.test('a reload that fails on another replica is logged there, and its scenarios stay', async t => {
  const redis = await startRedis(t)
  const dirA = mkdtempSync(join(tmpdir(), 'flinks-mock-replica-a-'))
  const dirB = mkdtempSync(join(tmpdir(), 'flinks-mock-replica-b-'))
  writeFileSync(join(dirA, 'one.yaml'), scenario('one'))
  writeFileSync(join(dirB, 'one.yaml'), scenario('one'))
  const failed = logLines(/reload announced by another replica failed/)
  const a = await build(t, { store: redis.url, scenarioDirs: [dirA], defaultScenarios: false })
  const b = await build(t, { store: redis.url, scenarioDirs: [dirB], defaultScenarios: false }, { logger: { level: 'error', stream: failed.stream } })
  writeFileSync(join(dirB, 'bad.yaml'), 'scenarios:\n  - name: bad\n')
  t.equal((await a.inject({ method: 'POST', url: '/__admin/scenarios/reload' })).statusCode, 200)
  t.match(await failed.logged, /bad\.yaml/)
  t.equal(((await b.inject({ url: '/__admin/scenarios' })).json() as { scenarios: unknown[] }).scenarios.length, 1)
})

t.test('a bad scenario file with a Redis store stops buildServer and lets the connection go', async t => {
  const redis = await startRedis(t)
  const dir = mkdtempSync(join(tmpdir(), 'flinks-mock-replica-bad-'))
  writeFileSync(join(dir, 'bad.yaml'), 'scenarios:\n  - name: bad\n')
  await t.rejects(build(t, { store: redis.url, scenarioDirs: [dir] }), { name: 'ScenarioError' })
})
