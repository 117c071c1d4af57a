// The mock's speed, start-up and memory, over real HTTP, as ratios to a bare Fastify app (issue 11).
//
// Each run starts fresh processes: the baseline (bench/baseline.mjs), the mock as its binary
// starts it with the journal on (the default) and with it off (`--journal-size 0`), request logs
// off on both sides (`--log-level warn`). autocannon drives each one for a warm-up, then each in
// turn for a slice of the measured time, turn after turn, so that the host's drift falls on every
// side alike. Start-up is the median time from spawning `node bin/flinks-mock.js` to its first
// healthy answer; the heap a session is measured in-process (--expose-gc). Results go to
// bench/results/; `--check` exits 1 when a target is missed (bench/report.mjs has them).
//
// `--store redis` (issue 12) runs authorize + create and details once more with the mock on the
// Redis store (`--store redis://...`, a fresh redis-server from Debian for each run, bench/redis.mjs),
// reported beside the in-memory rows; those rows have no target, so `--check` keeps judging the
// in-memory ones only.
//
// `--calibrate` says what the ratios mean on the host that measured them: authorize + create and
// details are measured once more against baselines whose handlers each keep the CPU busy a few µs
// more a request (bench/baseline.mjs --work-us), in the same turns, and each mock's ratio, and its
// target's, is given as the work that makes the baseline fall to it (a second table, and the JSON).
//
// Environment: BENCH_SECONDS (15) measured on each side of a run, in BENCH_TURNS (15) slices,
// BENCH_WARMUP_SECONDS (1), BENCH_CONNECTIONS (50),
// BENCH_SESSIONS (100000) stored before the details run, BENCH_STARTS (9) spawns for start-up,
// BENCH_HEAP_SESSIONS (10000) sessions for the heap figure, BENCH_MAX_TOKENS (10000, the default
// --max-tokens) the token bound the past-the-bound run fills before its warm-up,
// BENCH_CALIBRATE_US (4,8,12,16,20) the work of the calibrating baselines.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { cpus } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { redisServer, startRedis } from './redis.mjs'
import { authorize, createBody, createWithToken, keepToken } from './requests.mjs'
import { compareFigure, compareRun, formatCalibration, formatTable, missedRows, statsOf, targets, turnRatios } from './report.mjs'

const env = process.env
const seconds = Number(env.BENCH_SECONDS ?? 15)
const warmupSeconds = Number(env.BENCH_WARMUP_SECONDS ?? 1)
const connections = Number(env.BENCH_CONNECTIONS ?? 50)
const storedSessions = Number(env.BENCH_SESSIONS ?? 100000)
const starts = Number(env.BENCH_STARTS ?? 9)
const heapSessions = Number(env.BENCH_HEAP_SESSIONS ?? 10000)
const tokenBound = Number(env.BENCH_MAX_TOKENS ?? 10000)
const turns = Number(env.BENCH_TURNS ?? 15)
const check = process.argv.includes('--check')
const calibrate = process.argv.includes('--calibrate')
const calibrationUs = (env.BENCH_CALIBRATE_US ?? '4,8,12,16,20').split(',').map(Number)
const storeFlag = process.argv.indexOf('--store')
/** The store measured beside memory: 'memory' (none) or 'redis'. */
const store = storeFlag === -1 ? 'memory' : process.argv[storeFlag + 1]
const root = fileURLToPath(new URL('..', import.meta.url))

const invalidBody = JSON.stringify({ ...JSON.parse(createBody), type: 'Wire' })
const mockTargets = [{ kind: 'mock', journal: 'on', store: 'memory', args: [] }, { kind: 'mock', journal: 'off', store: 'memory', args: ['--journal-size', '0'] }]
/** The same mocks on the Redis store, for the runs that name it (`--store redis`). */
const redisTargets = mockTargets.map(target => ({ ...target, store: 'redis' }))

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  const server = createServer()
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise(resolve => server.close(resolve))
  return port
}

