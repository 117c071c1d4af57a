// A redis-server for `npm run bench -- --store redis`: Debian's, on a given free port, with no
// persistence, answering PING before the mock starts on it. Plain JavaScript, as the rest of
// bench/; test/helpers/redis.ts is the tests' copy of the same logic.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createConnection } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/** Where Debian installs it (`apt-get install redis-server`). */
export const redisServer = '/usr/bin/redis-server'

/** Resolves true when the server on `port` answers PING with +PONG, false when it cannot be reached. */
export function answersPing(port) {
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

/** Starts redis-server on `port`; resolves with its store URL and a stop function once it answers PING. */
export async function startRedis(port) {
  const child = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', chunk => { output += chunk })
  child.stderr.on('data', chunk => { output += chunk })
  const exited = once(child, 'exit')
  while (child.exitCode === null && child.signalCode === null) {
    if (await answersPing(port)) {
      return {
        url: `redis://127.0.0.1:${port}/0`,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return
          child.kill()
          await exited
        }
      }
    }
    await Promise.race([sleep(10), exited])
  }
  throw new Error(`redis-server on port ${port} exited with ${child.exitCode ?? child.signalCode} before answering PING: ${output.trim()}`)
}
