/** A Redis store that does not answer at start-up stops the mock with one line and exit code 2. */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { createServer } from 'node:net'
import { main, type CliIo } from '../../src/cli.js'
import { connectRedis } from '../../src/store/connect.js'
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

t.test('a server that never answers, or a database Redis does not have, stops start-up within seconds', async t => {
  const silent = createServer(() => undefined)
  silent.listen(0, '127.0.0.1')
  await once(silent, 'listening')
  t.teardown(() => silent.close())
  const { port } = silent.address() as { port: number }
  await t.rejects(connectRedis(`redis://127.0.0.1:${port}/0`), { name: 'StoreError', message: `cannot reach the store at redis://127.0.0.1:${port}/0: no answer within 2000 ms` })
  const redis = await startRedis(t)
  await t.rejects(connectRedis(redis.url.replace(/\/0$/, '/99')), { name: 'StoreError', message: /DB index is out of range/ })
})