/** Resolves with the status and body of one request. */
function send(port, { method = 'GET', path, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, res => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', chunk => { text += chunk })
      res.on('end', () => resolve({ status: res.statusCode, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Waits for the first 200 of GET /healthz, polling every 2 ms. */
async function healthy(port, child) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process exited with ${child.exitCode} before answering`)
    try {
      if ((await send(port, { path: '/healthz' })).status === 200) return
    } catch {}
    await sleep(2)
  }
}

/** Starts a target's process on a free port (a Redis-store mock after its own, empty, redis-server) and waits until it answers. */
async function startTarget(target, extraArgs = []) {
  const redis = target.store === 'redis' ? await startRedis(await freePort()) : undefined
  const port = await freePort()
  const args = target.kind === 'baseline'
    ? [`${root}bench/baseline.mjs`, String(port), ...(target.workUs ? ['--work-us', String(target.workUs)] : [])]
    : [`${root}bin/flinks-mock.js`, '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warn', ...(redis ? ['--store', redis.url] : []), ...target.args, ...extraArgs]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] })
  // A mock that does not start must not leave its redis-server behind.
  await healthy(port, child).catch(async error => {
    await redis?.stop()
    throw error
  })
  const stop = async () => {
    child.kill()
    if (child.exitCode === null) await new Promise(resolve => child.once('exit', resolve))
    await redis?.stop()
  }
  return { port, pid: child.pid, stop }
}

/** Runs autocannon; throws when an answer is not one of `statuses`, since the run would measure something else. */
async function drive(port, options, statuses) {
  const instance = autocannon({ url: `http://127.0.0.1:${port}`, connections, ...options })
  // Each response's time in ms, unrounded: statsOf takes the percentiles from them.
  const latencies = []
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime))
  const result = await instance
  result.latencies = latencies
  const unexpected = Object.keys(result.statusCodeStats).filter(status => !statuses.includes(Number(status)))
  if (unexpected.length > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`unexpected answers: statuses ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts`)
  }
  return result
}

/** The CPU time (µs, user + system) a process has used, from /proc; undefined where there is none (not Linux). */
function cpuMicrosOf(pid) {
  try {
    // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks (100 a second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10000
  } catch {
    return undefined
  }
}

/** One slice of a started target's measured time, with the server's CPU time over it. */
async function slice(server, statuses) {
  const before = cpuMicrosOf(server.pid)
  const result = await drive(server.port, { ...server.options, duration: seconds / turns }, statuses)
  const after = cpuMicrosOf(server.pid)
  return { requests: result.requests.total, seconds: result.duration, latencies: result.latencies, cpuMicros: before === undefined || after === undefined ? undefined : after - before }
}

/** A fresh token, as a request header. */
async function bearer(port) {
  return `Bearer ${JSON.parse((await send(port, authorize)).body).access_token}`
}

// What each run does to a started target before it is measured (`prepare` returns the requests
// autocannon sends), and the statuses its answers must have.
const runs = [
  {
    name: 'authorize + create',
    calibrated: true,
    // Measured on the Redis store too with --store redis (issue 12: a create costs at most two round trips).
    otherStores: true,
    statuses: [200, 201],
    minRatio: () => targets.pairsMinRatio,
    prepare: async () => ({ requests: [keepToken, createWithToken] })
  },
  {
    name: `details, ${storedSessions.toLocaleString('en-US')} sessions stored`,
    mockArgs: ['--max-sessions', String(storedSessions + 1000), '--max-tokens', String(storedSessions + 1000)],
    otherStores: true,
    calibrated: true,
    statuses: [200],
    minRatio: () => targets.detailsMinRatio,
    async prepare(port) {
      // Stored through the API, as a partner's test suite would.
      const ids = []
      const keepId = { ...createWithToken, onResponse: (_status, body) => { ids.push(JSON.parse(body).sessionId) } }
      await drive(port, { amount: storedSessions * 2, requests: [keepToken, keepId] }, [200, 201])
      const authorization = await bearer(port)
      const pick = req => ({ ...req, path: `/api/v2/sessions/${ids[Math.floor(Math.random() * ids.length)]}/details` })
      return { requests: [{ method: 'GET', headers: { authorization }, setupRequest: pick }] }
    }
  },
  {
    name: '400 invalid body',
    // The one token serves every request: refused creates leave it unspent.
    mockArgs: ['--no-refused-create-spends-token'],
    statuses: [400],
    async prepare(port) {
      const authorization = await bearer(port)
      return { requests: [{ method: 'POST', path: '/api/v2/sessions', headers: { authorization, 'content-type': 'application/json' }, body: invalidBody }] }
    }
  },
  {
    name: '401 no token',
    statuses: [401],
    prepare: async () => ({ requests: [{ method: 'POST', path: '/api/v2/sessions', headers: { 'content-type': 'application/json' }, body: createBody }] })
  },
  {
    name: 'authorize, under the token bound',
    mockArgs: ['--max-tokens', '10000000'],
    statuses: [200],
    prepare: async () => ({ requests: [authorize] })
  },
  {
    name: `authorize, past the token bound (--max-tokens ${tokenBound})`,
    mockArgs: ['--max-tokens', String(tokenBound)],
    statuses: [200],
    // The ratio must not drop once the bound is passed: at least a share of the ratio under it.
    minRatio: (rows, journal) => rows.find(row => row.run === 'authorize, under the token bound' && row.journal === journal).ratio * targets.pastBoundMinShare,
    async prepare(port) {
      // The bound is reached before the warm-up: every authorize measured evicts a token.
      await drive(port, { amount: tokenBound, requests: [authorize] }, [200])
      return { requests: [authorize] }
    }
  }
]

/**
 * A run's targets (the baseline and the mocks) started together and measured in turns: each turn
 * drives each of them for a slice of the measured time, in an order that moves by one each turn.
 * The host moves every process's speed over tens of seconds (ratios of one 5-second run to the
 * next differed by 0.2 and more), so each side is measured across the same stretch of time.
 */
async function measureRun(run, targetsOfRun) {
  const started = []
  try {
    for (const target of targetsOfRun) {
      const server = await startTarget(target, target.kind === 'baseline' ? [] : run.mockArgs)
      started.push(server)
      server.options = await run.prepare(server.port)
    }
    if (warmupSeconds > 0) for (const server of started) await drive(server.port, { ...server.options, duration: warmupSeconds }, run.statuses)
    const slices = started.map(() => [])
    for (let turn = 0; turn < turns; turn++) {
      for (let k = 0; k < started.length; k++) {
        const i = (turn + k) % started.length
        slices[i].push(await slice(started[i], run.statuses))
      }
    }
    return slices
  } finally {
    for (const server of started) await server.stop()
  }
}

/**
 * Each run's rows: every mock against the baseline measured in the same turns; with `--calibrate`,
 * the calibrated runs' baselines that work more a request too (returned as `calibrations`).
 */
async function throughputRows() {
  const rows = []
  const calibrations = []
  for (const run of runs) {
    const mocks = [...mockTargets, ...(store === 'redis' && run.otherStores ? redisTargets : [])]
    const calibrators = calibrate && run.calibrated ? calibrationUs.map(workUs => ({ kind: 'baseline', workUs })) : []
    const [baselineSlices, ...otherSlices] = await measureRun(run, [{ kind: 'baseline' }, ...calibrators, ...mocks])
    const baseline = statsOf(baselineSlices)
    const runRows = []
    for (const [i, target] of mocks.entries()) {
      const mockSlices = otherSlices[calibrators.length + i]
      const row = { ...compareRun({ run: run.name, journal: target.journal, store: target.store, mock: statsOf(mockSlices), baseline, minRatio: run.minRatio?.(rows, target.journal) }), turnRatios: turnRatios(mockSlices, baselineSlices) }
      runRows.push(row)
      rows.push(row)
      console.error(`${run.name}, journal ${target.journal}, ${target.store} store: ${Math.round(row.mock.rps)} req/s against ${Math.round(baseline.rps)}`)
    }
    if (calibrators.length > 0) {
      const points = [{ workUs: 0, ratio: 1 }, ...calibrators.map((target, i) => ({ workUs: target.workUs, ratio: statsOf(otherSlices[i]).rps / baseline.rps }))]
      calibrations.push({ run: run.name, points, rows: runRows.filter(row => row.store === 'memory') })
    }
  }
  return { rows, calibrations }
}

/** The median time (ms) from spawning the binary to its first healthy answer. */
async function startupMs() {
  const times = []
  for (let i = 0; i < starts; i++) {
    const port = await freePort()
    const started = performance.now()
    const child = spawn(process.execPath, [`${root}bin/flinks-mock.js`, '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore' })
    await healthy(port, child)
    times.push(performance.now() - started)
    child.kill()
    await new Promise(resolve => child.once('exit', resolve))
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)], all: times.map(Math.round) }
}

