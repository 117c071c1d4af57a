import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'
import { createOutbox, type SentMessage } from '../../src/sessions/outbox.js'
import { build, client, eTransferBody, uuidPattern } from '../helpers/app.js'

const sentAt = '2026-06-04T14:30:00.000Z'

t.test('an e-Transfer session with sendInteracLink true records the e-mail Flinks would send the payor', async t => {
  const mock = await build(t)
  const res = await mock.createSession(eTransferBody())
  t.equal(res.statusCode, 201)
  const { sessionId } = res.json()
  const messages = mock.app.mock.outbox.list()
  t.match(messages, [{ id: uuidPattern }])
  t.strictSame(messages, [{
    id: messages[0]?.id,
    clientId: client.id,
    sessionId,
    to: 'john.smith@example.com',
    subject: 'Interac e-Transfer request for money: $250.00 CAD',
    link: `http://localhost:80/app/?sessionId=${sessionId}`,
    language: 'EN',
    sentAt
  }])
  t.equal(mock.app.mock.outbox.size, 1)
})

t.test('the link is built from the protocol and Host the session was created through', async t => {
  const mock = await build(t)
  const res = await mock.createSession(eTransferBody(), { host: 'mock.test:8080' })
  t.equal(mock.app.mock.outbox.list()[0]?.link, `http://mock.test:8080/app/?sessionId=${res.json().sessionId}`)
})

t.test('publicUrl wins over the request, with or without a trailing slash', async t => {
  for (const publicUrl of ['https://pay.example.test/flinks/', 'https://pay.example.test/flinks']) {
    const mock = await build(t, { publicUrl })
    const res = await mock.createSession(eTransferBody(), { host: 'mock.test:8080' })
    t.equal(mock.app.mock.outbox.list()[0]?.link, `https://pay.example.test/flinks/app/?sessionId=${res.json().sessionId}`, publicUrl)
  }
})

t.test('publicUrl comes from --public-url or FLINKS_MOCK_PUBLIC_URL, and must be an http(s) URL', async t => {
  t.equal(loadConfig({ argv: ['--public-url', 'https://a.example.test'] }).publicUrl, 'https://a.example.test')
  t.equal(loadConfig({ env: { FLINKS_MOCK_PUBLIC_URL: 'http://b.example.test:8080' } }).publicUrl, 'http://b.example.test:8080')
  t.equal(loadConfig().publicUrl, undefined)
  t.throws(() => loadConfig({ argv: ['--public-url', 'mock.test'] }), new ConfigError('publicUrl (from --public-url) must be an http(s) URL with no query or fragment, e.g. https://mock.example.test, got "mock.test"'))
})

t.test('a French session gets a French subject', async t => {
  const mock = await build(t)
  const body = { ...eTransferBody(), options: { notificationPreferences: { sendInteracLink: true, language: 'FR' } } }
  await mock.createSession(body)
  t.match(mock.app.mock.outbox.list(), [{ subject: "Demande d'argent par Virement Interac : 250,00 $ CAD", language: 'FR' }])
})

t.test('without an amount the subject names none, in either language', async t => {
  const mock = await build(t)
  for (const language of ['EN', 'FR']) {
    const { amount: _, ...body } = { ...eTransferBody(), options: { notificationPreferences: { sendInteracLink: true, language } } }
    await mock.createSession(body)
  }
  t.strictSame(mock.app.mock.outbox.list().map(m => m.subject), ['Interac e-Transfer request for money', "Demande d'argent par Virement Interac"])
})

t.test('no e-mail when sendInteracLink is false or left out: the client distributes the link', async t => {
  const mock = await build(t)
  await mock.createSession({ ...eTransferBody(), options: { notificationPreferences: { sendInteracLink: false } } })
  await mock.createSession({ ...eTransferBody(), options: {} })
  const { options: _, ...withoutOptions } = eTransferBody()
  await mock.createSession(withoutOptions)
  t.equal(mock.app.mock.outbox.size, 0)
})

t.test('EFT sessions send no Interac link even when asked: it is an e-Transfer feature', async t => {
  const mock = await build(t)
  const res = await mock.createSession({
    referenceId: 'Happy1', type: 'EFT', direction: 'DEBIT', amount: 100,
    options: { guarantee: { enable: true }, notificationPreferences: { sendInteracLink: true } },
    payor: { firstName: 'John', lastName: 'Doe', email: 'j.doe@example.com' }
  })
  t.equal(res.statusCode, 201)
  t.equal(mock.app.mock.outbox.size, 0)
})

t.test('the outbox keeps the newest messages, as many as there may be sessions', async t => {
  const mock = await build(t, { maxSessions: 2 })
  const ids: string[] = []
  for (let i = 0; i < 3; i++) ids.push((await mock.createSession(eTransferBody())).json().sessionId)
  t.strictSame(mock.app.mock.outbox.list().map(m => m.sessionId), ids.slice(1))
})

t.test('messages are listed and cleared by client', async t => {
  const outbox = createOutbox(10)
  const message = (id: string, clientId: string): SentMessage =>
    ({ id, clientId, sessionId: id, request: { payor: { email: 'a@example.com' } }, base: 'http://l', sentAtMs: Date.parse(sentAt) })
  outbox.record(message('1', 'a'))
  outbox.record(message('2', 'b'))
  outbox.record(message('3', 'a'))
  t.strictSame(outbox.list('a').map(m => m.id), ['1', '3'])
  outbox.clear('a')
  t.strictSame(outbox.list().map(m => m.id), ['2'])
  outbox.clear()
  t.equal(outbox.size, 0)
})

t.test('an outbox restored from the shared one lists those messages', async t => {
  const outbox = createOutbox(2)
  const sent = (id: string) => ({ id, clientId: 'acme', sessionId: `s-${id}`, request: { type: 'e-Transfer', direction: 'DEBIT', amount: 5, payor: { firstName: 'A', lastName: 'B', email: 'a@b.c' } }, base: 'http://mock', sentAtMs: 0 }) as SentMessage
  outbox.record(sent('1'))
  outbox.restore([sent('2'), sent('3')])
  t.strictSame(outbox.list().map(m => m.id), ['2', '3'])
})
