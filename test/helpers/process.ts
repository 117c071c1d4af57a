/** The mock as a child process: started by its binary, found by the port it logs. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import type { Test } from 'tap'

/** A running binary: the child, the port it listens on, and everything it printed so far. */
export interface RunningBinary {
  child: ChildProcessWithoutNullStreams
  port: number
  /** Its stdout (pino JSON lines) up to now. */
  output(): string
  /** Resolves once a line of its output matches. */
  logged(pattern: RegExp): Promise<void>
}

/** Spawns `command args` (adding `--port 0 --host 127.0.0.1`), killed when the test ends. */
export async function startBinary(t: Test, command: string, args: string[], options: { cwd?: string, env: NodeJS.ProcessEnv }): Promise<RunningBinary> {
  const child = spawn(command, [...args, '--port', '0', '--host', '127.0.0.1'], { ...options, stdio: ['pipe', 'pipe', 'pipe'] })
  t.teardown(() => child.kill('SIGKILL'))
  let output = ''
  child.stdout.on('data', chunk => { output += String(chunk) })
  const logged = (pattern: RegExp) => new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!pattern.test(output)) return false
      resolve()
      return true
    }
    if (check()) return
    child.stdout.on('data', check)
    child.once('exit', code => reject(new Error(`exited ${code} before logging ${pattern}: ${output}`)))
  })
  await logged(/listening at http:\/\/127\.0\.0\.1:\d+/)
  const port = Number(/listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1])
  return { child, port, output: () => output, logged }
}