/** Heap taken by each stored session, its token included, after a collection (in-process). */
async function bytesPerSession(journalSize) {
  const { buildServer, loadConfig } = await import('../dist/index.js')
  const app = await buildServer(loadConfig({ overrides: { logLevel: 'silent', journalSize, maxSessions: heapSessions * 2, maxTokens: heapSessions * 2 } }))
  const inject = async (options, status) => {
    const res = await app.inject(options)
    if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
    return res
  }
  const token = async () => (await inject({ method: 'POST', url: authorize.path, headers: authorize.headers, payload: authorize.body }, 200)).json().access_token
  const create = async token => inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: createBody }, 201)
  const tokens = []
  for (let i = 0; i < heapSessions; i++) tokens.push(await token())
  // The first create compiles its validator: that is not a session's cost.
  await create(await token())
  globalThis.gc()
  const before = process.memoryUsage().heapUsed
  for (const token of tokens) await create(token)
  globalThis.gc()
  const bytes = (process.memoryUsage().heapUsed - before) / heapSessions
  await app.close()
  return bytes
}

if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc (npm run bench does).')
  process.exit(2)
}
if (store !== 'memory' && store !== 'redis') {
  console.error(`--store takes redis (the in-memory store is always measured), got ${store}`)
  process.exit(2)
}
if (store === 'redis' && !existsSync(redisServer)) {
  console.error(`--store redis needs ${redisServer}: apt-get install -y --no-install-recommends redis-server`)
  process.exit(2)
}

