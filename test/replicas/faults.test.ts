import { spawn } from 'node:child_process'
import { once } from 'node:events'
import t, { type Test } from 'tap'
import { freePort, startRedis } from '../helpers/redis.js'
import { authorizeRequest, bin, serviceUnavailableType, startReplicas, until, walkThroughBody, type Replica } from '../helpers/replicas.js'
import type { Read } from '../helpers/http.js'

// Issue 12, item 3: the faults of the store. Unreachable at start-up: one line, exit code 2.
// Lost while serving: 503 with Retry-After, never a 500 or a crash; /healthz says so, /healthz/live
// does not; service resumes by itself when Redis is back.
const jsonType = 'application/json; charset=utf-8'
const problemType = 'application/problem+json; charset=utf-8'
const traceIdPattern = /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/

/** Runs the binary to its exit (within `timeoutMs`); resolves with the exit code and what it printed. */
async function runToExit(t: Test, args: string[], env: Record<string, string> = {}, timeoutMs = 15000) {
  const child = spawn(process.execPath, [bin, '--port', '0', '--host', '127.0.0.1', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => child.kill('SIGKILL'))
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => { stdout += String(chunk) })
  child.stderr.on('data', chunk => { stderr += String(chunk) })
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const [code, signal] = await once(child, 'exit') as [number | null, string | null]
  clearTimeout(timer)
  if (signal === 'SIGKILL') throw new Error(`still running after ${timeoutMs} ms: ${stdout}${stderr}`)
  return { code, stdout, stderr }
}

t.test('Redis unreachable at start-up stops the mock with one line on stderr and exit code 2', async t => {
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}/0`
  const line = new RegExp(`^flinks-mock: cannot reach the store at redis://127\\.0\\.0\\.1:${port}/0: [^\\n]+\\n$`)
  const byFlag = await runToExit(t, ['--store', url])
  t.equal(byFlag.code, 2)
  t.match(byFlag.stderr, line)
  t.notMatch(byFlag.stdout, /listening at/, 'it never listened')
  const byEnv = await runToExit(t, [], { FLINKS_MOCK_STORE: url })
  t.equal(byEnv.code, 2)
  t.match(byEnv.stderr, line, 'FLINKS_MOCK_STORE does the same')
  t.notMatch(byEnv.stdout, /listening at/)
})

/** Checks a 503 of a lost store: ProblemDetails, Retry-After 1. */
function checkUnavailable(t: Test, res: Read, what: string) {
  t.equal(res.status, 503, what)
  t.equal(res.headers['content-type'], problemType, what)
  t.equal(res.headers['retry-after'], '1', what)
  const body = res.json()
  t.strictSame(Object.keys(body), ['type', 'title', 'status', 'detail', 'traceId'], what)
  t.match(body, { type: serviceUnavailableType, title: 'Service Unavailable', status: 503, detail: /\S/, traceId: traceIdPattern }, what)
}

t.test('Redis lost while serving: 503 with Retry-After on both replicas, /healthz 503, /healthz/live 200; back by itself', async t => {
  const redis = await startRedis(t)
  const replicas = await startReplicas(t, redis.url) as [Replica, Replica]
  for (const replica of replicas) {
    const ready = await replica.fetch('/healthz')
    t.equal(ready.status, 200)
    t.equal(ready.headers['content-type'], jsonType)
    t.strictSame(ready.json(), { status: 'ok', store: 'redis' }, `${replica.name} is ready`)
  }
  const created = await replicas[0].create(walkThroughBody)
  t.equal(created.status, 201)
  const { sessionId } = created.json()
  const auth = { authorization: `Bearer ${created.token}` }
  const json = { 'content-type': 'application/json' }

  await redis.stop()
  for (const replica of replicas) {
    const unready = await until(`${replica.name}'s /healthz to report the store lost`, async () => {
      const res = await replica.fetch('/healthz')
      return res.status === 503 ? res : undefined
    })
    t.equal(unready.headers['content-type'], jsonType)
    t.match(unready.json(), { status: 'unavailable', store: 'redis', reason: /\S/ })
    t.strictSame(Object.keys(unready.json()), ['status', 'store', 'reason'])
    const live = await replica.fetch('/healthz/live')
    t.equal(live.status, 200, `${replica.name} is alive`)
    t.strictSame(live.json(), { status: 'ok' })
  }

  const needStore: Array<[string, RequestInit]> = [
    ['/api/v1/authorize', authorizeRequest],
    ['/api/v2/sessions', { method: 'POST', headers: { ...auth, ...json }, body: JSON.stringify(walkThroughBody) }],
    [`/api/v2/sessions/${sessionId}/details`, { headers: auth }],
    [`/api/v2/sessions/${sessionId}/status`, { headers: auth }],
    [`/api/v2/sessions/${sessionId}/cancel`, { method: 'POST', headers: auth }],
    [`/app/api/sessions/${sessionId}`, {}],
    [`/app/api/sessions/${sessionId}/actions`, { method: 'POST', headers: json, body: '{"action":"open"}' }],
    ['/__admin/requests', {}],
    ['/__admin/sessions', {}],
    ['/__admin/clock', {}],
    ['/__admin/clock/advance', { method: 'POST', headers: json, body: '{"seconds":1}' }],
    ['/__admin/reset', { method: 'POST' }]
  ]
  for (const replica of replicas) {
    // All at once too: a burst while the store is away is answered, each with a 503.
    const answers = await Promise.all(needStore.map(([path, init]) => replica.fetch(path, init)))
    answers.forEach((res, i) => checkUnavailable(t, res, `${replica.name}: ${needStore[i]?.[1].method ?? 'GET'} ${needStore[i]?.[0]}`))
    t.equal(replica.binary.child.exitCode, null, `${replica.name} is still running`)
  }

  await redis.restart()
  for (const replica of replicas) {
    const ready = await until(`${replica.name}'s /healthz to report the store back`, async () => {
      const res = await replica.fetch('/healthz')
      return res.status === 200 ? res : undefined
    })
    t.strictSame(ready.json(), { status: 'ok', store: 'redis' })
  }
  // The restarted Redis is empty (no persistence in the tests): service resumes with new state.
  const again = await replicas[1].create(walkThroughBody)
  t.equal(again.status, 201, 'B creates again, neither replica restarted')
  const details = await replicas[0].fetch(`/api/v2/sessions/${again.json().sessionId}/details`, { headers: { authorization: `Bearer ${again.token}` } })
  t.equal(details.status, 200)
  t.match(details.json(), { sessionId: again.json().sessionId, status: 'Initiated', referenceId: 'USER12345' })
  for (const replica of replicas) t.equal(replica.binary.child.exitCode, null, `${replica.name} never exited`)
  t.notMatch(replicas.map(r => r.binary.output()).join(''), /"statusCode":500/, 'no request was answered 500')
})
