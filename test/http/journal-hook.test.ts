import { request } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import Fastify from 'fastify'
import t, { type Test } from 'tap'
import { journalRequests } from '../../src/http/journal-hook.js'
import { createClockRegistry } from '../../src/clock.js'
import { createJournal } from '../../src/journal.js'
import { fakeTime } from '../helpers/fakes.js'

/** A bare Fastify app with the journaling hook, answering as the routes of the test say. */
async function journaled(t: Test, size = 10) {
  const app = Fastify()
  const journal = createJournal(size)
  const { clock } = fakeTime()
  clock.freeze()
  journalRequests(app, journal, createClockRegistry(clock))
  app.get('/not-json', async (_request, reply) => reply.type('application/json; charset=utf-8').send('{"cut": '))
  app.get('/nothing', async (_request, reply) => reply.code(204).send())
  app.get('/bytes', async (_request, reply) => reply.type('application/octet-stream').send(Buffer.from([0, 1, 2])))
  app.get('/text', async (_request, reply) => reply.type('text/plain').send('plain'))
  app.get('/deep', async (_request, reply) => reply.type('application/json').send(`${'['.repeat(300)}{"access_token":"t-1"}${']'.repeat(300)}`))
  app.get('/cut', async (_request, reply) => reply.type('application/json').send('{"access_token":"t-1",'))
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, text, done) => done(null, new URLSearchParams(String(text))))
  app.post('/form', async (_request, reply) => reply.type('application/json').send('{"access_token":"t-2","n":1}'))
  app.post('/echo', async (request, reply) => reply.type('text/plain').send(JSON.stringify(request.body)))
  t.teardown(() => app.close())
  return { app, journal }
}

t.test('a response that says JSON but is not is journaled as its text', async t => {
  const { app, journal } = await journaled(t)
  await app.inject({ url: '/not-json' })
  t.strictSame(journal.list()[0]?.response, { status: 200, contentType: 'application/json; charset=utf-8', body: '{"cut": ' })
})

t.test('an issued token is redacted from a JSON response too deep to walk, or cut short', async t => {
  const { app, journal } = await journaled(t)
  await app.inject({ url: '/deep' })
  await app.inject({ url: '/cut' })
  t.strictSame(journal.list().map(e => e.response.body), [`${'['.repeat(300)}{"access_token":"[redacted]"}${']'.repeat(300)}`, '{"access_token":"[redacted]",'])
})

t.test('entries are built when the journal is read, each once', async t => {
  const { app, journal } = await journaled(t)
  await app.inject({ url: '/text?a=1' })
  const first = journal.list()[0]
  t.equal(journal.list()[0], first, 'the same entry on the next read')
  t.strictSame(first?.query, { a: '1' })
})

t.test('a response without a body or Content-Type, or of bytes, is journaled with a null body', async t => {
  const { app, journal } = await journaled(t)
  await app.inject({ url: '/nothing' })
  await app.inject({ url: '/bytes' })
  await app.inject({ url: '/text' })
  t.strictSame(journal.list().map(e => e.response), [
    { status: 204, contentType: null, body: null },
    { status: 200, contentType: 'application/octet-stream', body: null },
    { status: 200, contentType: 'text/plain', body: 'plain' }
  ])
})

t.test('cookies and API keys are redacted; a repeated header is joined as Node joins it', async t => {
  const { app, journal } = await journaled(t)
  // Over real HTTP: Node keeps a repeated set-cookie as an array, which inject would have joined already.
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  await new Promise((resolve, reject) => {
    const headers = { cookie: 'session=secret', 'x-api-key': 'key-secret', 'set-cookie': ['a=1', 'b=2'], authorization: 'Bearer token-secret' }
    request({ port, host: '127.0.0.1', path: '/text', agent: false, headers }, res => res.resume().on('end', resolve)).on('error', reject).end()
  })
  t.strictSame(journal.list()[0]?.headers, {
    cookie: '[redacted]',
    'x-api-key': '[redacted]',
    'set-cookie': 'a=1, b=2',
    authorization: 'Bearer [redacted]',
    connection: 'close'
  })
})

t.test('header lines are merged as Node merges them; a request without any is journaled with none', async t => {
  const { app, journal } = await journaled(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const send = (text: string) => new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text))
    let answer = ''
    socket.setEncoding('utf8').on('data', chunk => { answer += chunk }).on('end', () => resolve(answer)).on('error', reject)
  })
  t.match(await send('GET /text HTTP/1.0\r\n\r\n'), /^HTTP\/1\.1 200 OK\r\n/)
  t.match(await send('GET /text HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nx-a: 2\r\nUser-Agent: one\r\nUser-Agent: two\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 200 OK\r\n/)
  t.strictSame(journal.list().map(e => e.headers), [{}, { 'x-a': '1, 2', 'user-agent': 'one', connection: 'close' }])
})

t.test('an exchange pushed out of a full journal holds the next one: entries read as those of a journal that kept them all', async t => {
  const requests = [
    { url: '/text?a=1', headers: { 'x-n': '1' } },
    { method: 'POST' as const, url: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_secret=s%20cret&a=%C3%A9+b' },
    { method: 'POST' as const, url: '/echo', payload: { referenceId: 'R-1', password: 'p' } },
    { url: '/nothing', headers: { authorization: 'Basic Zm9vOmJhcg==' } },
    { url: '/not-json?token=x' },
    { method: 'POST' as const, url: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' }
  ]
  const whole = await journaled(t, 100)
  const small = await journaled(t, 2)
  const seen: unknown[] = []
  for (const options of requests) {
    await whole.app.inject(options)
    await small.app.inject(options)
    // Read one time in two: a built entry pushed out has nothing to hand back.
    if (seen.length % 2 === 0) seen.push(...small.journal.list().slice(-1))
    else seen.push(null)
  }
  const all = whole.journal.list()
  t.strictSame(small.journal.list(), all.slice(-2))
  t.strictSame(seen.filter(entry => entry !== null), all.filter((_entry, i) => i % 2 === 0))
  t.strictSame(all[1]?.body, { grant_type: 'client_credentials', client_secret: '[redacted]', a: 'é b' }, 'a form is shown as its fields')
  t.strictSame(all[5]?.body, {}, 'an empty form as no fields')
  t.equal(all[2]?.referenceId, 'R-1')
  t.strictSame(all[3]?.headers, { authorization: 'Basic [redacted]', 'user-agent': 'lightMyRequest' })
})

t.test('headers are journaled as the client sent them: a line break in a value, no value, and not as a hook changed them', async t => {
  const { app, journal } = await journaled(t)
  app.addHook('onRequest', async request => {
    if (request.headers['x-count'] !== undefined) request.headers['x-count'] = 3 as never
  })
  await app.inject({ url: '/text', headers: { 'x-folded': 'one\ntwo' } })
  await app.inject({ url: '/text', headers: { 'x-count': '1' } })
  // inject leaves a User-Agent given as undefined in the headers, as undefined.
  await app.inject({ url: '/text', headers: { 'user-agent': undefined, 'x-n': '1' } })
  t.strictSame(journal.list().map(e => e.headers), [
    { 'x-folded': 'one\ntwo', 'user-agent': 'lightMyRequest' },
    { 'x-count': '1', 'user-agent': 'lightMyRequest' },
    { 'x-n': '1' }
  ])
})