const startup = await startupMs()
const rows = [compareFigure({ run: `start-up, median of ${starts}`, journal: 'on', value: startup.median, unit: 'ms', max: targets.maxStartMs })]
for (const [journal, journalSize] of [['on', 1000], ['off', 0]]) {
  rows.push(compareFigure({ run: 'heap a session', journal, value: await bytesPerSession(journalSize), unit: 'bytes', max: targets.maxBytesPerSession }))
}
const { rows: throughput, calibrations } = await throughputRows()
rows.unshift(...throughput)

const table = formatTable(rows)
const setup = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, store, ...(calibrate ? { calibrationUs } : {}), turns, seconds, warmupSeconds, connections, storedSessions, starts, heapSessions, tokenBound }
console.log(`flinks-mock bench over HTTP: ${JSON.stringify(setup)}\n`)
console.log(table)
if (calibrations.length > 0) console.log(`\nWhat the ratios mean on this host (--calibrate):\n\n${formatCalibration(calibrations)}`)
const results = fileURLToPath(new URL('results/', import.meta.url))
mkdirSync(results, { recursive: true })
const file = `${results}bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), setup, startupMs: startup.all, rows, table, ...(calibrate ? { calibrations } : {}) }, null, 2)}\n`)
console.log(`\nwritten to ${file}`)
const missed = missedRows(rows)
if (missed.length > 0) console.log(`Targets missed: ${missed.map(row => `${row.run} (journal ${row.journal})`).join('; ')}`)
if (check && missed.length > 0) process.exit(1)
