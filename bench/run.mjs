// The mock's speed and memory, as ratios against a bare Fastify app measured in the same run.
//
// The baseline answers the same three requests (authorize, create, details) with the same bodies
// and no rules, validation, scenarios or journal: the ratio is what flinks-mock's fidelity costs on
// this machine, whatever the machine. Run with `npm run bench`; `--check` exits 1 when a goal is
// missed. Rounds: BENCH_ROUNDS (default 3000).
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'
import { buildServer, loadConfig } from '../dist/index.js'

const rounds = Number(process.env.BENCH_ROUNDS ?? 3000)
const check = process.argv.includes('--check')

/** Goals: the least ratio of the mock's throughput to the baseline's, the most heap a session may take. */
const goals = { minThroughputRatio: 0.25, maxBytesPerSession: 8 * 1024 }

const basic = `Basic ${Buffer.from('flinks-mock-client:flinks-mock-secret').toString('base64')}`
const body = {
  referenceId: 'BENCH-1',
  type: 'e-Transfer',
  direction: 'DEBIT',
  currency: 'CAD',
  amount: 250.0,
  payor: { firstName: 'John', lastName: 'Smith', email: 'john.smith@example.com' }
}

function baselineApp() {
  const app = Fastify({ logger: false })
  const sessions = new Map()
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, text, done) => done(null, new URLSearchParams(text)))
  app.post('/api/v1/authorize', async () => ({ access_token: randomUUID(), token_type: 'bearer', expires_in: 599 }))
  app.post('/api/v2/sessions', async (request, reply) => {
    const sessionId = randomUUID()
    sessions.set(sessionId, request.body)
    return reply.code(201).send({ sessionId, referenceId: request.body.referenceId ?? null })
  })
  app.get('/api/v2/sessions/:sessionId/details', async request => sessions.get(request.params.sessionId))
  return app
}

async function mockApp(journalSize) {
  return buildServer(loadConfig({ overrides: { logLevel: 'silent', journalSize, maxSessions: rounds * 4 } }))
}

const token = async app => (await app.inject({ method: 'POST', url: '/api/v1/authorize', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' })).json().access_token
const create = async (app, bearer) => app.inject({ method: 'POST', url: '/api/v2/sessions', headers: { authorization: `Bearer ${bearer}` }, payload: body })

/** Operations a second of `step`, after a warm-up; each step checks its own answer. */
async function rate(step) {
  for (let i = 0; i < 200; i++) await step()
  const start = process.hrtime.bigint()
  for (let i = 0; i < rounds; i++) await step()
  return rounds / (Number(process.hrtime.bigint() - start) / 1e9)
}

function expect(res, status) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
}

async function throughput(app) {
  const authorize = await rate(async () => expect(await app.inject({ method: 'POST', url: '/api/v1/authorize', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' }), 200))
  const tokens = []
  for (let i = 0; i < rounds + 200; i++) tokens.push(await token(app))
  const created = await rate(async () => expect(await create(app, tokens.pop()), 201))
  const reader = await token(app)
  const { sessionId } = (await create(app, await token(app))).json()
  const details = await rate(async () => expect(await app.inject({ url: `/api/v2/sessions/${sessionId}/details`, headers: { authorization: `Bearer ${reader}` } }), 200))
  return { authorize, create: created, details }
}

/** Heap taken by each session (its token included), after a collection. */
async function bytesPerSession(app) {
  const count = rounds
  const tokens = []
  for (let i = 0; i < count; i++) tokens.push(await token(app))
  globalThis.gc()
  const before = process.memoryUsage().heapUsed
  for (const bearer of tokens) expect(await create(app, bearer), 201)
  globalThis.gc()
  return (process.memoryUsage().heapUsed - before) / count
}

if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc (npm run bench does).')
  process.exit(2)
}

const rows = []
// A first pass warms up what both sides share (Fastify, inject), so that neither pays for it.
await throughput(baselineApp())
const baseRate = await throughput(baselineApp())
const baseBytes = await bytesPerSession(baselineApp())
for (const [label, journalSize] of [['journal on (1000)', 1000], ['journal off', 0]]) {
  const app = await mockApp(journalSize)
  const mockRate = await throughput(app)
  const bytes = await bytesPerSession(await mockApp(journalSize))
  for (const op of ['authorize', 'create', 'details']) {
    rows.push({ measure: `${op} req/s, ${label}`, mock: Math.round(mockRate[op]), baseline: Math.round(baseRate[op]), ratio: +(mockRate[op] / baseRate[op]).toFixed(2), goal: `>= ${goals.minThroughputRatio}`, met: mockRate[op] / baseRate[op] >= goals.minThroughputRatio })
  }
  rows.push({ measure: `heap bytes/session, ${label}`, mock: Math.round(bytes), baseline: Math.round(baseBytes), ratio: +(bytes / baseBytes).toFixed(2), goal: `<= ${goals.maxBytesPerSession} bytes`, met: bytes <= goals.maxBytesPerSession })
}

console.log(`flinks-mock bench: ${rounds} rounds, Node ${process.version}, in-process (inject)`)
console.table(rows)
const missed = rows.filter(row => !row.met)
if (missed.length > 0) console.log(`Goals missed: ${missed.map(row => row.measure).join('; ')}`)
if (check && missed.length > 0) process.exit(1)
