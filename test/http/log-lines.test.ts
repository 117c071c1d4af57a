import { Writable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import t from 'tap'
import { RequestLogLines, requestLogger } from '../../src/http/log-lines.js'
import { build } from '../helpers/app.js'

/** A mock logging at `level` into `lines` (one parsed object a line). */
async function logging(t: Parameters<typeof build>[0], level: string) {
  const lines: Array<{ level: number, msg: string, reqId?: string }> = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    }
  })
  const mock = await build(t, { logLevel: level }, { logger: { level, stream } })
  return { mock, lines }
}

t.test('at info, each request logs its incoming and completed lines', async t => {
  const { mock, lines } = await logging(t, 'info')
  await mock.token()
  t.strictSame(lines.map(line => [line.msg, line.reqId]), [['incoming request', 'req-1'], ['request completed', 'req-1']])
})

t.test('above info, the lines of a request are not built (a logger at info or below gets them)', async t => {
  for (const level of ['warn', 'error', 'fatal', 'silent', 'info', 'debug', 'trace']) {
    const called: string[] = []
    const log = { level, info: (_object: unknown, message: string) => void called.push(message) }
    const request = { log, raw: {} } as unknown as FastifyRequest
    const reply = { log, elapsedTime: 3 } as unknown as FastifyReply
    const lines = new RequestLogLines()
    lines.incomingRequest(request, reply)
    lines.requestCompleted(undefined, request, reply)
    t.strictSame(called, ['warn', 'error', 'fatal', 'silent'].includes(level) ? [] : ['incoming request', 'request completed'], level)
  }
})

t.test('a request has a logger of its own, binding its id, only at info or below', async t => {
  for (const level of ['info', 'warn']) {
    const { mock, lines } = await logging(t, level)
    const logger = mock.app.log
    const own = requestLogger.call(mock.app, logger, { reqId: 'req-9' }, {}, {} as never)
    t.equal(own === logger, level === 'warn', level)
    own.error('a bug')
    t.equal(lines.at(-1)?.reqId, level === 'info' ? 'req-9' : undefined, level)
  }
})

t.test('a request whose answer failed is logged at error at any level', async t => {
  const logged: unknown[][] = []
  const log = { level: 'error', error: (...args: unknown[]) => void logged.push(args), info: () => t.fail('info is off') }
  const reply = { log, elapsedTime: 12 } as unknown as FastifyReply
  const request = { log } as unknown as FastifyRequest
  const failure = new Error('socket hang up')
  new RequestLogLines().requestCompleted(failure, request, reply)
  new RequestLogLines().requestCompleted(null, request, reply)
  t.strictSame(logged, [[{ res: reply, err: failure, responseTime: 12 }, 'request errored']])
})
