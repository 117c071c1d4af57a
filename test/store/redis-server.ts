/** A real redis-server for the store's tests, on a free port, stopped when the test ends. */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { setTimeout as wait } from 'node:timers/promises'
import type { Test } from 'tap'
import type { TestMock } from '../helpers/app.js'

/** A running (or stopped) redis-server. */
export interface TestRedis {
  port: number
  url: string
  /** Stops it (the mock sees its store go away). */
  stop(): Promise<void>
  /** Starts it again on the same port, empty. */
  start(): Promise<void>
  /** Stops it answering without closing its connections (SIGSTOP), or lets it go on (SIGCONT). */
  pause(paused: boolean): void
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Starts redis-server (`REDIS_SERVER` or /usr/bin/redis-server) for this test. */
export async function startRedis(t: Test): Promise<TestRedis> {
  const port = await freePort()
  let child: ChildProcess | undefined
  const start = async () => {
    const started = spawn(process.env.REDIS_SERVER ?? '/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] })
    child = started
    let output = ''
    await new Promise<void>((resolve, reject) => {
      started.stdout.on('data', (chunk: Buffer) => {
        output += String(chunk)
        if (output.includes('Ready to accept connections')) resolve()
      })
      started.once('exit', code => reject(new Error(`redis-server exited ${code}: ${output}`)))
    })
  }
  const stop = async () => {
    const running = child
    child = undefined
    if (running === undefined || running.exitCode !== null) return
    running.kill('SIGKILL')
    await once(running, 'exit')
  }
  await start()
  t.teardown(stop)
  const pause = (paused: boolean) => {
    child?.kill(paused ? 'SIGSTOP' : 'SIGCONT')
  }
  t.teardown(() => pause(false))
  return { port, url: `redis://127.0.0.1:${port}/0`, stop, start, pause }
}

/** Resolves once the mock's store answers again: the client reconnects on its own schedule (backoff up to 1 s), so the test asks readiness as a load balancer would. */
export async function storeReady(mock: TestMock): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if ((await mock.inject({ url: '/healthz' })).statusCode === 200) return
    await wait(50)
  }
  throw new Error('the store did not come back')
}
