import Fastify, { type FastifyReply } from 'fastify'
import t from 'tap'
import { maxHeldAnswers, onEachRequest, onEachSend, onEachSent } from '../../src/http/steps.js'

/** A bare app whose steps note what they saw in `seen`. */
function app() {
  const server = Fastify()
  const seen: string[] = []
  server.get('/', async () => {
    seen.push('handler')
    return 'ok'
  })
  return { server, seen }
}

t.test('the steps run in the order they were added', async t => {
  const { server, seen } = app()
  onEachRequest(server, () => void seen.push('request 1'))
  onEachRequest(server, () => {
    seen.push('request 2')
    return new Promise(resolve => setImmediate(resolve))
  })
  onEachRequest(server, () => void seen.push('request 3'))
  onEachSend(server, (_request, _reply, payload) => void seen.push(`send 1 ${String(payload)}`))
  onEachSend(server, (_request, reply) => void reply.header('x-step', '2'))
  const res = await server.inject({ url: '/' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['x-step'], '2')
  t.strictSame(seen, ['request 1', 'request 2', 'request 3', 'handler', 'send 1 ok'], 'the step after one that waited runs when it is done')
})

t.test('a step that fails stops the request with its error: the later steps and the handler do not run', async t => {
  const { server, seen } = app()
  onEachRequest(server, () => Promise.reject(Object.assign(new Error('refused'), { statusCode: 418 })))
  onEachRequest(server, () => void seen.push('request 2'))
  const res = await server.inject({ url: '/' })
  t.equal(res.statusCode, 418)
  t.strictSame(seen, [])
})

t.test('the answers of one turn wait for its end, and past maxHeldAnswers go at once', async t => {
  const server = Fastify()
  let open!: () => void
  const gate = new Promise<void>(resolve => { open = resolve })
  let arrived = 0
  let allArrived!: () => void
  const everyoneIn = new Promise<void>(resolve => { allArrived = resolve })
  const count = maxHeldAnswers + 1
  server.get('/', async () => {
    if (++arrived === count) allArrived()
    await gate
    return 'ok'
  })
  const replies: FastifyReply[] = []
  onEachSend(server, (_request, reply) => void replies.push(reply))
  const answers = Array.from({ length: count }, () => server.inject({ url: '/' }))
  await everyoneIn
  // Every handler goes on from the gate in the same turn; this check runs in the next one, before
  // the flush the answers scheduled.
  const written = new Promise<boolean[]>(resolve => setImmediate(() => resolve(replies.map(reply => reply.raw.writableEnded))))
  open()
  const seen = await written
  t.equal(seen.length, count, 'every answer was made in the turn the gate opened')
  t.strictSame(seen.slice(0, maxHeldAnswers), Array(maxHeldAnswers).fill(true), 'the first maxHeldAnswers went at once')
  t.equal(seen[maxHeldAnswers], false, 'the last waited for the end of the turn')
  t.strictSame((await Promise.all(answers)).map(res => `${res.statusCode} ${res.body}`), Array(count).fill('200 ok'))
})

t.test('an answer that cannot be written ends its connection and is logged; the others still go', async t => {
  const lines: string[] = []
  const server = Fastify({ logger: { level: 'error', stream: { write: (line: string) => void lines.push(line) } } })
  server.get('/:which', async () => 'ok')
  // A header value with a line break makes Node's writeHead throw.
  onEachSend(server, (request, reply) => {
    if ((request.params as { which: string }).which === 'bad') reply.header('x-broken', 'a\nb')
  })
  t.teardown(() => server.close())
  const origin = await server.listen({ port: 0, host: '127.0.0.1' })
  const [bad, good] = await Promise.allSettled([fetch(`${origin}/bad`), fetch(`${origin}/good`)])
  t.equal(bad.status, 'rejected', 'the broken answer ends its connection')
  t.equal(good.status === 'fulfilled' ? `${good.value.status} ${await good.value.text()}` : good.reason, '200 ok')
  t.equal(lines.length, 1)
  const line = JSON.parse(lines[0] as string) as { msg: string, err: { code: string } }
  t.equal(line.msg, 'the answer could not be written (a bug in flinks-mock)')
  t.equal(line.err.code, 'ERR_INVALID_CHAR')
})

t.test('the steps after an answer run once it is written, with what onSend saw', async t => {
  const { server, seen } = app()
  onEachSent(server, (_request, reply, payload) => void seen.push(`sent ${String(payload)}, written ${String(reply.raw.writableEnded)}`))
  onEachSend(server, (_request, reply) => void seen.push(`send, written ${String(reply.raw.writableEnded)}`))
  const res = await server.inject({ url: '/' })
  t.equal(res.body, 'ok')
  t.strictSame(seen, ['handler', 'send, written false', 'sent ok, written true'])
})

t.test('a step after the answer that fails is logged; the answer and the steps after it still go', async t => {
  const lines: string[] = []
  const server = Fastify({ logger: { level: 'error', stream: { write: (line: string) => void lines.push(line) } } })
  server.get('/', async () => 'ok')
  const seen: string[] = []
  onEachSent(server, () => {
    throw new Error('boom')
  })
  onEachSent(server, () => void seen.push('second'))
  const res = await server.inject({ url: '/' })
  t.equal(`${res.statusCode} ${res.body}`, '200 ok')
  t.strictSame(seen, ['second'])
  t.equal(lines.length, 1)
  const line = JSON.parse(lines[0] as string) as { msg: string, err: { message: string } }
  t.equal(line.msg, 'a step after the answer failed (a bug in flinks-mock)')
  t.equal(line.err.message, 'boom')
})
