/** A Redis store that does not answer at start-up stops the mock with one line and exit code 2. */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { main, type CliIo } from '../../src/cli.js'
import { startRedis } from './redis-server.js'

t.test('main reports an unreachable store in one line and exits 2', async t => {
  const redis = await startRedis(t)
  await redis.stop()
  const err: string[] = []
  const exits: number[] = []
  const io: CliIo = { stdout: () => undefined, stderr: text => err.push(text), exit: code => exits.push(code), isTTY: false, onSignal: () => undefined }
  t.equal(await main(['--store', redis.url, '--port', '0', '--log-level', 'silent'], {}, io), undefined)
  t.strictSame(exits, [2])
  t.match(err, [new RegExp(`^flinks-mock: cannot reach the store at redis://127\\.0\\.0\\.1:${redis.port}/0: connect ECONNREFUSED 127\\.0\\.0\\.1:${redis.port}$`)])
})

t.test('the binary started with FLINKS_MOCK_STORE on a Redis nobody runs prints one line on stderr and exits 2', async t => {
  const redis = await startRedis(t)
  await redis.stop()
  const bin = fileURLToPath(new URL('../../bin/flinks-mock.js', import.meta.url))
  const child = spawn(process.execPath, [bin, '--port', '0'], { env: { PATH: process.env.PATH ?? '', FLINKS_MOCK_STORE: `redis://:secret-pw@127.0.0.1:${redis.port}/0` }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', chunk => { stderr += String(chunk) })
  const [code] = await once(child, 'exit')
  t.equal(code, 2)
  t.equal(stderr, `flinks-mock: cannot reach the store at redis://:***@127.0.0.1:${redis.port}/0: connect ECONNREFUSED 127.0.0.1:${redis.port}\n`, 'one line, the password masked')
})
