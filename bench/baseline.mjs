// The benchmark's baseline: a bare Fastify app answering the routes the benchmark drives with the
// mock's status codes and fixed bodies, and no rules, validation, scenarios, journal or logs. The
// mock's throughput as a ratio of this one's, measured in the same run, is what its fidelity costs.
// `node bench/baseline.mjs PORT` serves it on 127.0.0.1:PORT, as the benchmark starts it;
// `--work-us N` has each request's handler keep the CPU busy N µs more (`npm run bench -- --calibrate`).
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'

const unauthorized = { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2', title: 'Unauthorized', status: 401, detail: 'No bearer token was sent.' }
const invalid = { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { '$.type': ['The JSON value could not be converted to PaymentType.'] } }
const paymentTypes = new Set(['e-Transfer', 'EFT'])

/** Keeps the CPU busy for `us` µs: the work a calibrating baseline adds to each request. */
function work(us) {
  const end = performance.now() + us / 1000
  while (performance.now() < end);
}

/**
 * The baseline app: authorize, create (401 without a token, 400 for an unknown type), details,
 * health; with `workUs`, each request to the three API routes works that many µs more.
 */
export function buildBaseline({ workUs = 0 } = {}) {
  const app = Fastify({ logger: false })
  const sessions = new Map()
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, text, done) => done(null, new URLSearchParams(text)))
  app.get('/healthz', async () => ({ status: 'ok' }))
  if (workUs > 0) app.addHook('preHandler', (request, _reply, done) => {
    if (request.url !== '/healthz') work(workUs)
    done()
  })
  app.post('/api/v1/authorize', async () => ({ access_token: randomUUID(), token_type: 'bearer', expires_in: 599 }))
  app.post('/api/v2/sessions', async (request, reply) => {
    if (request.headers.authorization === undefined) return reply.code(401).type('application/problem+json').send(unauthorized)
    if (!paymentTypes.has(request.body?.type)) return reply.code(400).type('application/problem+json').send(invalid)
    const sessionId = randomUUID()
    sessions.set(sessionId, { sessionId, status: 'Initiated', ...request.body })
    return reply.code(201).send({ sessionId, referenceId: request.body.referenceId ?? null })
  })
  app.get('/api/v2/sessions/:sessionId/details', async (request, reply) => sessions.get(request.params.sessionId) ?? reply.code(404).send())
  return app
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const workFlag = process.argv.indexOf('--work-us')
  const workUs = workFlag === -1 ? 0 : Number(process.argv[workFlag + 1])
  await buildBaseline({ workUs }).listen({ host: '127.0.0.1', port: Number(process.argv[2] ?? 0) })
}
