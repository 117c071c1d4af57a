import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import t, { type Test } from 'tap'
import { journalRequests } from '../../src/http/journal-hook.js'
import { createClockRegistry } from '../../src/clock.js'
import { createJournal } from '../../src/journal.js'
import { fakeTime } from '../helpers/fakes.js'

/** A bare Fastify app with the journaling hook, answering as the routes of the test say. */
async function journaled(t: Test) {
  const app = Fastify()
  const journal = createJournal(10)
  const { clock } = fakeTime()
  clock.freeze()
  journalRequests(app, journal, createClockRegistry(clock))
  app.get('/not-json', async (_request, reply) => reply.type('application/json; charset=utf-8').send('{"cut": '))
  app.get('/nothing', async (_request, reply) => reply.code(204).send())
  app.get('/bytes', async (_request, reply) => reply.type('application/octet-stream').send(Buffer.from([0, 1, 2])))
  app.get('/text', async (_request, reply) => reply.type('text/plain').send('plain'))
  app.get('/deep', async (_request, reply) => reply.type('application/json').send(`${'['.repeat(300)}{"access_token":"t-1"}${']'.repeat(300)}`))
  app.get('/cut', async (_request, reply) => reply.type('application/json').send('{"access_token":"t-1",'))
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
