import t from 'tap'
import { groupNames } from '../../src/coverage/catalogue.js'
import { build, eTransferBody } from '../helpers/app.js'
import { coverageCommand, coverageUsage, exitCoverageUnusable } from '../../src/coverage/command.js'
import { main, type CliIo } from '../../src/cli.js'

function fakeIo(fetcher: typeof fetch = fetch) {
  const out: string[] = []
  const err: string[] = []
  return { io: { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text), fetch: fetcher }, out, err }
}

async function listening(t: Parameters<typeof build>[0], settings: Parameters<typeof build>[1] = {}) {
  const mock = await build(t, settings)
  await mock.app.listen({ port: 0, host: '127.0.0.1' })
  return { mock, url: mock.app.listeningOrigin }
}

t.test('exits 1 naming exactly the required cases never exercised', async t => {
  const { mock, url } = await listening(t)
  await mock.createSession({ ...eTransferBody(), referenceId: 'ET-Completed-1' })
  const { io, out, err } = fakeIo()
  t.equal(await coverageCommand(['--url', url, '--client', 'flinks-mock-client', '--min', 'operation:InitiateSession:*', '--min', 'scenario:ET-*'], {}, io), 1)
  t.strictSame(err, [])
  t.equal(out.join('\n'), [
    'flinks-mock coverage: client flinks-mock-client never exercised 15 required case(s):',
    ...['400', '401', '403', '405', '413', '415', '429', '500', '502', '503', '504'].map(s => `  operation:InitiateSession:${s}`),
    '  scenario:ET-Declined', '  scenario:ET-Expired', '  scenario:ET-Cancelled', '  scenario:ET-IdentityMismatch'
  ].join('\n'))
})

t.test('exits 0 when every required case was exercised', async t => {
  const { mock, url } = await listening(t)
  await mock.createSession({ ...eTransferBody(), referenceId: 'ET-Completed-1' })
  const { io, out } = fakeIo()
  t.equal(await coverageCommand(['--url', url, '--min', 'operation:Authorize:200', '--min', 'operation:InitiateSession:201', '--min', 'scenario:ET-Completed'], {}, io), 0)
  t.match(out, [/^flinks-mock coverage: every client exercised every required case \(3 of \d+ cases covered\)$/])
})

t.test('a behaviour broken counts as missing, and says so', async t => {
  const { mock, url } = await listening(t)
  const body = { ...eTransferBody(), referenceId: 'Error-429-a' }
  t.equal((await mock.createSession(body)).statusCode, 429)
  t.equal((await mock.createSession(body)).statusCode, 429)
  const { io, out } = fakeIo()
  t.equal(await coverageCommand(['--url', url, '--min', 'behaviour:waits-for-retry-after'], {}, io), 1)
  t.equal(out.join('\n'), 'flinks-mock coverage: every client never exercised 1 required case(s):\n  behaviour:waits-for-retry-after (behaved otherwise 1 time(s))')
})

t.test('the admin token comes from --admin-token or ADMIN_TOKEN', async t => {
  const { url } = await listening(t, { adminToken: 'admin-token-1' })
  const denied = fakeIo()
  t.equal(await coverageCommand(['--url', url, '--min', 'all'], {}, denied.io), exitCoverageUnusable)
  t.match(denied.err, [/^flinks-mock coverage: http:\/\/127\.0\.0\.1:\d+\/__admin\/coverage answered 401: \{.*"status":401/])
  t.equal(await coverageCommand(['--url', url, '--min', 'webhooks'], { ADMIN_TOKEN: 'admin-token-1' }, fakeIo().io), 1)
  t.equal(await coverageCommand(['--url', url, '--min', 'webhooks', '--admin-token', 'admin-token-1'], {}, fakeIo().io), 1)
})

t.test('a rule that names no case, no rule, a bad flag, an unreachable mock: exit 2', async t => {
  const { url } = await listening(t)
  const unknown = fakeIo()
  t.equal(await coverageCommand(['--url', url, '--min', 'scenario:Hapy1', '--min', 'final-status'], {}, unknown.io), 2)
  t.strictSame(unknown.err, ['flinks-mock coverage: no case matches --min scenario:Hapy1, --min final-status (GET /__admin/coverage lists the cases)'])
  const none = fakeIo()
  t.equal(await coverageCommand(['--url', url], {}, none.io), 2)
  t.strictSame(none.err, [`flinks-mock coverage: say which cases are required with --min (--min all for every one)\n\n${coverageUsage()}`])
  const bad = fakeIo()
  t.equal(await coverageCommand(['--bogus'], {}, bad.io), 2)
  t.match(bad.err, [/^flinks-mock coverage: Unknown option '--bogus'/])
  const down = fakeIo(async () => {
    throw Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') })
  })
  t.equal(await coverageCommand(['--min', 'all'], {}, down.io), 2)
  t.strictSame(down.err, ['flinks-mock coverage: cannot read http://localhost:8080/__admin/coverage: connect ECONNREFUSED 127.0.0.1:9'])
  const plain = fakeIo(async () => {
    throw new Error('no network')
  })
  t.equal(await coverageCommand(['--min', 'all'], {}, plain.io), 2)
  t.strictSame(plain.err, ['flinks-mock coverage: cannot read http://localhost:8080/__admin/coverage: no network'])
})

t.test('--help prints the rules', async t => {
  const { io, out } = fakeIo()
  t.equal(await coverageCommand(['--help'], {}, io), 0)
  t.strictSame(out, [coverageUsage()])
  // The help names every group a rule may name.
  const listed = /a group \(([^)]*)\)/.exec(coverageUsage().replace(/\s+/g, ' '))?.[1]
  t.equal(listed, groupNames.join(', '))
})

t.test('the binary\'s main runs it as `flinks-mock coverage` and exits with its code', async t => {
  const { url } = await listening(t)
  const out: string[] = []
  const exits: number[] = []
  const io: CliIo = { stdout: text => out.push(text), stderr: text => out.push(text), exit: code => exits.push(code), isTTY: false, onSignal: () => undefined }
  t.equal(await main(['coverage', '--url', url, '--min', 'final-statuses'], {}, io), undefined)
  t.strictSame(exits, [1])
  t.equal(out[0], 'flinks-mock coverage: every client never exercised 4 required case(s):\n  final-status:Completed\n  final-status:Failed\n  final-status:Cancelled\n  final-status:Expired')
  const withFetch = { ...io, fetch: async () => new Response('{}', { status: 500 }) }
  await main(['coverage', '--min', 'all'], {}, withFetch)
  t.strictSame(exits, [1, 2])
})
