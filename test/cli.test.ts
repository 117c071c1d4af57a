import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { delimiter } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { startBinary } from './helpers/process.js'
import { keepHeapTight, main, tightHeapFromSessions, usage, type CliIo } from '../src/cli.js'
import { loadConfig } from '../src/config.js'

const badScenarios = fileURLToPath(new URL('./fixtures/scenarios-bad', import.meta.url))

function fakeIo() {
  const out: string[] = []
  const err: string[] = []
  const exits: number[] = []
  const signals = new Map<string, () => void>()
  const io: CliIo = {
    stdout: text => out.push(text),
    stderr: text => err.push(text),
    exit: code => exits.push(code),
    isTTY: false,
    onSignal: (signal, handler) => signals.set(signal, handler)
  }
  return { io, out, err, exits, signals }
}

t.test('a session cap of 250,000 or more keeps the heap tight, unless node was given its own growth', async t => {
  const withCap = (cap: number) => loadConfig({ argv: ['--max-sessions', String(cap)], env: {} })
  t.equal(tightHeapFromSessions, 250000)
  t.equal(keepHeapTight(withCap(249999), []), false)
  t.equal(keepHeapTight(withCap(1000000), ['--heap-growing-percent=50']), false)
  t.equal(keepHeapTight(withCap(250000), []), true)
})

t.test('--help lists every flag with its default and its environment variable', async t => {
  const { io, out, exits } = fakeIo()
  t.equal(await main(['--help'], {}, io), undefined)
  t.equal(out[0], usage())
  const lines = (out[0] as string).split('\n')
  t.ok(lines.includes('  --port VALUE  TCP port to listen on (0 picks a free one). Default: 8080. [PORT]'))
  t.ok(lines.includes(`  --scenarios DIR  Directories of scenario files loaded after the defaults (flag repeatable; env separated by ${delimiter}). Default: none. [FLINKS_MOCK_SCENARIOS]`))
  t.ok(lines.includes('  --seed VALUE  Makes every generated id, token and account reproducible (see "Reproducible runs"). Default: none: random each run. [SEED]'))
  t.ok(lines.includes('  --default-scenarios (or --no-default-scenarios)  Load the shipped scenarios (--no-default-scenarios or false to load only yours). Default: true. [FLINKS_MOCK_DEFAULT_SCENARIOS]'))
  t.strictSame(exits, [])
})

t.test('--version prints the package version', async t => {
  const { io, out } = fakeIo()
  await main(['--version'], {}, io)
  t.match(out[0], /^\d+\.\d+\.\d+$/)
})

t.test('a bad setting stops start-up with exit code 2 and a one-line reason', async t => {
  const cases: Array<[string[], Record<string, string>, string]> = [
    [['--port', '70000'], {}, 'flinks-mock: port (from --port) must be <= 65535, got 70000'],
    [[], { PORT: 'eighty' }, 'flinks-mock: port (from environment variable PORT) must be integer, got "eighty"'],
    [['--validation-mode', 'loose'], {}, 'flinks-mock: validationMode (from --validation-mode) must be one of strict, aspnet, got "loose"'],
    [['--token-ttl', '-5'], {}, 'flinks-mock: tokenTtlSeconds (from --token-ttl) must be >= 1, got -5'],
    [['--bogus'], {}, "flinks-mock: Unknown option '--bogus' (run with --help to see the flags)"],
    [['--prot', '1'], {}, "flinks-mock: Unknown option '--prot' (did you mean --port?) (run with --help to see the flags)"]
  ]
  for (const [argv, env, message] of cases) {
    const { io, err, exits } = fakeIo()
    t.equal(await main(argv, env, io), undefined)
    t.strictSame(err, [message], argv.join(' ') || JSON.stringify(env))
    t.strictSame(exits, [2])
  }
})

t.test('an invalid scenario file stops start-up with the file, the line, the path inside it and the fix', async t => {
  const { io, err, exits } = fakeIo()
  await main(['--scenarios', badScenarios, '--log-level', 'silent'], {}, io)
  t.strictSame(exits, [2])
  t.equal(err.length, 1)
  t.match(err[0], /^flinks-mock: test\/fixtures\/scenarios-bad\/broken\.yaml:8:39: scenarios\[0\]\.lifecycle\.flow\[1\]\.status must be one of: Initiated, InProgress, Completed, Failed, Cancelled, Canceled, Expired$/)
})

t.test('it listens, and SIGTERM closes it and exits 0; a second signal exits 1', async t => {
  const { io, exits, signals } = fakeIo()
  const app = await main(['--port', '0', '--host', '127.0.0.1', '--log-level', 'silent'], {}, io)
  t.ok(app)
  const address = app?.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const res = await fetch(`http://127.0.0.1:${port}/healthz`)
  t.equal(res.status, 200)
  signals.get('SIGTERM')?.()
  signals.get('SIGINT')?.()
  await once(app?.server ?? {} as never, 'close')
  await new Promise(resolve => setImmediate(resolve))
  t.strictSame(exits, [1, 0])
})

