import Fastify from 'fastify'
import t from 'tap'
import { onEachRequest, onEachSend } from '../../src/http/steps.js'

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
