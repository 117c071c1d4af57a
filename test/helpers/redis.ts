/** A real Redis for the replica tests: Debian's redis-server on a free port, killed when the test ends. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { createConnection, createServer } from 'node:net'
import { setTimeout as wait } from 'node:timers/promises'
import type { Test } from 'tap'

/** Where Debian installs it (`apt-get install redis-server`; .ci/run does it when missing). */
export const redisServer = '/usr/bin/redis-server'

/** How often readiness is asked while redis-server starts. */
const pollMs = 10

/** A running redis-server. */
export interface RunningRedis {
  /** The store setting that points a mock at it: `redis://127.0.0.1:<port>/0`. */
  url: string
  port: number
  /** Kills it (SIGKILL: a lost server, not a clean shutdown) and resolves once it has exited. */
  stop(): Promise<void>
  /** Starts it again on the same port, empty (no persistence), and resolves once it answers PING. */
  restart(): Promise<void>
}

/** A TCP port free on 127.0.0.1 now (`--port 0` would turn redis-server's TCP listener off). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  return typeof address === 'object' && address !== null ? address.port : 0
}

/** Resolves true when a server on the port answers PING with +PONG, false when it cannot be reached. */
export function answersPing(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = createConnection({ host: '127.0.0.1', port })
    let reply = ''
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', chunk => {
      reply += chunk
      if (reply.includes('\r\n')) socket.end()
    })
    socket.on('error', () => resolve(false))
    socket.on('close', () => resolve(reply.startsWith('+PONG\r\n')))
  })
}

/**
 * Starts redis-server on `port` (a free one by default) with no persistence, and resolves once it
 * answers PING; rejects with its output when it exits first (a port taken, say).
 */
export async function startRedis(t: Test, { port }: { port?: number } = {}): Promise<RunningRedis> {
  const chosen = port ?? await freePort()
  let child: ChildProcessWithoutNullStreams | undefined
  t.teardown(() => {
    child?.kill('SIGKILL')
  })

  const start = async () => {
    const started = spawn(redisServer, ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['pipe', 'pipe', 'pipe'] })
    child = started
    let output = ''
    started.stdout.on('data', chunk => { output += String(chunk) })
    started.stderr.on('data', chunk => { output += String(chunk) })
    const exited = once(started, 'exit')
    while (started.exitCode === null && started.signalCode === null) {
      if (await answersPing(chosen)) return
      await Promise.race([wait(pollMs), exited])
    }
    throw new Error(`redis-server on port ${chosen} exited with ${started.exitCode ?? started.signalCode} before answering PING: ${output.trim()}`)
  }

  const stop = async () => {
    const running = child as ChildProcessWithoutNullStreams
    if (running.exitCode === null && running.signalCode === null) {
      running.kill('SIGKILL')
      await once(running, 'exit')
    }
  }

  await start()
  return {
    url: `redis://127.0.0.1:${chosen}/0`,
    port: chosen,
    stop,
    async restart() {
      await stop()
      await start()
    }
  }
}