t.test('on a terminal it starts with pretty logs (pino-pretty must ship as a dependency)', async t => {
  const { io, err, exits } = fakeIo()
  const app = await main(['--port', '0', '--host', '127.0.0.1', '--log-level', 'silent'], {}, { ...io, isTTY: true })
  t.teardown(() => app?.close())
  t.strictSame([err, exits], [[], []])
  t.equal(app?.log.level, 'silent')
  const address = app?.server.address()
  const res = await fetch(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/healthz`)
  t.equal(res.status, 200)
})

t.test('without an io, it writes to the process\'s stdout and stderr and exits through process.exit', async t => {
  const written: Array<[string, string]> = []
  const exits: Array<number | string | null | undefined> = []
  const { stdout, stderr } = process
  const writes = [stdout.write, stderr.write] as const
  const exit = process.exit
  // main returns before its first await for --help and for a bad setting, so the stubs are in
  // place for exactly those calls.
  stdout.write = ((chunk: string) => written.push(['stdout', chunk]) > 0) as typeof stdout.write
  stderr.write = ((chunk: string) => written.push(['stderr', chunk]) > 0) as typeof stderr.write
  process.exit = (code => { exits.push(code) }) as typeof process.exit
  try {
    void main(['--help'], {})
    void main(['--port', '70000'], {})
  } finally {
    ;[stdout.write, stderr.write] = writes
    process.exit = exit
  }
  t.strictSame(written, [['stdout', `${usage()}\n`], ['stderr', 'flinks-mock: port (from --port) must be <= 65535, got 70000\n']])
  t.strictSame(exits, [2])
})

t.test('a start-up failure that is not a bad setting is thrown as it is, not reported as exit 2', async t => {
  const { io, err, exits } = fakeIo()
  const failure = new Error('the environment cannot be read')
  const env = new Proxy({}, { get: () => { throw failure } })
  await t.rejects(main([], env, io), failure)
  t.strictSame([err, exits], [[], []])
})

t.test('a broken OpenAPI document stops start-up with exit code 2, the file and the place in it', async t => {
  const { loadApiDocument } = await import('../src/openapi/document.js')
  const broken = fileURLToPath(new URL('./fixtures/openapi/unknown-keyword.yaml', import.meta.url))
  // As if openapi/flinks-pay.yaml had been edited into a document the loader refuses.
  const cli = await t.mockImport<typeof import('../src/cli.js')>('../src/cli.js', {
    '../src/server.js': {
      ...await import('../src/server.js'),
      buildServer: async () => loadApiDocument(broken)
    }
  })
  const { io, err, exits } = fakeIo()
  t.equal(await cli.main(['--log-level', 'silent'], {}, io), undefined)
  t.strictSame(exits, [2])
  t.strictSame(err, [`flinks-mock: ${broken}: components.schemas.Thing: strict mode: unknown keyword: "maxLenght"`])
})

t.test('an --openapi file with none of the mock\'s operations stops start-up with exit code 2, the file and the reason', async t => {
  const file = fileURLToPath(new URL('./fixtures/openapi/minimal.json', import.meta.url))
  const { io, err, exits } = fakeIo()
  t.equal(await main(['--log-level', 'silent', '--openapi', file], {}, io), undefined)
  t.strictSame(exits, [2])
  t.match(err, [`flinks-mock: ${file}: holds none of the operations the mock serves (matched by method and path): POST /api/v1/authorize, `])
})

t.test('a port already in use exits 1 with the reason', async t => {
  const first = fakeIo()
  const app = await main(['--port', '0', '--host', '127.0.0.1', '--log-level', 'silent'], {}, first.io)
  t.teardown(() => app?.close())
  const address = app?.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const second = fakeIo()
  await main(['--port', String(port), '--host', '127.0.0.1', '--log-level', 'silent'], {}, second.io)
  t.strictSame(second.exits, [1])
  t.match(second.err[0], new RegExp(`^flinks-mock: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`))
})

t.test('the flinks-mock binary serves, drains an in-flight request on SIGTERM, and exits 0', async t => {
  const bin = fileURLToPath(new URL('../bin/flinks-mock.js', import.meta.url))
  // A clean environment: no test instrumentation in the child.
  const { child, port, output, logged } = await startBinary(t, process.execPath, [bin], { env: { PATH: process.env.PATH ?? '' } })
  const base = `http://127.0.0.1:${port}`
  const auth = await fetch(`${base}/api/v1/authorize`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('flinks-mock-client:flinks-mock-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })
  const { access_token: token } = await auth.json() as { access_token: string }
  const slow = fetch(`${base}/api/v2/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ referenceId: 'Slow-Create-1', type: 'e-Transfer', direction: 'DEBIT', amount: 5, payor: { firstName: 'A', lastName: 'B', email: 'a@b.c' } })
  })
  // SIGTERM once the server has logged the request: the drain is what is tested.
  await logged(/"url":"\/api\/v2\/sessions"[^\n]*"msg":"incoming request"/)
  child.kill('SIGTERM')
  const res = await slow
  t.equal(res.status, 201, 'the request in flight when SIGTERM came still gets its answer')
  const [code] = await once(child, 'exit')
  t.equal(code, 0)
  t.match(output(), /"msg":"closing: finishing in-flight requests"/)
  t.notMatch(output(), /flinks-mock-secret/, 'secrets never reach the logs')
})

t.test('the flinks-mock binary prints its version; with dist/ built, it first checks no source is newer', async t => {
  // The test before ran the binary, so dist/ exists and is up to date by now.
  const bin = fileURLToPath(new URL('../bin/flinks-mock.js', import.meta.url))
  const child = spawn(process.execPath, [bin, '--version'], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.on('data', chunk => { output += String(chunk) })
  const [code] = await once(child, 'exit')
  t.equal(code, 0)
  t.match(output, /^\d+\.\d+\.\d+\n$/)
})
